"""Tests marked `sqlite_file` look at SQLite's own file (its bytes, PRAGMAs, sqlite_master):
their PostgreSQL variant is left out of the run rather than skipped. Tests marked
`postgres_only` look at PostgreSQL's own catalogue and rows: their SQLite variant is left out
(the suite runs on PostgreSQL in CI and in the land script, tools/with_postgres)."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_file: checks SQLite's own file; runs on the SQLite database only"
    )
    config.addinivalue_line(
        "markers", "postgres_only: checks PostgreSQL's own catalogue; runs on PostgreSQL only"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    kept: list[pytest.Item] = []
    left_out: list[pytest.Item] = []
    for item in items:
        callspec = getattr(item, "callspec", None)
        backend = callspec.params.get("database_url") if callspec is not None else None
        if (backend == "postgres" and item.get_closest_marker("sqlite_file") is not None) or (
            backend == "sqlite" and item.get_closest_marker("postgres_only") is not None
        ):
            left_out.append(item)
        else:
            kept.append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept
