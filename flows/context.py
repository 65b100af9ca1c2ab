"""What a flow step may use: the open transaction, the time, the settings that concern flows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from storage.tx import Tx


@dataclass(frozen=True)
class FlowSettings:
    """The part of the settings flows need (bot/settings.py reads the environment)."""

    default_language: str = "pl"
    timezone: str = "Europe/Warsaw"
    invite_valid_days: int = 14
    nudge_after_hours: tuple[int, ...] = (24, 72)
    admin_ids: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class FlowContext:
    """One step's environment."""

    tx: Tx
    now: datetime
    settings: FlowSettings
    bot_username: str
