"""`kisbot db copy`: move a club's SQLite database into PostgreSQL; `kisbot db rescore`: score
every submitted reading again into its stored profile."""

from __future__ import annotations

import asyncio

import click

from bot.cli_common import emit as _emit
from bot.cli_common import fail as _fail
from bot.cli_common import run_work, settings_of


@click.group("db")
def db_group() -> None:
    """Database tools (operator commands)."""


@db_group.command("copy")
@click.argument("sqlite_path", type=click.Path(exists=True, dir_okay=False))
@click.argument("postgres_url")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
def copy(sqlite_path: str, postgres_url: str, as_json: bool) -> None:
    """Copy the SQLite database at SQLITE_PATH into the empty PostgreSQL database at
    POSTGRES_URL: all or nothing, with row counts and a checksum per table compared."""
    from bot.settings import database_url_problem
    from storage.db import database_errors

    problem = database_url_problem(postgres_url)
    if problem:
        _fail([f"POSTGRES_URL: {problem}"])
    try:
        from storage.copy import CopyError, copy_sqlite_to_postgres
    except ImportError:
        _fail(['PostgreSQL support is not installed: python -m pip install "kisbot[postgres]"'], 1)
    try:
        figures = asyncio.run(copy_sqlite_to_postgres(sqlite_path, postgres_url))
    except CopyError as exc:
        _fail([f"Nothing copied: {exc}"], 1)
    except database_errors() as exc:
        # Only the type and PostgreSQL's own words; the URL (and its password) is not echoed.
        _fail([f"Nothing copied: {type(exc).__name__}: {exc}"], 1)
    matched = all(f.matches for f in figures)
    lines = [f"{'table':<24} {'rows':>7} {'copied':>7}  checksum (SHA-256, first 16)"]
    for f in figures:
        verdict = "ok" if f.matches else f"DIFFERS (PostgreSQL {f.target_checksum[:16]})"
        lines.append(
            f"{f.table:<24} {f.source_rows:>7} {f.target_rows:>7}  {f.source_checksum[:16]} "
            f"{verdict}"
        )
    total = sum(f.source_rows for f in figures)
    if matched:
        lines.append(
            f"Copied {len(figures)} tables, {total} rows; every count and checksum matches."
        )
    else:
        lines.append("Nothing copied: counts or checksums differ (the target was left empty).")
    _emit(
        as_json,
        {
            "copied": matched,
            "tables": [
                {
                    "table": f.table,
                    "rows": f.source_rows,
                    "copied_rows": f.target_rows,
                    "checksum": f.source_checksum,
                    "copied_checksum": f.target_checksum,
                }
                for f in figures
            ],
        },
        lines,
    )
    if not matched:
        raise SystemExit(1)


@db_group.command("rescore")
@click.option(
    "--all", "everything", is_flag=True, help="Every submitted reading, not only out-of-date ones."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def rescore(ctx: click.Context, everything: bool, as_json: bool) -> None:
    """Store the profile of every submitted reading whose stored one is missing or was scored
    with other questionnaire files than this kisbot's (done at every start as well; --all
    scores every submitted reading again)."""
    from storage.db import open_database
    from storage.rescore import rescore_out_of_date

    settings = settings_of(ctx)

    async def go() -> int:
        db = await open_database(settings.database, migrate=False)
        try:
            await db.migrate()
            return await rescore_out_of_date(db, everything=everything)
        finally:
            await db.close()

    count = run_work(go(), settings.database_setting)
    _emit(as_json, {"rescored": count}, [f"Profiles scored again: {count}."])
