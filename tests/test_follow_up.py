"""The follow-up question 3 and 6 months after the end, on the injectable clock."""

from __future__ import annotations

from datetime import date, timedelta

from flows.clock import ManualClock
from flows.club_rules import change
from flows.follow_up import months_after
from tests.fakebot.users import FakeUser
from tests.harness import Kisbot
from tests.intake_helpers import join, t

ANSWERS = ("working", "learning", "contact", "none")


def _questions(person: FakeUser, lang: str) -> list[str]:
    return [m.text or "" for m in person.messages if m.text == t(lang, "followup.question")]


async def _graduate(kisbot: Kisbot, participant_id: int) -> None:
    async with kisbot.db.transaction() as tx:
        assert await tx.participants.finish(
            await kisbot.club(),
            participant_id,
            "graduated",
            outcome="employment_open",
            left_reason=None,
            now=kisbot.clock.now(),
        )


def test_months_after_keeps_the_day_or_takes_the_months_last() -> None:
    assert months_after(date(2026, 11, 24), 3) == date(2027, 2, 24)
    assert months_after(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert months_after(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert months_after(date(2026, 1, 15), 12) == date(2027, 1, 15)


async def test_the_question_arrives_three_and_six_months_after_the_end(
    kisbot: Kisbot, clock: ManualClock
) -> None:
    start = clock.now()  # Tuesday 24.11.2026, 09:00 in Warsaw
    person, participant_id = await join(kisbot, 5001, "Oksana", "uk")
    await _graduate(kisbot, participant_id)
    clock.set(start + timedelta(days=89))  # 21.02.2027: not yet
    await kisbot.run_outbox()
    assert _questions(person, "uk") == []
    # 24.02.2027 at 07:30 Warsaw time: due, but quiet hours hold it until 08:00.
    clock.set(start + timedelta(days=92, hours=-1, minutes=-30))
    await kisbot.run_outbox()
    assert _questions(person, "uk") == []
    clock.set(start + timedelta(days=92))
    await kisbot.run_outbox()
    assert len(_questions(person, "uk")) == 1
    asked = person.last
    assert [row[0] for row in asked.buttons] == [t("uk", f"followup.answer.{a}") for a in ANSWERS]
    # Asked once, however often the loop runs.
    for days in (93, 100, 120):
        clock.set(start + timedelta(days=days))
        await kisbot.run_outbox()
    assert len(_questions(person, "uk")) == 1
    # Six months: 24.05.2027.
    clock.set(start + timedelta(days=181))
    await kisbot.run_outbox()
    assert len(_questions(person, "uk")) == 2
    async with kisbot.db.transaction() as tx:
        asked_rows = await tx.follow_ups.of_participant(await kisbot.club(), participant_id)
    assert [(f.months, f.channel, f.answer) for f in asked_rows] == [
        (3, "bot", None),
        (6, "bot", None),
    ]


async def test_no_question_after_a_return_or_long_overdue_and_months_follow_the_club(
    kisbot: Kisbot, clock: ManualClock
) -> None:
    start = clock.now()
    back, back_id = await join(kisbot, 5011, "Jan", "pl")
    late, late_id = await join(kisbot, 5012, "Ewa", "pl")
    own, own_id = await join(kisbot, 5013, "Iza", "pl")
    assert own_id != late_id
    for pid in (back_id, late_id, own_id):
        await _graduate(kisbot, pid)
    async with kisbot.db.transaction() as tx:
        club = await tx.clubs.get(await kisbot.club())
        assert club is not None
        assert await tx.participants.reenrol(club.id, back_id, start + timedelta(days=40))
        # For a while the club asks after two months only.
        await change(tx, club.id, club.kind, "follow_up_months", "2")
    clock.set(start + timedelta(days=62))  # 25.01.2027: two months after the end
    await kisbot.run_outbox()
    assert len(_questions(own, "pl")) == len(_questions(late, "pl")) == 1
    assert _questions(back, "pl") == []
    async with kisbot.db.transaction() as tx:
        await change(tx, club.id, club.kind, "follow_up_months", "")
    # The 3-month question falls due on 24.02; the bot is off until 40 days later.
    clock.set(start + timedelta(days=92 + 40))
    await kisbot.run_outbox()
    assert len(_questions(own, "pl")) == len(_questions(late, "pl")) == 1
    assert _questions(back, "pl") == []
