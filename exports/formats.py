"""Numbers and dates in a document's language, by Babel's locale data (CLDR).

One place for every document (summary, plan, report, dataset): Polish and Ukrainian use a
decimal comma and a space between thousands; dates are day.month.year with a four-digit year
("05.03.2026" in pl and uk, "05/03/2026" in en, British English being the convention closest to
the clubs' own).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, get_date_format
from babel.numbers import format_decimal, format_percent

# The bot's languages to the Babel locale whose conventions their documents follow.
LOCALES = {"pl": "pl_PL", "uk": "uk_UA", "en": "en_GB"}


def babel_locale(lang: str) -> Locale:
    """The Babel locale of a bot language (Polish for anything unknown)."""
    return Locale.parse(LOCALES.get(lang, "pl_PL"))


@cache
def _date_pattern(lang: str) -> str:
    """The locale's short date pattern, with two-digit day and month and a four-digit year."""
    pattern = get_date_format("short", locale=babel_locale(lang)).pattern
    out: list[str] = []
    last = ""
    for char in pattern:
        if char in "dMy":
            if char != last:
                out.append({"d": "dd", "M": "MM", "y": "yyyy"}[char])
        else:
            out.append(char)
        last = char
    return "".join(out)


def _digits(digits: int) -> str:
    return "#,##0" + ("." + "0" * digits if digits > 0 else "")


@dataclass(frozen=True)
class Formats:
    """Number and date formatting in one document language; templates get it as `fmt`."""

    lang: str

    def date(self, value: date | None) -> str:
        """A date, e.g. 05.03.2026 (pl); "" for none."""
        if value is None:
            return ""
        return format_date(value, _date_pattern(self.lang), locale=babel_locale(self.lang))

    def moment(self, value: datetime | None, zone: ZoneInfo) -> str:
        """A stored moment's date in the club's zone; "" for none."""
        return self.date(value.astimezone(zone).date()) if value else ""

    def iso(self, text: str | None) -> str:
        """A stored ISO date (YYYY-MM-DD) as a date; anything else as stored."""
        if not text:
            return ""
        try:
            return self.date(date.fromisoformat(text))
        except ValueError:
            return text

    def number(self, value: float | None, digits: int = 0) -> str:
        """A number with the language's separators, e.g. 1 234,5 (pl); "" for none."""
        if value is None:
            return ""
        return format_decimal(value, _digits(digits), locale=babel_locale(self.lang))

    def signed(self, value: float | None, digits: int = 0) -> str:
        """A change with its sign, e.g. +12,5 or −3 (a zero has none); "" for none."""
        if value is None:
            return ""
        shown = round(value, digits)
        if shown == 0:
            return self.number(0, digits)
        return ("+" if shown > 0 else "−") + self.number(abs(shown), digits)

    def hours(self, minutes: int) -> str:
        """Minutes as hours with at most one decimal, rounded down, e.g. 1,5 (pl)."""
        return format_decimal(shown_hours(minutes), "#,##0.#", locale=babel_locale(self.lang))

    def percent(self, value: float | None) -> str:
        """A share (0-1) as a whole percentage, e.g. 67 %; "" for none."""
        if value is None:
            return ""
        return format_percent(value, locale=babel_locale(self.lang))


def shown_hours(minutes: int) -> float:
    """The number Formats.hours shows (1.5 for 90 minutes): what the word after it agrees with."""
    return minutes * 10 // 60 / 10


@cache
def formats(lang: str) -> Formats:
    """The formatting of one language."""
    return Formats(lang)
