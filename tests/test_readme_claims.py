"""Promises the README makes that no other test kept: each one here, as an operator meets it."""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import os
import re
import signal
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import pytest
from click.testing import CliRunner

from bench.procs import free_port
from bot.cli import main
from storage.db import SqliteDatabase
from storage.repos.audit import AuditRepo
from tests.fakebot.server import FakeBotApi
from tests.harness import BotUnderTest
from tests.intake_helpers import t

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
STORAGE = ROOT / "storage"


def invoke(*args: str) -> tuple[int, str]:
    """The CLI in this process (the working directory is the test's own folder)."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout + result.stderr


def _dataset_audit(db_path: Path) -> list[dict[str, object]]:
    with sqlite3.connect(db_path) as con:
        rows = con.execute(
            "SELECT actor, detail FROM audit_log WHERE action = 'export.dataset' ORDER BY id"
        ).fetchall()
    return [{"actor": actor, **json.loads(detail)} for actor, detail in rows]


def test_export_dataset_with_names_and_free_text_is_audit_logged(tmp_path: Path) -> None:
    """README: pseudonymised unless --identify/--free-text (audit-logged)."""
    code, out = invoke("demo-data", "--json")
    assert code == 0, out
    club = str(json.loads(out)["club_id"])
    assert invoke("export", "dataset", "--club", club, "-o", "plain.csv")[0] == 0
    code, out = invoke(
        "export", "dataset", "--club", club, "--identify", "--free-text", "-o", "full.csv"
    )
    assert code == 0, out
    with sqlite3.connect(tmp_path / "kisbot.sqlite3") as con:
        name = con.execute("SELECT display_name FROM participants LIMIT 1").fetchone()[0]
    assert name not in (tmp_path / "plain.csv").read_text(encoding="utf-8")
    assert name in (tmp_path / "full.csv").read_text(encoding="utf-8")
    logged = _dataset_audit(tmp_path / "kisbot.sqlite3")
    assert [(e["actor"], e["identify"], e["free_text"]) for e in logged] == [
        ("cli", False, False),
        ("cli", True, True),
    ]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KISBOT_", "TELEGRAM_"))}
    return env | extra


async def test_a_backup_while_the_bot_is_writing_is_consistent(tmp_path: Path) -> None:
    """README: `kisbot backup PATH` is an online, consistent copy, safe while the bot runs
    (a SQLite file; PostgreSQL is backed up with pg_dump)."""
    db = await SqliteDatabase.connect(str(tmp_path / "test.sqlite3"))
    written = 0

    async def write_one() -> None:
        # One step's worth: two rows that belong together, committed together.
        nonlocal written
        async with db.transaction() as tx:
            club = await tx.clubs.create(f"KIS {written}", "KIS", "Europe/Warsaw", NOW)
            await tx.audit.record(NOW, "test", "test.pair", club_id=club.id)
        written += 1

    for _ in range(20):
        await write_one()
    backup = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "backup",
        str(tmp_path / "copy.sqlite3"),
        env=_env(KISBOT_DB_PATH=str(tmp_path / "test.sqlite3")),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    finished = asyncio.create_task(backup.communicate())
    while not finished.done():
        await write_one()
    out, err = await finished
    await db.close()
    assert backup.returncode == 0, err.decode()
    assert out.decode().startswith("Backup written to")
    with sqlite3.connect(tmp_path / "copy.sqlite3") as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        clubs = {r[0] for r in copy.execute("SELECT id FROM clubs")}
        paired = {r[0] for r in copy.execute("SELECT club_id FROM audit_log")}
    assert clubs == paired  # no step copied by halves
    assert 20 <= len(clubs) <= written


async def test_kisbot_run_with_a_webhook_url_end_to_end(
    fake_telegram: FakeBotApi, tmp_path: Path
) -> None:
    """README: `kisbot run --webhook-url URL --listen HOST --port N`, as a process."""
    secret = "Wh00k-" + "s" * 40
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        "--webhook-url",
        "https://kisbot.example/hook",
        "--listen",
        "127.0.0.1",
        "--port",
        str(port),
        env=_env(
            TELEGRAM_BOT_TOKEN=fake_telegram.token,
            TELEGRAM_API_BASE_URL=fake_telegram.url,
            KISBOT_WEBHOOK_SECRET=secret,
            KISBOT_DB_PATH=str(tmp_path / "bot.sqlite3"),
        ),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        cwd=tmp_path,
    )
    seen: list[str] = []
    try:
        assert process.stderr is not None
        async with asyncio.timeout(30):  # the process says when it serves: no guessed pause
            while not any("kisbot is running as @" in line for line in seen):
                line = await process.stderr.readline()
                assert line, "kisbot run ended early:\n" + "".join(seen)
                seen.append(line.decode())
        registered = [c for c in fake_telegram.calls if c.method == "setWebhook"]
        assert registered[-1].params["url"] == "https://kisbot.example/hook"
        assert registered[-1].params["secret_token"] == secret
        ala = fake_telegram.user(6101, "Ala", language_code="en")
        message = {"message_id": 1, "date": 0, "chat": ala.chat, "from": ala.user}
        update = {"update_id": 1, "message": message | {"text": "hello"}}
        async with (
            aiohttp.ClientSession() as session,
            session.post(
                f"http://127.0.0.1:{port}/hook",
                json=update,
                headers={"X-Telegram-Bot-Api-Secret-Token": secret},
            ) as answer,
        ):
            assert answer.status == 200
        await fake_telegram.until(lambda: bool(ala.messages), within=10)
        assert "you need a personal link" in (ala.last.text or "")
    finally:
        process.send_signal(signal.SIGTERM)
        _, rest = await asyncio.wait_for(process.communicate(), 20)
    err = "".join(seen) + rest.decode()
    assert process.returncode == 0, err
    assert fake_telegram.token not in err
    assert secret not in err


@pytest.mark.over_http
async def test_when_telegram_goes_away_mid_run_the_bot_says_so_and_comes_back(
    kisbot: BotUnderTest, caplog: pytest.LogCaptureFixture
) -> None:
    """README: while Telegram cannot be reached, a clear log line and retries with backoff."""
    ala = kisbot.server.user(6201, "Ala", language_code="pl")
    await ala.send("/start")
    # Telegram's front answers 502 to the two polls after the one now open, then recovers.
    outage = kisbot.server.inject("getUpdates", 502, times=2)
    with caplog.at_level(logging.WARNING):
        await ala.click("Polski")  # the open poll brings it; the next ones fail
        await ala.send("/help", within=10)  # waits while PTB retries after 1 s, then 1.5 s
    assert outage.hits == 2
    assert ala.last.text == t("pl", "help.participant")
    said = [r.getMessage() for r in caplog.records if r.name.startswith("bot")]
    assert (
        said
        == [
            "polling the Telegram Bot API failed (NetworkError: Bad Gateway); "
            "trying again after a growing pause"
        ]
        * 2
    )
    assert not [r for r in caplog.records if r.exc_info]  # no traceback for an outage


# Every way SQL could change or remove rows of a table, SQLite's and PostgreSQL's spellings.
_CHANGING = re.compile(
    r"\b(?:UPDATE|DELETE\s+FROM|REPLACE\s+INTO|INSERT\s+OR\s+REPLACE\s+INTO|DROP\s+TABLE"
    r"(?:\s+IF\s+EXISTS)?|ALTER\s+TABLE|TRUNCATE(?:\s+TABLE)?)\s+\"?(\w+)",
    re.IGNORECASE,
)
CODE = ("bot", "flows", "storage", "exports", "questionnaires", "tools")


def test_the_audit_log_has_no_update_or_delete_path() -> None:
    """README: the audit log has no update or delete path. Read every SQL statement in the
    code and the migrations: audit_log is only ever inserted into and read."""
    files = [f for d in CODE for f in (ROOT / d).rglob("*") if f.suffix in {".py", ".sql"}]
    changed = {
        (f.relative_to(ROOT).as_posix(), m.group(0))
        for f in files
        for m in _CHANGING.finditer(f.read_text(encoding="utf-8"))
        if m.group(1).lower() == "audit_log"
    }
    assert changed == set()
    # Nothing removes its rows indirectly either: no foreign key of it cascades.
    for dialect in ("sqlite", "postgres"):
        folder = STORAGE / "migrations" / dialect
        schema = "".join(f.read_text(encoding="utf-8") for f in sorted(folder.glob("*.sql")))
        table = re.search(r"CREATE TABLE audit_log \((.*?)\);", schema, re.DOTALL)
        assert table is not None, dialect
        assert "CASCADE" not in table.group(1).upper(), dialect
    # And the repository offers appending (record) and reading only.
    readers = {n: f for n, f in vars(AuditRepo).items() if not n.startswith("_") and n != "record"}
    assert readers
    for name, method in readers.items():
        source = inspect.getsource(method)
        assert "SELECT" in source, name
        assert "INSERT" not in source, name
