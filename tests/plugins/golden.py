"""`--update-golden`: regenerate the golden files in tests/golden/ on purpose.

An option on the command line, not an environment variable, so nothing exported in CI can
turn it on (.ci/run also clears PYTEST_ADDOPTS); and a run that rewrites a file fails, so a
regeneration can never count as a green run. Review `git diff tests/golden`, then run again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/ from the current output (the run then fails: review the diff)",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Iterator[Callable[[str, bytes], None]]:
    """Compare bytes with tests/golden/<name>, or rewrite it under --update-golden."""
    update = bool(request.config.getoption("--update-golden"))
    rewritten: list[str] = []

    def check(name: str, data: bytes) -> None:
        path = GOLDEN / name
        if update and (not path.exists() or path.read_bytes() != data):
            GOLDEN.mkdir(exist_ok=True)
            path.write_bytes(data)
            rewritten.append(name)
            return
        assert path.exists(), f"{path} is missing: run pytest with --update-golden"
        assert data.decode("utf-8") == path.read_bytes().decode("utf-8"), name

    yield check
    if rewritten:
        pytest.fail(f"golden files rewritten: {', '.join(rewritten)}; review the diff, run again")
