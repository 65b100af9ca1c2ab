"""The databases the suite runs on: SQLite always, PostgreSQL when KISBOT_TEST_DATABASE_URL is set.

Each test gets a database of its own state: a new SQLite file, or a PostgreSQL database that is
exactly as migration left it (`tools/with_postgres` starts a throwaway server and sets the URL).

Creating and dropping a PostgreSQL database for every test (a checkpoint and a copy of the
template, then a drop) took about 0.1 s on a quiet machine and much more on a busy one. So a
test process keeps its migrated databases and, when a test gives one back, puts it back in
the migrated state instead: it ends the test's leftover sessions, empties every table that
has rows, restores the rows migration wrote and every sequence's position (some 25 ms). A
database whose schema a test changed (its fingerprint differs from the migrated one's) is
dropped instead, and the next test gets a fresh copy of the migrated template, as does a
test that needs two databases at once.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from storage.db import open_database

TEST_DATABASE_URL = os.environ.get("KISBOT_TEST_DATABASE_URL") or None
BACKENDS = ["sqlite", "postgres"] if TEST_DATABASE_URL else ["sqlite"]

# Everything a test could have created or changed, as one text: relations and their columns,
# constraints, indexes, triggers, functions, schemas and extensions (temporary schemas aside).
_FINGERPRINT = """
SELECT md5(coalesce(string_agg(item, E'\\n' ORDER BY item), '')) FROM (
  SELECT n.nspname || '.' || c.relname || ' ' || c.relkind::text || ' ' || coalesce(a.attname, '')
         || ' ' || coalesce(format_type(a.atttypid, a.atttypmod), '') || ' '
         || coalesce(a.attnotnull::text, '') || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
     AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
  UNION ALL
  SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' '
         || pg_get_constraintdef(oid)
    FROM pg_constraint WHERE connamespace NOT IN (SELECT oid FROM pg_namespace
         WHERE nspname IN ('pg_catalog', 'information_schema'))
  UNION ALL
  SELECT 'index ' || pg_get_indexdef(i.indexrelid)
    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
  UNION ALL
  SELECT 'trigger ' || tgrelid::regclass::text || ' ' || tgname || ' ' || tgenabled::text
    FROM pg_trigger WHERE NOT tgisinternal
  UNION ALL
  SELECT 'function ' || n.nspname || '.' || p.proname || ' ' || md5(p.prosrc)
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  UNION ALL
  SELECT 'schema ' || nspname FROM pg_namespace
   WHERE nspname NOT LIKE 'pg\\_temp%' AND nspname NOT LIKE 'pg\\_toast\\_temp%'
  UNION ALL
  SELECT 'extension ' || extname || ' ' || extversion FROM pg_extension
) AS items (item)
"""

_TABLES = """
SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
   AND n.nspname NOT LIKE 'pg\\_%'
 ORDER BY c.oid
"""

_SEQUENCES = """
SELECT format('%I.%I', schemaname, sequencename), start_value, last_value FROM pg_sequences
 WHERE schemaname NOT LIKE 'pg\\_%'
"""


@dataclass(frozen=True)
class _Migrated:
    """What a freshly migrated database holds besides its schema."""

    fingerprint: str
    tables: tuple[str, ...]
    rows: dict[str, bytes]  # table -> its rows (COPY's text format), tables migration filled
    sequences: dict[str, tuple[int, int | None]]  # sequence -> (start value, last value)


_template: str | None = None
_migrated: _Migrated | None = None
_free: list[str] = []  # databases in the migrated state, ready for a test
_made: set[str] = set()  # every database of this process (dropped at the end)


def url_of(name: str) -> str:
    """The test server's URL with another database name."""
    assert TEST_DATABASE_URL is not None
    return urlsplit(TEST_DATABASE_URL)._replace(path=f"/{name}").geturl()


def _admin_run(statement: str) -> None:
    import psycopg

    assert TEST_DATABASE_URL is not None
    with psycopg.connect(TEST_DATABASE_URL, autocommit=True) as conn:
        conn.execute(statement)  # type: ignore[arg-type]


def _connect(name: str) -> Any:
    import psycopg

    return psycopg.connect(url_of(name), autocommit=True)


def _read_migrated_state(name: str) -> _Migrated:
    with _connect(name) as conn:
        fingerprint = conn.execute(_FINGERPRINT).fetchone()[0]
        tables = tuple(row[0] for row in conn.execute(_TABLES).fetchall())
        rows: dict[str, bytes] = {}
        for table in tables:
            # Table names come from the catalogue, quoted by format('%I').
            if conn.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()[0]:  # noqa: S608
                data = bytearray()
                with conn.cursor().copy(f"COPY {table} TO STDOUT") as copy:
                    for chunk in copy:
                        data += chunk
                rows[table] = bytes(data)
        sequences = {
            row[0]: (int(row[1]), None if row[2] is None else int(row[2]))
            for row in conn.execute(_SEQUENCES).fetchall()
        }
    return _Migrated(fingerprint, tables, rows, sequences)


def _migrated_template() -> str:
    """A migrated database made once per test process, copied when a test needs a new one."""
    global _template, _migrated
    if _template is None:
        name = f"kisbot_tpl_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        _admin_run(f'CREATE DATABASE "{name}" TEMPLATE template0')

        async def migrate() -> None:
            await (await open_database(url_of(name))).close()

        # In a thread of its own: the first caller may be a test with its event loop running.
        with ThreadPoolExecutor(1) as thread:
            thread.submit(asyncio.run, migrate()).result()
        _migrated = _read_migrated_state(name)
        _template = name
    return _template


def _new_database(template: str) -> str:
    name = f"kisbot_t_{uuid.uuid4().hex[:12]}"
    _admin_run(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
    return name


def _drop(name: str) -> None:
    _admin_run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _made.discard(name)


def _back_to_migrated(name: str) -> bool:
    """Put a database a test used back in the migrated state; False when that is not possible
    (the test changed the schema, or its sessions would not let go)."""
    assert _migrated is not None
    with _connect(name) as conn:
        # Sessions the test left behind (a killed worker, an unclosed pool) hold locks and
        # prepared state; a test never shares them with the next one.
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        conn.execute("SET lock_timeout = '20s'")
        if conn.execute(_FINGERPRINT).fetchone()[0] != _migrated.fingerprint:
            return False
        probe = " UNION ALL ".join(
            f"SELECT {n} WHERE EXISTS (SELECT 1 FROM {t})"  # noqa: S608 - names from the catalogue
            for n, t in enumerate(_migrated.tables)
        )
        used = [_migrated.tables[row[0]] for row in conn.execute(probe).fetchall()]
        with conn.transaction():
            # Foreign keys unchecked (their triggers off) while tables empty and fill in any
            # order: every table with rows is emptied, and migration's rows held together.
            # DELETE, not TRUNCATE: a TRUNCATE makes new files for each table and its indexes,
            # 0.3 s against a few milliseconds for the handful of rows a test writes.
            conn.execute("SET LOCAL session_replication_role = replica")
            for table in used:
                conn.execute(f"DELETE FROM {table}")  # noqa: S608 - names from the catalogue
            for table, data in _migrated.rows.items():
                with conn.cursor().copy(f"COPY {table} FROM STDIN") as copy:
                    copy.write(data)
            for sequence, (start, last) in _migrated.sequences.items():
                if last is None:
                    conn.execute("SELECT setval(%s, %s, false)", (sequence, start))
                else:
                    conn.execute("SELECT setval(%s, %s, true)", (sequence, last))
    return True


@contextmanager
def postgres_database(*, migrated: bool = True) -> Iterator[str]:
    """A database on the test server, migrated (in the state migration leaves it, see the
    module's docstring) or empty (new each time; dropped afterwards)."""
    if not migrated:
        name = _new_database("template0")
        try:
            yield url_of(name)
        finally:
            _drop(name)
        return
    template = _migrated_template()
    name = _free.pop() if _free else _new_database(template)
    _made.add(name)
    try:
        yield url_of(name)
    finally:
        try:
            clean = _back_to_migrated(name)
        except Exception:  # a test that broke its database in some other way: a new one
            clean = False
        if clean:
            _free.append(name)
        else:
            _drop(name)


def drop_template() -> None:
    """At the end of the session: the template and every database kept for reuse."""
    global _template
    for name in sorted(_made):
        _drop(name)
    _free.clear()
    if _template is not None:
        _admin_run(f'DROP DATABASE IF EXISTS "{_template}" WITH (FORCE)')
        _template = None
