"""kisbot reads its questionnaire files when it starts, so the first answer after a start does
not read them on the event loop while every other update waits."""

from __future__ import annotations

import asyncio
import threading

from base.clock import ManualClock
from flows.intake.helplines import helplines
from questionnaires.bundled import current_participant_questionnaire
from questionnaires.loader import _load_questionnaire
from tests.fakebot.server import FakeBotApi
from tests.harness import Kisbot, settings_for


async def test_the_files_are_read_at_start_before_anyone_writes(
    fake_telegram: FakeBotApi, database_url: str, clock: ManualClock
) -> None:
    _load_questionnaire.cache_clear()
    helplines.cache_clear()
    kisbot = Kisbot(fake_telegram, settings_for(fake_telegram, database_url), clock)
    await kisbot.start()
    try:
        # No update is sent: only the start can have read them.
        for reading in [t for t in threading.enumerate() if t.name == "kisbot-read-files"]:
            await asyncio.to_thread(reading.join, 60)
        assert helplines.cache_info().currsize == 1
        before = _load_questionnaire.cache_info()
        current_participant_questionnaire()
        after = _load_questionnaire.cache_info()
    finally:
        await kisbot.stop()
    assert [c for c in fake_telegram.calls if c.method == "sendMessage"] == []
    assert (after.hits, after.misses) == (before.hits + 1, before.misses)
