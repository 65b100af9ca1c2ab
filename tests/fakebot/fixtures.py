"""pytest fixtures for the fake Telegram; load with `pytest_plugins = ["tests.fakebot.fixtures"]`.

`fake_telegram` fails the test at teardown if the bot broke the Bot API contract, so a
test cannot pass while production would have refused a call.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.fakebot.server import FakeBotApi


@pytest.fixture
async def fake_telegram() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server
        server.assert_no_violations()
