"""Stopping the bot: the outbox, which sends through the Bot, stops before the Bot's HTTP
session closes, so no send can open a new session that nothing would close."""

from __future__ import annotations

from typing import Any

import pytest

from bot.services import services_of
from tests.harness import Kisbot


@pytest.mark.over_http
async def test_the_outbox_stops_before_the_bots_session_closes(kisbot: Kisbot) -> None:
    app = kisbot.app
    assert app is not None
    services = services_of(app)
    outbox = services.outbox
    assert outbox is not None
    seen: list[str] = []
    shutdown = app.shutdown
    outbox_stop = outbox.stop

    async def shutdown_noting() -> None:
        seen.append("bot shutdown: outbox " + ("running" if services.outbox else "stopped"))
        await shutdown()

    async def outbox_stop_noting(*args: Any, **kwargs: Any) -> None:
        seen.append("outbox stop")
        await outbox_stop(*args, **kwargs)

    app.shutdown = shutdown_noting  # type: ignore[method-assign]
    outbox.stop = outbox_stop_noting  # type: ignore[method-assign]
    await kisbot.stop()

    assert seen == ["outbox stop", "bot shutdown: outbox stopped"]
