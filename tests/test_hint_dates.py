"""Example dates in hints are computed from today (the injectable clock), never fixed: a staff
member is never shown an example date that has already passed."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flows.staff.parsing import examples
from tests.harness import Kisbot
from tests.schedule_helpers import staff_member


async def _ask_when(kisbot: Kisbot, telegram_id: int) -> str:
    staff = await staff_member(kisbot, telegram_id)
    await staff.send("/session")
    await staff.click("Grupowe warsztaty integracyjne")
    await staff.send("Spotkanie w klubie")
    return staff.last.text or ""


async def test_the_session_hint_shows_a_date_a_week_from_today(kisbot: Kisbot) -> None:
    kisbot.clock.set(datetime(2027, 3, 10, 9, 0, tzinfo=UTC))
    assert await _ask_when(kisbot, 5101) == "Kiedy? Napisz datę i godzinę, np. 17.03.2027 10:00"
    kisbot.clock.set(datetime(2031, 12, 29, 9, 0, tzinfo=UTC))  # over the year's end
    assert await _ask_when(kisbot, 5102) == "Kiedy? Napisz datę i godzinę, np. 05.01.2032 10:00"


def test_examples_are_never_in_the_past() -> None:
    for today in (date(2026, 1, 31), date(2026, 10, 15), date(2026, 11, 30), date(2027, 12, 31)):
        shown = examples(today)
        assert shown["today"] == today.strftime("%d.%m.%Y")
        assert shown["year"] == str(today.year)
        for key in ("soon", "later"):
            day, month, year = map(int, shown[key].split("."))
            assert date(year, month, day) > today
    assert examples(date(2026, 11, 30))["later"] == "28.02.2027"  # the end of a month
    assert examples(date(2027, 10, 5))["later"] == "31.01.2028"
