"""What every `kisbot` command shares: the root and club groups, settings, running async
work, failing with a clear line, printing text or JSON. The command modules import these from
here, never from bot.cli (which imports them all)."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Coroutine
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, NoReturn

import click

from bot.settings import Settings, SettingsError, load_settings

EXIT_USAGE = 2


def version_text() -> str:
    try:
        return version("kisbot")
    except PackageNotFoundError:
        return "0+unknown"


def fail(lines: list[str], code: int = EXIT_USAGE) -> NoReturn:
    """Print the lines to stderr and exit; a database driver's words in them may quote a URL,
    whose password is blanked out (bot.logs.redact)."""
    from bot.logs import redact

    for line in lines:
        click.echo(redact(line), err=True)
    sys.exit(code)


def settings_of(ctx: click.Context) -> Settings:
    try:
        return load_settings(ctx.obj["env_file"])
    except SettingsError as exc:
        fail(exc.lines)


def run_work(coro: Coroutine[Any, Any, Any], where: str | None = None) -> Any:
    """Run a command's async work; a database that cannot be used is one line, exit 1.

    where names the database setting (Settings.database_setting).
    """
    from storage.db import DatabaseDamaged, database_errors
    from storage.migrate import MigrationError

    try:
        return asyncio.run(coro)
    except DatabaseDamaged as exc:
        fail(
            [
                f"KISBOT_DB_PATH: {exc}",
                "Nothing was written. See `kisbot check`; restore a backup with `kisbot restore`.",
            ],
            1,
        )
    except MigrationError as exc:
        fail([f"{where}: {exc}"], 1)
    except database_errors() as exc:
        fail([f"{where}: {exc}"], 1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version_text(), prog_name="kisbot")
@click.option(
    "--env-file",
    default=".env",
    show_default=True,
    help="Settings file read in addition to the environment.",
)
@click.pass_context
def main(ctx: click.Context, env_file: str) -> None:
    """kisbot: a Telegram assistant for social integration clubs (KIS/CIS)."""
    ctx.ensure_object(dict)
    ctx.obj["env_file"] = env_file if Path(env_file).is_file() else None


def emit(as_json: bool, data: dict[str, Any], lines: list[str]) -> None:
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False))
    else:
        for line in lines:
            click.echo(line)


@main.group()
def club() -> None:
    """Clubs (operator commands)."""
