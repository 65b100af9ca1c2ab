"""The "talk with someone from the club" button under the crisis lines (its flow:
flows/intake/talk.py; kept apart so the safety screen need not import the flow)."""

from __future__ import annotations

from dataclasses import dataclass

from base.i18n import Text
from flows.buttons import ButtonData
from flows.reply import Button, Keyboard


@dataclass(frozen=True)
class TalkWithStaff(ButtonData, kind="tw"):
    """Pressed under the crisis lines."""


def talk_button() -> Keyboard:
    """The one button under the crisis lines."""
    return ((Button(Text("safety.talk_button"), TalkWithStaff().encode()),),)
