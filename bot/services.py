"""What the handlers share, kept in application.bot_data."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from telegram.ext import Application

from base.clock import Clock
from bot.export_workers import ExportWorkers
from bot.locks import PersonLocks
from bot.render import KeyboardMessages
from bot.settings import Settings
from flows.context import FlowSettings
from storage.db import Database

KEY = "kisbot.services"


@dataclass
class Services:
    """Settings, clock, the database (opened in post_init) and the per-person locks."""

    settings: Settings
    clock: Clock
    locks: PersonLocks = field(default_factory=lambda: PersonLocks())
    keyboards: KeyboardMessages = field(default_factory=lambda: KeyboardMessages())
    db: Database | None = None
    bot_username: str = ""
    # Set in post_init; typed loosely to avoid an import cycle with bot.outbox.
    outbox: Any = None
    # The webhook server in webhook mode (bot.webhook.WebhookServer), for stopping it.
    webhook: Any = None
    # Where exports are built; None: in a thread (KISBOT_EXPORT_WORKERS=0).
    exports: ExportWorkers | None = None
    # Stored profiles being scored again after an upgrade (storage/rescore.in_background).
    rescoring: asyncio.Task[None] | None = None

    def wake_outbox(self) -> None:
        """Tell the outbox loop that something may have been queued."""
        if self.outbox is not None:
            self.outbox.wake()

    @property
    def flow_settings(self) -> FlowSettings:
        """The settings flows may see."""
        s = self.settings
        return FlowSettings(
            default_language=s.default_language,
            timezone=s.timezone,
            invite_valid_days=s.invite_valid_days,
            nudge_after_hours=s.nudge_after_hours,
            admin_ids=s.admin_ids,
        )

    @property
    def database(self) -> Database:
        """The open database; post_init opens it before any update is handled."""
        if self.db is None:
            raise RuntimeError("database not open: post_init has not run")
        return self.db


def services_of(app: Application[Any, Any, Any, Any, Any, Any]) -> Services:
    """The Services of an application."""
    services: Services = app.bot_data[KEY]
    return services
