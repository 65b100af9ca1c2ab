"""The one reader of an id someone typed or a button carried."""

from __future__ import annotations

# Ids in our data are far below 10**15; a longer digit run is forged, and would overflow
# SQLite's 64-bit integers if it reached a query. Fifteen digits also keep the longest
# button data within Telegram's 64 bytes (tests/test_buttons.py).
MAX_ID = 10**15 - 1


def parse_id(text: str) -> int | None:
    """`12` or `#12` (spaces around allowed) as a number, or None."""
    wanted = text.strip().removeprefix("#")
    # isdigit() alone accepts digits such as "²" that int() refuses.
    if not (wanted.isascii() and wanted.isdigit()) or len(wanted) > len(str(MAX_ID)):
        return None
    return int(wanted)
