"""Reminders of an unfinished questionnaire, on the injectable clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from base.clock import ManualClock
from base.i18n import LANGUAGES
from tests.fakebot.users import FakeUser
from tests.harness import Kisbot
from tests.intake_helpers import bundled, current, join, press, reading_of, t


def _nudges(person: FakeUser, lang: str) -> int:
    return sum(1 for m in person.messages if m.text == t(lang, "nudge.questionnaire"))


async def _start_answering(kisbot: Kisbot, lang: str = "pl") -> tuple[FakeUser, int]:
    """Joined and answered the first question at the clock's time, then went silent."""
    person, participant_id = await join(kisbot, 1001, "Ala", lang)
    shown, _ = current(person, bundled())
    await press(person, shown, "o", 1)
    return person, participant_id


async def test_one_nudge_after_a_day_a_second_after_three_days_never_a_third(
    kisbot: Kisbot, clock: ManualClock
) -> None:
    start = clock.now()  # Tuesday 09:00 in Warsaw
    person, participant_id = await _start_answering(kisbot, "uk")
    clock.set(start + timedelta(hours=23, minutes=59))
    await kisbot.run_outbox()
    assert _nudges(person, "uk") == 0

    # Exactly 24 h of silence.
    clock.set(start + timedelta(hours=24))
    await kisbot.run_outbox()
    assert _nudges(person, "uk") == 1
    assert person.last.text == t("uk", "nudge.questionnaire")  # in the person's language
    assert person.last.buttons == []
    await kisbot.run_outbox()
    clock.set(start + timedelta(hours=71))
    await kisbot.run_outbox()
    assert _nudges(person, "uk") == 1

    clock.set(start + timedelta(hours=72))
    await kisbot.run_outbox()
    assert _nudges(person, "uk") == 2

    for days in (4, 7, 30):
        clock.set(start + timedelta(days=days))
        await kisbot.run_outbox()
    assert _nudges(person, "uk") == 2
    assert (await reading_of(kisbot, participant_id)).nudges_sent == 2


async def test_no_nudge_in_quiet_hours_it_waits_for_eight_in_the_morning(
    kisbot: Kisbot, clock: ManualClock
) -> None:
    # 22:00 in Warsaw (UTC+1 in November): the person answered late in the evening.
    clock.set(datetime(2026, 11, 24, 21, 0, tzinfo=UTC))
    person, _ = await _start_answering(kisbot)
    for hour_utc in (21, 23):  # 22:00 and 00:00 the next night
        clock.set(datetime(2026, 11, 25, hour_utc, 0, tzinfo=UTC))
        await kisbot.run_outbox()
    clock.set(datetime(2026, 11, 26, 6, 59, tzinfo=UTC))  # 07:59 in Warsaw
    await kisbot.run_outbox()
    assert _nudges(person, "pl") == 0
    clock.set(datetime(2026, 11, 26, 7, 0, tzinfo=UTC))  # 08:00 in Warsaw, 34 h of silence
    await kisbot.run_outbox()
    assert _nudges(person, "pl") == 1

    # The second one (72 h: Friday 22:00) also waits for the morning.
    clock.set(datetime(2026, 11, 27, 21, 0, tzinfo=UTC))
    await kisbot.run_outbox()
    clock.set(datetime(2026, 11, 28, 5, 0, tzinfo=UTC))
    await kisbot.run_outbox()
    assert _nudges(person, "pl") == 1
    clock.set(datetime(2026, 11, 28, 7, 0, tzinfo=UTC))
    await kisbot.run_outbox()
    assert _nudges(person, "pl") == 2


def test_the_nudge_names_nothing_sensitive() -> None:
    # It shows on a lock screen: no topic, no question, no name of the club or the programme.
    q = bundled()
    sensitive = [
        "ankiet",
        "diagnoz",
        "анкет",
        "questionnaire",
        "Słoneczko",
        "KIS",
        *(s.title.get(lang) for s in q.sections for lang in LANGUAGES),
        *(i.text.get(lang) for i in q.items for lang in LANGUAGES),
    ]
    for lang in LANGUAGES:
        text = t(lang, "nudge.questionnaire")
        assert "/start" in text
        for word in sensitive:
            assert word.casefold() not in text.casefold(), (lang, word)
