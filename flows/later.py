"""Reads after the commit: what a step hands over as `Later` replies is read here, on a
read-only snapshot outside the write lock, so a leader's export never makes a participant's
step wait (docs/ARCHITECTURE.md, "Reads that never block steps").

An export is an `Export` job: a module-level builder and plain arguments, so that another
process can run it (bot/export_workers.py); without one it runs in a thread, as before."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import replace
from typing import Concatenate, ParamSpec, Protocol

from base.i18n import Text
from flows.context import FlowContext
from flows.reply import Document, Export, Later, Message, Reply
from storage.database import Database
from storage.tx import Tx

log = logging.getLogger(__name__)

Opener = Callable[[], AbstractAsyncContextManager[Tx]]
Read = Callable[[Tx], Awaitable[list[Reply]]]
P = ParamSpec("P")


def later(ctx: FlowContext, build: Callable[[FlowContext], Awaitable[list[Reply]]]) -> Later:
    """build(ctx) run after the commit, with ctx's transaction replaced by a read-only one, on
    the bot's event loop (a short read: the card, a list)."""

    async def read(tx: Tx) -> list[Reply]:
        return await build(replace(ctx, tx=tx))

    return Later(read)


def export(
    ctx: FlowContext,
    language: str,
    build: Callable[Concatenate[FlowContext, P], Awaitable[list[Reply]]],
    *args: P.args,
    **kwargs: P.kwargs,
) -> Later:
    """build(ctx, *args, **kwargs) run after the commit on a snapshot of its own, in the export
    worker process when there is one (else in a thread): seconds of Python that must not hold
    the interpreter the bot's event loop needs. build must be a module-level function."""
    if "<locals>" in build.__qualname__:
        # A closure cannot reach another process; failing here shows it in every test run.
        raise TypeError(f"{build.__qualname__}: an export's builder must be module-level")
    job = Export(build, args, kwargs, ctx.now, ctx.settings, ctx.bot_username, language)
    return Later(job.run, export=job)


class ExportFailed(Exception):
    """The export could not be made (its worker ended or ran over its time); the reason is for
    the operator's log and holds no personal data."""


class ExportRunner(Protocol):
    """Runs an export elsewhere (bot/export_workers.ExportWorkers)."""

    async def run(self, opener: Opener, job: Export) -> list[Reply]:
        """The job's replies, documents drawn; raises ExportFailed."""
        ...


async def complete(
    database: Database, replies: list[Reply], runner: ExportRunner | None = None
) -> list[Reply]:
    """The replies with every Later read and put in its place (call after the commit)."""
    if not any(isinstance(reply, Later) for reply in replies):
        return replies
    done: list[Reply] = []
    for reply in replies:
        if isinstance(reply, Later):
            done += await _read(database, reply, runner)
        else:
            done.append(reply)
    return done


async def _read(database: Database, reply: Later, runner: ExportRunner | None) -> list[Reply]:
    opener = database.snapshot_opener() if reply.export is not None else None
    if reply.export is None or opener is None:
        # A short read, or a database no other connection sees (in-memory SQLite).
        async with database.reading() as tx:
            return await reply.read(tx)
    if runner is None:
        # Building a big export is seconds of Python: on the bot's own event loop it would
        # stall every step for that long, whatever connection it read from.
        return await asyncio.to_thread(_on_own_loop, opener, reply.read)
    try:
        return await runner.run(opener, reply.export)
    except ExportFailed as exc:
        log.error("an export could not be made: %s", exc)
        return [Message((Text("error.generic"),), language=reply.export.language)]


def _on_own_loop(opener: Opener, read: Read) -> list[Reply]:
    async def run() -> list[Reply]:
        async with opener() as tx:
            return await read(tx)

    return asyncio.run(run())


async def run_export(opener: Opener, job: Export) -> list[Reply]:
    """The job's replies with every document drawn (in an export worker process)."""
    async with opener() as tx:
        replies = await job.run(tx)
    return [drawn(reply) for reply in replies]


def drawn(reply: Reply) -> Reply:
    """A Document whose content is a function, with its bytes made now."""
    if isinstance(reply, Document) and not isinstance(reply.content, bytes):
        return replace(reply, content=reply.content())
    return reply
