"""`kisbot export summary|plan|certificate|dataset|report` and `kisbot demo-data`."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import click

from bot.cli_common import emit as _emit
from bot.cli_common import fail as _fail
from bot.cli_common import run_work as _run
from bot.cli_common import settings_of as _settings
from storage.db import open_database

LANGS = click.Choice(["pl", "uk", "en"])
KINDS = click.Choice(["entry", "midway", "exit", "follow_up"])


def _work(ctx: click.Context, work: Any) -> Any:
    """Run work(tx, now, settings) in one transaction on the configured database."""
    from base.clock import SystemClock

    settings = _settings(ctx)

    async def go() -> Any:
        db = await open_database(settings.database)
        try:
            # A damaged database must not be exported as if it were whole.
            await db.require_sound()
            async with db.transaction() as tx:
                return await work(tx, SystemClock().now(), settings)
        finally:
            await db.close()

    return _run(go(), settings.database_setting)


def _read_work(ctx: click.Context, work: Any) -> Any:
    """Run work(tx, now, settings), which only reads, on a read-only snapshot, then write its
    audit lines in a short transaction: a running bot's steps go on committing meanwhile (a
    write transaction would hold SQLite's one writer for the whole export)."""
    from base.clock import SystemClock
    from storage.repos.audit import HeldAudit

    settings = _settings(ctx)

    async def go() -> Any:
        db = await open_database(settings.database)
        try:
            # A damaged database must not be exported as if it were whole.
            await db.require_sound()
            async with db.reading() as snapshot:
                audit = snapshot.audit = HeldAudit(snapshot.conn)
                result = await work(snapshot, SystemClock().now(), settings)
            if audit.held:
                async with db.transaction() as tx:
                    await audit.write_to(tx.audit)
            return result
        finally:
            await db.close()

    return _run(go(), settings.database_setting)


def _write(path: str, data: bytes) -> None:
    """The file, 0600, whole or not at all; an error names the path."""
    from storage.files import FileWriteError, write_atomic

    try:
        write_atomic(path, data)
    except FileWriteError as exc:
        _fail([f"-o: {exc}"], 1)


def _day(value: str | None, option: str) -> datetime | None:
    if value is None:
        return None
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date()  # noqa: DTZ007 - a date, zone below
    except ValueError:
        _fail([f"{option}: {value!r} is not a date (YYYY-MM-DD)"])
    return datetime.combine(day, time(), ZoneInfo("Europe/Warsaw"))


@click.group("export")
def export_group() -> None:
    """Documents and datasets: intake summary, support path, evaluation dataset, club report."""


def _participant_doc(
    ctx: click.Context,
    kind: str,
    participant_id: int,
    reading_id: int | None,
    fmt: str,
    lang: str,
    output: str,
    full: bool = False,
) -> None:
    from exports.plan import build_plan
    from exports.render import DocFormat, plan_bytes, summary_bytes
    from exports.summary import build_summary
    from storage.repos.exports import exports_of

    async def work(tx: Any, now: datetime, settings: Any) -> Any:
        person = await exports_of(tx).participant(participant_id)
        if person is None:
            return "--participant"
        club = await tx.clubs.get(person.club_id)
        zone = ZoneInfo(club.timezone if club else settings.timezone)
        today = now.astimezone(zone).date()
        subject = f"participant:{participant_id}"
        doc: Any
        if kind == "plan":
            doc = await build_plan(tx, person, lang, zone, today)
        else:
            reading = (
                await tx.readings.get(person.club_id, reading_id)
                if reading_id is not None
                else await tx.readings.latest(participant_id, "participant", submitted_only=True)
                or await tx.readings.latest(participant_id, "participant")
            )
            if (
                reading is None
                or reading.participant_id != participant_id
                or (reading.respondent != "participant")
            ):
                return "--reading"
            doc = await build_summary(tx, person, reading, lang, zone, today, full=full)
        await tx.audit.record(
            now, "cli", f"export.{kind}", club_id=person.club_id, subject=subject, detail=fmt
        )
        return doc

    doc = _read_work(ctx, work)
    if doc == "--participant":
        _fail([f"--participant: there is no participant {participant_id}"], 1)
    if doc == "--reading":
        _fail(["--reading: no self-assessment reading of this participant to summarise"], 1)
    chosen: DocFormat = "docx" if fmt == "docx" else "md" if fmt == "md" else "html"
    _write(output, plan_bytes(doc, chosen) if kind == "plan" else summary_bytes(doc, chosen))
    click.echo(f"Written {output}")


@export_group.command("summary")
@click.option("--participant", "participant_id", type=int, required=True, help="Participant id.")
@click.option("--reading", "reading_id", type=int, help="Reading id (default: the latest).")
@click.option(
    "--format", "fmt", type=click.Choice(["html", "docx", "md"]), default="html", show_default=True
)
@click.option("--language", "lang", type=LANGS, default="pl", show_default=True)
@click.option("--full", is_flag=True, help="Every answer and every suggestion's reasons.")
@click.option("-o", "output", required=True, help="File to write.")
@click.pass_context
def export_summary(
    ctx: click.Context,
    participant_id: int,
    reading_id: int | None,
    fmt: str,
    lang: str,
    full: bool,
    output: str,
) -> None:
    """The intake summary of a participant's reading (short: one or two A4 pages)."""
    _participant_doc(ctx, "summary", participant_id, reading_id, fmt, lang, output, full)


@export_group.command("certificate")
@click.option("--participant", "participant_id", type=int, required=True, help="Participant id.")
@click.option(
    "--format", "fmt", type=click.Choice(["docx", "html"]), default="docx", show_default=True
)
@click.option("--language", "lang", type=LANGS, default="pl", show_default=True)
@click.option("-o", "output", required=True, help="File to write.")
@click.pass_context
def export_certificate(
    ctx: click.Context, participant_id: int, fmt: str, lang: str, output: str
) -> None:
    """The completion certificate of a graduate (from exports/templates/certificate.docx)."""
    from exports.certificate import NotGraduated, build_certificate
    from exports.render import certificate_bytes
    from storage.repos.exports import exports_of

    async def work(tx: Any, now: datetime, settings: Any) -> Any:
        person = await exports_of(tx).participant(participant_id)
        if person is None:
            return "--participant"
        club = await tx.clubs.get(person.club_id)
        zone = ZoneInfo(club.timezone if club else settings.timezone)
        try:
            doc = await build_certificate(tx, person, lang, now.astimezone(zone).date())
        except NotGraduated:
            return "graduated"
        await tx.audit.record(
            now,
            "cli",
            "export.certificate",
            club_id=person.club_id,
            subject=f"participant:{participant_id}",
            detail=fmt,
        )
        return doc

    doc = _read_work(ctx, work)
    if doc == "--participant":
        _fail([f"--participant: there is no participant {participant_id}"], 1)
    if doc == "graduated":
        _fail([f"--participant: participant {participant_id} has not graduated"], 1)
    _write(output, certificate_bytes(doc, "docx" if fmt == "docx" else "html"))
    click.echo(f"Written {output}")


@export_group.command("plan")
@click.option("--participant", "participant_id", type=int, required=True, help="Participant id.")
@click.option(
    "--format", "fmt", type=click.Choice(["html", "docx", "md"]), default="html", show_default=True
)
@click.option("--language", "lang", type=LANGS, default="pl", show_default=True)
@click.option("-o", "output", required=True, help="File to write.")
@click.pass_context
def export_plan(ctx: click.Context, participant_id: int, fmt: str, lang: str, output: str) -> None:
    """The support-path document (individual reintegration plan) of a participant."""
    _participant_doc(ctx, "plan", participant_id, None, fmt, lang, output)


@export_group.command("dataset")
@click.option("--club", "club_id", type=int, help="Club id (default: every club).")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True
)
@click.option(
    "--language",
    "lang",
    type=LANGS,
    default="pl",
    show_default=True,
    help="Language of labels and of the codebook.",
)
@click.option("--codes", is_flag=True, help="Answer codes instead of labels.")
@click.option("--since", help="Readings submitted on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Readings submitted before this date (YYYY-MM-DD).")
@click.option("--kind", "kinds", type=KINDS, multiple=True, help="Reading kind; repeatable.")
@click.option(
    "--identify", is_flag=True, help="Include names and Telegram ids (personal data; audit-logged)."
)
@click.option("--free-text", is_flag=True, help="Include typed answers (audit-logged).")
@click.option("-o", "output", required=True, help="File to write (CSV: codebook beside it).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def export_dataset(
    ctx: click.Context,
    club_id: int | None,
    fmt: str,
    lang: str,
    codes: bool,
    since: str | None,
    until: str | None,
    kinds: tuple[str, ...],
    identify: bool,
    free_text: bool,
    output: str,
    as_json: bool,
) -> None:
    """The evaluation dataset: one row per participant and reading; pseudonymised by default."""
    import json

    from exports.dataset import DatasetOptions, build_dataset

    options = DatasetOptions(
        lang=lang,
        codes=codes,
        identify=identify,
        free_text=free_text,
        since=_day(since, "--since"),
        until=_day(until, "--until"),
        kinds=tuple(kinds),  # type: ignore[arg-type]
    )

    async def work(tx: Any, now: datetime, settings: Any) -> Any:
        if club_id is not None and await tx.clubs.get(club_id) is None:
            return None
        data = await build_dataset(tx, club_id, options)
        detail = {
            "identify": identify,
            "free_text": free_text,
            "codes": codes,
            "since": since,
            "until": until,
            "kinds": list(kinds),
            "rows": len(data.rows),
        }
        await tx.audit.record(
            now, "cli", "export.dataset", club_id=club_id, detail=json.dumps(detail, sort_keys=True)
        )
        return data

    data = _read_work(ctx, work)
    if data is None:
        _fail([f"--club: there is no club {club_id} (see kisbot club create)"], 1)
    written = [output]
    if fmt == "xlsx":
        _write(output, data.xlsx())
    else:
        _write(output, data.csv())
        codebook = str(Path(output).with_suffix("")) + ".codebook.csv"
        _write(codebook, data.codebook_csv())
        written.append(codebook)
    _emit(
        as_json,
        {"files": written, "rows": len(data.rows), "columns": len(data.columns)},
        [f"Written {', '.join(written)}: {len(data.rows)} rows, {len(data.columns)} columns"],
    )


@export_group.command("report")
@click.option("--club", "club_id", type=int, help="Club id (default: every club).")
@click.option("--network", "network_id", type=int, help="Network id: the network's report.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "csv", "docx"]),
    default="html",
    show_default=True,
    help="html, Word (docx) to edit, or the figures as csv.",
)
@click.option("--language", "lang", type=LANGS, default="pl", show_default=True)
@click.option("--since", help="From this date (YYYY-MM-DD).")
@click.option("--until", help="Before this date (YYYY-MM-DD).")
@click.option("--year", type=click.IntRange(2000, 2100), help="A calendar year.")
@click.option(
    "--statutory", is_flag=True, help="The annual report of art. 18a(6) (with --club, --year)."
)
@click.option("-o", "output", required=True, help="File to write.")
@click.pass_context
def export_report(
    ctx: click.Context,
    club_id: int | None,
    network_id: int | None,
    fmt: str,
    lang: str,
    since: str | None,
    until: str | None,
    year: int | None,
    statutory: bool,
    output: str,
) -> None:
    """The club report (HTML with charts, Word, or its figures as CSV), the statutory annual
    report of a club (--statutory --year) or a network's report (--network)."""
    from exports.render import ReportFormat, report_bytes

    if year is not None and (since or until):
        _fail(["--year: give either --year or --since/--until, not both"])
    if statutory and (club_id is None or year is None):
        _fail(["--statutory: needs --club and --year"])
    if network_id is not None and (club_id is not None or statutory):
        _fail(["--network: a network's report takes no --club or --statutory"])
    if year is not None:
        since, until = f"{year}-01-01", f"{year + 1}-01-01"
    start, end = _day(since, "--since"), _day(until, "--until")
    if statutory or network_id is not None:
        _sheet_report(ctx, club_id, network_id, year, start, end, fmt, lang, output)
        return
    from exports.report import build_report

    async def work(tx: Any, now: datetime, settings: Any) -> Any:
        if club_id is not None and await tx.clubs.get(club_id) is None:
            return None
        today = (
            (end - timedelta(days=1)).date()
            if end
            else now.astimezone(ZoneInfo(settings.timezone)).date()
        )
        doc = await build_report(tx, club_id, lang, today, since=start, until=end)
        await tx.audit.record(now, "cli", "export.report", club_id=club_id, detail=fmt)
        return doc

    doc = _read_work(ctx, work)
    if doc is None:
        _fail([f"--club: there is no club {club_id} (see kisbot club create)"], 1)
    chosen: ReportFormat = "docx" if fmt == "docx" else "csv" if fmt == "csv" else "html"
    _write(output, report_bytes(doc, chosen))
    click.echo(f"Written {output}")


def _sheet_report(
    ctx: click.Context,
    club_id: int | None,
    network_id: int | None,
    year: int | None,
    start: datetime | None,
    end: datetime | None,
    fmt: str,
    lang: str,
    output: str,
) -> None:
    """The statutory report of a club's year, or a network's report for a period."""
    from exports.network import network_sheet
    from exports.periods import Period
    from exports.render import SheetFormat, sheet_bytes
    from exports.statutory import statutory_sheet

    async def work(tx: Any, now: datetime, settings: Any) -> Any:
        zone = ZoneInfo(settings.timezone)
        today = now.astimezone(zone).date()
        if network_id is not None:
            network = await tx.networks.get(network_id)
            if network is None:
                return "--network"
            first = start.date() if start else date(2000, 1, 1)
            last = (end - timedelta(days=1)).date() if end else today
            sheet = await network_sheet(tx, network, Period(first, last, zone), lang, today)
            await tx.audit.record(now, "cli", "export.network_report", detail=f"{network_id} {fmt}")
            return sheet
        club = await tx.clubs.get(club_id)
        if club is None:
            return "--club"
        assert year is not None  # noqa: S101 - checked by the caller
        sheet = await statutory_sheet(tx, club, year, lang, today)
        await tx.audit.record(
            now, "cli", "export.statutory_report", club_id=club.id, detail=f"{year} {fmt}"
        )
        return sheet

    sheet = _read_work(ctx, work)
    if sheet == "--network":
        _fail([f"--network: there is no network {network_id} (see kisbot network create)"], 1)
    if sheet == "--club":
        _fail([f"--club: there is no club {club_id} (see kisbot club create)"], 1)
    chosen: SheetFormat = "docx" if fmt == "docx" else "csv" if fmt == "csv" else "html"
    _write(output, sheet_bytes(sheet, chosen))
    click.echo(f"Written {output}")


@click.command("demo-data")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def demo_data(ctx: click.Context, as_json: bool) -> None:
    """Create a fictional demo club with staff and 30 participants (once; later runs report it)."""
    from flows.demo_data import seed_demo

    async def work(tx: Any, now: datetime, settings: Any) -> Any:
        return await seed_demo(tx, now, settings.timezone)

    made = _work(ctx, work)
    state = "created" if made.created else "already present, nothing changed"
    _emit(
        as_json,
        {
            "club_id": made.club_id,
            "name": made.name,
            "created": made.created,
            "participants": made.participants,
        },
        [
            f"Demo club {made.club_id} {state}: {made.name}, {made.participants} participants.",
            f"Try: kisbot export report --club {made.club_id} -o report.html",
            f"     kisbot export attendance --club {made.club_id} --month YYYY-MM -o list.html"
            " (the month before this one has sessions)",
            f"     kisbot export report --club {made.club_id} --year YYYY --statutory"
            " -o annual.html",
            "     kisbot network list; kisbot export report --network ID -o network.html",
        ],
    )
