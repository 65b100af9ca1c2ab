"""The password of KISBOT_DATABASE_URL never reaches a log, the CLI's output or what an export
worker hands back, even when the database driver's own error quotes the URL."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.export_workers import ExportWorkers
from bot.logs import configure_logging, redact, url_secrets
from flows.context import FlowSettings
from flows.later import ExportFailed
from flows.reply import Export, Reply
from storage.db import database_errors, open_database

pytest.importorskip("psycopg")  # part of the test set-up (pyproject's test extra)

PASSWORD = "Zq7-kolo-gospodyn"
# A closed port (nothing listens on 1), and an IPv6 host whose "]" is missing: libpq refuses
# the URL before connecting and quotes all of it, password included.
UNPARSABLE = f"postgresql://kisbot:{PASSWORD}@[::1:1/kisbot"
TOKEN = "123456:" + "A" * 35


async def _driver_error(url: str) -> Exception:
    """The error opening the database raises, through the storage code the bot uses."""
    try:
        db = await open_database(url)
    except database_errors() as exc:
        return exc
    await db.close()
    raise AssertionError(f"{url} opened")


async def test_a_driver_error_quoting_the_url_is_logged_without_its_password(
    bot_logging: None, capsys: pytest.CaptureFixture[str]
) -> None:
    error = await _driver_error(UNPARSABLE)
    assert PASSWORD in str(error)  # the driver does quote it: what this test guards against
    # As `kisbot run` configures it, without being told the URL: the pattern finds it.
    configure_logging("INFO", [TOKEN])
    log = logging.getLogger("bot.test")
    log.warning("opening the database failed: %s", error)
    try:
        raise RuntimeError("the step failed") from error  # the driver's words in the chain
    except RuntimeError:
        log.exception("error handling update 1")
    out = capsys.readouterr().err
    assert "opening the database failed: " in out
    assert "postgresql://kisbot:[redacted]@[::1:1/kisbot" in out  # the rest stays readable
    assert "ProgrammingError" in out  # the chained exception is there, the password is not
    assert PASSWORD not in out


async def test_a_password_the_driver_quotes_alone_is_blanked_when_the_bot_knows_it(
    bot_logging: None, capsys: pytest.CaptureFixture[str]
) -> None:
    # A bare token of the URL (as libpq quotes a malformed %-escape) has no URL around it:
    # `kisbot run` passes the password of its KISBOT_DATABASE_URL, as written and decoded.
    url = "postgresql://kisbot:Zq7%2Dkolo@127.0.0.1:1/kisbot"
    configure_logging("INFO", url_secrets(url))
    logging.getLogger("storage.test").warning('bad token "Zq7%2Dkolo", i.e. "Zq7-kolo"')
    out = capsys.readouterr().err
    assert "Zq7" not in out
    assert out.count("[redacted]") == 2


def test_connection_strings_lose_their_passwords_and_nothing_else() -> None:
    assert (
        redact("host=db port=5432 password='a b\\'c' dbname=kis user=kis")
        == "host=db port=5432 password=[redacted] dbname=kis user=kis"
    )
    assert redact("postgres://db/kis?sslmode=require&password=x1&user=u") == (
        "postgres://db/kis?sslmode=require&password=[redacted]&user=u"
    )
    assert redact("PGPASSWORD=x1 psql") == "PGPASSWORD=[redacted] psql"
    assert redact("http://ewa:pw@host/ and http://host:8080/a@b") == (
        "http://ewa:[redacted]@host/ and http://host:8080/a@b"
    )
    # The examples the CLI prints keep their placeholder; lines without a URL are untouched.
    assert redact("postgresql://user:password@host:port/dbname") == (
        "postgresql://user:password@host:port/dbname"
    )
    assert redact("step committed in 3 ms: 2 statements") == "step committed in 3 ms: 2 statements"


def _cli(url: str, *args: str) -> tuple[int, str]:
    env = {"KISBOT_DATABASE_URL": url, "TELEGRAM_BOT_TOKEN": TOKEN}
    result = CliRunner().invoke(main, ["--env-file", "/dev/null", *args], env=env)
    return result.exit_code, result.stdout + result.stderr


async def test_the_cli_names_the_setting_and_prints_no_password(tmp_path: Path) -> None:
    code, out = await asyncio.to_thread(_cli, UNPARSABLE, "migrate")
    assert code == 1
    assert out.startswith("KISBOT_DATABASE_URL: ")
    assert "postgresql://kisbot:[redacted]@" in out
    assert PASSWORD not in out
    # A "%" libpq would refuse quoting the password alone is refused before the driver sees it.
    code, out = await asyncio.to_thread(
        _cli, "postgresql://kisbot:50%off@127.0.0.1:1/kisbot", "migrate"
    )
    assert code == 2
    assert "KISBOT_DATABASE_URL: a % in it must be written %25" in out
    assert "50%off" not in out
    assert "off@" not in out
    source = tmp_path / "club.sqlite3"
    await (await open_database(str(source))).close()
    code, out = await asyncio.to_thread(
        _cli, "postgresql://kisbot@127.0.0.1:1/kisbot", "db", "copy", str(source), UNPARSABLE
    )
    assert code == 1
    assert out.startswith("Nothing copied: ProgrammingError: ")  # the driver's words, but
    assert "postgresql://kisbot:[redacted]@" in out
    assert PASSWORD not in out


async def test_the_export_worker_hands_back_no_password(capfd: pytest.CaptureFixture[str]) -> None:
    from storage.postgres import _own_snapshot

    workers = ExportWorkers(1, log_level="DEBUG")
    job = Export(_never_built, (), {}, datetime(2026, 1, 1, tzinfo=UTC), FlowSettings(), "", "pl")
    try:
        with pytest.raises(ExportFailed) as failed:
            await workers.run(partial(_own_snapshot, UNPARSABLE), job)
    finally:
        await workers.close()
    assert "ProgrammingError" in str(failed.value)  # the worker's answer: it could not open it
    assert PASSWORD not in str(failed.value)
    worker_log = capfd.readouterr().err  # the worker writes its log to the bot's stderr
    assert PASSWORD not in worker_log


async def _never_built(ctx: object) -> list[Reply]:
    raise AssertionError("no export is built without its database")
