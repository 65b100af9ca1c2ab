"""What the outbox should do with a due row of the weekly plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flows.reply import Keyboard, Part


@dataclass(frozen=True)
class Send:
    """Send these parts (and buttons) instead of the row's own message key."""

    parts: tuple[Part, ...]
    buttons: Keyboard = ()
    # A thread message (flows/messages): once sent, where it was shown is recorded, so a
    # reply to it in that chat finds its thread.
    copy_of: int | None = None


@dataclass(frozen=True)
class Hold:
    """Not now: wait until `until`, or, with None, never (the row is dropped)."""

    until: datetime | None


Verdict = Send | Hold | None  # None: send the row's message key as it is
