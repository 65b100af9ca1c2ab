"""The suite-wide check: a test fails when the bot records an unhandled error it did not ask for."""

from __future__ import annotations

import pytest

from tests.plugins.bot_errors import Watch

INNER = """
import logging

def test_the_handler_crashed_and_the_person_saw_only_an_apology():
    logging.getLogger("bot.errors").error("error handling update 1 (message): RuntimeError")

def test_a_warning_is_not_an_unhandled_error():
    logging.getLogger("bot.errors").warning("Telegram connection problem: TimedOut")

def test_a_test_that_provokes_an_error_asks_for_it(bot_errors):
    logging.getLogger("bot.outbox").error("outbox round failed")
    assert [r.name for r in bot_errors.errors] == ["bot.outbox"]
"""


def test_an_unasked_error_fails_the_test_that_saw_it(
    pytester: pytest.Pytester, bot_errors: Watch
) -> None:
    """The inner tests run in this process: their records reach this test's watch too."""
    pytester.makeconftest('pytest_plugins = ["tests.plugins.bot_errors"]')
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    pytester.makepyfile(test_inner=INNER)
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-p", "no:randomly")
    result.assert_outcomes(passed=3, errors=1)
    result.stdout.fnmatch_lines(
        ["*the bot recorded unhandled errors:*", "*bot.errors: error handling update 1*"]
    )
