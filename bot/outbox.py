"""Sends the outbox: staff alerts, nudges (and later reminders), surviving restarts.

Guarantee: at most once. A row is marked 'sending' and committed before the Telegram call;
after a crash, rows left in 'sending' are dropped, never resent, because the message may
already be on the person's phone.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

from telegram import Bot
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from bot.services import Services
from flows.i18n import translate
from flows.nudges import queue_due_nudges
from storage.repos.outbox import OutboxMessage

log = logging.getLogger(__name__)

BATCH = 100
IDLE_WAKE = timedelta(seconds=60)


class OutboxDispatcher:
    """One loop that sleeps until the next due message (or a wake-up) and sends."""

    def __init__(self, bot: Bot, services: Services) -> None:
        self._bot = bot
        self._services = services
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    def wake(self) -> None:
        """Something was queued: look now rather than at the next timer."""
        self._wake.set()

    async def recover(self) -> int:
        """At start: drop what a crash interrupted mid-send (see the module docstring)."""
        async with self._services.database.transaction() as tx:
            dropped = await tx.outbox.abandon_interrupted(self._services.clock.now())
        if dropped:
            log.warning("%d outbox message(s) interrupted by a crash were not resent", dropped)
        return dropped

    async def run_once(self) -> int:
        """Queue due nudges, send every due message; return how many were sent."""
        services = self._services
        now = services.clock.now()
        async with services.database.transaction() as tx:
            await queue_due_nudges(tx, now, services.flow_settings)
            due = await tx.outbox.due(now, BATCH)
            claimed = [m for m in due if await tx.outbox.claim(m.id)]
        sent = 0
        for message in claimed:
            sent += await self._send(message)
        return sent

    async def _send(self, message: OutboxMessage) -> int:
        services = self._services
        text = translate(message.language, message.message_key, message.params)
        status = "sent"
        try:
            await self._bot.send_message(message.chat_id, text)
        except Forbidden:
            status = "failed"
            async with services.database.transaction() as tx:
                await tx.participants.mark_unreachable_by_telegram(message.chat_id)
        except RetryAfter as exc:
            # Not sent: give it back and let the loop come back after Telegram's pause.
            async with services.database.transaction() as tx:
                await tx.outbox.release(message.id)
            await asyncio.sleep(
                exc.retry_after
                if isinstance(exc.retry_after, int | float)
                else exc.retry_after.total_seconds()
            )
            return 0
        except BadRequest as exc:
            status = "failed"
            log.warning("outbox message %d refused by Telegram: %s", message.id, exc.message)
        except TelegramError as exc:
            status = "failed"
            log.warning("outbox message %d not sent: %s", message.id, type(exc).__name__)
        async with services.database.transaction() as tx:
            await tx.outbox.settle(message.id, status, services.clock.now())  # type: ignore[arg-type]
        return 1 if status == "sent" else 0

    async def _loop(self) -> None:
        while not self._stopping:
            try:
                await self.run_once()
            except Exception:
                log.exception("outbox round failed; trying again shortly")
            async with self._services.database.transaction() as tx:
                next_due = await tx.outbox.next_due_at()
            wait = IDLE_WAKE
            if next_due is not None:
                wait = max(timedelta(0), min(IDLE_WAKE, next_due - self._services.clock.now()))
            if self._stopping:
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), wait.total_seconds())
            self._wake.clear()

    async def start(self) -> None:
        """Recover and start the loop."""
        await self.recover()
        self._task = asyncio.create_task(self._loop(), name="kisbot-outbox")

    async def stop(self, grace: float = 10.0) -> None:
        """Let the current round finish (cancelled only if it hangs past grace), then stop."""
        if self._task is None:
            return
        self._stopping = True
        self._wake.set()
        try:
            await asyncio.wait_for(asyncio.shield(self._task), grace)
        except TimeoutError:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._task = None
