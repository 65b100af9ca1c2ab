"""Reads after the commit: what a step hands over as `Later` replies is read here, on a
read-only snapshot outside the write lock, so a leader's export never makes a participant's
step wait (docs/ARCHITECTURE.md, "Reads that never block steps")."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import replace

from flows.context import FlowContext
from flows.reply import Later, Reply
from storage.database import Database
from storage.tx import Tx

Opener = Callable[[], AbstractAsyncContextManager[Tx]]
Read = Callable[[Tx], Awaitable[list[Reply]]]


def later(
    ctx: FlowContext,
    build: Callable[[FlowContext], Awaitable[list[Reply]]],
    *,
    heavy: bool = False,
) -> Later:
    """build(ctx) run after the commit, with ctx's transaction replaced by a read-only one."""

    async def read(tx: Tx) -> list[Reply]:
        return await build(replace(ctx, tx=tx))

    return Later(read, heavy)


async def complete(database: Database, replies: list[Reply]) -> list[Reply]:
    """The replies with every Later read and put in its place (call after the commit)."""
    if not any(isinstance(reply, Later) for reply in replies):
        return replies
    done: list[Reply] = []
    for reply in replies:
        if isinstance(reply, Later):
            done += await _read(database, reply)
        else:
            done.append(reply)
    return done


async def _read(database: Database, reply: Later) -> list[Reply]:
    opener = database.snapshot_opener() if reply.heavy else None
    if opener is None:
        async with database.reading() as tx:
            return await reply.read(tx)
    # Building a big export is seconds of Python: on the bot's own event loop it would stall
    # every step for that long, whatever connection it read from.
    return await asyncio.to_thread(_on_own_loop, opener, reply.read)


def _on_own_loop(opener: Opener, read: Read) -> list[Reply]:
    async def run() -> list[Reply]:
        async with opener() as tx:
            return await read(tx)

    return asyncio.run(run())
