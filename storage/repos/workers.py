"""What several bot workers on one database agree on: periodic jobs and the send pace.

On SQLite there is one process and its transactions are serialised, so the periodic lock is
always granted; the pace row works the same on both.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from storage.repos.base import Repository
from storage.timefmt import from_db, to_db

# Advisory lock keys above 2**52, so they never equal a Telegram id (a person's lock key).
PERIODIC_LOCK_KEY = 0x7A11_0000_0000_0002
_PACE_KEY = "send_pace_next_at"


class WorkersRepo(Repository):
    """Coordination between worker processes, inside the caller's transaction."""

    async def periodic_turn(self) -> bool:
        """Hold the periodic jobs' lock until this transaction ends; False when another
        worker holds it now (it is queueing what is due, so this one skips the round)."""
        if self._conn.dialect != "postgres":
            return True
        row = await self._one("SELECT pg_try_advisory_xact_lock(?)", (PERIODIC_LOCK_KEY,))
        return bool(row is not None and row[0])

    async def send_slot(self, now: datetime, gap: timedelta) -> datetime:
        """The moment the next message sent on the bot's own may go: the deployment's next
        free slot (never before now); the slot after it is reserved `gap` later. The row is
        locked until the transaction ends, so two workers never take the same slot."""
        # The row exists before it is locked, so two first-ever sends cannot both miss it.
        await self._run(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
            (_PACE_KEY, to_db(now)),
        )
        lock = " FOR UPDATE" if self._conn.dialect == "postgres" else ""
        row = await self._one(
            "SELECT value FROM meta WHERE key = ?" + lock,  # noqa: S608 - fixed fragments
            (_PACE_KEY,),
        )
        slot = max(now, from_db(str(row["value"]))) if row is not None else now
        await self._run(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (_PACE_KEY, to_db(slot + gap)),
        )
        return slot
