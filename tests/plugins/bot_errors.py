"""Every test fails when the bot records an unhandled error, wherever it happens.

The bot's last line of defence (bot/errors.py) apologises and logs at ERROR, and the outbox loop
logs a failed round the same way: a person sees a polite sentence and a test that only checks
what is absent would pass. So any ERROR record during a test (set-up and teardown included)
fails it, unless the test asks for the `bot_errors` fixture, which makes the errors its own to
assert on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from bench.fuzzing import ErrorRecords


class Watch:
    """The error records of one test, and whether the test checks them itself."""

    def __init__(self, records: ErrorRecords) -> None:
        self._records = records
        self.expected = False

    @property
    def errors(self) -> list[logging.LogRecord]:
        """Records at ERROR or above."""
        return [r for r in self._records.records if r.levelno >= logging.ERROR]


@pytest.fixture(autouse=True)
def unhandled_errors_fail_the_test() -> Iterator[Watch]:
    """Autouse, so it is set up before and torn down after every other fixture of the test."""
    with ErrorRecords() as records:
        watch = Watch(records)
        yield watch
    if watch.errors and not watch.expected:
        shown = "\n".join(f"{r.name}: {r.getMessage()}" for r in watch.errors)
        pytest.fail(f"the bot recorded unhandled errors:\n{shown}", pytrace=False)


@pytest.fixture
def bot_errors(unhandled_errors_fail_the_test: Watch) -> Watch:
    """For tests that provoke an error on purpose and assert on the records themselves."""
    unhandled_errors_fail_the_test.expected = True
    return unhandled_errors_fail_the_test
