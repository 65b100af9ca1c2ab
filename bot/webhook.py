"""Webhook mode: a small HTTP server that accepts updates only with Telegram's secret token.

python-telegram-bot's own webhook server compares the token with `!=` and, at DEBUG, logs
every request body (what people typed) and any wrong token it was sent; this one compares in
constant time, logs only that a request was dropped, and caps the body size.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import tornado.web
from telegram import Update
from tornado.httpserver import HTTPServer

log = logging.getLogger(__name__)

HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram allows 1-256 characters of A-Z a-z 0-9 _ -; shorter than 32 is guessable enough
# to refuse, since the token is all that stands between the port and staff commands.
SECRET_SHAPE = re.compile(r"^[A-Za-z0-9_-]{32,256}$")
MAX_BODY = 1 << 20  # an update is a few kilobytes; a megabyte is far beyond any real one


def secret_problem(secret: str | None) -> str | None:
    """What is wrong with a webhook secret token, or None when it will do."""
    if not secret:
        return "webhook mode needs a secret token"
    if not SECRET_SHAPE.match(secret):
        return "must be 32-256 characters of A-Z a-z 0-9 _ -"
    return None


@dataclass(frozen=True)
class Webhook:
    """Webhook mode instead of long polling."""

    url: str
    listen: str
    port: int
    secret_token: str

    @property
    def path(self) -> str:
        """The path updates are posted to: the public URL's (a proxy passes it through)."""
        return urlsplit(self.url).path.rstrip("/") or "/"


class _UpdateHandler(tornado.web.RequestHandler):
    """POST of one update; anything without the right secret is dropped unread."""

    SUPPORTED_METHODS = ("POST",)

    def initialize(self, secret: bytes, bot: Any, queue: Any) -> None:
        self._secret = secret
        self._bot = bot
        self._queue = queue

    async def post(self) -> None:
        """Check the secret in constant time, then queue the update for the Application."""
        given = self.request.headers.get(HEADER, "").encode("utf-8", errors="replace")
        if not hmac.compare_digest(given, self._secret):
            log.warning("webhook request without the right secret token dropped")
            self.set_status(403)
            return
        try:
            data = json.loads(self.request.body)
            update = Update.de_json(data, self._bot) if isinstance(data, dict) else None
        except Exception:  # any malformed body is the sender's problem, never a crash
            update = None
        if update is None:
            log.warning("webhook request that is not an update dropped")
            self.set_status(400)
            return
        await self._queue.put(update)
        self.set_status(200)

    def log_exception(self, *args: Any) -> None:
        """Tornado would log the request line and headers; say only that it failed."""
        log.warning("webhook request failed")


class _App(tornado.web.Application):
    def log_request(self, handler: tornado.web.RequestHandler) -> None:
        """No access log: it would hold people's IP addresses and nothing useful."""


class WebhookServer:
    """The listening server; start() binds, stop() closes connections."""

    def __init__(self, webhook: Webhook, bot: Any, queue: Any) -> None:
        pattern = re.escape(webhook.path.rstrip("/")) + "/?"
        app = _App(
            [
                (
                    pattern,
                    _UpdateHandler,
                    {"secret": webhook.secret_token.encode("ascii"), "bot": bot, "queue": queue},
                )
            ]
        )
        self._server = HTTPServer(app, max_body_size=MAX_BODY, xheaders=False)
        self._webhook = webhook
        self.running = False

    def start(self) -> None:
        """Listen on the configured address."""
        self._server.listen(self._webhook.port, address=self._webhook.listen)
        self.running = True

    async def stop(self) -> None:
        """Stop listening and close open connections."""
        if self.running:
            self.running = False
            self._server.stop()
            await self._server.close_all_connections()
