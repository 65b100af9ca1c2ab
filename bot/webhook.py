"""Webhook mode: a small HTTP server that accepts updates only with Telegram's secret token.

python-telegram-bot's own webhook server compares the token with `!=` and, at DEBUG, logs
every request body (what people typed) and any wrong token it was sent; this one compares in
constant time, logs only that a request was dropped, and caps the body size.

It also answers Telegram only after the update's step is committed and its replies sent
(PTB's answers as soon as the update is queued in memory). That gives several workers behind
one URL two properties:
- a worker killed mid-step never answered, so Telegram delivers the update again (to any
  worker) and the step runs then; a step committed before the kill is not repeated (its
  update id is claimed in the same transaction);
- Telegram sends a chat's next update only after the previous one was answered, so one
  person's steps reach the workers in order even when consecutive ones land on different
  workers (the per-person database lock covers redeliveries running at once).
"""

from __future__ import annotations

import hmac
import json
import logging
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import tornado.netutil
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

    def initialize(self, secret: bytes, app: Any) -> None:
        self._secret = secret
        self._app = app

    async def post(self) -> None:
        """Check the secret in constant time, then handle the update before answering."""
        given = self.request.headers.get(HEADER, "").encode("utf-8", errors="replace")
        if not hmac.compare_digest(given, self._secret):
            log.warning("webhook request without the right secret token dropped")
            self.set_status(403)
            return
        try:
            data = json.loads(self.request.body)
            update = Update.de_json(data, self._app.bot) if isinstance(data, dict) else None
        except Exception:  # any malformed body is the sender's problem, never a crash
            update = None
        if update is None:
            log.warning("webhook request that is not an update dropped")
            self.set_status(400)
            return
        await self._app.process_update(update)
        self.set_status(200)

    def log_exception(self, *args: Any) -> None:
        """Tornado would log the request line and headers; say only that it failed."""
        log.warning("webhook request failed")


class _App(tornado.web.Application):
    def log_request(self, handler: tornado.web.RequestHandler) -> None:
        """No access log: it would hold people's IP addresses and nothing useful."""


class WebhookServer:
    """The listening server; start() binds, stop() closes connections."""

    def __init__(self, webhook: Webhook, app: Any) -> None:
        pattern = re.escape(webhook.path.rstrip("/")) + "/?"
        app = _App(
            [
                (
                    pattern,
                    _UpdateHandler,
                    {"secret": webhook.secret_token.encode("ascii"), "app": app},
                )
            ]
        )
        self._server = HTTPServer(app, max_body_size=MAX_BODY, xheaders=False)
        self._webhook = webhook
        self.running = False
        self.port: int | None = None

    def start(self) -> None:
        """Listen on the configured address (port 0: a free one, then in `port`). With
        SO_REUSEPORT several worker processes on one machine may share the port."""
        sockets = tornado.netutil.bind_sockets(
            self._webhook.port, address=self._webhook.listen, reuse_port=True
        )
        self.port = int(sockets[0].getsockname()[1])
        self._server.add_sockets(sockets)
        self.running = True

    async def stop(self) -> None:
        """Stop listening and close open connections."""
        if self.running:
            self.running = False
            self._server.stop()
            await self._server.close_all_connections()
