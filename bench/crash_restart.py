"""Crash-restart: participants walk the questionnaire while `python -m bot run` is killed
with SIGKILL at random moments and started again; then every acknowledged answer is
looked up in the database.

    python -m bench.crash_restart --participants 30 --kills 25 --seed 1

A reply lost in a crash leaves the person waiting; after --step-timeout seconds they send
/start, as a person would, and go on from whatever the bot shows.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench.loadserver import LoadServer
from bench.people import Person
from bench.population import invite_many
from bench.procs import KISBOT, BotProcess, bot_env, first_poll, start_bot
from bench.verify import verify
from bench.walker import WalkResult, walk
from questionnaires.loader import load_bundled


class Restarter:
    """Keeps one bot process running and kills it when told."""

    def __init__(self, server: LoadServer, db_path: Path, log_path: Path) -> None:
        self.server = server
        self.env = bot_env(server, db_path)
        self.log_path = log_path
        self.bot: BotProcess | None = None
        self.kills = 0

    async def start(self) -> None:
        since = len(self.server.calls)
        self.bot = await start_bot(KISBOT, self.env, self.log_path)
        await first_poll(self.server, since)

    async def kill_and_restart(self) -> None:
        assert self.bot is not None
        await self.bot.kill()
        self.kills += 1
        await self.start()

    async def stop(self) -> None:
        if self.bot is not None:
            await self.bot.terminate()


async def killer(restarter: Restarter, kills: int, rng: random.Random, gap: float) -> None:
    for _ in range(kills):
        await asyncio.sleep(rng.uniform(0.05, gap))
        await restarter.kill_and_restart()


async def main_async(args: argparse.Namespace) -> int:
    rng = random.Random(args.seed)
    q = load_bundled("diagnosis_participant")
    with tempfile.TemporaryDirectory(prefix="kisbot-crash-") as tmp:
        db_path = Path(tmp) / "crash.sqlite3"
        invited = await invite_many(db_path, args.participants)
        async with LoadServer() as server:
            restarter = Restarter(server, db_path, Path(tmp) / "bot.log")
            await restarter.start()
            people = [Person.create(server, inv.telegram_id) for inv in invited]
            deadline = time.monotonic() + args.duration
            walks = asyncio.gather(
                *(
                    walk(p, inv, q, step_timeout=args.step_timeout, deadline=deadline)
                    for p, inv in zip(people, invited, strict=True)
                )
            )
            try:
                await killer(restarter, args.kills, rng, args.gap)
                results: list[WalkResult] = await walks
            finally:
                await restarter.stop()
            verdict = verify(server, db_path)
            redelivered = _redelivered(server)
        finished = sum(r.finished for r in results)
        retries = sum(r.timeouts for r in results)
        print(f"kills: {restarter.kills}")
        print(f"participants: {len(results)}, finished: {finished}", end=", ")
        print(f"/start after a lost reply: {retries}")
        print(f"updates delivered again after a kill: {redelivered}")
        print(verdict.line())
        ok = (
            verdict.found == verdict.acknowledged
            and verdict.duplicated == 0
            and verdict.misplaced == 0
            and verdict.ends_submitted(finished)
            and restarter.kills >= args.kills
        )
        print("result:", "OK" if ok else "FAILED")
        return 0 if ok else 1


def _redelivered(server: LoadServer) -> int:
    """Updates handed out by more than one getUpdates (fetched, then the bot was killed
    before its next poll confirmed them)."""
    seen: Counter[int] = Counter()
    for call in server.calls:
        if call.method == "getUpdates" and call.result:
            seen.update(int(u["update_id"]) for u in call.result)
    return sum(1 for n in seen.values() if n > 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument("--kills", type=int, default=25, help="SIGKILLs during the load")
    parser.add_argument("--gap", type=float, default=3.0, help="longest time between kills, s")
    parser.add_argument("--step-timeout", type=float, default=5.0, help="wait for a reply, s")
    parser.add_argument("--duration", type=float, default=600.0, help="upper bound of the run")
    parser.add_argument("--seed", type=int, default=1)
    raise SystemExit(asyncio.run(main_async(parser.parse_args())))


if __name__ == "__main__":
    main()
