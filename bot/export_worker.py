"""The export worker process: reads export jobs from its stdin, answers with the replies (the
documents drawn) on its stdout, one at a time, until the bot closes the pipe
(bot/export_workers.py starts it: a fresh interpreter, never a fork of the running bot).

A message either way is its length (8 bytes, big-endian) and a pickle: to the worker
(snapshot opener, flows.later.Export), back ("ok", replies) or ("failed", what, frames).
Both ends are this program's own processes, started together from the same code.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import signal
import sqlite3
import sys
import threading
import time
import traceback
from typing import IO, get_args

from bot.logs import configure_logging, redact
from bot.settings import Settings
from flows.later import run_export

HEADER = 8
# How often the worker looks whether the bot is still there while it builds.
PARENT_CHECK_SECONDS = 0.5
# Below the bot's priority (0), as batch work.
NICENESS = 10
LOG_LEVELS = get_args(Settings.model_fields["log_level"].annotation)


def receive(stream: IO[bytes]) -> bytes | None:
    """The next message's pickle, or None when the other end has closed the pipe."""
    header = stream.read(HEADER)
    if len(header) < HEADER:
        return None
    size = int.from_bytes(header, "big")
    body = stream.read(size)
    return body if len(body) == size else None


def frame(message: object) -> bytes:
    """A message as it goes through the pipe."""
    body = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return len(body).to_bytes(HEADER, "big") + body


def _watch_parent(parent: int) -> None:
    # A bot killed with SIGKILL runs no shutdown code: between jobs the closed pipe ends the
    # worker at once, and during a long export this notices the bot is gone.
    while True:
        if os.getppid() != parent:
            os._exit(1)
        time.sleep(PARENT_CHECK_SECONDS)


def _failure(exc: Exception) -> tuple[str, str, str]:
    # The type, and a message only where it cannot quote personal data (as bot/errors.py),
    # without a password a connection string in it may carry (it goes to the bot's log).
    what = type(exc).__name__
    if isinstance(exc, sqlite3.Error | OSError):
        what = redact(f"{what}: {exc}")
    return ("failed", what, "".join(traceback.format_tb(exc.__traceback__)))


def main() -> None:
    """Serve jobs until stdin closes."""
    parent = int(sys.argv[-1])
    # The answers own fd 1: anything a library prints goes to stderr (the bot's log) instead.
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    # Ctrl-C in a terminal reaches the whole process group: the bot stops its worker itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # An export may wait; a participant's step should not: where both want a core, the
    # scheduler gives it to the bot first.
    os.nice(NICENESS)
    # The bot passes its own KISBOT_LOG_LEVEL (already validated); anything else: the default.
    level = os.environ.get("KISBOT_LOG_LEVEL", "")
    configure_logging(level if level in LOG_LEVELS else "WARNING", [])
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    jobs = sys.stdin.buffer
    loop = asyncio.new_event_loop()
    while True:
        message = receive(jobs)
        if message is None:
            return  # the bot is stopping (or gone)
        try:
            opener, job = pickle.loads(message)  # noqa: S301 - from the bot that started us
            answer: object = ("ok", loop.run_until_complete(run_export(opener, job)))
        except Exception as exc:
            answer = _failure(exc)
        answers.write(frame(answer))
        answers.flush()


if __name__ == "__main__":
    main()
