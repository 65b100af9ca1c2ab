"""A follow-up question left unanswered for the club's number of days (default 14) tells the
staff responsible for the person's plan (else the leaders), once, outside quiet hours, so
they can phone; an answer meanwhile stops it. On the injectable clock."""

from __future__ import annotations

from datetime import timedelta

from base.clock import ManualClock
from storage.club_rules import change
from tests.harness import Kisbot
from tests.intake_helpers import join, staff_member, t

SPECIALIST = 9002


async def _graduate(kisbot: Kisbot, participant_id: int) -> None:
    async with kisbot.db.transaction() as tx:
        assert await tx.participants.finish(
            await kisbot.club(), participant_id, "graduated", outcome="employment_open",
            left_reason=None, now=kisbot.clock.now(),
        )  # fmt: skip


async def _make_responsible(kisbot: Kisbot, participant_id: int, staff_id: int) -> None:
    async with kisbot.db.transaction() as tx:
        club_id = await kisbot.club()
        path = await tx.support_paths.get(club_id, participant_id)
        if path is None:
            path = await tx.support_paths.create(club_id, participant_id, kisbot.clock.now())
        item = await tx.support_paths.add_item(
            path.id, "job_coaching", "vocational", None, "planned", kisbot.clock.now()
        )
        await tx.support_paths.set_item(club_id, item, "responsible_staff_id", staff_id)


def _reminders(texts: list[str], name: str) -> list[str]:
    return [m for m in texts if m.startswith(f"{name} (#") and "mies." in m]


async def test_staff_are_told_when_the_question_goes_unanswered(
    kisbot: Kisbot, clock: ManualClock
) -> None:
    start = clock.now()  # Tuesday 24.11.2026, 09:00 in Warsaw
    leader = await staff_member(kisbot)
    club_id = await kisbot.club()
    async with kisbot.db.transaction() as tx:
        specialist_id = (
            await tx.staff.add(club_id, SPECIALIST, "Jan", "specialist", clock.now())
        ).id
    specialist = kisbot.server.user(SPECIALIST, "Jan", language_code="pl")
    await specialist.send("/start")
    oksana, oksana_id = await join(kisbot, 5001, "Oksana", "uk")
    ala, ala_id = await join(kisbot, 5002, "Ala", "pl")
    _, ola_id = await join(kisbot, 5003, "Ola", "pl")
    await _make_responsible(kisbot, ola_id, specialist_id)
    for pid in (oksana_id, ala_id, ola_id):
        await _graduate(kisbot, pid)
    clock.set(start + timedelta(days=92))  # 24.02.2027 09:00: the 3-month question
    await kisbot.run_outbox()
    assert oksana.last.text == t("uk", "followup.question")
    # Ala answers in the bot on day 100.
    clock.set(start + timedelta(days=100))
    await ala.click(t("pl", "followup.answer.learning"))
    # 13 days later: nothing yet.
    clock.set(start + timedelta(days=92 + 13))
    await kisbot.run_outbox()
    seen = lambda who: [m.text or "" for m in who.messages]  # noqa: E731
    assert _reminders(seen(leader), "Oksana") == []
    # 14 days, but 07:30 in Warsaw: held for the night.
    clock.set(start + timedelta(days=92 + 14, hours=-1, minutes=-30))
    await kisbot.run_outbox()
    assert _reminders(seen(leader), "Oksana") == []
    clock.set(start + timedelta(days=92 + 14))
    await kisbot.run_outbox()
    told = _reminders(seen(leader), "Oksana")
    assert told == [
        f"Oksana (#{oksana_id}) od 14 dni nie odpowiada na pytanie o sytuację po zakończeniu "
        "udziału (po 3 mies.). Może warto zadzwonić i zapisać odpowiedź na karcie."
    ]
    assert leader.last.buttons == [["Otwórz kartę"]]
    # Ola's plan names the specialist: only they are told; Ala answered: nobody is.
    assert len(_reminders(seen(specialist), "Ola")) == 1
    assert _reminders(seen(leader), "Ola") == []
    assert _reminders(seen(leader), "Ala") == _reminders(seen(specialist), "Ala") == []
    # Once, however often the loop runs; the button opens Oksana's card.
    for days in (107, 120):
        clock.set(start + timedelta(days=days))
        await kisbot.run_outbox()
    assert len(_reminders(seen(leader), "Oksana")) == 1
    await leader.click("Otwórz kartę")
    assert "Oksana" in (leader.last.text or "")


async def test_the_number_of_days_is_a_club_rule_and_an_answer_by_phone_stops_it(
    kisbot: Kisbot, clock: ManualClock
) -> None:
    start = clock.now()
    leader = await staff_member(kisbot)
    club_id = await kisbot.club()
    _, ewa_id = await join(kisbot, 5011, "Ewa", "pl")
    _, iza_id = await join(kisbot, 5012, "Iza", "pl")
    for pid in (ewa_id, iza_id):
        await _graduate(kisbot, pid)
    async with kisbot.db.transaction() as tx:
        club = await tx.clubs.get(club_id)
        assert club is not None
        await change(tx, club.id, club.kind, "follow_up_remind_days", "5")
    clock.set(start + timedelta(days=92))
    await kisbot.run_outbox()
    # Staff phoned Iza on day 95 and recorded her answer.
    async with kisbot.db.transaction() as tx:
        enrolment = await tx.enrolments.current(club_id, iza_id)
        assert enrolment is not None
        member = (await tx.staff.active_in_club(club_id))[0]
        await tx.follow_ups.record_phone(
            club_id, iza_id, enrolment.id, 3, "working", member.id, start + timedelta(days=95)
        )
    clock.set(start + timedelta(days=97))
    await kisbot.run_outbox()
    texts = [m.text or "" for m in leader.messages]
    assert len(_reminders(texts, "Ewa")) == 1
    assert "od 5 dni" in _reminders(texts, "Ewa")[0]
    assert _reminders(texts, "Iza") == []
