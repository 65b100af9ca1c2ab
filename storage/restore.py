"""Putting a backup in place of the database: checked first, the replaced file kept."""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from storage.files import AlreadyRunning, FileWriteError, replacing, run_lock
from storage.migrate import available_migrations

# Tables every kisbot database has had since its first migration.
_KISBOT_TABLES = {"accounts", "clubs", "audit_log", "participants", "meta"}


class RestoreError(Exception):
    """The backup cannot be restored; the message says why (the database is unchanged)."""


@dataclass(frozen=True)
class Restored:
    """What restore did."""

    schema_version: int
    replaced: Path | None  # where the database it replaced now is


def backup_problems(backup: str | Path) -> list[str]:
    """Why this file cannot serve as kisbot's database; empty when it can."""
    path = Path(backup)
    if not path.is_file():
        return [f"{path}: no such file"]
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return [f"{path}: cannot be opened ({exc})"]
    try:
        checked = [str(r[0]) for r in conn.execute("PRAGMA quick_check")]
        if checked != ["ok"]:
            return [f"{path}: fails PRAGMA quick_check: {'; '.join(checked[:3])}"]
        tables = {str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master")}
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.Error as exc:
        return [f"{path}: not a usable SQLite database ({exc})"]
    finally:
        conn.close()
    if not tables >= _KISBOT_TABLES:
        return [f"{path}: not a kisbot database (tables missing)"]
    latest = available_migrations()[-1].number
    if version > latest:
        return [f"{path}: schema version {version} is newer than this kisbot ({latest})"]
    return []


def restore(backup: str | Path, db_path: str | Path, now: datetime) -> Restored:
    """Replace the database at db_path with a copy of backup; refuse while the bot runs.

    The database it replaces (with its -wal and -shm files) is renamed to
    `<name>.replaced-<UTC time>` beside it, never deleted.
    """
    problems = backup_problems(backup)
    if problems:
        raise RestoreError(problems[0])
    target = Path(db_path)
    if target.resolve() == Path(backup).resolve():
        raise RestoreError(f"{backup}: is the database itself")
    try:
        with run_lock(target):
            replaced = _move_aside(target, now)
            with replacing(target) as temporary:
                shutil.copyfile(backup, temporary)
    except AlreadyRunning:
        raise RestoreError(f"{target}: kisbot is running on this database; stop it first") from None
    except FileWriteError as exc:
        raise RestoreError(str(exc)) from None
    conn = sqlite3.connect(target)
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()
    return Restored(schema_version=version, replaced=replaced)


def _move_aside(target: Path, now: datetime) -> Path | None:
    if not target.exists() or target.stat().st_size == 0:
        # Only the run lock's empty file: nothing to keep.
        return None
    kept = target.with_name(f"{target.name}.replaced-{now:%Y%m%dT%H%M%SZ}")
    for suffix in ("-wal", "-shm"):
        side = Path(f"{target}{suffix}")
        if side.exists():
            os.replace(side, f"{kept}{suffix}")
    os.replace(target, kept)
    return kept
