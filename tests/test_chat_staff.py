"""`kisbot chat --as staff`: a demo club and leader, the staff flows."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from bot.cli import main
from flows.demo import DEMO_CLUB_NAME
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
