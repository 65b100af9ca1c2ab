"""The long fuzz run: random updates against kisbot in-process, checked after each example.

    python -m bench.fuzz --examples 500 --seed 1
    python -m bench.fuzz --examples 5000 --actions 10000 --seed 1   # at least 10,000 actions

The same actions and checks as tests/test_fuzz_updates.py (see bench/fuzzing.py and
bench/invariants.py), with more examples, longer texts and longer sequences.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
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
    checked: Counter[str] = Counter()  # what the checks after each example looked at
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
        if args.actions and sum(done.values()) - done["examples"] >= args.actions:
            return  # enough actions: the examples hypothesis still makes are not run
        with ErrorRecords() as errors:
            for step in steps:
                loop.run_until_complete(perform(kisbot, people, step))
                done[step[0]] += 1
        checked["error checks"] += 1
        checked["error records"] += len(errors.records)
        assert not errors.records, [r.getMessage() for r in errors.records]
        found = problems(kisbot.settings.db_path)
        checked["invariant checks"] += 1
        checked["readings"] += _count(kisbot.settings.db_path, "readings")
        checked["answers"] += _count(kisbot.settings.db_path, "answers")
        checked["broken invariants"] += len(found)
        assert found == []
        done["examples"] += 1

    try:
        example()
        calls, violations = len(server.calls), len(server.violations)
        server.assert_no_violations()
    finally:
        loop.run_until_complete(kisbot.stop())
        loop.run_until_complete(server.stop())
        loop.close()
    seconds = time.monotonic() - started
    print(f"examples: {done.pop('examples', 0)}, actions: {sum(done.values())} in {seconds:.0f} s")
    print("by kind: " + ", ".join(f"{k} {n}" for k, n in sorted(done.items())))
    print(
        f"error records (bot.errors and any ERROR) checked after {checked['error checks']} "
        f"examples: {checked['error records']}"
    )
    print(
        f"invariants (bench/invariants.py) checked after {checked['invariant checks']} examples, "
        f"over {checked['readings']} readings and {checked['answers']} answers in all: "
        f"{checked['broken invariants']} broken"
    )
    print(f"Bot API calls checked against the spec: {calls}, violations: {violations}")


def _count(db_path: str, table: str) -> int:
    """Rows in one of the database's tables (its name fixed by the caller)."""
    db = sqlite3.connect(db_path)
    try:
        return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608
    finally:
        db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=300)
    parser.add_argument("--max-steps", type=int, default=20, help="actions per example")
    parser.add_argument("--max-text", type=int, default=5000, help="longest random text")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--actions", type=int, default=0, help="stop running examples after this many actions"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kisbot-fuzz-") as tmp:
        run(args, Path(tmp))


if __name__ == "__main__":
    main()
