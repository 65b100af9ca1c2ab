"""`kisbot chat --as staff` as a separate process: a demo club and leader, the staff flows."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from flows.demo import DEMO_CLUB_NAME
from tests.intake_helpers import t


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KISBOT_", "TELEGRAM_"))}
    env.update(extra)
    return env


async def _chat(db: Path, role: str, lines: bytes) -> str:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "chat",
        "--as",
        role,
        env=_env(KISBOT_DB_PATH=str(db)),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(lines), 60)
    assert process.returncode == 0, err.decode()
    assert "Traceback" not in err.decode()
    return out.decode()


async def test_chat_as_staff_reaches_the_staff_flows(tmp_path: Path) -> None:
    db = tmp_path / "chat.sqlite3"
    # A demo participant first (Polish, agreed), then the demo leader of the same demo club.
    await _chat(db, "participant", b"1\n1\n/quit\n")
    text = await _chat(
        db, "staff", b"/participants\n/path 1\n/note 1\nPierwsza rozmowa\n1\n/audit 1\n/quit\n"
    )
    assert t("pl", "staff.help").splitlines()[0] in text
    assert t("pl", "participants.header", club=DEMO_CLUB_NAME, count=1) in text
    assert t("pl", "path.header", name="Demo 1001", id=1) in text
    assert t("pl", "note.saved") in text
    assert t("pl", "audit.header", name="Demo 1001", id=1) in text
    assert t("pl", "audit.action.note.added") in text
