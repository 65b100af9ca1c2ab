"""Logging set-up that keeps secrets and personal data out of log files.

Libraries log what passes through them: at DEBUG python-telegram-bot logs every request and
answer (message texts, names, typed answers), httpx every URL (with the token in it) and
aiosqlite every SQL statement with its values. Only kisbot's own loggers, which log ids,
kinds and timings, may write below WARNING; everything else is held at WARNING whatever
KISBOT_LOG_LEVEL says.

A database driver's error can quote the connection string it was given (libpq quotes a URL
it cannot parse whole), and with it the password of KISBOT_DATABASE_URL: every line the
formatter writes, and every line the CLI prints (bot/cli_common.fail), goes through `redact`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

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


REDACTED = "[redacted]"
# The password of any URL (scheme://user:PASSWORD@host): libpq ends the user information at
# the first "@" or "/", so the password holds neither. "password" itself is the placeholder
# of the examples the CLI prints (postgresql://user:password@host/db), left readable.
_URL_PASSWORD = re.compile(r"(://[^\s:/@]*:)(?!password@)[^\s/@]+(?=@)")
# `password=...` of a libpq keyword/value string ('quoted' or bare) or of a URL's query.
_KEYWORD_PASSWORD = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&'\"]+)", re.IGNORECASE)


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """text with every URL's password, every `password=` value and every secret given blanked
    out. Cheap enough for every log line: two scans for short markers, the patterns only
    where one is found."""
    for secret in secrets:
        if secret and secret in text:
            text = text.replace(secret, REDACTED)
    if "://" in text:
        text = _URL_PASSWORD.sub(rf"\g<1>{REDACTED}", text)
    if "assword" in text or "ASSWORD" in text:
        text = _KEYWORD_PASSWORD.sub(rf"\g<1>{REDACTED}", text)
    return text


def url_secrets(url: str | None) -> list[str]:
    """The password a database URL carries, as written and decoded (a driver may quote
    either), for the secrets the formatter blanks out; [] for none."""
    if not url:
        return []
    try:
        password = urlsplit(url).password
    except ValueError:  # a malformed URL: the patterns of `redact` still apply
        return []
    return [password, unquote(password)] if password else []


class RedactingFormatter(logging.Formatter):
    """Formats a record (message and traceback alike), then blanks out every secret and every
    password a URL or connection string in it carries.

    A formatter rather than a logging.Filter: a driver's message most often reaches the log in
    a traceback (the exception's last line, or a chained one), which only exists once the
    record is formatted."""

    def __init__(self, fmt: str, secrets: list[str]) -> None:
        super().__init__(fmt)
        self._secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), self._secrets)


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
