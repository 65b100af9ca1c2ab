"""The participant's button that starts a message to the staff: shown under a staff answer,
after the questionnaire, and by any screen that offers "talk with staff"."""

from __future__ import annotations

from dataclasses import dataclass

from base.i18n import Text
from flows.buttons import ButtonData
from flows.reply import Button, Keyboard


@dataclass(frozen=True)
class WriteToStaff(ButtonData, kind="wst"):
    """Write a message to the staff (the typed words follow)."""


def write_button(key: str = "messages.button_write") -> Keyboard:
    """One row with the button, labelled by `key`."""
    return ((Button(Text(key), WriteToStaff().encode()),),)
