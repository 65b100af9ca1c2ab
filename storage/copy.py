"""`kisbot db copy`: a SQLite database into an empty PostgreSQL one, all or nothing.

Every table is copied in one PostgreSQL transaction, then counted and checksummed on both
sides (rows in a canonical text form, sorted, SHA-256); the transaction commits only when
every count and checksum matches, so a failure at any point leaves the target as it was.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import aiosqlite

from storage.migrate import available_migrations, schema_version


class CopyError(Exception):
    """The copy cannot start or did not match; nothing was written to the target."""


@dataclass(frozen=True)
class TableCopy:
    """One table's figures on both sides."""

    table: str
    source_rows: int
    target_rows: int
    source_checksum: str
    target_checksum: str

    @property
    def matches(self) -> bool:
        return (self.source_rows, self.source_checksum) == (
            self.target_rows,
            self.target_checksum,
        )


async def copy_sqlite_to_postgres(sqlite_path: str, postgres_url: str) -> list[TableCopy]:
    """Copy everything; the figures per table. Raises CopyError and writes nothing when the
    source is not at this program's schema, the target is not empty, or anything differs."""
    from storage.postgres import connect_one

    async with aiosqlite.connect(f"file:{sqlite_path}?mode=ro", uri=True) as source:
        latest = available_migrations("sqlite")[-1].number
        version = await schema_version(source)
        if version != latest:
            raise CopyError(
                f"{sqlite_path}: schema version {version}, this kisbot needs {latest}; "
                f"run KISBOT_DB_PATH={sqlite_path} kisbot migrate first"
            )
        tables = await _tables_in_dependency_order(source)
        target = await connect_one(postgres_url)
        try:
            await _migrate_empty_target(target)
            figures: list[TableCopy] = []
            async with target.transaction():
                types = await _column_types(target)
                for table in tables:
                    columns = await _columns(source, table)
                    rows = await _sqlite_rows(source, table, columns)
                    await _insert(target, table, columns, rows)
                    await _advance_identity(target, table, columns)
                for table in tables:
                    columns = await _columns(source, table)
                    source_rows = await _sqlite_rows(source, table, columns)
                    target_rows = await _postgres_rows(target, table, columns)
                    kinds = [types.get((table, c), "text") for c in columns]
                    figures.append(
                        TableCopy(
                            table,
                            len(source_rows),
                            len(target_rows),
                            _checksum(source_rows, kinds),
                            _checksum(target_rows, kinds),
                        )
                    )
                if not all(f.matches for f in figures):
                    raise _Mismatch(figures)
        except _Mismatch as mismatch:
            return mismatch.figures  # rolled back: the caller reports what differed
        finally:
            await target.close()
    return figures


class _Mismatch(Exception):
    def __init__(self, figures: list[TableCopy]) -> None:
        super().__init__("counts or checksums differ")
        self.figures = figures


async def _migrate_empty_target(target: Any) -> None:
    """Refuse a target with any kisbot row in it; bring an empty one to the latest schema."""
    from storage.migrate import apply_migrations

    if await schema_version(target) > 0:
        cur = await target.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' "
            "AND table_name <> 'kisbot_schema'"
        )
        for (table,) in await cur.fetchall():
            found = await target.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")')  # noqa: S608 - names from the catalogue
            row = await found.fetchone()
            if row and row[0]:
                raise CopyError(
                    f"the target database is not empty (table {table} has rows); "
                    "copy only into a new, empty database"
                )
    await apply_migrations(target)


async def _tables_in_dependency_order(source: aiosqlite.Connection) -> list[str]:
    """Tables, each after the tables it refers to (self-references are fine in one insert)."""
    async with source.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ) as cur:
        names = [str(r[0]) for r in await cur.fetchall()]
    needs: dict[str, set[str]] = {}
    for name in names:
        async with source.execute(f'PRAGMA foreign_key_list("{name}")') as cur:
            needs[name] = {str(r[2]) for r in await cur.fetchall()} - {name}
    ordered: list[str] = []
    while needs:
        ready = sorted(n for n, deps in needs.items() if deps <= set(ordered))
        if not ready:
            raise CopyError(f"tables refer to each other in a cycle: {sorted(needs)}")
        ordered.extend(ready)
        for name in ready:
            del needs[name]
    return ordered


async def _columns(source: aiosqlite.Connection, table: str) -> list[str]:
    async with source.execute(f'PRAGMA table_info("{table}")') as cur:
        return [str(r[1]) for r in await cur.fetchall()]


async def _column_types(target: Any) -> dict[tuple[str, str], str]:
    cur = await target.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = current_schema()"
    )
    return {(str(t), str(c)): str(d) for t, c, d in await cur.fetchall()}


def _column_list(columns: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


async def _sqlite_rows(
    source: aiosqlite.Connection, table: str, columns: Sequence[str]
) -> list[tuple[Any, ...]]:
    async with source.execute(f'SELECT {_column_list(columns)} FROM "{table}"') as cur:  # noqa: S608 - names from the schema
        return [tuple(r) for r in await cur.fetchall()]


async def _postgres_rows(target: Any, table: str, columns: Sequence[str]) -> list[tuple[Any, ...]]:
    cur = await target.execute(f'SELECT {_column_list(columns)} FROM "{table}"')  # noqa: S608 - names from the schema
    return [tuple(r) for r in await cur.fetchall()]


async def _insert(
    target: Any, table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]
) -> None:
    # COPY in text form: PostgreSQL parses the stored text into timestamptz, date, jsonb,
    # and 0/1 into boolean, exactly as it would parse a literal.
    async with target.cursor() as cur:
        statement = f'COPY "{table}" ({_column_list(columns)}) FROM STDIN'
        async with cur.copy(statement) as copy:
            for row in rows:
                await copy.write_row(row)


async def _advance_identity(target: Any, table: str, columns: Sequence[str]) -> None:
    """Ids were copied as they were: the id sequence continues after the largest."""
    if "id" not in columns:
        return
    cur = await target.execute("SELECT pg_get_serial_sequence(%s, 'id')", (f'"{table}"',))
    found = await cur.fetchone()
    if found is None or found[0] is None:
        return
    await target.execute(
        f'SELECT setval(%s, COALESCE((SELECT MAX(id) FROM "{table}"), 0) + 1, false)',  # noqa: S608 - names from the schema
        (found[0],),
    )


def _canonical(value: Any, kind: str) -> Any:
    """One value in the form both databases agree on."""
    if value is None:
        return None
    if kind == "boolean":
        return int(bool(value))
    if kind in ("jsonb", "json"):
        return json.loads(value) if isinstance(value, str) else value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


def _checksum(rows: Iterable[tuple[Any, ...]], kinds: Sequence[str]) -> str:
    lines = sorted(
        json.dumps(
            [_canonical(v, k) for v, k in zip(row, kinds, strict=True)],
            ensure_ascii=False,
            sort_keys=True,
            default=str,
        )
        for row in rows
    )
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()
