"""`kisbot club rules ID [--set KEY=VALUE]...`: the legal details PRACTICE.md marks "verify"."""

from __future__ import annotations

from typing import Any

import click

from bot.cli_common import emit as _emit
from bot.cli_common import fail as _fail
from bot.cli_common import run_work as _run
from bot.cli_common import settings_of as _settings
from storage.db import open_database


@click.command("rules")
@click.argument("club_id", type=int)
@click.option(
    "--set",
    "changes",
    multiple=True,
    metavar="KEY=VALUE",
    help="Change a setting (empty value: back to its default). Repeatable.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def club_rules(ctx: click.Context, club_id: int, changes: tuple[str, ...], as_json: bool) -> None:
    """Show or change a club's legal settings: art. 1(2) groups, programme, trial and extension
    months, follow-up months, the OPS line on a social-contract plan, the club's obligations,
    the certificate's legal basis (defaults in docs/CLUB_RULES.md)."""
    from storage.club_rules import KEYS, RuleError, change, defaults, rules_of

    pairs: list[tuple[str, str]] = []
    for given in changes:
        key, sep, value = given.partition("=")
        if not sep:
            _fail([f"--set: {given!r} is not KEY=VALUE; keys: {', '.join(KEYS)}"])
        pairs.append((key.strip(), value))
    settings = _settings(ctx)

    async def go() -> Any:
        db = await open_database(settings.database)
        try:
            async with db.transaction() as tx:
                club = await tx.clubs.get(club_id)
                if club is None:
                    return None
                for key, value in pairs:
                    await change(tx, club.id, club.kind, key, value)
                stored = await tx.club_settings.all(club.id)
                await rules_of(tx, club.id)
                return {**defaults(club.kind), **stored}, set(stored)
        finally:
            await db.close()

    try:
        found = _run(go(), settings.database_setting)
    except RuleError as exc:
        _fail([f"--set: {exc}"])
    if found is None:
        _fail([f"CLUB_ID: there is no club {club_id}"], 1)
    values, changed = found
    _emit(
        as_json,
        {"club": club_id, "rules": values},
        [f"{k} = {v}{'' if k in changed else '  (default)'}" for k, v in values.items()],
    )
