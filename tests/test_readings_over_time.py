"""Readings over time: staff open a mid-way reading from the card, the participant is told
through the outbox (in their language, nothing sensitive, never at night), the intake asks
them again, and the card shows the change per sphere between the first and the latest."""

from __future__ import annotations

from datetime import UTC, datetime

from questionnaires.bundled import catalogue
from questionnaires.model import SCORED_SPHERES
from questionnaires.scoring import compare, score
from storage.repos.readings import Reading
from tests.assess_helpers import submit_all
from tests.harness import Kisbot
from tests.intake_helpers import bundled, join, on_screen, participant, staff_member, t

STAFF = 9001


async def _participant_readings(kisbot: Kisbot, participant_id: int) -> list[Reading]:
    async with kisbot.db.transaction() as tx:
        readings = await tx.readings.for_participant(participant_id)
    return [r for r in readings if r.respondent == "participant"]


async def test_a_midway_reading_is_asked_and_the_card_shows_the_change(kisbot: Kisbot) -> None:
    q = bundled()
    staff = await staff_member(kisbot, STAFF)
    person, participant_id = await join(kisbot, 1001, "Olena", lang="uk")

    # While the first questionnaire is unfinished, there is nothing to ask again.
    await staff.send(f"/card {participant_id}")
    await staff.click(t("pl", "card.new_reading"))
    await staff.click(t("pl", "readings.kind_midway"))
    assert staff.last.text == t("pl", "readings.already_open", name="Olena", id=participant_id)

    await submit_all(person, q, option=1)
    status_before = (await participant(kisbot, participant_id)).status
    await staff.send(f"/card {participant_id}")
    await staff.click(t("pl", "card.new_reading"))
    assert staff.last.text == t("pl", "readings.choose_kind", name="Olena", id=participant_id)
    before = len(person.messages)
    await staff.click(t("pl", "readings.kind_midway"))
    kind = t("pl", "readings.kind_midway")
    assert staff.last.text == t("pl", "readings.opened", name="Olena", id=participant_id, kind=kind)
    entry, midway = await _participant_readings(kisbot, participant_id)
    assert (entry.kind, midway.kind, midway.status) == ("entry", "midway", "open")
    assert (midway.questionnaire_id, midway.questionnaire_version) == (q.id, q.version)

    # The participant is told in their language, with nothing about the questionnaire.
    await kisbot.run_outbox()  # the step wakes the outbox; this makes the test exact
    told = [m.text for m in person.messages[before:]]
    assert told == [t("uk", "readings.participant_asked")]

    # A second tap while it is open opens nothing more.
    await staff.send(f"/card {participant_id}")
    await staff.click(t("pl", "card.new_reading"))
    await staff.click(t("pl", "readings.kind_exit"))
    assert staff.last.text == t("pl", "readings.already_open", name="Olena", id=participant_id)
    assert len(await _participant_readings(kisbot, participant_id)) == 2

    # The intake asks the mid-way reading from its first question, in Ukrainian.
    await person.send("/start")
    shown = on_screen(person)
    assert shown is not None
    assert shown.reading_id == midway.id
    assert shown.position == 0
    assert any(m.text == t("uk", "readings.again_intro") for m in person.messages[before:])
    await submit_all(person, q, option=3)
    entry, midway = await _participant_readings(kisbot, participant_id)
    assert midway.status == "submitted"
    # A later reading leaves the participant's status where the work stands.
    assert (await participant(kisbot, participant_id)).status == status_before
    # And the person is not asked a third time by /start.
    await person.send("/start")
    assert person.last.text == t("uk", "intake.already_submitted")

    async with kisbot.db.transaction() as tx:
        first = score(q, await tx.readings.answers(entry.id), catalogue())
        latest = score(q, await tx.readings.answers(midway.id), catalogue())
    change = compare(first, latest)
    await staff.send(f"/card {participant_id}")
    card = next(
        m.text or ""
        for m in reversed(staff.messages)
        if (m.text or "").startswith(t("pl", "card.header", name="Olena", id=participant_id))
    )
    assert t("pl", "card.profile_header_change", first="24.11.2026") in card
    moved = 0
    for sphere in SCORED_SPHERES:
        one = change.spheres[sphere]
        assert one.score_before is not None
        assert one.score_after is not None
        delta = round(one.score_after) - round(one.score_before)
        moved += delta != 0
        line = next(
            x for x in card.splitlines() if x.startswith(t("pl", f"sphere.{sphere}") + ": ")
        )
        assert line.endswith(t("pl", "card.change", delta=f"{delta:+d}")), line
    assert moved  # the answers differ, so the card shows a change


async def test_the_request_waits_for_the_morning_and_needs_consent(kisbot: Kisbot) -> None:
    q = bundled()
    staff = await staff_member(kisbot, STAFF)
    person, participant_id = await join(kisbot, 1001, "Ala")
    await submit_all(person, q)
    kisbot.clock.set(datetime(2026, 11, 24, 21, 30, tzinfo=UTC))  # 22:30 in Warsaw
    await staff.send(f"/card {participant_id}")
    await staff.click(t("pl", "card.new_reading"))
    await staff.click(t("pl", "readings.kind_follow_up"))
    before = len(person.messages)
    await kisbot.run_outbox()
    assert len(person.messages) == before  # quiet hours
    kisbot.clock.set(datetime(2026, 11, 25, 7, 0, tzinfo=UTC))  # 08:00 in Warsaw
    await kisbot.run_outbox()
    assert [m.text for m in person.messages[before:]] == [t("pl", "readings.participant_asked")]
    assert [r.kind for r in await _participant_readings(kisbot, participant_id)] == [
        "entry",
        "follow_up",
    ]

    # Someone who withdrew consent is not asked.
    withdrawn_user, withdrawn = await join(kisbot, 1002, "Bogdan")
    await submit_all(withdrawn_user, q)
    async with kisbot.db.transaction() as tx:
        await tx.participants.set_consent(
            await kisbot.club(), withdrawn, "withdrawn", kisbot.clock.now()
        )
    await staff.send(f"/card {withdrawn}")
    await staff.click(t("pl", "card.new_reading"))
    await staff.click(t("pl", "readings.kind_exit"))
    assert staff.last.text == t("pl", "readings.cannot_ask", name="Bogdan", id=withdrawn)
    assert len(await _participant_readings(kisbot, withdrawn)) == 1
