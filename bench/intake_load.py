"""Intake load: N participants walk the whole questionnaire at once through `python -m bot
run`, through the fair peer (bench/peer_bot.py: a conventional PTB ConversationHandler bot asking
the same questionnaire with the same calls per step) and the same number of updates against a
bare PTB echo bot.

    python -m bench.intake_load --participants 300

Prints, side by side from one run: updates/second, delivery-to-first-reply latency, the
bot process's CPU seconds per update and the bench process's own CPU (the fake server and the
people: near a whole core, the load generator itself delays updates) for each; the ratios
kisbot/peer and kisbot/echo last.
Only 127.0.0.1 is contacted; every run is bounded by --duration.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import tempfile
import time
from collections.abc import Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from bench.loadserver import LoadServer
from bench.people import Person, replies
from bench.population import Invited, invite_many
from bench.procs import ECHO, KISBOT, PEER, BotProcess, bot_env, first_poll, start_bot
from bench.stats import percentile
from bench.walker import WalkResult, reading_time, walk
from questionnaires.loader import load_bundled

T = TypeVar("T")
NOLIMIT = ["bench.kisbot_nolimit", "run"]
PROBE = ["bench.kisbot_probe", "run"]
SETTLED_AFTER = 10.0


@dataclass
class Figures:
    label: str
    updates: int
    seconds: float
    latencies: list[float]
    cpu: float = 0.0  # the bot process's CPU seconds over the run
    # Seconds the bot's main thread was ready to run but had no core: the machine's share.
    waited: float = 0.0
    # The bench process's own CPU seconds over the same run: the fake Telegram server and every
    # simulated person. Near one core's worth, it is the load generator that queues updates.
    driver_cpu: float = 0.0
    walk_seconds: float = 0.0
    delivered_at: list[float] = field(default_factory=list)

    def settled(self, after: float = SETTLED_AFTER) -> list[float]:
        """Latencies of the updates delivered after the first `after` seconds: all people start
        at the same instant, and the first of those updates queue behind each other."""
        start = min(self.delivered_at, default=0.0)
        pairs = zip(self.latencies, self.delivered_at, strict=True)
        return [lat for lat, at in pairs if at - start >= after]

    @property
    def rate(self) -> float:
        return self.updates / self.seconds if self.seconds > 0 else 0.0

    @property
    def cpu_per_update(self) -> float:
        return self.cpu / self.updates if self.updates else 0.0

    @property
    def driver_share(self) -> float:
        return self.driver_cpu / self.walk_seconds if self.walk_seconds > 0 else 0.0


def own_cpu() -> float:
    """This process's CPU seconds so far, user and system, all threads."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def figures(
    label: str, server: LoadServer, cpu: tuple[float, float], driver: tuple[float, float]
) -> Figures:
    start = server.first_update_at or 0.0
    seconds = server.last_reply_at - start
    found = Figures(label, server.replied, seconds, server.latencies, *cpu, *driver)
    found.delivered_at = server.delivered_at
    return found


async def walked(
    label: str,
    module: list[str],
    env: dict[str, str],
    server: LoadServer,
    invited: list[Invited],
    workdir: Path,
    duration: float,
    think: float,
    arrive: float = 0.0,
) -> tuple[Figures, list[Person], list[WalkResult]]:
    """Everyone walks the questionnaire through the bot `module`, at once."""
    q = load_bundled("diagnosis_participant")
    bot = await start_bot(module, env, workdir / f"{module[0]}.log")
    try:
        await first_poll(server, 0)
        cpu_before, waited_before = bot.cpu_seconds(), bot.run_queue_wait()
        driver_before, wall_before = own_cpu(), time.monotonic()
        people = [Person.create(server, inv.telegram_id) for inv in invited]
        deadline = time.monotonic() + duration
        pairs = zip(people, invited, strict=True)
        walks = (
            arriving(arrive, p.chat_id, walk(p, i, q, deadline=deadline, think=think))
            for p, i in pairs
        )
        results = await asyncio.gather(*walks)
        cpu = (bot.cpu_seconds() - cpu_before, bot.run_queue_wait() - waited_before)
        driver = (own_cpu() - driver_before, time.monotonic() - wall_before)
    finally:
        await bot.terminate()
    return figures(label, server, cpu, driver), people, list(results)


async def run_kisbot(
    module: list[str],
    participants: int,
    workdir: Path,
    duration: float,
    think: float = 0.0,
    probe: Path | None = None,
    arrive: float = 0.0,
) -> tuple[Figures, list[list[str]], list[WalkResult], Path, list[Invited]]:
    """The walk through kisbot; also returns each person's update kinds for the baseline."""
    db_path = workdir / f"{module[0]}.sqlite3"
    invited = await invite_many(db_path, participants)
    async with LoadServer() as server:
        label = "kisbot" if module in (KISBOT, PROBE) else " ".join(module)
        env = bot_env(server, db_path)
        if probe is not None:
            env["KISBOT_PROBE_OUT"] = str(probe)
        found, people, results = await walked(
            label, module, env, server, invited, workdir, duration, think, arrive
        )
        kinds = [[next(k for k in u.update if k != "update_id") for u in p.history] for p in people]
        return found, kinds, results, db_path, invited


async def run_peer(
    invited: list[Invited],
    workdir: Path,
    duration: float,
    think: float = 0.0,
    arrive: float = 0.0,
) -> tuple[Figures, list[WalkResult]]:
    """The same people (their codes are not checked) through the conventional peer bot."""
    async with LoadServer() as server:
        env = bot_env(server, workdir / "unused.sqlite3")
        env["KISBOT_PEER_STATE"] = str(workdir / "peer.pickle")
        found, _, results = await walked(
            "peer", PEER, env, server, invited, workdir, duration, think, arrive
        )
        return found, results


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
    kinds: list[list[str]],
    workdir: Path,
    duration: float,
    think: float = 0.0,
    arrive: float = 0.0,
) -> Figures:
    async with LoadServer() as server:
        bot: BotProcess = await start_bot(
            ECHO, bot_env(server, workdir / "unused.sqlite3"), workdir / "echo.log"
        )
        try:
            await first_poll(server, 0)
            cpu_before, waited_before = bot.cpu_seconds(), bot.run_queue_wait()
            driver_before, wall_before = own_cpu(), time.monotonic()
            people = [Person.create(server, 10_000_001 + n) for n in range(len(kinds))]
            deadline = time.monotonic() + duration
            pairs = zip(people, kinds, strict=True)
            await asyncio.gather(
                *(
                    arriving(arrive, p.chat_id, echo_walk(p, k, deadline, 30.0, think))
                    for p, k in pairs
                )
            )
            cpu = (bot.cpu_seconds() - cpu_before, bot.run_queue_wait() - waited_before)
            driver = (own_cpu() - driver_before, time.monotonic() - wall_before)
        finally:
            await bot.terminate()
        return figures("echo", server, cpu, driver)


async def arriving(arrive: float, person_id: int, walking: Coroutine[Any, Any, T]) -> T:
    """The walk, after the person arrives: at a moment within the first `arrive` seconds
    (seeded by the person, so runs repeat); at once when arrive is 0."""
    if arrive:
        await asyncio.sleep(random.Random(person_id).uniform(0.0, arrive))
    return await walking


def table(runs: list[Figures]) -> list[str]:
    """The runs side by side, one figure a line."""
    rows: list[tuple[str, list[str]]] = [
        ("updates", [str(f.updates) for f in runs]),
        ("seconds", [f"{f.seconds:.2f}" for f in runs]),
        ("updates/s", [f"{f.rate:.1f}" for f in runs]),
        *(
            (f"latency p{p} ms", [f"{percentile(f.latencies, p) * 1000:.1f}" for f in runs])
            for p in (50, 95, 99)
        ),
        ("latency max ms", [f"{max(f.latencies, default=0.0) * 1000:.1f}" for f in runs]),
        (
            f"after {SETTLED_AFTER:.0f} s: updates",
            [str(len(f.settled())) for f in runs],
        ),
        *(
            (f"after {SETTLED_AFTER:.0f} s: p{p} ms", [_ms(f.settled(), p) for f in runs])
            for p in (50, 95, 99)
        ),
        ("CPU s (bot process)", [f"{f.cpu:.2f}" for f in runs]),
        ("CPU ms per update", [f"{f.cpu_per_update * 1000:.2f}" for f in runs]),
        ("waited for a core, s", [f"{f.waited:.2f}" for f in runs]),
        ("CPU s (bench process)", [f"{f.driver_cpu:.2f}" for f in runs]),
        ("bench busy, of a core", [f"{f.driver_share:.2f}" for f in runs]),
    ]
    lines = [f"{'':22}" + "".join(f"{f.label:>14}" for f in runs)]
    lines += [f"{name:22}" + "".join(f"{v:>14}" for v in values) for name, values in rows]
    return lines


def _ms(latencies: list[float], p: float) -> str:
    return f"{percentile(latencies, p) * 1000:.1f}" if latencies else "-"


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


async def main_async(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="kisbot-bench-") as tmp:
        workdir = Path(tmp)
        module = NOLIMIT if args.no_rate_limit else PROBE if args.probe else KISBOT
        kis, kinds, results, _, invited = await run_kisbot(
            module,
            args.participants,
            workdir,
            args.duration,
            args.think,
            args.probe,
            args.arrive,
        )
        runs = [kis]
        walked_by = [("kisbot", results)]
        if not args.no_peer:
            peer, peer_results = await run_peer(
                invited, workdir, args.duration, args.think, args.arrive
            )
            runs.append(peer)
            walked_by.append(("peer", peer_results))
        base = await run_echo(kinds, workdir, args.duration, args.think, args.arrive)
        runs.append(base)
        for label, walks in walked_by:
            print(
                f"{label}: {args.participants} participants, finished the questionnaire: "
                f"{sum(r.finished for r in walks)}, steps without a reply in 30 s: "
                f"{sum(r.timeouts for r in walks)}"
            )
        print(f"load average before the run: {args.load_before}, after: {_load()}")
        for line in table(runs):
            print(line)
        if not args.no_peer:
            print(f"throughput ratio kisbot/peer: {_ratio(kis.rate, peer.rate):.2f}")
            ratio = _ratio(kis.cpu_per_update, peer.cpu_per_update)
            print(f"CPU per update kisbot/peer: {ratio:.2f}")
        print(f"throughput ratio kisbot/echo: {_ratio(kis.rate, base.rate):.2f}")


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


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
    parser.add_argument(
        "--probe",
        type=Path,
        metavar="FILE",
        help="diagnostic: run kisbot under bench.kisbot_probe, its findings written to FILE",
    )
    parser.add_argument(
        "--no-peer", action="store_true", help="diagnostic: kisbot and the echo only"
    )
    parser.add_argument(
        "--arrive",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="people arrive (send /start) spread over this many seconds (0: all at once)",
    )
    args = parser.parse_args()
    args.load_before = _load()
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
