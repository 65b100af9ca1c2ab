"""Several workers on PostgreSQL under the intake load, one killed with SIGKILL at random
moments and started again (as systemd or compose would): nothing acknowledged is lost,
nothing runs twice, each session reminder goes out once. Needs a PostgreSQL server:

    tools/with_postgres python -m bench.workers --participants 40 --kills 6

For 1, 2 and 4 `python -m bot run --webhook-url ...` processes (--workers) on a fresh
database each: participants walk the whole questionnaire through the fake Bot API server,
which delivers updates as Telegram does (one at a time per chat, again until a worker
answers 200, to the next worker when one is down); a second club gets one session whose
one-hour reminder falls due during the run. Prints, per worker count: updates per second,
answers acknowledged / found / duplicated / misplaced, reminders sent per person.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bench.loadserver import LoadServer
from bench.people import Person
from bench.population import invite_many, reminded_club
from bench.procs import BotProcess, bot_env, free_port, listening, start_webhook_worker
from bench.verify import Verdict, verify_in
from bench.walker import WalkResult, walk
from questionnaires.loader import load_bundled
from storage.db import Database, open_database
from tests.fakebot.webhook import WebhookPusher

SECRET = "bench-workers-secret-0123456789abcdefghij"  # noqa: S105 - a fake token
HOOK = "https://bench.example/hook"
REMINDED_FIRST_ID = 7_000_000
REMINDED_LAST_ID = 8_000_000  # the walkers' ids (bench.population) are far above
REMINDER_DUE_AFTER = 8.0  # seconds into the run


@dataclass
class Run:
    workers: int
    seconds: float
    updates: int
    kills: int
    verdict: Verdict
    walks: list[WalkResult]
    reminders: Counter[int]  # person -> messages missing or repeated (0: each once)
    reminded_people: int
    statuses: Counter[str]  # of the reminder rows

    @property
    def rate(self) -> float:
        return self.updates / self.seconds if self.seconds else 0.0

    @property
    def reminders_once(self) -> bool:
        return len(self.reminders) == self.reminded_people and not any(self.reminders.values())

    @property
    def ok(self) -> bool:
        v = self.verdict
        return (
            v.found == v.acknowledged
            and v.duplicated == 0
            and v.misplaced == 0
            and v.ends_submitted(sum(r.finished for r in self.walks))
            and (self.reminders_once)
        )


class Pool:
    """N worker processes on their ports; kill_one() kills one at random and restarts it."""

    def __init__(self, env: dict[str, str], ports: list[int], logs: Path) -> None:
        self.env = env
        self.ports = ports
        self.logs = logs
        self.workers: dict[int, BotProcess] = {}
        self.kills = 0

    async def start(self, port: int) -> None:
        log = self.logs / f"worker-{port}.log"
        self.workers[port] = await start_webhook_worker(port, self.env, log, HOOK, SECRET)
        await listening(port)

    async def start_all(self) -> None:
        await asyncio.gather(*(self.start(p) for p in self.ports))

    async def kill_one(self, rng: random.Random) -> None:
        port = rng.choice(self.ports)
        await self.workers[port].kill()
        self.kills += 1
        await self.start(port)

    async def stop(self) -> None:
        await asyncio.gather(*(w.terminate() for w in self.workers.values()))


async def _killer(pool: Pool, kills: int, rng: random.Random, gap: float) -> None:
    for _ in range(kills):
        await asyncio.sleep(rng.uniform(0.2, gap))
        await pool.kill_one(rng)


def _database_url(server_url: str, name: str) -> str:
    return urlsplit(server_url)._replace(path=f"/{name}").geturl()


async def _fresh_database(server_url: str) -> str:
    import psycopg

    name = f"kisbot_bench_{uuid.uuid4().hex[:10]}"
    async with await psycopg.AsyncConnection.connect(server_url, autocommit=True) as admin:
        await admin.execute(f'CREATE DATABASE "{name}"')
    url = _database_url(server_url, name)
    await (await open_database(url)).close()  # migrated once, before the workers start
    return url


async def run_once(args: argparse.Namespace, workers: int, server_url: str, tmp: Path) -> Run:
    rng = random.Random(args.seed * 100 + workers)
    url = await _fresh_database(server_url)
    invited = await invite_many(url, args.participants)  # type: ignore[arg-type]
    reminded = await reminded_club(url, REMINDED_FIRST_ID, args.reminded, REMINDER_DUE_AFTER)
    q = load_bundled("diagnosis_participant")
    async with LoadServer() as server:
        env = bot_env(server, tmp / "unused.sqlite3", KISBOT_DATABASE_URL=url)
        pool = Pool(env, [free_port() for _ in range(workers)], tmp)
        await pool.start_all()
        endpoints = [f"http://127.0.0.1:{port}/hook" for port in pool.ports]
        async with WebhookPusher(server, endpoints, SECRET) as pusher:
            people = [Person.create(server, inv.telegram_id) for inv in invited]
            for telegram_id in reminded:
                Person.create(server, telegram_id)  # known to Telegram, so reachable
            started = time.monotonic()
            deadline = started + args.duration
            walks = asyncio.gather(
                *(
                    walk(p, inv, q, step_timeout=args.step_timeout, deadline=deadline)
                    for p, inv in zip(people, invited, strict=True)
                )
            )
            try:
                await _killer(pool, args.kills, rng, args.gap)
                results: list[WalkResult] = await walks
                seconds = time.monotonic() - started
                # The reminders fall due during the run; give their sends time to end.
                await asyncio.sleep(max(0.0, started + REMINDER_DUE_AFTER + 10 - time.monotonic()))
            finally:
                await pool.stop()
            updates = len(pusher.answered)
        database = await open_database(url)
        try:
            verdict = await verify_in(server, database)
            reminders, statuses = await _reminders(server, database)
        finally:
            await database.close()
    return Run(
        workers,
        seconds,
        updates,
        pool.kills,
        verdict,
        results,
        reminders,
        len(reminded),
        statuses,
    )


async def _reminders(server: LoadServer, database: Database) -> tuple[Counter[int], Counter[str]]:
    """Per person of the reminder club, how many of their outbox messages (the session's
    one-hour reminder) Telegram got more or fewer times than once: 0 everywhere is right.
    And the statuses of their outbox rows."""
    async with database.transaction() as tx:
        rows = await tx.conn.all(
            "SELECT chat_id, status FROM outbox WHERE chat_id >= ? AND chat_id < ?",
            (REMINDED_FIRST_ID, REMINDED_LAST_ID),
        )
    statuses = Counter(str(r[1]) for r in rows)
    expected = Counter(int(r[0]) for r in rows)
    texts: dict[int, Counter[str]] = {}
    for call in server.calls:
        chat = int(call.params.get("chat_id", 0) or 0)
        if call.method == "sendMessage" and call.status == 200 and chat in expected:
            texts.setdefault(chat, Counter())[str(call.params.get("text"))] += 1
    off = Counter(
        {
            chat: abs(sum(texts.get(chat, Counter()).values()) - n)
            + sum(k - 1 for k in texts.get(chat, Counter()).values() if k > 1)
            for chat, n in expected.items()
        }
    )
    return off, statuses


def _print(run: Run) -> None:
    finished = sum(r.finished for r in run.walks)
    retries = sum(r.timeouts for r in run.walks)
    print(
        f"workers: {run.workers}  kills: {run.kills}  participants finished: "
        f"{finished}/{len(run.walks)}  /start after a lost reply: {retries}"
    )
    print(f"  {run.updates} updates in {run.seconds:.1f} s = {run.rate:.1f} updates/s")
    print(f"  {run.verdict.line()}")
    exact = sum(1 for n in run.reminders.values() if n == 0)
    print(
        f"  reminder club: {run.reminded_people} people; their outbox messages (the one-hour "
        f"reminder) each received exactly once by {exact} (rows: "
        + ", ".join(f"{k} {v}" for k, v in sorted(run.statuses.items()))
        + ")"
    )
    print("  result:", "OK" if run.ok else "FAILED")


async def main_async(args: argparse.Namespace) -> int:
    server_url = args.database_url or os.environ.get("KISBOT_TEST_DATABASE_URL")
    if not server_url:
        print("KISBOT_TEST_DATABASE_URL is not set: run under tools/with_postgres")
        return 2
    runs = []
    with tempfile.TemporaryDirectory(prefix="kisbot-workers-") as tmp:
        for workers in args.workers:
            run = await run_once(args, workers, server_url, Path(tmp))
            _print(run)
            runs.append(run)
    print("throughput: " + ", ".join(f"{r.workers} worker(s) {r.rate:.1f}/s" for r in runs))
    return 0 if all(r.ok for r in runs) else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=40)
    parser.add_argument("--reminded", type=int, default=40, help="people of the reminder club")
    parser.add_argument(
        "--workers", type=lambda s: [int(x) for x in s.split(",")], default=[1, 2, 4]
    )
    parser.add_argument("--kills", type=int, default=6, help="SIGKILLs per worker count")
    parser.add_argument("--gap", type=float, default=4.0, help="longest time between kills, s")
    parser.add_argument("--step-timeout", type=float, default=10.0, help="wait for a reply, s")
    parser.add_argument("--duration", type=float, default=300.0, help="upper bound per run, s")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", help="a PostgreSQL server (default: the test one)")
    raise SystemExit(asyncio.run(main_async(parser.parse_args())))


if __name__ == "__main__":
    main()
