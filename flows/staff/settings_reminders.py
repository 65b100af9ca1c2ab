"""The club's reminder and digest hours on the settings screen: stored on the club (not as
club settings), and a change replans the coming sessions' reminders
(flows/schedule/club_settings.py), as `kisbot club settings` does."""

from __future__ import annotations

from datetime import datetime

from flows.schedule.club_settings import change_club_settings
from storage.repos.clubs import Club
from storage.tx import Tx

# code -> (lowest, highest, default): hours in club time, minutes before a session.
RANGES = {
    "day_before_hour": (0, 23, 18),
    "before_minutes": (5, 24 * 60, 60),
    "digest_hour": (0, 23, 8),
}
OFF = "-"


async def values(tx: Tx, club: Club, off: str) -> dict[str, str]:
    """The current hours in words (off: the word for a reminder switched off)."""
    found = await tx.schedule.club(club.id)
    if found is None:
        return dict.fromkeys(RANGES, off)
    now = {
        "day_before_hour": found.day_before_hour,
        "before_minutes": found.before_minutes,
        "digest_hour": found.digest_hour,
    }
    return {
        code: off if value is None else (f"{value}:00" if code != "before_minutes" else str(value))
        for code, value in now.items()
    }


async def change(
    tx: Tx, club: Club, code: str, typed: str | None, now: datetime, default_language: str
) -> str | None:
    """Store one of the hours (typed None: its default; "-": off) and replan the coming
    reminders; the stored text, or None when the typed value is not valid."""
    low, high, default = RANGES[code]
    text = "" if typed is None else typed.strip().removesuffix(":00")
    value: int | None
    if typed is None:
        value = default
    elif text == OFF:
        value = None
    elif text.isdigit() and low <= int(text) <= high:
        value = int(text)
    else:
        return None
    current = await tx.schedule.club(club.id)
    if current is None:
        return None
    wanted = {
        "day_before_hour": current.day_before_hour,
        "before_minutes": current.before_minutes,
        "digest_hour": current.digest_hour,
        code: value,
    }
    await change_club_settings(
        tx,
        club.id,
        day_before_hour=wanted["day_before_hour"],
        before_minutes=wanted["before_minutes"],
        digest_hour=wanted["digest_hour"],
        now=now,
        default_language=default_language,
    )
    return "off" if value is None else str(value)
