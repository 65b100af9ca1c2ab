"""Files that hold personal data: created for their owner only, written whole or not at all.

Under the usual umask 022 a new file is readable by every account on the machine; the
database, its backups and exports hold special-category data (GDPR art. 9), so they are
created 0600. A write goes to a temporary file beside the target and is renamed over it only
when complete, so a full disk leaves the old file (or none), never a truncated one.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

PRIVATE = 0o600


class FileWriteError(Exception):
    """A file could not be written; the message names the path that failed and why."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _private_opener(path: str, flags: int) -> int:
    return os.open(path, flags, PRIVATE)


def create_private(path: str | Path) -> None:
    """Create an empty file readable by its owner only, unless it exists already."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE))


def temporary_beside(target: str | Path) -> Path:
    """A fresh, unused name in the target's folder (so the final rename stays on one disk)."""
    target = Path(target)
    return target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")


@contextlib.contextmanager
def replacing(target: str | Path) -> Iterator[Path]:
    """A temporary path to fill; renamed over target when the block ends without an error.

    On any error the temporary file is removed and the target is left as it was.
    OSErrors become FileWriteError naming the target.
    """
    target = Path(target)
    temporary = temporary_beside(target)
    try:
        yield temporary
        if temporary.exists():
            os.chmod(temporary, PRIVATE)
            _fsync(temporary)
        os.replace(temporary, target)
        _fsync_folder(target.parent)
    except OSError as exc:
        raise FileWriteError(target, _reason(exc)) from None
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()


def write_atomic(target: str | Path, data: bytes) -> None:
    """Write data to target, 0600, whole or not at all."""
    with replacing(target) as temporary, open(temporary, "xb", opener=_private_opener) as out:
        out.write(data)


def write_atomic_with(target: str | Path, fill: Callable[[Path], None]) -> None:
    """Let fill(path) write a fresh file (e.g. SQLite's backup), then rename it into place."""
    with replacing(target) as temporary:
        create_private(temporary)
        fill(temporary)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    # The rename itself must survive a power cut; not every file system allows this.
    with contextlib.suppress(OSError):
        _fsync(folder)


def is_private(path: str | Path) -> bool:
    """Whether no account but the owner may read or write the file."""
    return os.stat(path).st_mode & 0o077 == 0


class AlreadyRunning(Exception):
    """Another kisbot process holds the database (a running bot)."""


@contextlib.contextmanager
def run_lock(db_path: str | Path) -> Iterator[None]:
    """Hold an advisory lock on the database file while the bot runs (restore checks it).

    flock locks are separate from the POSIX locks SQLite takes on the same file, so the two
    never interfere.
    """
    import fcntl

    if str(db_path) == ":memory:":
        yield
        return
    Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    create_private(db_path)
    fd = os.open(db_path, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise AlreadyRunning(str(db_path)) from None
        yield
    finally:
        os.close(fd)
