"""Bring stored profiles up to date: score again every submitted reading whose profile is
missing (a database from before profiles were stored) or was scored with another
questionnaire file, catalogue or scoring code than this program's (a new release).

The bot does it in the background after it starts (`in_background`), so a new release
answers people at once however many readings it has to score again; `kisbot migrate` and
`kisbot db rescore` do it before they return. Readers never use an out-of-date profile
meanwhile (storage/repos/profiles.py, exports/scores.py score such a reading themselves), so
every figure is today's whichever readings are done: this only restores speed. A look at the
counts per questionnaire version comes first, so a database already up to date costs one
query. Each batch is its own short transaction: a crash loses at most the batch under way,
and the next run takes up what is still out of date.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from base.clock import Clock, SystemClock
from questionnaires.bundled import catalogue, questionnaire_of
from questionnaires.problems import QuestionnaireError
from questionnaires.scoring import scoring_key
from storage.database import database_errors

if TYPE_CHECKING:
    from storage.database import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Version:
    questionnaire_id: str
    questionnaire_version: int


# Readings scored per transaction. Scoring one takes about 0.7 ms on the machine of
# BENCHMARKS.md, all of it inside the transaction (on SQLite: the write lock and this
# process's event loop), so a batch holds up a running bot's steps about 7 ms at most.
BATCH = 10
# The bot's pause after a batch while it has other work, as a multiple of the batch's own
# time: the catch-up then takes at most a fifth of the event loop, and people's steps keep the
# rest even when they come without pause. An idle bot goes on at once.
PACE = 4.0
# Other work is seen as the time a turn of the event loop takes (sleep(0) returns after the
# callbacks that were ready): longer than this, and the bot is busy.
BUSY_TURN = 0.001


async def out_of_date(db: Database, *, everything: bool = False) -> list[tuple[int, str]]:
    """(reading id, today's key) of the submitted readings whose stored profile is not
    today's (of every submitted reading when everything is set), in id order."""
    todo: list[tuple[int, str]] = []
    # A snapshot outside the write lock: on a big club these queries take tens of ms.
    async with db.reading() as tx:
        for questionnaire_id, version, key, _ in await tx.profiles.key_counts():
            try:
                q = questionnaire_of(_Version(questionnaire_id, version))
                today = scoring_key(q, catalogue())
            except QuestionnaireError:
                # A version this program does not ship: its readings are scored by nobody
                # here; reading them reports the missing file, as before profiles existed.
                continue
            if everything or key != today:
                ids = await tx.profiles.scored_otherwise(
                    questionnaire_id, version, "" if everything else today
                )
                todo += [(reading_id, today) for reading_id in ids]
    return sorted(set(todo))


async def rescore_out_of_date(
    db: Database,
    *,
    everything: bool = False,
    clock: Clock | None = None,
    batch: int = BATCH,
    pace: float = 0.0,
    after_batch: Callable[[int], Awaitable[None]] | None = None,
) -> int:
    """Score again the submitted readings whose stored profile is not today's (every submitted
    reading when everything is set), `batch` per transaction, pausing `pace` times a batch's
    time after it when other work was waiting; how many were scored. after_batch gets the
    count so far once each batch is committed."""
    todo = await out_of_date(db, everything=everything)
    done = 0
    for start in range(0, len(todo), batch):
        chunk = todo[start : start + batch]
        began = time.monotonic()
        async with db.transaction() as tx:
            now = (clock or SystemClock()).now()
            ids = [reading_id for reading_id, _ in chunk]
            # An erasure of one of these people waits for this batch, then deletes its work.
            await tx.profiles.hold_for_scoring(ids)
            # Another process (a second worker, `kisbot db rescore`) may have done some since.
            stored = {} if everything else await tx.profiles.keys(ids)
            for reading_id, today in chunk:
                if stored.get(reading_id) != today:
                    await tx.readings.rescore(reading_id, now)
        took = time.monotonic() - began
        done += len(chunk)
        if after_batch is not None:
            await after_batch(done)
        # Steps that arrived meanwhile go first; when there were some, a pause for more.
        turn = time.monotonic()
        await asyncio.sleep(0)
        if pace and time.monotonic() - turn > BUSY_TURN:
            await asyncio.sleep(pace * took)
    return len(todo)


async def in_background(db: Database, clock: Clock | None = None) -> None:
    """What the bot runs as a task after it starts: rescore_out_of_date in short batches,
    logged (counts only). A database error ends it with a warning: readers score what is
    left themselves, and the next start takes it up again."""
    started = time.monotonic()
    try:
        count = await rescore_out_of_date(db, clock=clock, pace=PACE)
    except database_errors() as exc:
        log.warning(
            "scoring stored profiles again stopped (%s); they are scored at the next start, "
            "or with `kisbot db rescore`",
            type(exc).__name__,
        )
        return
    except Exception:
        # A fault of this program, not of the data: logged whole, the bot answers on.
        log.exception("scoring stored profiles again failed")
        return
    if count:
        log.info(
            "stored profiles up to date: %d scored again in %.1f s",
            count,
            time.monotonic() - started,
        )
