"""Intake load: N participants walk the whole questionnaire at once through `python -m bot
run`, then the same number of updates against a bare PTB echo bot (the baseline).

    python -m bench.intake_load --participants 300

Prints updates/second and delivery-to-first-reply latency for each, the throughput ratio
kisbot/baseline last. Only 127.0.0.1 is contacted; every run is bounded by --duration.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.loadserver import LoadServer
from bench.people import Person, replies
from bench.population import invite_many
from bench.procs import ECHO, KISBOT, BotProcess, bot_env, first_poll, start_bot
from bench.stats import latency_line
from bench.walker import WalkResult, reading_time, walk
from questionnaires.loader import load_bundled

NOLIMIT = ["bench.kisbot_nolimit", "run"]


@dataclass
class Figures:
    label: str
    updates: int
    seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.updates / self.seconds if self.seconds > 0 else 0.0

    def lines(self) -> list[str]:
        return [
            f"{self.label}: {self.updates} updates in {self.seconds:.2f} s = "
            f"{self.rate:.1f} updates/s",
            latency_line(self.label, self.latencies),
        ]


def figures(label: str, server: LoadServer) -> Figures:
    start = server.first_update_at or 0.0
    return Figures(label, server.replied, server.last_reply_at - start, server.latencies)


async def run_kisbot(
    module: list[str], participants: int, workdir: Path, duration: float, think: float = 0.0
) -> tuple[Figures, list[list[str]], list[WalkResult], Path]:
    """The walk through kisbot; also returns each person's update kinds for the baseline."""
    q = load_bundled("diagnosis_participant")
    db_path = workdir / f"{module[0]}.sqlite3"
    invited = await invite_many(db_path, participants)
    async with LoadServer() as server:
        bot = await start_bot(module, bot_env(server, db_path), workdir / f"{module[0]}.log")
        try:
            await first_poll(server, 0)
            people = [Person.create(server, inv.telegram_id) for inv in invited]
            deadline = time.monotonic() + duration
            pairs = zip(people, invited, strict=True)
            walks = (walk(p, i, q, deadline=deadline, think=think) for p, i in pairs)
            results = await asyncio.gather(*walks)
        finally:
            await bot.terminate()
        kinds = [[next(k for k in u.update if k != "update_id") for u in p.history] for p in people]
        return figures(" ".join(module), server), kinds, list(results), db_path


async def echo_walk(
    person: Person, kinds: list[str], deadline: float, within: float, think: float
) -> None:
    """The same sequence of update kinds, each waiting for the echo's one reply."""
    for index, kind in enumerate(kinds):
        if time.monotonic() >= deadline:
            return
        if think and index:
            await asyncio.sleep(reading_time(think, person.chat_id, index))
        since = len(person.inbox.calls)
        if kind == "callback_query":
            shown = person.server.world.bot_messages(person.chat_id)
            person.press(shown[-1].data, "1:x:y")
        else:
            person.send("Dzień dobry")
        await person.inbox.wait_for(since, replies, within)


async def run_echo(
    kinds: list[list[str]], workdir: Path, duration: float, think: float = 0.0
) -> Figures:
    async with LoadServer() as server:
        bot: BotProcess = await start_bot(
            ECHO, bot_env(server, workdir / "unused.sqlite3"), workdir / "echo.log"
        )
        try:
            await first_poll(server, 0)
            people = [Person.create(server, 10_000_001 + n) for n in range(len(kinds))]
            deadline = time.monotonic() + duration
            pairs = zip(people, kinds, strict=True)
            await asyncio.gather(*(echo_walk(p, k, deadline, 30.0, think) for p, k in pairs))
        finally:
            await bot.terminate()
        return figures("echo baseline (bare PTB)", server)


async def main_async(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="kisbot-bench-") as tmp:
        workdir = Path(tmp)
        module = NOLIMIT if args.no_rate_limit else KISBOT
        kis, kinds, results, _ = await run_kisbot(
            module, args.participants, workdir, args.duration, args.think
        )
        done = sum(r.finished for r in results)
        timeouts = sum(r.timeouts for r in results)
        print(
            f"participants: {args.participants}, finished the questionnaire: {done}, "
            f"steps without a reply in 30 s: {timeouts}"
        )
        base = await run_echo(kinds, workdir, args.duration, args.think)
        for line in [*kis.lines(), *base.lines()]:
            print(line)
        ratio = kis.rate / base.rate if base.rate else 0.0
        print(f"throughput ratio kisbot/baseline: {ratio:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=300, help="simulated people")
    parser.add_argument(
        "--duration", type=float, default=600.0, help="stop each run after this many seconds"
    )
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="seconds each person waits before each press (0: as fast as the bot answers)",
    )
    parser.add_argument(
        "--no-rate-limit",
        action="store_true",
        help="diagnostic: run kisbot with its send-rate cap lifted (bench.kisbot_nolimit)",
    )
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
