"""Shared fixtures: a clean environment, a temporary database, a controllable clock."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from base.clock import ManualClock
from bot.logs import LIBRARY_LOGGERS
from storage.db import Database, open_database
from tests.backends import BACKENDS, drop_template, postgres_database
from tests.browser import Browser
from tests.chatbot import ChatBot
from tests.fakebot.inprocess import InProcessBotApi
from tests.fakebot.server import FakeBotApi
from tests.harness import BotUnderTest, Kisbot, settings_for

# Suite-wide plugins, each in its own module (tests/plugins/).
pytest_plugins = [
    "pytester",
    "tests.plugins.golden",
    "tests.plugins.bot_errors",
    "tests.plugins.backends",
]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No KISBOT_/TELEGRAM_ variable or .env of the developer's leaks into a test."""
    for name in list(os.environ):
        if name.startswith(("KISBOT_", "TELEGRAM_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database of each backend under test (see tests/backends.py)."""
    if request.param == "sqlite":
        yield str(tmp_path / "test.sqlite3")
    else:
        with postgres_database() as url:
            yield url


@pytest.fixture(scope="session", autouse=True)
def _drop_postgres_template() -> Iterator[None]:
    yield
    drop_template()


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    """A migrated database (SQLite, and PostgreSQL when configured)."""
    database = await open_database(database_url)
    try:
        yield database
    finally:
        await database.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Chromium, started once for the tests that print documents (tests/browser.py)."""
    started = Browser()
    try:
        yield started
    finally:
        started.close()


@pytest.fixture
def clock() -> ManualClock:
    """A clock at a fixed Tuesday morning in Warsaw (09:00 local, 08:00 UTC)."""
    return ManualClock(datetime(2026, 11, 24, 8, 0, tzinfo=UTC))


@pytest.fixture
async def fake_telegram() -> AsyncIterator[FakeBotApi]:
    """The fake Bot API server; any call that breaks the Bot API fails the test."""
    async with FakeBotApi() as server:
        yield server
        server.assert_no_violations()


@pytest.fixture
async def kisbot(
    request: pytest.FixtureRequest, fake_telegram: FakeBotApi, database_url: str, clock: ManualClock
) -> AsyncIterator[BotUnderTest]:
    """kisbot with a temporary database and a manual clock: in-process (tests/chatbot.py), or,
    for tests marked `over_http`, the real Application polling the fake server over HTTP."""
    over_http = request.node.get_closest_marker("over_http") is not None or bool(
        request.config.getoption("--over-http")
    )
    async with contextlib.AsyncExitStack() as stack:
        server = fake_telegram if over_http else await stack.enter_async_context(InProcessBotApi())
        kind = Kisbot if over_http else ChatBot
        marked = request.node.get_closest_marker("settings")
        settings = settings_for(server, database_url, **(marked.kwargs if marked else {}))
        bot = kind(server, settings, clock)
        await bot.start()
        try:
            yield bot
        finally:
            await bot.stop()
        server.assert_no_violations()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--over-http",
        action="store_true",
        help="run every kisbot test over HTTP (the in-process driver's parity check; slow)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "over_http: the kisbot fixture runs the real Application over HTTP"
    )
    config.addinivalue_line(
        "markers", "settings(NAME=value, ...): settings of the kisbot fixture's bot"
    )


@pytest.fixture
def bot_logging() -> Iterator[None]:
    """For a test that sets up the bot's own logging (bot.logs.configure_logging): the test
    run's logging is put back afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    levels = {name: logging.getLogger(name).level for name in LIBRARY_LOGGERS}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, old in levels.items():
        logging.getLogger(name).setLevel(old)
