"""Dates offered as buttons and in hints, computed from the club's today (the injectable
clock), so no hint ever shows a date in the past: a target, a start or a review date is one
press away, and typing DD.MM.RRRR stays possible."""

from __future__ import annotations

from datetime import date

from base.i18n import Text
from flows.follow_up import months_after
from flows.staff.parsing import examples, show_date

# Months ahead offered as buttons: a month, a quarter, half a year (the usual review rhythm).
AHEAD = (1, 3, 6)


def compact(day: date) -> str:
    """A date in button data (eight digits)."""
    return day.strftime("%Y%m%d")


def from_compact(value: str | None) -> date | None:
    """A date from button data, or None for anything else."""
    if value is None or len(value) != 8 or not value.isdigit():
        return None
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        return None


def ahead(today: date) -> list[tuple[Text, str]]:
    """(label, compact date) of the dates offered as buttons."""
    return [
        (
            Text("path.in_months", {"months": n, "date": show_date(months_after(today, n))}),
            compact(months_after(today, n)),
        )
        for n in AHEAD
    ]


def invalid(today: date) -> Text:
    """The answer to a date that cannot be read, with an example from today."""
    return Text("path.date_invalid", {"example": examples(today)["later"]})


YEARS_AROUND = 5  # a plan's dates lie within a few years of today; 2062 is a typo


def out_of_range(when: date, today: date, *, ahead: bool) -> Text | None:
    """A date on the wrong side of today, or years away, in words; None when it fits.
    `ahead`: a date still to come (a target, a goal's date, the next review), from today on;
    otherwise one that has happened (the agreement, a review held), up to today."""
    first = today if ahead else months_after(today, -12 * YEARS_AROUND)
    last = months_after(today, 12 * YEARS_AROUND) if ahead else today
    if first <= when <= last:
        return None
    return Text("path.date_range", {"first": show_date(first), "last": show_date(last)})
