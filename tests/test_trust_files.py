"""Files with personal data: owner-only, whole or not at all, never from a damaged database;
and a backup can be put back with `kisbot restore`."""

from __future__ import annotations

import builtins
import errno
import io
import os
import resource
import signal
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bot.cli import main


def invoke(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False, input=input)
    return result.exit_code, result.stdout, result.stderr


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The common umask 022, under which a plain new file is readable by everyone."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _club() -> None:
    code, _, err = invoke("club", "create", "KIS Sosnowa", "--kind", "KIS")
    assert code == 0, err


def test_database_backups_and_exports_are_readable_by_their_owner_only(
    tmp_path: Path, usual_umask: None
) -> None:
    _club()
    assert mode(tmp_path / "kisbot.sqlite3") == 0o600
    assert invoke("backup", "copy.sqlite3")[0] == 0
    assert invoke("export", "report", "--club", "1", "-o", "report.html")[0] == 0
    assert invoke("export", "dataset", "-o", "data.csv")[0] == 0
    assert invoke("session", "export", "--club", "1", "-o", "club.ics")[0] == 0
    for name in ("copy.sqlite3", "report.html", "data.csv", "data.codebook.csv", "club.ics"):
        assert mode(tmp_path / name) == 0o600, name
    os.chmod(tmp_path / "kisbot.sqlite3", 0o644)  # e.g. a database made by an older kisbot
    code, out, _ = invoke("check")
    assert code == 1
    assert "other accounts on this machine may read it; run: chmod 600" in out


def _corrupt_a_table_nothing_exports_read(db: Path) -> None:
    """Garbage over the root page of processed_updates (not read by any export)."""
    with sqlite3.connect(db) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'processed_updates'"
        ).fetchone()[0]
    conn.close()
    with db.open("r+b") as raw:
        raw.seek((root - 1) * page_size)
        raw.write(b"\xff" * 64)


def test_export_and_backup_refuse_a_database_that_fails_quick_check(tmp_path: Path) -> None:
    _club()
    _corrupt_a_table_nothing_exports_read(tmp_path / "kisbot.sqlite3")
    code, out, _ = invoke("check")
    assert code == 1
    assert "malformed" in out
    code, out, err = invoke("export", "report", "--club", "1", "-o", "report.html")
    assert code == 1
    assert "Written" not in out
    assert "fails PRAGMA quick_check" in err
    assert "kisbot restore" in err
    assert not (tmp_path / "report.html").exists()
    code, out, err = invoke("backup", "copy.sqlite3")
    assert code == 1
    assert "fails PRAGMA quick_check" in err
    assert not (tmp_path / "copy.sqlite3").exists()


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Files opened for writing under the returned folder take half their data, then ENOSPC."""
    folder = tmp_path / "out"
    folder.mkdir()
    real_open = io.open

    class Filling(io.RawIOBase):
        def __init__(self, inner: Any) -> None:
            self.inner = inner
            self.room = 1000

        def writable(self) -> bool:
            return True

        def write(self, data: Any) -> int:
            if len(data) > self.room:
                self.inner.write(bytes(data[: self.room]))
                self.inner.flush()
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            self.room -= len(data)
            return int(self.inner.write(data))

        def close(self) -> None:
            self.inner.close()
            super().close()

    def opening(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        inner = real_open(file, mode, *args, **kwargs)
        writing = any(m in mode for m in "wxa")
        if writing and isinstance(file, str | os.PathLike) and str(file).startswith(str(folder)):
            return Filling(inner)
        return inner

    monkeypatch.setattr(io, "open", opening)
    monkeypatch.setattr(builtins, "open", opening)
    return folder


def test_a_full_disk_during_an_export_leaves_the_earlier_file_and_names_the_path(
    tmp_path: Path, full_disk: Path
) -> None:
    _club()
    earlier = full_disk / "report.html"
    (tmp_path / "keep.html").write_bytes(b"<p>last month's report</p>")
    os.replace(tmp_path / "keep.html", earlier)
    code, out, err = invoke("export", "report", "--club", "1", "-o", str(earlier))
    assert code == 1
    assert "Written" not in out
    assert f"-o: {earlier}: No space left on device" in err
    assert "KISBOT_DB_PATH" not in err
    assert earlier.read_bytes() == b"<p>last month's report</p>"
    assert sorted(p.name for p in full_disk.iterdir()) == ["report.html"]  # no leftovers


def _no_bigger_files_than(limit: int) -> None:
    # In the child, before exec: a write past `limit` bytes fails with EFBIG, like a full disk.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_a_failing_backup_never_destroys_an_earlier_one(tmp_path: Path) -> None:
    _club()
    with sqlite3.connect(tmp_path / "kisbot.sqlite3") as conn:
        conn.execute("INSERT INTO meta (key, value) VALUES ('padding', ?)", ("x" * 400_000,))
    conn.close()
    good = tmp_path / "nightly.sqlite3"
    assert invoke("backup", str(good))[0] == 0
    before = good.read_bytes()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KISBOT_", "TELEGRAM_"))}
    done = subprocess.run(  # noqa: S603 - our own program with fixed arguments
        [sys.executable, "-m", "bot", "backup", str(good)],
        env=env | {"PYTHONPATH": os.pathsep.join(sys.path)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        preexec_fn=lambda: _no_bigger_files_than(100_000),
    )
    assert done.returncode == 1, done.stderr
    assert f"PATH: {good}:" in done.stderr
    assert "KISBOT_DB_PATH" not in done.stderr  # the live database is not to blame
    assert good.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_restore_puts_a_backup_back_and_keeps_the_replaced_file(tmp_path: Path) -> None:
    _club()
    assert invoke("backup", "monday.sqlite3")[0] == 0
    code, _, err = invoke("club", "create", "KIS Later", "--kind", "KIS")
    assert code == 0, err
    code, out, err = invoke("restore", "monday.sqlite3", "--yes")
    assert code == 0, err
    assert "kept as" in out
    with sqlite3.connect(tmp_path / "kisbot.sqlite3") as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM clubs ORDER BY id")]
    conn.close()
    assert names == ["KIS Sosnowa"]  # the club made after the backup is gone from the live file
    kept = [p for p in tmp_path.iterdir() if ".replaced-" in p.name and p.suffix != ".lock"]
    assert len(kept) == 1
    with sqlite3.connect(kept[0]) as conn:
        assert conn.execute("SELECT COUNT(*) FROM clubs").fetchone()[0] == 2
    conn.close()
    assert mode(tmp_path / "kisbot.sqlite3") == 0o600


def test_restore_refuses_a_damaged_backup_and_a_running_bot(tmp_path: Path) -> None:
    from storage.files import run_lock

    _club()
    assert invoke("backup", "monday.sqlite3")[0] == 0
    (tmp_path / "notes.txt").write_text("not a database")
    code, _, err = invoke("restore", "notes.txt", "--yes")
    assert code == 1
    assert "BACKUP: notes.txt" in err
    before = (tmp_path / "kisbot.sqlite3").read_bytes()
    with run_lock(tmp_path / "kisbot.sqlite3"):  # what `kisbot run` holds
        code, _, err = invoke("restore", "monday.sqlite3", "--yes")
    assert code == 1
    assert "kisbot is running on this database; stop it first" in err
    assert (tmp_path / "kisbot.sqlite3").read_bytes() == before
