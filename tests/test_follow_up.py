"""The follow-up question 3 and 6 months after the end, on the injectable clock."""

from __future__ import annotations

from datetime import date, timedelta

from base.clock import ManualClock
from exports.dataset import DatasetOptions, build_dataset
from exports.report import build_report
from flows.follow_up import months_after
from storage.club_rules import change
from tests.case_helpers import submitted
from tests.fakebot.users import FakeUser
from tests.harness import Kisbot
from tests.intake_helpers import join, t

ANSWERS = ("working", "learning", "contact", "none")


def _questions(person: FakeUser, lang: str) -> list[str]:
    return [m.text or "" for m in person.messages if m.text == t(lang, "followup.question")]


def _now(person: FakeUser, message_id: int) -> str:
    """The text of a message as it reads now (answers edit the question in place)."""
    return next(m.text or "" for m in person.messages if m.message_id == message_id)


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
    # The answer, in the bot: thanks in the person's language, once.
    second = asked.button_data[1][0]
    assert second is not None
    await person.click(t("uk", "followup.answer.working"), in_message=asked)
    assert _now(person, asked.message_id) == t("uk", "followup.thanks_working")
    await person.click_data(second, in_message=asked)  # a second tap on the old message
    assert _now(person, asked.message_id) == t("uk", "followup.already")
    async with kisbot.db.transaction() as tx:
        asked_rows = await tx.follow_ups.of_participant(await kisbot.club(), participant_id)
    assert [(f.months, f.channel, f.answer) for f in asked_rows] == [
        (3, "bot", "working"),
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


async def test_answers_count_in_the_report_and_the_dataset(
    kisbot: Kisbot, clock: ManualClock
) -> None:
    start = clock.now()
    ala, ala_id = await join(kisbot, 5021, "Ala", "pl")
    ola, ola_id = await join(kisbot, 5022, "Ola", "pl")
    for pid in (ala_id, ola_id):
        await submitted(kisbot, pid)
        await _graduate(kisbot, pid)
    clock.set(start + timedelta(days=92))
    await kisbot.run_outbox()
    assert len(_questions(ala, "pl")) == len(_questions(ola, "pl")) == 1
    club_id = await kisbot.club()
    async with kisbot.db.transaction() as tx:
        asked = {f.participant_id: f for f in await tx.follow_ups.of_club(club_id)}
        assert await tx.follow_ups.answer(ala_id, asked[ala_id].id, "working", clock.now())
        # The first answer stands; someone else's question cannot be answered.
        assert not await tx.follow_ups.answer(ala_id, asked[ala_id].id, "none", clock.now())
        assert not await tx.follow_ups.answer(ala_id, asked[ola_id].id, "none", clock.now())
        # Ola did not answer; staff phoned her.
        ola_enrolment = await tx.enrolments.current(club_id, ola_id)
        assert ola_enrolment is not None
        staff = await tx.staff.add(club_id, 5099, "Ewa", "leader", clock.now())
        await tx.follow_ups.record_phone(
            club_id, ola_id, ola_enrolment.id, 3, "learning", staff.id, clock.now()
        )
        report = await build_report(tx, club_id, "pl", clock.now().date())
        dataset = await build_dataset(tx, club_id, DatasetOptions(lang="pl", codes=True))
    figures = {f.code: f.value for f in report.figures() if f.section == "follow_up"}
    assert figures["3m_asked"] == 2
    assert figures["3m_answered"] == 2
    assert (figures["3m_working"], figures["3m_learning"], figures["3m_none"]) == (1, 1, 0)
    assert "follow_up,3m_working" in report.csv().decode("utf-8-sig")
    column = [c.code for c in dataset.columns].index("follow_up_3m")
    by_person = {row[0]: row[column] for row in dataset.rows}
    assert by_person == {f"P{ala_id}": "working", f"P{ola_id}": "learning"}
