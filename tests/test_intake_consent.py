"""Information and consent before the first question: a question for staff, no, and yes later."""

from __future__ import annotations

from tests.harness import Kisbot
from tests.intake_helpers import answers_of, participant, staff_member, t


async def test_a_question_then_no_then_yes_after_privacy(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot)
    participant_id, code = await kisbot.invite("Ala")
    ala = kisbot.server.user(1001, "Ala")
    await ala.start_link(code)
    await ala.click("Polski")
    decisions = [
        [t("pl", "consent.agree")],
        [t("pl", "consent.question")],
        [t("pl", "consent.disagree")],
    ]
    assert ala.last.buttons == decisions

    await ala.click(t("pl", "consent.question"))
    assert ala.last.text == t("pl", "consent.question_sent")
    assert ala.last.buttons == decisions
    await ala.click(t("pl", "consent.disagree"))
    assert ala.last.text == t("pl", "consent.declined")
    assert (await participant(kisbot, participant_id)).consent == "declined"
    await kisbot.run_outbox()
    assert [m.text for m in staff.messages] == [
        t("pl", "staff_alert.consent_question", name="Ala", id=participant_id),
        t("pl", "staff_alert.consent_declined", name="Ala", id=participant_id),
    ]

    await ala.send("/start")
    assert ala.last.text == t("pl", "consent.not_given_reminder")
    await ala.send("/privacy")
    assert ala.last.buttons == decisions
    await ala.click(t("pl", "consent.agree"))
    assert "Gdzie teraz mieszkasz?" in (ala.last.text or "")
    assert (await participant(kisbot, participant_id)).consent == "given"
    assert await answers_of(kisbot, participant_id) == {}


async def test_someone_without_a_link_is_told_how_to_join(kisbot: Kisbot) -> None:
    olek = kisbot.server.user(1002, "Olek", language_code="uk")
    await olek.send("/start")
    assert olek.last.text == t("uk", "language.choose")
    await olek.click("Українська")
    assert olek.last.text == t("uk", "start.no_code")
    await olek.send("привіт")
    assert olek.last.text == t("uk", "start.no_code")
