"""The operator commands on PostgreSQL: check, migrate; the URL's password never printed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from bot.cli import main
from tests.backends import postgres_database
from tests.workers_helpers import postgres_url

TOKEN = "123456:" + "A" * 35


@pytest.fixture
def empty_postgres() -> Iterator[str]:
    postgres_url()
    with postgres_database(migrated=False) as url:
        yield url


def _invoke(url: str, *args: str) -> tuple[int, str, str]:
    env = {"KISBOT_DATABASE_URL": url, "TELEGRAM_BOT_TOKEN": TOKEN}
    result = CliRunner().invoke(main, ["--env-file", "/dev/null", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_check_then_migrate_then_check(empty_postgres: str) -> None:
    code, out, _ = _invoke(empty_postgres, "check")
    assert code == 1
    assert "KISBOT_DATABASE_URL: schema version 0" in out
    code, out, _ = _invoke(empty_postgres, "migrate")
    assert code == 0
    assert out.startswith("Applied: 001_foundation.sql")
    code, out, _ = _invoke(empty_postgres, "check")
    assert (code, out.strip()) == (0, "All checks passed.")


def test_an_unreachable_server_is_one_line_without_the_password() -> None:
    url = "postgresql://kisbot:s3cret-pass@127.0.0.1:1/kisbot"
    code, out, _ = _invoke(url, "check")
    assert code == 1
    assert "KISBOT_DATABASE_URL: cannot connect" in out
    code, _, err = _invoke(url, "migrate")
    assert code == 1
    assert err.startswith("KISBOT_DATABASE_URL: ")
    assert "s3cret-pass" not in out + err
