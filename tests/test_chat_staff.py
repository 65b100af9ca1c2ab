"""`kisbot chat --as staff`: a demo club and leader, the staff flows."""

from __future__ import annotations

import asyncio
import json
import stat
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from base.clock import ManualClock
from bot.chat import TerminalChat, run_terminal
from bot.cli import DEMO_IDS, main
from flows.context import FlowSettings
from flows.demo import DEMO_CLUB_NAME, demo_staff
from storage.db import open_database
from tests.intake_helpers import t


def _chat(db: Path, role: str, lines: str) -> str:
    """`kisbot chat --as ROLE` with `lines` typed; what it printed. In this process: the
    program as a separate process is tests/test_processes.py's."""
    result = CliRunner().invoke(
        main, ["chat", "--as", role], input=lines, env={"KISBOT_DB_PATH": str(db)}
    )
    assert result.exit_code == 0, result.output
    assert result.exception is None
    return result.stdout


def test_chat_as_staff_reaches_the_staff_flows(tmp_path: Path) -> None:
    db = tmp_path / "chat.sqlite3"
    # A demo participant first (Polish, agreed), then the demo leader of the same demo club.
    _chat(db, "participant", "1\n1\n/quit\n")
    text = _chat(
        db, "staff", "/participants\n/path 1\n/note 1\nPierwsza rozmowa\n1\n/audit 1\n/quit\n"
    )
    assert t("pl", "staff.help").splitlines()[0] in text
    assert t("pl", "participants.header", club=DEMO_CLUB_NAME, count=1) in text
    assert t("pl", "path.header", name="Demo 1001", id=1) in text
    assert t("pl", "note.saved") in text
    assert t("pl", "audit.header", name="Demo 1001", id=1) in text
    assert t("pl", "audit.action.note.added") in text


def _chat_args(db: Path, args: list[str], lines: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, args, input=lines, env={"KISBOT_DB_PATH": str(db)})
    return result.exit_code, result.output


def test_chat_as_staff_works_in_the_demo_data_club(tmp_path: Path) -> None:
    db = tmp_path / "chat.sqlite3"
    code, made = _chat_args(db, ["demo-data", "--json"], "")
    assert code == 0, made
    club = json.loads(made)
    text = _chat(db, "staff", "/participants\n/club\n/quit\n")
    # The demo-data club is where the terminal's leader works; /club reaches the chat's own.
    assert t("pl", "participants.header", club=club["name"], count=club["participants"]) in text
    assert f"✓ {club['name']}" in text
    assert DEMO_CLUB_NAME in text
    # --club chooses; an unknown club is one clear line.
    code, text = _chat_args(db, ["chat", "--as", "staff", "--club", "999"], "/quit\n")
    assert code == 2
    assert "--club: there is no club 999" in text
    assert "Traceback" not in text


def test_messages_for_the_person_at_the_terminal_show_there_once(tmp_path: Path) -> None:
    db = tmp_path / "chat.sqlite3"
    _chat(db, "staff", "/quit\n")  # the demo leader exists now

    async def queue() -> None:
        database = await open_database(str(db))
        now = datetime.now(UTC) - timedelta(minutes=1)
        async with database.transaction() as tx:
            for chat_id, name in ((DEMO_IDS["staff"], "Ala"), (DEMO_IDS["staff"] - 5, "Obcy")):
                await tx.outbox.enqueue(
                    chat_id,
                    "staff_alert",
                    "staff_alert.unreachable",
                    {"name": name, "id": 7},
                    "pl",
                    now,
                    now,
                )
        await database.close()

    asyncio.run(queue())
    text = _chat(db, "staff", "/quit\n")
    alert = t("pl", "staff_alert.unreachable", name="Ala", id=7)
    assert f"[message] {alert}" in text
    assert t("pl", "staff_alert.unreachable", name="Obcy", id=7) not in text  # not theirs
    assert alert not in _chat(db, "staff", "/quit\n")  # shown once


def test_files_from_chat_go_to_an_owner_only_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "chat.sqlite3"
    text = _chat(db, "staff", "/report\n/quit\n")
    folder = tmp_path / "exports-out"
    assert f"[file saved: {Path('exports-out') / 'report-club-1.html'}]" in text
    assert (folder / "report-club-1.html").read_bytes().startswith(b"<!DOCTYPE html>")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert not list(tmp_path.glob("report-*"))  # nothing in the current folder itself


class _NobodyTyping:
    """A terminal where nobody types until told to: readline blocks (in its thread)."""

    def __init__(self) -> None:
        self.waiting = threading.Event()
        self.typed = threading.Event()

    def readline(self) -> str:
        self.waiting.set()
        self.typed.wait(20)
        return "/quit\n"


async def test_a_message_shows_while_the_terminal_waits_for_a_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reminder or a staff message pops up as it falls due, not after the next typed line."""
    terminal = _NobodyTyping()
    monkeypatch.setattr(sys, "stdin", terminal)
    database = await open_database(str(tmp_path / "chat.sqlite3"))
    clock = ManualClock(datetime(2026, 11, 24, 8, 0, tzinfo=UTC))
    staff_id = DEMO_IDS["staff"]
    async with database.transaction() as tx:
        await demo_staff(tx, staff_id, "Europe/Warsaw", clock.now())
    alert = t("pl", "staff_alert.unreachable", name="Ala", id=7)
    shown = asyncio.Event()
    lines: list[str] = []

    def write(line: str) -> None:
        lines.append(line)
        if line == f"[message] {alert}":
            shown.set()

    chat = TerminalChat(database, FlowSettings(), clock, staff_id, write=write, files_dir=tmp_path)
    session = asyncio.create_task(run_terminal(chat, "/help"))
    try:
        assert await asyncio.to_thread(terminal.waiting.wait, 20)
        async with database.transaction() as tx:
            await tx.outbox.enqueue(
                staff_id,
                "staff_alert",
                "staff_alert.unreachable",
                {"name": "Ala", "id": 7},
                "pl",
                clock.now(),
                clock.now(),
            )
        await asyncio.wait_for(shown.wait(), 15)  # nothing typed meanwhile
        assert not terminal.typed.is_set()
    finally:
        terminal.typed.set()
        await session
        await database.close()
    assert lines.count(f"[message] {alert}") == 1


def test_chat_answers_any_run_of_digits_in_words(tmp_path: Path) -> None:
    db = tmp_path / "chat.sqlite3"
    _chat(db, "participant", "1\n1\n/quit\n")
    soon = (datetime.now(UTC) + timedelta(days=3)).strftime("%d.%m.%Y 10:00")
    # A terminal has no Telegram cap on text: 5000 digits are more than int() takes, and "²"
    # is a digit int() cannot read; both as a button number and as minutes.
    typed = ["/session", "1", "Spotkanie", soon, "9" * 5000, "0" * 5000, "²", "0090", "/quit"]
    text = _chat(db, "staff", "\n".join(typed) + "\n")
    assert text.count(t("pl", "schedule.error.duration")) == 3
    assert t("pl", "schedule.new.ask_place") in text
