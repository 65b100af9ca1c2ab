"""Sends the outbox: staff alerts, nudges, session reminders and digests, surviving restarts.

Guarantee: at most once. A row is marked 'sending' and committed before the Telegram call;
after a crash, rows left in 'sending' are dropped, never resent, because the message may
already be on the person's phone. Each row is claimed just before its own send, so at most
SENDERS rows are in 'sending' at any moment: that is all a kill -9 can lose.

Pace: everything sent from here takes a slot from one pace row in the database, so the cap
(KISBOT_SEND_RATE_PER_SECOND) holds for the whole deployment however many workers run; the
bot's rate limiter (bot/ratelimit.py) also caps each process and retries after a 429; here,
messages to one chat go one after another at least a second apart.

Several workers: a row is locked (FOR UPDATE SKIP LOCKED on PostgreSQL) while one worker
decides on and claims it, so each row goes out from exactly one worker; nudges and digests
are queued by one worker at a time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import UTC, datetime, timedelta

import httpx
from telegram import Bot
from telegram.error import (
    BadRequest,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from base.i18n import translate
from bot.render import keyboard, text_of
from bot.services import Services
from bot.transport import NOT_SENT
from flows import follow_up
from flows.nudges import queue_due_nudges
from flows.recipient import language_at_send
from flows.reply import Keyboard
from flows.schedule import digest, outbox_hook
from flows.schedule.blocked import person_blocked
from flows.schedule.verdict import Hold, Send, Verdict
from flows.staff.recipients import may_receive
from storage.privacy.erasure import purge_daily
from storage.repos.outbox import OutboxMessage
from storage.tx import Tx

log = logging.getLogger(__name__)

BATCH = 100
IDLE_WAKE = timedelta(seconds=60)
SENDERS = 8  # sends in flight at once (and so rows a crash can leave in 'sending')
PER_CHAT_GAP = 1.0  # seconds between two messages to the same chat
SERVER_ERROR_PAUSE = 1.0  # seconds before a row that was surely not sent is tried again


def not_sent(exc: NetworkError) -> bool:
    """Whether a failed call surely did not reach the person, so trying again cannot show the
    message twice: Telegram answered with an error status (5xx; PTB raises such a NetworkError
    itself, with no cause), or the request never left this machine (no connection could be
    made, or none was free in the pool: PTB wraps httpx's ConnectError, ConnectTimeout and
    PoolTimeout, bot/transport.py aiohttp's equivalents). A read or write timeout, or a
    connection broken mid-call, may have been shown."""
    cause = exc.__cause__
    if cause is None:
        return not isinstance(exc, TimedOut)
    return isinstance(
        cause, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, *NOT_SENT)
    )


async def claim(tx: Tx, message: OutboxMessage, now: datetime) -> tuple[bool, Verdict, str]:
    """Decide on one row and claim it for sending: whether to send it now and how (a reminder
    is worded and given its buttons here), in which language (the recipient's, as chosen by
    now); rows no longer wanted are dropped or postponed."""
    # Another worker deciding on this row now skips it, and so does one after it was
    # claimed: each row goes out from exactly one worker.
    if not await tx.outbox.lock_pending(message.id):
        return False, None, message.language
    if not await may_receive(tx, message):
        await tx.schedule.drop(message.id, now)
        return False, None, message.language
    verdict = await outbox_hook.prepare(tx, message, now)
    if isinstance(verdict, Hold):
        if verdict.until is None:
            await tx.schedule.drop(message.id, now)
        else:
            await tx.schedule.postpone(message.id, verdict.until)
        return False, None, message.language
    language = await language_at_send(tx, message)
    return await tx.outbox.claim(message.id), verdict, language


def message_parts(message: OutboxMessage, verdict: Verdict, language: str) -> tuple[str, Keyboard]:
    """The text and buttons of a claimed row, in the language it goes out in."""
    if isinstance(verdict, Send):
        return text_of(verdict.parts, language), verdict.buttons
    return translate(language, message.message_key, message.params), ()


class OutboxDispatcher:
    """One loop that sleeps until the next due message (or a wake-up) and sends."""

    def __init__(self, bot: Bot, services: Services, *, per_chat_gap: float = PER_CHAT_GAP) -> None:
        self._bot = bot
        self._services = services
        self._per_chat_gap = per_chat_gap
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._senders = asyncio.Semaphore(SENDERS)
        self._last_sent: dict[int, float] = {}  # chat id -> time.monotonic() of the last send
        self.rounds_running = 0  # rounds in progress (the loop's and explicit ones)

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
        """Queue due nudges and digests, send every due message; return how many were sent."""
        self.rounds_running += 1
        try:
            return await self._round()
        finally:
            self.rounds_running -= 1

    async def _round(self) -> int:
        services = self._services
        now = services.clock.now()
        async with services.database.transaction() as tx:
            # One worker at a time runs the periodic jobs (others skip the round); what it
            # queues carries dedupe keys, so each nudge or digest is queued once per period.
            purged = None
            if await tx.workers.periodic_turn():
                purged = await purge_daily(tx, now)
                await queue_due_nudges(tx, now, services.flow_settings)
                await digest.queue_due(tx, now, services.settings.default_language)
                await follow_up.queue_due(tx, now, services.settings.default_language)
            due = await tx.outbox.due(now, BATCH)
        if purged is not None and purged.participants:
            # Erased rows are zeros in their pages now; the WAL still holds older copies.
            await services.database.scrub()
            log.info("retention: %d participant(s) anonymised", len(purged.participants))
        by_chat: dict[int, list[OutboxMessage]] = {}
        for message in due:
            by_chat.setdefault(message.chat_id, []).append(message)
        counts = await asyncio.gather(*(self._send_chat(m) for m in by_chat.values()))
        self._forget_old_chats()
        return sum(counts)

    async def _send_chat(self, messages: list[OutboxMessage]) -> int:
        """One chat's messages in order, a second apart."""
        sent = 0
        for message in messages:
            last = self._last_sent.get(message.chat_id)
            if last is not None and (gap := last + self._per_chat_gap - time.monotonic()) > 0:
                await asyncio.sleep(gap)
            async with self._senders:
                # The pace slot is taken before the claim, so a claimed row goes out at once:
                # a worker killed mid-send can lose only rows on the wire, not rows waiting
                # for their turn. Rows another worker has sent meanwhile are not waited for.
                if not await self._still_pending(message.id):
                    continue
                await self._wait_for_slot()
                claimed, verdict, language = await self._claim(message)
                if claimed:
                    sent += await self._send(message, verdict, language)
                    self._last_sent[message.chat_id] = time.monotonic()
        return sent

    async def _still_pending(self, message_id: int) -> bool:
        async with self._services.database.transaction() as tx:
            return await tx.outbox.is_pending(message_id)

    async def _wait_for_slot(self) -> None:
        """Keep the cap (KISBOT_SEND_RATE_PER_SECOND) for the whole deployment: every worker
        takes its turn from one pace row in the database. Real time, not the flows' clock."""
        gap = timedelta(seconds=1 / self._services.settings.send_rate_per_second)
        now = datetime.now(UTC)
        async with self._services.database.transaction() as tx:
            slot = await tx.workers.send_slot(now, gap)
        wait = (slot - now).total_seconds()
        if wait > 0:
            await asyncio.sleep(wait)

    def _forget_old_chats(self) -> None:
        if len(self._last_sent) > 10_000:
            cutoff = time.monotonic() - self._per_chat_gap
            self._last_sent = {c: t for c, t in self._last_sent.items() if t > cutoff}

    async def _claim(self, message: OutboxMessage) -> tuple[bool, Verdict, str]:
        """Decide on and claim one row in its own transaction, right before sending it; with
        the language it is worded in (the recipient's, as chosen by now)."""
        services = self._services
        async with services.database.transaction() as tx:
            return await claim(tx, message, services.clock.now())

    async def _send(self, message: OutboxMessage, verdict: Verdict, language: str) -> int:
        services = self._services
        text, buttons = message_parts(message, verdict, language)
        markup = keyboard(buttons, language)
        status = "sent"
        shown: int | None = None
        try:
            sent = await self._bot.send_message(message.chat_id, text, reply_markup=markup)
            shown = sent.message_id
        except Forbidden:
            status = "failed"
            async with services.database.transaction() as tx:
                await person_blocked(
                    tx, message.chat_id, services.clock.now(), services.flow_settings
                )
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
        except NetworkError as exc:
            if not not_sent(exc):
                # A timeout or a connection broken mid-call: it may have been shown. Never twice.
                status = "failed"
                log.warning("outbox message %d not sent: %s", message.id, type(exc).__name__)
            else:
                # A server error (5xx) or no connection: it was not sent. Try again shortly.
                async with services.database.transaction() as tx:
                    await tx.outbox.release(message.id)
                await asyncio.sleep(SERVER_ERROR_PAUSE)
                return 0
        except BadRequest as exc:
            status = "failed"
            log.warning("outbox message %d refused by Telegram: %s", message.id, exc.message)
        except TelegramError as exc:
            status = "failed"
            log.warning("outbox message %d not sent: %s", message.id, type(exc).__name__)
        async with services.database.transaction() as tx:
            await tx.outbox.settle(message.id, status, services.clock.now())  # type: ignore[arg-type]
            if isinstance(verdict, Send) and verdict.copy_of is not None and shown is not None:
                # A reply to this copy (Telegram's reply_to) finds its thread (flows/messages).
                await tx.threads.remember_copy(message.chat_id, shown, verdict.copy_of)
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
