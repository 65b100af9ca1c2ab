"""People who open their link after a session was planned still get it and its reminders."""

from __future__ import annotations

from tests.harness import Kisbot
from tests.schedule_helpers import at, join, plan, reminders, utc


async def test_a_participant_joining_later_gets_the_whole_club_session(kisbot: Kisbot) -> None:
    first, _ = await join(kisbot, 4701, "Ala")
    await plan(kisbot, "25.11.2026 10:00")  # the whole club, planned before Olek joins
    late, _ = await join(kisbot, 4702, "Olek")
    await at(kisbot, utc(2026, 11, 24, 17, 0))  # the day before, 18:00 club time
    assert len(reminders(first)) == 1
    assert len(reminders(late)) == 1
    await at(kisbot, utc(2026, 11, 25, 8, 0))  # one hour before
    assert len(reminders(first)) == 2
    assert len(reminders(late)) == 2
    await late.send("/schedule")
    assert "25.11.2026" in (late.last.text or "")


async def test_chosen_sessions_of_others_are_not_given_to_a_late_joiner(kisbot: Kisbot) -> None:
    ala, ala_id = await join(kisbot, 4711, "Ala")
    await plan(kisbot, "25.11.2026 10:00", participants=(ala_id,))
    late, _ = await join(kisbot, 4712, "Olek")
    await at(kisbot, utc(2026, 11, 24, 17, 0))
    assert len(reminders(ala)) == 1
    assert reminders(late) == []


async def test_words_typed_long_after_i_cant_come_are_not_an_absence_reason(
    kisbot: Kisbot,
) -> None:
    from datetime import timedelta

    from tests.intake_helpers import answers_of, staff_member
    from tests.schedule_helpers import texts

    staff = await staff_member(kisbot)
    bartek, bartek_id = await join(kisbot, 4721, "Bartek")
    await plan(kisbot, "25.11.2026 10:00")
    await at(kisbot, utc(2026, 11, 24, 17, 0))
    await bartek.click("Nie mogę przyjść", in_message=reminders(bartek)[0])
    kisbot.clock.advance(timedelta(minutes=31))
    await bartek.send("U rodziny lub znajomych")  # a questionnaire answer, typed
    assert bartek.last.text != "Dziękujemy. Przekazaliśmy to zespołowi."
    assert (await answers_of(kisbot, bartek_id))["housing"].value == "with_others"
    await kisbot.run_outbox()
    assert not any("U rodziny" in text for text in texts(staff))


async def test_changing_the_reminder_hour_moves_coming_reminders(kisbot: Kisbot) -> None:
    from flows.schedule.club_settings import change_club_settings

    person, _ = await join(kisbot, 4731, "Ala")
    await plan(kisbot, "25.11.2026 10:00")
    async with kisbot.db.transaction() as tx:
        changed = await change_club_settings(
            tx,
            await kisbot.club(),
            day_before_hour=16,
            before_minutes=None,
            digest_hour=8,
            now=kisbot.clock.now(),
            default_language="pl",
        )
    assert changed is not None
    await at(kisbot, utc(2026, 11, 24, 15, 0))  # 16:00 club time, the new hour
    assert len(reminders(person)) == 1
    await at(kisbot, utc(2026, 11, 25, 8, 30))  # the hour-before reminder is switched off
    assert len(reminders(person)) == 1
