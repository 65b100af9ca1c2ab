"""How long building the demo club takes (`kisbot demo-data`, and every test that builds it), on
SQLite and on PostgreSQL:

    tools/with_postgres python -m bench.demo_build [--runs 5] [--root DIR ...]

Each run is a fresh interpreter running the code at a --root (default this checkout; e.g. an
older commit unpacked with `git archive`; several roots are measured in turns, run by run, so
a change in the machine's load falls on each alike) on a new migrated database: it builds the
demo club once in an in-memory SQLite database (so questionnaire files and catalogues are
loaded), then times `seed_demo`'s one transaction on the database measured. PostgreSQL is
measured when KISBOT_TEST_DATABASE_URL is set (tools/with_postgres sets it); each run gets a
database of its own, made and dropped by tests/backends.py.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMED = """
import asyncio, sys, time
from datetime import UTC, datetime
from flows.demo_data import seed_demo
from storage.db import open_database

async def seeded(target):
    db = await open_database(target)
    try:
        started = time.perf_counter()
        async with db.transaction() as tx:
            await seed_demo(tx, datetime(2026, 11, 24, 8, tzinfo=UTC), "Europe/Warsaw")
        return time.perf_counter() - started
    finally:
        await db.close()

asyncio.run(seeded(":memory:"))
print(asyncio.run(seeded(sys.argv[1])))
"""


def _one(root: Path, target: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", TIMED, target],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.strip().splitlines()[-1])


def _line(label: str, seconds: list[float]) -> str:
    return (
        f"{label}: demo club built in median {statistics.median(seconds):.2f} s "
        f"(min {min(seconds):.2f}, max {max(seconds):.2f}, {len(seconds)} runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--root", type=Path, action="append", dest="roots")
    args = parser.parse_args()
    roots: list[Path] = args.roots or [ROOT]
    sqlite: dict[Path, list[float]] = {root: [] for root in roots}
    postgres: dict[Path, list[float]] = {root: [] for root in roots}
    with tempfile.TemporaryDirectory(prefix="kisbot-demo-") as tmp:
        for n in range(args.runs):
            for i, root in enumerate(roots):
                sqlite[root].append(_one(root, str(Path(tmp) / f"demo{n}-{i}.sqlite3")))
    if os.environ.get("KISBOT_TEST_DATABASE_URL"):
        from tests.backends import drop_template, postgres_database

        try:
            for _ in range(args.runs):
                for root in roots:
                    with postgres_database() as url:
                        postgres[root].append(_one(root, url))
        finally:
            drop_template()
    for root in roots:
        print(f"root: {root}")
        print(_line("SQLite", sqlite[root]))
        if postgres[root]:
            print(_line("PostgreSQL", postgres[root]))
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
