"""`kisbot session ...`: plan, list, cancel, import and export sessions of a club; move a
weekly series' last day."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import click

from bot.cli_common import emit as _emit
from bot.cli_common import fail as _fail
from bot.cli_common import run_work as _run
from bot.cli_common import settings_of as _settings
from storage.db import open_database


def _db_work(ctx: click.Context, work: Any) -> Any:
    """Run work(tx, now, settings) in one transaction on the configured database."""
    from base.clock import SystemClock

    settings = _settings(ctx)

    async def go() -> Any:
        db = await open_database(settings.database)
        try:
            async with db.transaction() as tx:
                return await work(tx, SystemClock().now(), settings)
        finally:
            await db.close()

    return _run(go(), settings.database_setting)


def _session_data(session: Any, timezone: str) -> dict[str, Any]:
    from base.times import local

    return {
        "id": session.id,
        "series_id": session.series_id,
        "kind": session.kind,
        "title": session.title,
        "place": session.place,
        "starts_at": session.starts_at.isoformat(),
        "local": local(session.starts_at, timezone).strftime("%d.%m.%Y %H:%M"),
        "duration_minutes": session.duration_minutes,
        "audience": session.audience,
        "status": session.status,
    }


@click.group("session")
def session_group() -> None:
    """Sessions of the weekly plan (staff and operator commands)."""


@session_group.command("create")
@click.option("--club", "club_id", type=int, required=True, help="Club id.")
@click.option("--kind", required=True, help="Activity kind id (questionnaires/instruments.yaml).")
@click.option("--title", required=True, help="Neutral title: reminders show it on lock screens.")
@click.option("--start", required=True, help="First session, club time: 'DD.MM.RRRR GG:MM'.")
@click.option("--duration", type=click.IntRange(1, 720), required=True, help="Minutes.")
@click.option("--place", required=True, help="Where.")
@click.option(
    "--participant",
    "participants",
    type=int,
    multiple=True,
    help="Participant id (repeat); without it the whole club attends.",
)
@click.option("--weekly-until", default=None, help="Repeat weekly until 'DD.MM.RRRR'.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def session_create(
    ctx: click.Context,
    club_id: int,
    kind: str,
    title: str,
    start: str,
    duration: int,
    place: str,
    participants: tuple[int, ...],
    weekly_until: str | None,
    as_json: bool,
) -> None:
    """Plan a session (weekly until a date with --weekly-until); reminders are queued."""
    from base.times import parse_date, parse_local
    from flows.schedule import planning
    from storage.repos.schedule import Audience

    until = parse_date(weekly_until) if weekly_until else None
    if weekly_until and until is None:
        _fail(["--weekly-until: write the date as DD.MM.RRRR"])

    async def work(tx: Any, now: Any, settings: Any) -> Any:
        club = await tx.schedule.club(club_id)
        if club is None:
            return f"--club: no club {club_id}"
        starts = parse_local(start, club.timezone)
        if starts is None:
            return "--start: write the date and time as 'DD.MM.RRRR GG:MM'"
        audience: Audience = (
            "club" if not participants else ("one" if len(participants) == 1 else "chosen")
        )
        plan = planning.Plan(
            kind=kind,
            title=title,
            place=place,
            starts_at=starts,
            duration_minutes=duration,
            audience=audience,
            participant_ids=participants,
            until=until,
        )
        try:
            made = await planning.create(tx, club_id, plan, "cli", now, settings.default_language)
        except planning.PlanError as error:
            return f"session: {error}"
        return [_session_data(s, club.timezone) for s in made]

    result = _db_work(ctx, work)
    if isinstance(result, str):
        _fail([result], 1)
    _emit(
        as_json,
        {"sessions": result},
        [f"Session {s['id']} planned: {s['local']} {s['title']}" for s in result],
    )


@session_group.command("list")
@click.option("--club", "club_id", type=int, required=True, help="Club id.")
@click.option("--days", type=click.IntRange(1, 366), default=7, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def session_list(ctx: click.Context, club_id: int, days: int, as_json: bool) -> None:
    """The club's sessions from now on, cancelled ones included."""

    async def work(tx: Any, now: Any, settings: Any) -> Any:
        club = await tx.schedule.club(club_id)
        if club is None:
            return f"--club: no club {club_id}"
        found = await tx.schedule.in_club(
            club_id, now, now + timedelta(days=days), include_cancelled=True
        )
        return [_session_data(s, club.timezone) for s in found]

    result = _db_work(ctx, work)
    if isinstance(result, str):
        _fail([result], 1)
    _emit(
        as_json,
        {"sessions": result},
        [f"{s['id']}\t{s['local']}\t{s['status']}\t{s['title']}\t{s['place']}" for s in result],
    )


@session_group.command("cancel")
@click.argument("session_id", type=int)
@click.option("--club", "club_id", type=int, required=True, help="Club id.")
@click.option("--series", is_flag=True, help="Also every later session of its weekly series.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def session_cancel(
    ctx: click.Context, session_id: int, club_id: int, series: bool, as_json: bool
) -> None:
    """Cancel a session; its attendees are told."""
    from flows.schedule import planning

    async def work(tx: Any, now: Any, settings: Any) -> Any:
        session = await tx.schedule.get(club_id, session_id)
        if session is None or session.status != "planned":
            return f"SESSION_ID: no planned session {session_id} in club {club_id}"
        done = await planning.cancel(
            tx,
            club_id,
            session,
            whole_series=series,
            cancelled_by="cli",
            now=now,
            default_language=settings.default_language,
        )
        return [s.id for s in done]

    result = _db_work(ctx, work)
    if isinstance(result, str):
        _fail([result], 1)
    _emit(as_json, {"cancelled": result}, [f"Session {i} cancelled" for i in result])


@session_group.command("until")
@click.argument("session_id", type=int)
@click.argument("last_day")
@click.option("--club", "club_id", type=int, required=True, help="Club id.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def session_until(
    ctx: click.Context, session_id: int, last_day: str, club_id: int, as_json: bool
) -> None:
    """Move the last day ('DD.MM.RRRR') of the weekly series of SESSION_ID: weeks added with
    the same people and reminders, or the later ones cancelled with their people told once."""
    from base.times import parse_date
    from flows.schedule import planning, series_end

    until = parse_date(last_day)
    if until is None:
        _fail(["LAST_DAY: write the date as DD.MM.RRRR"])

    async def work(tx: Any, now: Any, settings: Any) -> Any:
        session = await tx.schedule.get(club_id, session_id)
        if session is None:
            return f"SESSION_ID: no session {session_id} in club {club_id}"
        try:
            moved = await series_end.move_end(
                tx,
                club_id,
                session,
                until,
                changed_by="cli",
                now=now,
                default_language=settings.default_language,
            )
        except planning.PlanError as error:
            detail = "".join(f" {name}={value}" for name, value in error.params.items())
            return f"session: {error}{detail}"
        return {"added": moved.added, "cancelled": moved.cancelled}

    result = _db_work(ctx, work)
    if isinstance(result, str):
        _fail([result], 1)
    _emit(
        as_json,
        result,
        [f"Sessions added: {result['added']}, cancelled: {result['cancelled']}"],
    )


@session_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--club", "club_id", type=int, required=True, help="Club id.")
@click.option("--kind", default="other", show_default=True, help="Kind when CATEGORIES has none.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def session_import(ctx: click.Context, file: str, club_id: int, kind: str, as_json: bool) -> None:
    """Import the events of an iCalendar (.ics) file for the whole club (UIDs seen are skipped)."""
    from flows.schedule import ical, planning

    data = Path(file).read_bytes()

    async def work(tx: Any, now: Any, settings: Any) -> Any:
        club = await tx.schedule.club(club_id)
        if club is None:
            return f"--club: no club {club_id}"
        try:
            plans = ical.read(data, club.timezone, kind)
        except (ical.ImportProblem, ValueError) as error:
            return f"{file}: {error}"
        made, skipped, problems = [], 0, []
        for plan in plans:
            if plan.ical_uid and await tx.schedule.has_uid(club_id, plan.ical_uid):
                skipped += 1
                continue
            try:
                sessions = await planning.create(
                    tx, club_id, plan, "cli", now, settings.default_language
                )
            except planning.PlanError as error:
                problems.append(f"{file}: {plan.ical_uid or plan.title}: {error}")
                continue
            made += [_session_data(s, club.timezone) for s in sessions]
        return {"sessions": made, "skipped": skipped, "problems": problems}

    result = _db_work(ctx, work)
    if isinstance(result, str):
        _fail([result], 1)
    lines = [f"Session {s['id']} planned: {s['local']} {s['title']}" for s in result["sessions"]]
    lines += [f"{result['skipped']} already imported"] if result["skipped"] else []
    _emit(as_json, result, lines)
    for problem in result["problems"]:
        click.echo(problem, err=True)
    if result["problems"]:
        raise SystemExit(1)


@session_group.command("export")
@click.option("--club", "club_id", type=int, required=True, help="Club id.")
@click.option("--participant", "participant_id", type=int, default=None, help="Only theirs.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default="-", show_default=True)
@click.pass_context
def session_export(
    ctx: click.Context, club_id: int, participant_id: int | None, output: str
) -> None:
    """The club's (or a participant's) sessions as an iCalendar file."""
    from bot.cli_export import _work, _write
    from flows.schedule import ical

    async def work(tx: Any, now: Any, settings: Any) -> Any:
        club = await tx.schedule.club(club_id)
        if club is None:
            return f"--club: no club {club_id}"
        start, end = now - timedelta(days=7), now + timedelta(days=120)
        if participant_id is None:
            return ical.export(await tx.schedule.in_club(club_id, start, end), club.name, "pl")
        person = await tx.participants.get(club_id, participant_id)
        if person is None:
            return f"--participant: no participant {participant_id} in club {club_id}"
        sessions = await tx.schedule.of_participant(club_id, participant_id, start, end)
        return ical.export(sessions, person.display_name, "pl")

    result = _work(ctx, work)  # an export: a damaged database is refused
    if isinstance(result, str):
        _fail([result], 1)
    if output == "-":
        click.echo(result.decode("utf-8"), nl=False)
    else:
        _write(output, result)
