"""The enrolment screen in the bot: a graduate comes back (a new enrolment, a new questionnaire,
a new plan, the old ones kept), the certificate button, the people around the case, the
formal details typed field by field, and a follow-up recorded after a phone call."""

from __future__ import annotations

import io
from datetime import date

import docx

from base.clock import ManualClock
from storage.club_rules import change
from tests.case_helpers import open_card, submitted
from tests.fakebot.users import FakeUser
from tests.harness import Kisbot
from tests.intake_helpers import hint_dates, join, staff_member, t


async def _graduate(kisbot: Kisbot, participant_id: int) -> None:
    async with kisbot.db.transaction() as tx:
        assert await tx.participants.finish(
            await kisbot.club(),
            participant_id,
            "graduated",
            outcome="employment_coop",
            left_reason=None,
            now=kisbot.clock.now(),
        )


async def _screen(staff: FakeUser, name: str, pid: int) -> None:
    card = await open_card(staff, name, pid)
    await staff.click(t("pl", "enrolment.button"), in_message=card)


async def test_a_graduate_comes_back_with_a_new_enrolment_questionnaire_and_plan(
    kisbot: Kisbot, clock: ManualClock
) -> None:
    staff = await staff_member(kisbot, 9301)
    person, pid = await join(kisbot, 6001, "Roman", "pl")
    await submitted(kisbot, pid)
    card = await open_card(staff, "Roman", pid)
    await staff.click(t("pl", "card.button_path"), in_message=card)  # the first plan's draft
    await _graduate(kisbot, pid)
    club_id = await kisbot.club()

    await _screen(staff, "Roman", pid)
    assert t("pl", "enrolment.header", name="Roman", id=pid) in (staff.last.text or "")
    await staff.click(t("pl", "enrolment.button_new"))
    await staff.click(t("pl", "enrolment.confirm_new"))
    assert staff.last.text == t("pl", "enrolment.new_done_asked", name="Roman")
    # A repeated press of the old confirmation changes nothing.
    async with kisbot.db.transaction() as tx:
        first, second = await tx.enrolments.all_of(club_id, pid)
        again = await tx.participants.reenrol(club_id, pid, clock.now())
    assert again is None
    assert (first.end_kind, second.end_kind, second.number) == ("graduated", None, 2)

    # The participant is asked to fill in the questionnaire again, and can.
    await kisbot.run_outbox()
    assert person.last.text == t("pl", "readings.participant_asked")
    await person.send("/start")
    async with kisbot.db.transaction() as tx:
        reading = await tx.readings.unfinished(pid, "participant")
        old = await tx.readings.for_participant(pid)
    assert reading is not None
    assert (reading.kind, reading.enrolment_id) == ("entry", second.id)
    assert {r.enrolment_id for r in old} == {first.id, second.id}  # the first one's are kept
    assert person.last.buttons  # the new questionnaire's first question

    # The card names the new enrolment; its plan starts empty, the old one is kept.
    card = await open_card(staff, "Roman", pid)
    assert t(
        "pl",
        "enrolment.card_line",
        number=2,
        since=second.admitted_on.strftime("%d.%m.%Y") if second.admitted_on else "",
        basis=t("pl", "enrolment.no_basis"),
        end="-",
    ) in (card.text or "")
    await staff.click(t("pl", "card.button_path"), in_message=card)
    async with kisbot.db.transaction() as tx:
        new_plan = await tx.support_paths.get(club_id, pid)
        old_plan = await tx.support_paths.of_enrolment(club_id, first.id)
    assert new_plan is not None
    assert old_plan is not None
    assert new_plan.id != old_plan.id
    assert new_plan.enrolment_id == second.id


async def test_certificate_button_people_details_and_a_phone_follow_up(
    kisbot: Kisbot, clock: ManualClock
) -> None:
    staff = await staff_member(kisbot, 9302)
    _, pid = await join(kisbot, 6002, "Halina", "pl")
    await submitted(kisbot, pid)
    # Still in the programme: no certificate button; details can be typed.
    card = await open_card(staff, "Halina", pid)
    labels = [b for row in card.buttons for b in row]
    assert t("pl", "enrolment.button_certificate") not in labels
    await staff.click(t("pl", "enrolment.button"), in_message=card)
    await staff.click(t("pl", "enrolment.field.rd"))
    await staff.send("31.02.2026")
    assert staff.last.text == t("pl", "enrolment.date_invalid", **hint_dates(kisbot))
    await staff.send("03.11.2026")
    assert f"{t('pl', 'enrolment.field.rd')}: 03.11.2026" in (staff.last.text or "")
    await staff.click(t("pl", "enrolment.button_basis"))
    await staff.click(t("pl", "basis.ipzs"))
    await staff.click(t("pl", "enrolment.button_groups"))
    await staff.click(t("pl", "art12.unemployed"))
    await staff.click("✓ " + t("pl", "art12.unemployed"))  # untick
    await staff.click(t("pl", "art12.homeless"))
    await staff.click(t("pl", "art12.disabled"))
    await staff.click(t("pl", "enrolment.done"))
    await staff.click(t("pl", "enrolment.button_person"))
    await staff.click(t("pl", "case_role.probation_officer"))
    await staff.send("Zbigniew Nadzorczy; Sąd Rejonowy; 22 000 00 08")
    async with kisbot.db.transaction() as tx:
        current = await tx.enrolments.current(await kisbot.club(), pid)
    assert current is not None
    assert current.referral_date == date(2026, 11, 3)
    assert current.basis_kind == "ipzs"
    assert current.groups == ("disabled", "homeless")
    card = await open_card(staff, "Halina", pid)
    assert "Zbigniew Nadzorczy · Sąd Rejonowy · 22 000 00 08" in (card.text or "")

    await _graduate(kisbot, pid)
    card = await open_card(staff, "Halina", pid)
    before = len(staff.documents)
    await staff.click(t("pl", "enrolment.button_certificate"), in_message=card)
    assert len(staff.documents) == before + 1
    sent = staff.documents[-1]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(sent.content)).paragraphs)
    assert t("pl", "doc.certificate.title") in text
    assert "Halina" in text

    await staff.click(t("pl", "enrolment.button"), in_message=card)
    await staff.click(t("pl", "enrolment.button_phone"))
    await staff.click(t("pl", "enrolment.months", months=3))
    await staff.click(t("pl", "followup.answer.learning"))
    card = await open_card(staff, "Halina", pid)
    assert t(
        "pl",
        "enrolment.card_follow_up",
        months=3,
        how=t("pl", "enrolment.channel_phone"),
        answer=t("pl", "followup.answer.learning"),
    ) in (card.text or "")


async def test_leaving_takes_a_coded_reason_and_the_text_is_optional(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot, 9303)
    _, pid = await join(kisbot, 6003, "Tadeusz", "pl")
    card = await open_card(staff, "Tadeusz", pid)
    await staff.click(t("pl", "card.button_finish"), in_message=card)
    await staff.click(t("pl", "finish.left"))
    assert [row[0] for row in staff.last.buttons] == [
        t("pl", f"leaving.{code}")
        for code in ("own_decision", "moved", "health", "rules_broken", "lost_contact", "other")
    ]
    await staff.click(t("pl", "leaving.health"))
    await staff.click(t("pl", "finish.no_text"))
    await staff.click(t("pl", "finish.confirm"))
    async with kisbot.db.transaction() as tx:
        ended = await tx.enrolments.current(await kisbot.club(), pid)
    assert ended is not None
    assert (ended.end_kind, ended.leaving_reason, ended.leaving_text) == ("left", "health", None)
    card = await open_card(staff, "Tadeusz", pid)
    day = ended.ended_on.strftime("%d.%m.%Y") if ended.ended_on else ""
    shown = t("pl", "enrolment.ended_left", date=day, reason=t("pl", "leaving.health"))
    assert shown in (card.text or "")


async def test_a_cis_period_takes_its_defaults_and_extensions_keep_to_the_rule(
    kisbot: Kisbot,
) -> None:
    staff = await staff_member(kisbot, 9304)
    _, pid = await join(kisbot, 6004, "Mykola", "pl")
    club_id = await kisbot.club()
    async with kisbot.db.transaction() as tx:
        # This club follows a CIS's rules: 11 months, a trial month, up to 6 months more.
        for key, value in (
            ("programme_months", "11"),
            ("trial_months", "1"),
            ("max_extension_months", "6"),
        ):
            await change(tx, club_id, "KIS", key, value)
    await _screen(staff, "Mykola", pid)
    await staff.click(t("pl", "enrolment.field.ps"))
    await staff.send("01.12.2026")
    screen = staff.last.text or ""
    # 11 months with a trial month (the CIS defaults of the club rules).
    assert f"{t('pl', 'enrolment.field.pe')}: 31.10.2027" in screen
    assert f"{t('pl', 'enrolment.field.te')}: 31.12.2026" in screen
    await staff.click(t("pl", "enrolment.button_extend"))
    await staff.send("30.06.2028 dokończenie stażu")
    assert staff.last.text == t("pl", "enrolment.extension_too_long", date="30.04.2028")
    await staff.send("31.03.2028 dokończenie stażu")
    assert t("pl", "enrolment.extension", date="31.03.2028", reason="dokończenie stażu") in (
        staff.last.text or ""
    )
