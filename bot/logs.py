"""Logging set-up that keeps secrets and personal data out of log files.

Libraries log what passes through them: at DEBUG python-telegram-bot logs every request and
answer (message texts, names, typed answers), httpx every URL (with the token in it) and
aiosqlite every SQL statement with its values. Only kisbot's own loggers, which log ids,
kinds and timings, may write below WARNING; everything else is held at WARNING whatever
KISBOT_LOG_LEVEL says.
"""

from __future__ import annotations

import logging

# Top-level packages whose log lines are written by kisbot itself.
OWN_LOGGERS = frozenset({"bot", "flows", "storage", "exports", "questionnaires", "bench"})
LIBRARY_FLOOR = logging.WARNING
# Loggers of libraries that log request URLs or contents at INFO or DEBUG.
LIBRARY_LOGGERS = (
    "telegram",
    "httpx",
    "httpcore",
    "aiohttp",
    "aiosqlite",
    "tornado",
    "asyncio",
    "hpack",
)


class RedactingFormatter(logging.Formatter):
    """Formats a record (message and traceback alike), then blanks out every secret."""

    def __init__(self, fmt: str, secrets: list[str]) -> None:
        super().__init__(fmt)
        self._secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        for secret in self._secrets:
            text = text.replace(secret, "[redacted]")
        return text


class OwnLinesOnly(logging.Filter):
    """Below WARNING, only kisbot's own records pass (whatever a library sets its level to)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= LIBRARY_FLOOR:
            return True
        return record.name.split(".", 1)[0] in OWN_LOGGERS


def configure_logging(level: str, secrets: list[str]) -> None:
    """Root logging to stderr: secrets redacted, libraries held at WARNING."""
    handler = logging.StreamHandler()
    handler.setFormatter(
        RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", secrets)
    )
    handler.addFilter(OwnLinesOnly())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    quiet_library_loggers()


def quiet_library_loggers() -> None:
    """Libraries' own levels at WARNING too, so they do not even build their DEBUG lines."""
    for name in LIBRARY_LOGGERS:
        logging.getLogger(name).setLevel(LIBRARY_FLOOR)
