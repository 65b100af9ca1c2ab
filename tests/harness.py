"""kisbot itself running against the fake Bot API server, for end-to-end tests."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from base.clock import ManualClock
from bot.app import KisbotApp, build_application, start, stop
from bot.services import services_of
from bot.settings import Settings
from flows.invites import invite_participant
from storage.db import Database, is_postgres_url
from tests.fakebot.server import FakeBotApi


def settings_for(server: FakeBotApi, database: Path | str, **overrides: Any) -> Settings:
    """Settings pointing at the fake server and a database (a SQLite path or a URL)."""
    values: dict[str, Any] = {
        "TELEGRAM_BOT_TOKEN": server.token,
        "TELEGRAM_API_BASE_URL": server.url,
        # Exports in a thread: a worker process per test would start a second interpreter each
        # time; tests/test_export_workers.py builds every export through the worker.
        "KISBOT_EXPORT_WORKERS": "0",
    }
    if is_postgres_url(str(database)):
        values["KISBOT_DATABASE_URL"] = str(database)
    else:
        values["KISBOT_DB_PATH"] = str(database)
    values.update(overrides)
    return Settings(_env_file=None, **values)


@dataclass
class BotUnderTest:
    """kisbot as a test drives it, over HTTP (Kisbot) or in-process (tests/chatbot.ChatBot):
    the same people (`server.user(...)`), clock, database and set-up helpers."""

    server: FakeBotApi
    settings: Settings
    clock: ManualClock
    club_id: int | None = None

    async def start(self) -> None:
        """Start the bot (a new process, as far as state goes)."""
        raise NotImplementedError

    async def stop(self) -> None:
        """Stop the bot."""
        raise NotImplementedError

    async def restart(self) -> None:
        """Stop and start again on the same database."""
        await self.stop()
        await self.start()

    @property
    def db(self) -> Database:
        """The running bot's database."""
        raise NotImplementedError

    async def run_outbox(self) -> int:
        """One round of the outbox: what is due now is sent; how many were sent."""
        raise NotImplementedError

    async def club(self, name: str = "KIS Słoneczko") -> int:
        """A club (created once)."""
        if self.club_id is None:
            async with self.db.transaction() as tx:
                made = await tx.clubs.create(name, "KIS", "Europe/Warsaw", self.clock.now())
            self.club_id = made.id
        return self.club_id

    async def invite(self, name: str = "Ala", *, valid_days: int = 14) -> tuple[int, str]:
        """A participant invited to the club: (participant id, code)."""
        club_id = await self.club()
        async with self.db.transaction() as tx:
            made = await invite_participant(tx, club_id, name, self.clock.now(), valid_days)
        return made.participant_id, made.code

    async def add_staff(self, telegram_id: int, name: str = "Pani Ewa") -> None:
        """An active leader of the club."""
        club_id = await self.club()
        async with self.db.transaction() as tx:
            await tx.staff.add(club_id, telegram_id, name, "leader", self.clock.now())


@dataclass
class Kisbot(BotUnderTest):
    """The real PTB Application polling the fake server over HTTP."""

    app: KisbotApp | None = None
    started: list[KisbotApp] = field(default_factory=list)

    async def start(self) -> None:
        """Build and start a fresh Application (a new process, as far as state goes)."""
        self.app = build_application(self.settings, clock=self.clock)
        await start(self.app)
        self.started.append(self.app)
        self.server.waiter.busy = self.busy

    async def stop(self) -> None:
        """Stop the Application."""
        if self.app is not None:
            self.server.waiter.busy = None
            await stop(self.app)
            self.app = None

    def busy(self) -> bool:
        """Whether the bot holds an update it has not finished handling."""
        app = self.app
        if app is None or not app.running:
            return False
        return (
            app.update_processor.current_concurrent_updates > 0
            or not app.update_queue.empty()
            or self.server.queue.fetched_unconfirmed()
        )

    @property
    def db(self) -> Database:
        """The running bot's database."""
        assert self.app is not None
        return services_of(self.app).database

    async def run_outbox(self) -> int:
        """One round of the outbox (the loop runs by itself too; this makes tests exact)."""
        assert self.app is not None
        outbox = services_of(self.app).outbox
        assert outbox is not None
        sent: int = await outbox.run_once()
        # The background loop may be sending a row this round skipped (it held the row's
        # lock): wait for its round too, so what a test checks next is what both sent.
        for _ in range(1000):
            if outbox.rounds_running == 0:
                break
            await asyncio.sleep(0.01)
        await self.server.settled()
        return sent
