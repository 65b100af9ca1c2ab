"""The long fuzz run: random updates against kisbot in-process, checked after each example.

    python -m bench.fuzz --examples 500 --seed 1

The same actions and checks as tests/test_fuzz_updates.py (see bench/fuzzing.py and
bench/invariants.py), with more examples, longer texts and longer sequences.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from base.clock import ManualClock
from bench.fuzzing import Action, ErrorRecords, actions, cast, perform
from bench.invariants import problems
from tests.fakebot.server import FakeBotApi
from tests.harness import Kisbot, settings_for


def run(args: argparse.Namespace, workdir: Path) -> None:
    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(FakeBotApi().start())
    clock = ManualClock(datetime(2026, 11, 24, 8, 0, tzinfo=UTC))
    kisbot = Kisbot(server, settings_for(server, workdir / "fuzz.sqlite3"), clock)
    loop.run_until_complete(kisbot.start())
    people = loop.run_until_complete(cast(kisbot))
    done: Counter[str] = Counter()
    started = time.monotonic()

    @seed(args.seed)
    @settings(
        max_examples=args.examples,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(st.lists(actions(args.max_text), min_size=1, max_size=args.max_steps))
    def example(steps: list[Action]) -> None:
        with ErrorRecords() as errors:
            for step in steps:
                loop.run_until_complete(perform(kisbot, people, step))
                done[step[0]] += 1
        assert not errors.records, [r.getMessage() for r in errors.records]
        assert problems(kisbot.settings.db_path) == []
        done["examples"] += 1

    try:
        example()
        server.assert_no_violations()
    finally:
        loop.run_until_complete(kisbot.stop())
        loop.run_until_complete(server.stop())
        loop.close()
    seconds = time.monotonic() - started
    print(f"examples: {done.pop('examples', 0)}, actions: {sum(done.values())} in {seconds:.0f} s")
    print("by kind: " + ", ".join(f"{k} {n}" for k, n in sorted(done.items())))
    print("errors from bot.errors: 0, invariant violations: 0, Bot API violations: 0")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=300)
    parser.add_argument("--max-steps", type=int, default=20, help="actions per example")
    parser.add_argument("--max-text", type=int, default=5000, help="longest random text")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kisbot-fuzz-") as tmp:
        run(args, Path(tmp))


if __name__ == "__main__":
    main()
