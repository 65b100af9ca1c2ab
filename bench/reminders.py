"""Session reminders at scale: N due reminders for N participants, dispatched by kisbot's
outbox against the fake Bot API server (in process), which answers 429 like Telegram would
when the bot goes over about 30 messages a second overall or 1 a second to one chat.

    python -m bench.reminders                 # 10,000 reminders, the configured cap (25/s)
    python -m bench.reminders --count 1000 --rate 25

Prints the achieved messages per second against the cap, 429s received, duplicates and lost.
Goal: at least 95 % of the cap, no 429, no duplicate, nothing lost.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from base.clock import ManualClock
from flows.schedule import planning
from storage.db import open_database
from storage.timefmt import to_db
from tests.fakebot.server import FakeBotApi
from tests.fakebot.state import ApiError, Call
from tests.harness import Kisbot, settings_for

FIRST_ID = 5_000_000
FAKE_TELEGRAM_CAP = 30.0  # messages per second overall (a bucket of 30, refilled 30 a second)
PER_CHAT_GAP = 1.0


class LimitingServer(FakeBotApi):
    """Answers sendMessage with 429 when Telegram's limits would be broken."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.tokens = FAKE_TELEGRAM_CAP
        self.refilled = time.monotonic()
        self.last_to_chat: dict[int, float] = {}
        self.too_many = 0

    async def _apply_fault(self, call: Call) -> None:
        if call.method != "sendMessage":
            return
        now = call.at
        self.tokens = min(
            FAKE_TELEGRAM_CAP, self.tokens + (now - self.refilled) * FAKE_TELEGRAM_CAP
        )
        self.refilled = now
        chat = call.params.get("chat_id")
        previous = self.last_to_chat.get(chat) if isinstance(chat, int) else None
        if self.tokens < 1 or (previous is not None and now - previous < PER_CHAT_GAP):
            self.too_many += 1
            raise ApiError(429, "Too Many Requests: retry after 1", {"retry_after": 1})
        self.tokens -= 1
        if isinstance(chat, int):
            self.last_to_chat[chat] = now


async def _populate(db_path: Path, count: int, now: datetime) -> int:
    """A club, `count` joined participants and one session tomorrow for the whole club."""
    database = await open_database(str(db_path))
    try:
        async with database.transaction() as tx:
            club = await tx.clubs.create("KIS Bench", "KIS", "Europe/Warsaw", now)
            await tx.conn.many(
                "INSERT INTO participants (club_id, display_name, telegram_id, status, consent, "
                "created_at) VALUES (?, ?, ?, 'joined', 'given', ?)",
                [(club.id, f"P{n}", FIRST_ID + n, to_db(now)) for n in range(count)],
            )
            await planning.create(
                tx,
                club.id,
                planning.Plan(
                    kind="group_workshop",
                    title="Spotkanie w klubie",
                    place="sala 2",
                    starts_at=now + timedelta(hours=20),
                    duration_minutes=60,
                    audience="club",
                ),
                "bench",
                now - timedelta(hours=1),
                "pl",
            )
        return club.id
    finally:
        await database.close()


async def run(count: int, rate: float) -> dict[str, float]:
    # Tuesday 17:00 UTC = 18:00 in Warsaw: the day-before reminders are due now.
    now = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "bench.sqlite3"
        populate_started = time.monotonic()
        await _populate(db_path, count, now - timedelta(hours=1))
        populated = time.monotonic() - populate_started
        async with LimitingServer(timeout=30.0) as server:
            for n in range(count):
                server.user(FIRST_ID + n, f"P{n}")
            settings = settings_for(
                server, db_path, KISBOT_SEND_RATE_PER_SECOND=rate, KISBOT_LOG_LEVEL="WARNING"
            )
            bot = Kisbot(server, settings, ManualClock(now))
            started = time.monotonic()
            await bot.start()  # the outbox loop starts and sends by itself
            try:
                while True:
                    sent = [
                        c for c in server.calls if c.method == "sendMessage" and c.status == 200
                    ]
                    if len(sent) >= count or time.monotonic() - started > count / rate * 3 + 60:
                        break
                    await asyncio.sleep(0.5)
                await asyncio.sleep(2.0)  # anything late (a duplicate) would show up now
            finally:
                await bot.stop()
            delivered = [c for c in server.calls if c.method == "sendMessage" and c.status == 200]
            per_chat: dict[int, int] = {}
            for call in delivered:
                chat = call.params["chat_id"]
                per_chat[chat] = per_chat.get(chat, 0) + 1
            first, last = delivered[0].at, delivered[-1].at
            achieved = (len(delivered) - 1) / (last - first) if last > first else 0.0
            return {
                "count": count,
                "cap": rate,
                "achieved": achieved,
                "share": achieved / rate,
                "too_many": server.too_many,
                "duplicates": sum(n - 1 for n in per_chat.values() if n > 1),
                "lost": count - len(per_chat),
                "populate_s": populated,
                "dispatch_s": last - first,
            }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="participants and reminders")
    parser.add_argument("--rate", type=float, default=25.0, help="KISBOT_SEND_RATE_PER_SECOND")
    args = parser.parse_args()
    result = asyncio.run(run(args.count, args.rate))
    print(
        f"reminders:        {result['count']:.0f} (database filled in {result['populate_s']:.1f} s)"
    )
    print(
        f"achieved:         {result['achieved']:.2f} messages/s of the {result['cap']:.0f}/s cap "
        f"({result['share']:.1%}) over {result['dispatch_s']:.1f} s"
    )
    print(f"429s received:    {result['too_many']:.0f}")
    print(f"duplicates:       {result['duplicates']:.0f}")
    print(f"lost:             {result['lost']:.0f}")
    goal = result["share"] >= 0.95 and not result["too_many"]
    goal = goal and not result["duplicates"] and not result["lost"]
    print("goal met" if goal else "goal NOT met")


if __name__ == "__main__":
    main()
