"""Typed values of the staff flows: dates (DD.MM.RRRR, as clubs write them) and moments in the
club's zone. Ids: base/ids.py."""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flows.context import FlowContext
from flows.staff.access import StaffActor

_DATE = re.compile(r"^(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})$")


def parse_date(text: str) -> date | None:
    """DD.MM.RRRR (one-digit day and month allowed), or None."""
    found = _DATE.match(text.strip())
    if found is None:
        return None
    try:
        return date(int(found["year"]), int(found["month"]), int(found["day"]))
    except ValueError:
        return None


def show_date(value: date | None) -> str:
    """A date as clubs in Poland write it."""
    return value.strftime("%d.%m.%Y") if value else ""


def examples(today: date) -> dict[str, str]:
    """Example values for the hints on what to type, from today, so that no hint shows a date
    already past: today (a contract signed), a week on (a session), the end of the month three
    months on (an end date, a target, a review), the year (a number like 12/2026). The one
    source of example dates in hints (the support path's too)."""
    month = (today.month + 2) % 12 + 1
    year = today.year + (today.month + 2) // 12
    later = date(year, month, monthrange(year, month)[1])
    return {
        "today": show_date(today),
        "soon": show_date(today + timedelta(days=7)),
        "later": show_date(later),
        "year": str(today.year),
    }


async def hint_examples(ctx: FlowContext, staff: StaffActor) -> dict[str, str]:
    """`examples` for today in the staff member's club."""
    return examples(await club_today(ctx, staff))


async def club_zone(ctx: FlowContext, staff: StaffActor) -> ZoneInfo:
    """The time zone of the staff member's club."""
    club = await ctx.tx.clubs.get(staff.club_id)
    return ZoneInfo(club.timezone if club else ctx.settings.timezone)


async def club_today(ctx: FlowContext, staff: StaffActor) -> date:
    """Today in the club's zone."""
    return ctx.now.astimezone(await club_zone(ctx, staff)).date()


def show_moment(moment: datetime, zone: ZoneInfo) -> str:
    """A stored moment in the club's zone, to the minute."""
    return moment.astimezone(zone).strftime("%d.%m.%Y %H:%M")
