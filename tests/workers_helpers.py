"""Several kisbot workers in webhook mode on one PostgreSQL database, fed as Telegram does."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from base.clock import ManualClock
from bot.app import KisbotApp, Webhook, build_application, start, stop
from bot.services import services_of
from tests.backends import TEST_DATABASE_URL
from tests.fakebot.server import FakeBotApi
from tests.fakebot.webhook import WebhookPusher
from tests.harness import Kisbot, settings_for
from tests.needs import missing

SECRET = "workers-secret-token-0123456789abcdefghij"
HOOK = Webhook(url="https://kisbot.example/hook", listen="127.0.0.1", port=0, secret_token=SECRET)


def postgres_url() -> str:
    """The test server's URL; on a developer's machine without one the test is skipped."""
    return TEST_DATABASE_URL or missing("a PostgreSQL server (run under tools/with_postgres)")


@dataclass
class WebhookKisbot(Kisbot):
    """Kisbot as N worker Applications in webhook mode; `app` is the first (for the db)."""

    workers: int = 2
    apps: list[KisbotApp] = field(default_factory=list)
    pusher: WebhookPusher | None = None

    async def start(self) -> None:
        for _ in range(self.workers):
            app = build_application(self.settings, clock=self.clock)
            await start(app, HOOK)
            self.apps.append(app)
        self.app = self.apps[0]
        self.pusher = WebhookPusher(self.server, [f"http://127.0.0.1:{p}/hook" for p in self.ports])
        await self.pusher.__aenter__()
        # An update is done when a worker answered it (the answer comes after the step).
        self.server.waiter.busy = lambda: bool(self.pusher and self.pusher.in_flight)

    @property
    def ports(self) -> list[int]:
        return [int(services_of(app).webhook.port) for app in self.apps]

    async def stop(self) -> None:
        self.server.waiter.busy = None
        if self.pusher is not None:
            await self.pusher.__aexit__(None, None, None)
            self.pusher = None
        for app in self.apps:
            await stop(app)
        self.apps.clear()
        self.app = None


@asynccontextmanager
async def webhook_workers(
    server: FakeBotApi, database_url: str, clock: ManualClock, workers: int = 2
) -> AsyncIterator[WebhookKisbot]:
    bot = WebhookKisbot(server, settings_for(server, database_url), clock, workers=workers)
    await bot.start()
    try:
        yield bot
    finally:
        await bot.stop()
