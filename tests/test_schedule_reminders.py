"""Session reminders: at the right moment on the controlled clock, after a restart, never
twice (also after a crash between claim and send), quiet hours, 403 and 429."""

from __future__ import annotations

import pytest

from tests.harness import Kisbot
from tests.schedule_helpers import (
    at,
    join,
    outbox_rows,
    plan,
    reminders,
    staff_member,
    texts,
    utc,
)

DAY = "Przypomnienie: 25.11.2026, godz. 10:00 – Spotkanie w klubie.\nMiejsce: sala 2."
HOUR = "Za niedługo, o 10:00: Spotkanie w klubie.\nMiejsce: sala 2."


async def test_reminders_go_out_the_day_before_and_an_hour_before(kisbot: Kisbot) -> None:
    person, _ = await join(kisbot, 4101)
    await plan(kisbot, "25.11.2026 10:00")
    # The day before at 18:00 club time (17:00 UTC), not a minute earlier.
    await at(kisbot, utc(2026, 11, 24, 16, 59))
    assert reminders(person) == []
    await at(kisbot, utc(2026, 11, 24, 17, 0))
    assert [m.text for m in reminders(person)] == [DAY]
    assert reminders(person)[0].buttons == [["Będę", "Nie mogę przyjść"]]
    # One hour before: 09:00 club time, 08:00 UTC.
    await at(kisbot, utc(2026, 11, 25, 7, 59))
    assert len(reminders(person)) == 1
    await at(kisbot, utc(2026, 11, 25, 8, 0))
    assert [m.text for m in reminders(person)] == [DAY, HOUR]
    # Nothing more, however often the outbox runs.
    await at(kisbot, utc(2026, 11, 25, 8, 30))
    assert len(reminders(person)) == 2


async def test_the_reminder_names_no_kind_of_activity(kisbot: Kisbot) -> None:
    person, _ = await join(kisbot, 4102)
    await plan(kisbot, "25.11.2026 10:00", kind="academy_health", title="Zajęcia")
    await at(kisbot, utc(2026, 11, 24, 17, 0))
    text = reminders(person)[0].text or ""
    assert "zdrow" not in text.lower()
    assert text == "Przypomnienie: 25.11.2026, godz. 10:00 – Zajęcia.\nMiejsce: sala 2."


async def test_after_a_restart_a_due_reminder_is_sent_if_the_session_has_not_started(
    kisbot: Kisbot,
) -> None:
    person, _ = await join(kisbot, 4103)
    await plan(kisbot, "25.11.2026 10:00")
    await plan(kisbot, "24.11.2026 19:00", title="Wieczór")
    await kisbot.stop()
    # Down from before 17:00 until 19:30 UTC: both day-before reminders fell due meanwhile.
    kisbot.clock.set(utc(2026, 11, 24, 19, 30))
    await kisbot.start()
    await kisbot.run_outbox()
    assert [m.text for m in reminders(person)] == [DAY]
    # The evening session had started (18:00 UTC): its reminders were dropped, not sent late.
    assert [s for s, _ in await outbox_rows(kisbot, "reminder_day")] == ["sent", "dropped"]
    assert [s for s, _ in await outbox_rows(kisbot, "reminder_hour")] == ["pending", "dropped"]


async def test_a_crash_between_claim_and_send_never_repeats_the_reminder(kisbot: Kisbot) -> None:
    """What a kill -9 after the claim's commit leaves: the row in 'sending'."""
    person, _ = await join(kisbot, 4104)
    await plan(kisbot, "25.11.2026 10:00")
    kisbot.clock.set(utc(2026, 11, 24, 17, 0))
    async with kisbot.db.transaction() as tx:
        due = await tx.outbox.due(kisbot.clock.now(), 10)
        assert [m.kind for m in due] == ["reminder_day"]
        assert await tx.outbox.claim(due[0].id)
    await kisbot.restart()
    await at(kisbot, utc(2026, 11, 24, 17, 5))
    assert reminders(person) == []
    assert [s for s, _ in await outbox_rows(kisbot, "reminder_day")] == ["dropped"]
    # The hour-before one is a different row and still comes.
    await at(kisbot, utc(2026, 11, 25, 8, 0))
    assert [m.text for m in reminders(person)] == [HOUR]


async def test_replanning_never_makes_a_second_reminder_of_a_kind(kisbot: Kisbot) -> None:
    from flows.schedule import planning

    person, _ = await join(kisbot, 4105)
    [session] = await plan(kisbot, "25.11.2026 10:00")
    await at(kisbot, utc(2026, 11, 24, 17, 0))
    club_id = await kisbot.club()
    async with kisbot.db.transaction() as tx:
        await planning.change(
            tx,
            club_id,
            session,
            place="sala 3",
            changed_by="test",
            now=kisbot.clock.now(),
            default_language="pl",
        )
    await at(kisbot, utc(2026, 11, 24, 17, 30))
    await at(kisbot, utc(2026, 11, 25, 8, 0))
    got = [m.text for m in reminders(person)]
    assert got == [DAY, HOUR.replace("sala 2", "sala 3")]
    assert (
        "Zmiana zajęć: Spotkanie w klubie – teraz 25.11.2026, godz. 10:00.\nMiejsce: sala 3."
        in texts(person)
    )
    assert len(await outbox_rows(kisbot, "reminder_day")) == 1


async def test_quiet_hours_hold_everything_but_the_hour_before_reminder(kisbot: Kisbot) -> None:
    person, _ = await join(kisbot, 4106)
    # Planned at 21:30 club time for 07:30 tomorrow: no day-before reminder at night, and
    # none at 08:00 either (the session would be under way); the hour-before one comes at
    # 06:30 club time, inside the quiet hours, as the one exception.
    kisbot.clock.set(utc(2026, 11, 24, 20, 30))
    await plan(kisbot, "25.11.2026 07:30")
    await kisbot.run_outbox()
    assert reminders(person) == []
    await at(kisbot, utc(2026, 11, 25, 5, 30))
    assert [m.text for m in reminders(person)] == [
        "Za niedługo, o 07:30: Spotkanie w klubie.\nMiejsce: sala 2."
    ]
    await at(kisbot, utc(2026, 11, 25, 7, 0))
    assert len(reminders(person)) == 1


async def test_a_day_before_reminder_due_at_night_waits_for_eight(kisbot: Kisbot) -> None:
    person, _ = await join(kisbot, 4107)
    kisbot.clock.set(utc(2026, 11, 24, 20, 30))  # 21:30 club time
    await plan(kisbot, "25.11.2026 12:00")
    await kisbot.run_outbox()
    assert reminders(person) == []
    await at(kisbot, utc(2026, 11, 25, 6, 59))  # 07:59
    assert reminders(person) == []
    await at(kisbot, utc(2026, 11, 25, 7, 0))  # 08:00
    assert [m.text for m in reminders(person)] == [
        "Przypomnienie: 25.11.2026, godz. 12:00 – Spotkanie w klubie.\nMiejsce: sala 2."
    ]


async def test_a_blocked_participant_is_marked_unreachable_and_staff_told_once(
    kisbot: Kisbot,
) -> None:
    staff = await staff_member(kisbot)
    person, participant_id = await join(kisbot, 4108)
    await plan(kisbot, "25.11.2026 10:00")
    await plan(kisbot, "26.11.2026 10:00")
    person.block()
    await at(kisbot, utc(2026, 11, 24, 17, 0))
    await kisbot.run_outbox()  # the alert queued when the 403 came back
    async with kisbot.db.transaction() as tx:
        assert (await tx.participants.get(await kisbot.club(), participant_id)).unreachable  # type: ignore[union-attr]
    told = [m for m in texts(staff) if "nie docierają" in m]
    assert told == [
        "Wiadomości do uczestnika Ala (nr 1) nie docierają: zablokował(a) bota. "
        "Przypomnienia wstrzymano; warto zadzwonić."
    ]
    calls_before = [c for c in kisbot.server.calls if c.chat_id == person.chat_id]
    # Their other reminders stop: no more calls to the blocked chat.
    await at(kisbot, utc(2026, 11, 25, 8, 0))
    await at(kisbot, utc(2026, 11, 25, 17, 0))
    await at(kisbot, utc(2026, 11, 26, 8, 0))
    assert [c for c in kisbot.server.calls if c.chat_id == person.chat_id] == calls_before
    assert len([m for m in texts(staff) if "nie docierają" in m]) == 1


@pytest.mark.over_http  # the rate limiter's retry after a 429 belongs to the adapter
async def test_a_429_is_waited_out_and_the_reminder_arrives_once(kisbot: Kisbot) -> None:
    person, _ = await join(kisbot, 4109)
    await plan(kisbot, "25.11.2026 10:00")
    kisbot.server.inject("sendMessage", 429, retry_after=1, chat_id=person.chat_id)
    await at(kisbot, utc(2026, 11, 24, 17, 0))
    assert [m.text for m in reminders(person)] == [DAY]
    statuses = [
        c.status
        for c in kisbot.server.calls
        if c.chat_id == person.chat_id and c.method == "sendMessage"
    ]
    assert statuses[-2:] == [429, 200]


async def test_a_server_error_is_tried_again_and_the_reminder_arrives_once(kisbot: Kisbot) -> None:
    """Telegram answering 500 did not send the message: the outbox's next round sends it."""
    person, _ = await join(kisbot, 4110)
    await plan(kisbot, "25.11.2026 10:00")
    kisbot.server.inject("sendMessage", 500, chat_id=person.chat_id)
    await at(kisbot, utc(2026, 11, 24, 17, 0))
    assert reminders(person) == []
    await kisbot.run_outbox()
    assert [m.text for m in reminders(person)] == [DAY]
    statuses = [
        c.status
        for c in kisbot.server.calls
        if c.chat_id == person.chat_id and c.method == "sendMessage"
    ]
    assert statuses[-2:] == [500, 200]
