"""The `kisbot` command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from bot.cli_common import club, main
from bot.cli_common import emit as _emit
from bot.cli_common import fail as _fail
from bot.cli_common import run_work as _run
from bot.cli_common import settings_of as _settings
from bot.settings import Settings, SettingsError, load_settings
from storage.db import open_database

__all__ = ["main"]  # the `kisbot` entry point, every command registered on it below


@main.command()
@click.option("--webhook-url", help="Public HTTPS URL Telegram should post updates to.")
@click.option("--listen", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8443, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--secret-token",
    help="Webhook secret (prefer KISBOT_WEBHOOK_SECRET: arguments show in process lists).",
)
@click.pass_context
def run(
    ctx: click.Context, webhook_url: str | None, listen: str, port: int, secret_token: str | None
) -> None:
    """Run the bot (long polling, or a webhook with --webhook-url)."""
    from telegram.error import InvalidToken

    from bot.app import build_application, serve
    from bot.logs import configure_logging, url_secrets
    from bot.webhook import Webhook, secret_problem
    from storage.files import AlreadyRunning, run_lock

    settings = _settings(ctx)
    if settings.telegram_bot_token is None:
        _fail(
            [
                "TELEGRAM_BOT_TOKEN is not set.",
                "Get a token: in Telegram, talk to @BotFather, send /newbot and follow the steps;",
                "then put TELEGRAM_BOT_TOKEN=<token> in .env (see .env.example).",
                "To try kisbot without Telegram, run: kisbot chat",
            ]
        )
    secret = secret_token or (
        settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    )
    if secret_token and not webhook_url:
        _fail(["--secret-token needs --webhook-url"])
    webhook = None
    if webhook_url:
        problem = secret_problem(secret)
        if problem:
            where = "--secret-token" if secret_token else "KISBOT_WEBHOOK_SECRET"
            _fail(
                [
                    f"{where}: {problem}; without it anyone who reaches the port could act "
                    "as any Telegram user.",
                    "Make one with: python -c 'import secrets; print(secrets.token_urlsafe(48))'",
                    "and put KISBOT_WEBHOOK_SECRET=<it> in .env; Telegram sends it back with "
                    "every update (docs/DEPLOY.md).",
                ]
            )
        assert secret is not None  # noqa: S101 - secret_problem refuses None
        webhook = Webhook(webhook_url, listen, port, secret)
    configure_logging(
        settings.log_level,
        [
            settings.telegram_bot_token.get_secret_value(),
            secret or "",
            *url_secrets(settings.database if settings.database_url else None),
        ],
    )
    app = build_application(settings)
    try:
        if settings.database_url is not None:
            # Several workers on one PostgreSQL database are the point; the file lock
            # guards a SQLite file only.
            _run(serve(app, webhook), settings.database_setting)
        else:
            with run_lock(settings.db_path):
                _run(serve(app, webhook), settings.database_setting)
    except AlreadyRunning:
        _fail([f"KISBOT_DB_PATH: {settings.db_path}: another kisbot run is using it"], 1)
    except InvalidToken:
        _fail(["TELEGRAM_BOT_TOKEN was refused by Telegram: check it with @BotFather."])


@main.command()
@click.option(
    "--as",
    "role",
    type=click.Choice(["participant", "staff"]),
    default="participant",
    show_default=True,
    help="Who you are in the conversation.",
)
@click.option(
    "--user-id",
    type=int,
    default=None,
    help="Telegram id to act as (default: the demo identity of the role).",
)
@click.option(
    "--club",
    "club_id",
    type=int,
    default=None,
    help="With --as staff: work in this club (default: the kisbot demo-data club if made).",
)
@click.pass_context
def chat(ctx: click.Context, role: str, user_id: int | None, club_id: int | None) -> None:
    """Talk to the bot in this terminal (no Telegram needed); buttons are numbered; files go
    to exports-out/ (owner-only)."""
    from base.clock import SystemClock
    from bot.chat import TerminalChat, run_terminal
    from bot.services import Services
    from flows.demo import NoSuchClub, demo_participant, demo_staff

    settings = _settings(ctx)
    identity = user_id if user_id is not None else DEMO_IDS[role]

    async def go() -> None:
        db = await open_database(settings.database)
        try:
            clock = SystemClock()
            if role == "participant" and user_id is None:
                async with db.transaction() as tx:
                    await demo_participant(tx, identity, settings.timezone, clock.now())
            if role == "staff" and user_id is None:
                try:
                    async with db.transaction() as tx:
                        await demo_staff(tx, identity, settings.timezone, clock.now(), club_id)
                except NoSuchClub:
                    _fail([f"--club: there is no club {club_id}"], 2)
            flow_settings = Services(settings=settings, clock=clock).flow_settings
            await run_terminal(TerminalChat(db, flow_settings, clock, identity))
        finally:
            await db.close()

    click.echo(f"kisbot chat as {role} (id {identity}); /quit to leave.")
    _run(go(), settings.database_setting)


# Negative ids can never be real Telegram users, so the demo identities never collide.
DEMO_IDS = {"participant": -1001, "staff": -2001}


@main.command()
@click.pass_context
def check(ctx: click.Context) -> None:
    """Check settings, questionnaire files, the crisis lines and the database; exit 1 on any
    problem."""
    problems: list[str] = []
    settings: Settings | None = None
    try:
        settings = load_settings(ctx.obj["env_file"])
    except SettingsError as exc:
        problems.extend(exc.lines)
    problems.extend(_questionnaire_problems())
    problems.extend(_helpline_problems())
    warnings: list[str] = []
    if settings is not None:
        problems.extend(_run(_database_problems(settings.database)))
        if settings.telegram_bot_token is None:
            warnings.append(
                "warning: TELEGRAM_BOT_TOKEN is not set: `kisbot run` cannot reach Telegram "
                "(get a token from @BotFather); `kisbot chat` works without one"
            )
    for line in [*problems, *warnings]:
        click.echo(line)
    if problems:
        click.echo(f"{len(problems)} problem(s) found.")
        sys.exit(1)
    click.echo(
        f"All checks passed, {len(warnings)} warning(s)." if warnings else "All checks passed."
    )


def _questionnaire_problems() -> list[str]:
    from questionnaires.check import check_files
    from questionnaires.loader import bundled_dir

    files = sorted(Path(str(bundled_dir())).glob("*.yaml"))
    return [str(p) for p in check_files(files) if p.severity == "error"]


def _helpline_problems() -> list[str]:
    from flows.intake import helplines

    return [
        str(p) for p in helplines.check_helplines(helplines.HELPLINES_FILE) if p.severity == "error"
    ]


async def _database_problems(path: str) -> list[str]:
    from storage.health import database_problems

    return await database_problems(path)


@main.command()
@click.pass_context
def migrate(ctx: click.Context) -> None:
    """Bring the database to the latest schema."""

    settings = _settings(ctx)

    async def go() -> tuple[list[str], int]:
        from storage.rescore import rescore_out_of_date

        db = await open_database(settings.database, migrate=False)
        try:
            return await db.migrate(), await rescore_out_of_date(db)
        finally:
            await db.close()

    applied, rescored = _run(go(), settings.database_setting)
    click.echo("Applied: " + ", ".join(applied) if applied else "Already up to date.")
    if rescored:
        click.echo(f"Profiles scored again: {rescored}.")


@main.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.pass_context
def backup(ctx: click.Context, path: str) -> None:
    """Write a consistent copy of the database to PATH (safe while the bot runs).

    The copy is readable by its owner only, written beside PATH and renamed into place when
    complete: a failure leaves an earlier backup at PATH as it was.
    """
    from storage.db import SqliteDatabase
    from storage.files import FileWriteError

    settings = _settings(ctx)
    if settings.database_url is not None:
        _fail(
            [
                "KISBOT_DATABASE_URL: kisbot backup copies a SQLite file; back up PostgreSQL "
                "with pg_dump (see docs/DEPLOY.md)"
            ],
            2,
        )
    if Path(path).resolve() == Path(settings.db_path).resolve():
        _fail(["PATH must differ from KISBOT_DB_PATH"])
    if not Path(settings.db_path).is_file():
        _fail([f"KISBOT_DB_PATH: {settings.db_path} does not exist"], 1)

    async def go() -> None:
        db = await SqliteDatabase.connect(settings.db_path, migrate=False)
        try:
            await db.backup(path)
        finally:
            await db.close()

    try:
        _run(go(), settings.database_setting)
    except FileWriteError as exc:
        _fail([f"PATH: {exc} (nothing was changed at {path})"], 1)
    click.echo(f"Backup written to {path}")


@main.command()
@click.argument("backup_file", metavar="BACKUP", type=click.Path(dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the database.")
@click.pass_context
def restore(ctx: click.Context, backup_file: str, yes: bool) -> None:
    """Put BACKUP in place of the database (the bot must be stopped; the old file is kept)."""
    from base.clock import SystemClock
    from storage.restore import RestoreError, backup_problems
    from storage.restore import restore as restore_backup

    settings = _settings(ctx)
    problems = backup_problems(backup_file)
    if problems:
        _fail([f"BACKUP: {p}" for p in problems], 1)
    if not yes and Path(settings.db_path).is_file():
        click.confirm(
            f"Replace {settings.db_path} with {backup_file}? (the current file is kept beside it)",
            abort=True,
        )
    try:
        done = restore_backup(backup_file, settings.db_path, SystemClock().now())
    except RestoreError as exc:
        _fail([f"KISBOT_DB_PATH: {exc}"], 1)
    click.echo(
        f"Restored {backup_file} to {settings.db_path} (schema version {done.schema_version})."
    )
    if done.replaced is not None:
        click.echo(f"The database it replaced is kept as {done.replaced}.")
    click.echo("Start the bot again; it brings the schema up to date by itself.")


@main.group()
def questionnaire() -> None:
    """Questionnaire files: check them, print their schema."""


@questionnaire.command("check")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
def questionnaire_check(files: tuple[str, ...]) -> None:
    """Check questionnaire files (default: the bundled ones); exit 1 on errors."""
    from questionnaires.check import check_files
    from questionnaires.loader import bundled_dir

    paths = [Path(f) for f in files] or sorted(Path(str(bundled_dir())).glob("*.yaml"))
    problems = check_files(paths)
    for problem in problems:
        click.echo(str(problem))
    errors = [p for p in problems if p.severity == "error"]
    click.echo(
        f"{len(paths)} file(s), {len(errors)} error(s), {len(problems) - len(errors)} warning(s).",
        err=True,
    )
    sys.exit(1 if errors else 0)


@questionnaire.command("schema")
def questionnaire_schema() -> None:
    """Print the JSON Schema of questionnaire files (for editors)."""
    from questionnaires.check import json_schema

    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


@club.command("create")
@click.argument("name")
@click.option("--kind", type=click.Choice(["KIS", "CIS"]), required=True, help="Club or centre.")
@click.option("--timezone", default=None, help="Time zone (default: KISBOT_TIMEZONE).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def club_create(
    ctx: click.Context, name: str, kind: str, timezone: str | None, as_json: bool
) -> None:
    """Create a club."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from base.clock import SystemClock

    settings = _settings(ctx)
    zone = timezone or settings.timezone
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        _fail([f"--timezone: {zone!r} is not a known time zone"])
    from base.clean import clean_line

    name = clean_line(name)
    if not name or len(name) > 200:
        _fail(["NAME: must be 1-200 characters"])

    async def go() -> Any:
        db = await open_database(settings.database)
        try:
            async with db.transaction() as tx:
                now = SystemClock().now()
                created = await tx.clubs.create(name, kind, zone, now)  # type: ignore[arg-type]
                await tx.audit.record(now, "cli", "club.created", club_id=created.id)
                return created
        finally:
            await db.close()

    made = _run(go(), settings.database_setting)
    _emit(as_json, made.model_dump(), [f"Club {made.id} created: {made.name} ({made.kind})"])


class _HourOrOff(click.ParamType):  # type: ignore[type-arg]  # generic only in newer click
    """An hour or minutes count, or "off"."""

    name = "number|off"

    def __init__(self, low: int, high: int) -> None:
        self.low, self.high = low, high

    def convert(self, value: Any, param: Any, ctx: Any) -> int:
        if isinstance(value, int):
            return value
        if isinstance(value, str) and value.strip().lower() == "off":
            return _OFF
        try:
            number = int(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number or 'off'", param, ctx)
        if not self.low <= number <= self.high:
            self.fail(f"{number} is not between {self.low} and {self.high}", param, ctx)
        return number


_OFF = -1  # what "off" converts to; None (the default) keeps the current value


@club.command("settings")
@click.argument("club_id", type=int)
@click.option(
    "--day-before-hour",
    type=_HourOrOff(0, 23),
    default=None,
    help="Hour (club time) of the day-before reminder, or off.",
)
@click.option(
    "--before-minutes",
    type=_HourOrOff(5, 24 * 60),
    default=None,
    help="Minutes before a session for the second reminder, or off.",
)
@click.option(
    "--digest-hour",
    type=_HourOrOff(0, 23),
    default=None,
    help="Hour (club time) of the staff's daily digest, or off.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def club_settings(
    ctx: click.Context,
    club_id: int,
    day_before_hour: Any,
    before_minutes: Any,
    digest_hour: Any,
    as_json: bool,
) -> None:
    """Show or change a club's reminder and digest hours (coming reminders are replanned)."""
    from base.clock import SystemClock
    from flows.schedule.club_settings import change_club_settings

    settings = _settings(ctx)

    async def go() -> Any:
        db = await open_database(settings.database)
        try:
            async with db.transaction() as tx:
                current = await tx.schedule.club(club_id)
                if current is None:
                    return None
                wanted = (day_before_hour, before_minutes, digest_hour)
                if all(v is None for v in wanted):
                    return current

                def pick(given: int | None, now_set: int | None) -> int | None:
                    return now_set if given is None else (None if given == _OFF else given)

                return await change_club_settings(
                    tx,
                    club_id,
                    day_before_hour=pick(day_before_hour, current.day_before_hour),
                    before_minutes=pick(before_minutes, current.before_minutes),
                    digest_hour=pick(digest_hour, current.digest_hour),
                    now=SystemClock().now(),
                    default_language=settings.default_language,
                )
        finally:
            await db.close()

    club_now = _run(go(), settings.database_setting)
    if club_now is None:
        _fail([f"CLUB_ID: there is no club {club_id}"], 1)

    def show(value: int | None, unit: str) -> str:
        return "off" if value is None else f"{value}{unit}"

    _emit(
        as_json,
        club_now.model_dump(),
        [
            f"{club_now.name} ({club_now.timezone})",
            f"day-before reminder: {show(club_now.day_before_hour, ':00')}",
            f"reminder before a session: {show(club_now.before_minutes, ' min')}",
            f"daily digest: {show(club_now.digest_hour, ':00')}",
        ],
    )


@main.group()
def participant() -> None:
    """Participants (staff and operator commands)."""


@participant.command("invite")
@click.option("--club", "club_id", type=int, required=True, help="Club id.")
@click.option("--name", required=True, help="Name or pseudonym.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def participant_invite(ctx: click.Context, club_id: int, name: str, as_json: bool) -> None:
    """Create a participant and print their personal invite link."""
    from base.clean import clean_line
    from base.clock import SystemClock
    from flows.invites import invite_link, invite_participant

    settings = _settings(ctx)
    name = clean_line(name)
    if not name or len(name) > 100:
        _fail(["--name: must be 1-100 characters"])

    async def go() -> tuple[Any, str | None]:
        db = await open_database(settings.database)
        try:
            async with db.transaction() as tx:
                if await tx.clubs.get(club_id) is None:
                    return None, None
                now = SystemClock().now()
                made = await invite_participant(tx, club_id, name, now, settings.invite_valid_days)
                await tx.audit.record(
                    now,
                    "cli",
                    "participant.invited",
                    club_id=club_id,
                    subject=f"participant:{made.participant_id}",
                )
                return made, await tx.meta.get("bot_username")
        finally:
            await db.close()

    made, username = _run(go(), settings.database_setting)
    if made is None:
        _fail([f"--club: there is no club {club_id} (see kisbot club create)"], 1)
    link = invite_link(username, made.code) if username else None
    data = {
        "participant_id": made.participant_id,
        "club_id": club_id,
        "code": made.code,
        "link": link,
        "expires_at": made.expires_at.isoformat(),
    }
    lines = [
        f"Participant {made.participant_id} created.",
        f"Link: {link}"
        if link
        else f"Code: {made.code} (start the bot once so the link can name it: "
        f"https://t.me/<bot username>?start={made.code})",
        f"Valid until {made.expires_at:%d.%m.%Y %H:%M} UTC.",
    ]
    _emit(as_json, data, lines)


@main.group()
def staff() -> None:
    """Staff (operator commands)."""


@staff.command("invite")
@click.option("--club", "club_id", type=int, required=True, help="Club id.")
@click.option("--role", type=click.Choice(["leader", "specialist"]), required=True)
@click.option(
    "--specialism",
    type=click.Choice(["social_worker", "psychologist", "career_counsellor", "other"]),
    help="Decides who reads notes limited to a specialism; never chosen by the person joining.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def staff_invite(
    ctx: click.Context, club_id: int, role: str, specialism: str | None, as_json: bool
) -> None:
    """Print a single-use invite link for a new staff member of a club."""
    from base.clock import SystemClock
    from flows.invites import invite_link, invite_staff
    from storage.repos.invites import StaffRole

    settings = _settings(ctx)

    async def go() -> tuple[Any, Any, str | None]:
        db = await open_database(settings.database)
        try:
            async with db.transaction() as tx:
                if await tx.clubs.get(club_id) is None:
                    return None, None, None
                now = SystemClock().now()
                chosen: StaffRole = "leader" if role == "leader" else "specialist"
                code, expires = await invite_staff(
                    tx,
                    club_id,
                    chosen,
                    now,
                    settings.invite_valid_days,
                    specialism=specialism,  # type: ignore[arg-type]  # click checked the choice
                )
                await tx.audit.record(
                    now,
                    "cli",
                    "staff.invited",
                    club_id=club_id,
                    detail=f"{role}:{specialism}" if specialism else role,
                )
                return code, expires, await tx.meta.get("bot_username")
        finally:
            await db.close()

    code, expires, username = _run(go(), settings.database_setting)
    if code is None:
        _fail([f"--club: there is no club {club_id} (see kisbot club create)"], 1)
    link = invite_link(username, code) if username else None
    data = {
        "club_id": club_id,
        "role": role,
        "specialism": specialism,
        "code": code,
        "link": link,
        "expires_at": expires.isoformat(),
    }
    lines = [
        f"Link: {link}"
        if link
        else f"Code: {code} (start the bot once so the link can name it: "
        f"https://t.me/<bot username>?start={code})",
        f"Role: {role}{f', {specialism}' if specialism else ''}. "
        f"Single use, valid until {expires:%d.%m.%Y %H:%M} UTC.",
    ]
    _emit(as_json, data, lines)


def _add_session_commands() -> None:
    # Imported here: bot.cli_session uses this module's helpers.
    from bot.cli_session import session_group

    main.add_command(session_group)


_add_session_commands()


def _add_rules_command() -> None:
    # Imported here: bot.cli_rules uses this module's helpers.
    from bot.cli_rules import club_rules

    club.add_command(club_rules)


_add_rules_command()


def _add_export_commands() -> None:
    # Imported here: bot.cli_export uses this module's helpers.
    from bot.cli_export import demo_data, export_group

    main.add_command(export_group)
    main.add_command(demo_data)
    # Registers its commands on the export and club groups, and two groups of its own.
    from bot.cli_attendance import network_group, report_group

    main.add_command(network_group)
    main.add_command(report_group)


_add_export_commands()


def _add_privacy_commands() -> None:
    # Imported here: bot.cli_privacy uses this module's helpers.
    from bot.cli_privacy import club_privacy, participant_erase, privacy_group, staff_specialism

    participant.add_command(participant_erase)
    staff.add_command(staff_specialism)
    club.add_command(club_privacy)
    main.add_command(privacy_group)


_add_privacy_commands()


def _add_db_commands() -> None:
    # Imported here, like the other command groups.
    from bot.cli_db import db_group

    main.add_command(db_group)


_add_db_commands()
