"""Export in the bot: the card's Export button (document and format), /report for leaders
(and for a network's coordinator: flows/network_report.py).

The step checks access and writes the audit line; the data is read after the commit on a
read-only snapshot of its own and the documents drawn there too, in the export worker process
(flows/later.export, bot/export_workers.py): a leader's export never makes anyone's step wait.
What crosses to the worker is the club id, the language and the document asked for: never the
staff member's other clubs.
"""

from __future__ import annotations

from datetime import date, datetime, time
from functools import partial
from typing import Literal
from zoneinfo import ZoneInfo

from base.i18n import Text, translate
from exports.dataset import DatasetOptions, build_dataset
from exports.plan import build_plan
from exports.render import DocFormat, plan_bytes, report_docx, report_html, summary_bytes
from exports.report import build_report
from exports.summary import build_summary
from flows import flow
from flows.context import FlowContext
from flows.flow import Flow, Step
from flows.inputs import Command
from flows.later import export
from flows.network_report import coordinator_report
from flows.reply import Button, Document, Keyboard, Message, Reply
from flows.staff.access import StaffActor
from flows.staff.links import Export
from storage.repos.exports import exports_of

DocumentCode = Literal["s", "f", "p"]
FormatCode = Literal["h", "d", "m"]
# The summary is short (two A4 pages); the full one adds every answer and every reason.
DOCUMENTS: dict[DocumentCode, str] = {"s": "summary", "f": "summary_full", "p": "plan"}
FORMATS: dict[FormatCode, DocFormat] = {"h": "html", "d": "docx", "m": "md"}


def card_buttons(participant_id: int) -> Keyboard:
    """The card's Export button."""
    return ((Button(Text("exports.button"), Export(participant_id).encode()),),)


def _choices(staff: StaffActor, participant_id: int) -> list[Reply]:
    rows = tuple(
        tuple(
            Button(
                Text(f"exports.{document}", {"format": _format_name(staff, fmt)}),
                Export(participant_id, code, fmt_code).encode(),
            )
            for fmt_code, fmt in FORMATS.items()
        )
        for code, document in DOCUMENTS.items()
    )
    return [Message((Text("exports.choose"),), rows, staff.actor.language)]


def _format_name(staff: StaffActor, fmt: str) -> str:
    return translate(staff.actor.language, f"exports.format.{fmt}")


async def on_press(step: Step, button: Export) -> list[Reply]:
    """Alone: the choices; with a document and a format: the file."""
    ctx, staff, participant_id = step.ctx, step.staff, button.participant
    found = await exports_of(ctx.tx).participant(participant_id)
    # Another club's participant gets the same answer as an unknown id.
    if found is None or found.club_id != staff.club_id:
        return flow.not_available(staff.actor.language)
    if button.document is None:
        return _choices(staff, participant_id)
    if button.format is None:
        return step.stale()
    document, fmt = DOCUMENTS[button.document], FORMATS[button.format]
    await ctx.tx.audit.record(
        ctx.now,
        staff.audit_name,
        "export.plan" if document == "plan" else "export.summary",
        club_id=staff.club_id,
        subject=f"participant:{participant_id}",
        detail=f"{fmt} full" if document == "summary_full" else fmt,
    )

    lang = staff.actor.language
    return [
        export(ctx, lang, _participant_document, staff.club_id, lang, participant_id, document, fmt)
    ]


async def _participant_document(
    ctx: FlowContext, club_id: int, lang: str, participant_id: int, document: str, fmt: DocFormat
) -> list[Reply]:
    found = await exports_of(ctx.tx).participant(participant_id)
    if found is None or found.club_id != club_id:  # erased between the press and this read
        return flow.not_available(lang)
    club = await ctx.tx.clubs.get(club_id)
    zone = ZoneInfo(club.timezone if club else ctx.settings.timezone)
    today = ctx.now.astimezone(zone).date()
    full = document == "summary_full"
    if document in ("summary", "summary_full"):
        reading = await ctx.tx.readings.latest(
            participant_id, "participant", submitted_only=True
        ) or await ctx.tx.readings.latest(participant_id, "participant")
        if reading is None:
            return [Message((Text("exports.no_reading"),), language=lang)]
        summary = await build_summary(ctx.tx, found, reading, lang, zone, today, full=full)
        content = partial(summary_bytes, summary, fmt)
    else:
        plan = await build_plan(ctx.tx, found, lang, zone, today)
        content = partial(plan_bytes, plan, fmt)
    return [
        Document(
            filename=f"{document.replace('_', '-')}-{participant_id}.{fmt}",
            content=content,
            caption=(Text(f"exports.{document}_caption", {"name": found.display_name}),),
            language=lang,
        )
    ]


async def report(ctx: FlowContext, staff: StaffActor, args: str = "") -> list[Reply]:
    """/report [YEAR]: the club report as HTML and as Word (to edit before it is sent) and its
    figures as CSV (leaders only), of everything so far or of one calendar year."""
    if not staff.can("report"):
        return flow.not_available(staff.actor.language)
    lang = staff.actor.language
    club = await ctx.tx.clubs.get(staff.club_id)
    zone = ZoneInfo(club.timezone if club else ctx.settings.timezone)
    today = ctx.now.astimezone(zone).date()
    typed = args.strip()
    if typed and not (typed.isdigit() and 2000 <= int(typed) <= today.year):
        return [Message((Text("exports.report_bad_year"),), language=lang)]
    await ctx.tx.audit.record(
        ctx.now,
        staff.audit_name,
        "export.report",
        club_id=staff.club_id,
        detail=f"html,docx,csv {typed}".strip(),
    )

    return [export(ctx, lang, _report, staff.club_id, lang, typed)]


async def _report(ctx: FlowContext, club_id: int, lang: str, typed: str) -> list[Reply]:
    club = await ctx.tx.clubs.get(club_id)
    zone = ZoneInfo(club.timezone if club else ctx.settings.timezone)
    today = ctx.now.astimezone(zone).date()
    if typed:
        year = int(typed)
        since = datetime.combine(date(year, 1, 1), time(), zone)
        until = datetime.combine(date(year + 1, 1, 1), time(), zone)
        last = min(today, date(year, 12, 31))
        doc = await build_report(ctx.tx, club_id, lang, last, since=since, until=until)
    else:
        doc = await build_report(ctx.tx, club_id, lang, today)
    name = club.name if club else ""
    return [
        Document(
            filename=f"report-club-{club_id}.html",
            content=partial(report_html, doc),
            caption=(Text("exports.report_caption", {"club": name}),),
            language=lang,
        ),
        Document(
            filename=f"report-club-{club_id}.docx",
            content=partial(report_docx, doc),
            caption=(Text("exports.report_word_caption"),),
            language=lang,
        ),
        Document(
            filename=f"report-club-{club_id}.csv",
            content=doc.csv,
            caption=(Text("exports.report_figures_caption"),),
            language=lang,
        ),
    ]


async def dataset(ctx: FlowContext, staff: StaffActor) -> list[Reply]:
    """/dataset: the club's evaluation dataset as XLSX with its codebook (leaders only).

    Pseudonymised (P<id>, no names, Telegram ids or free text): the bot never offers the
    identifying variant; an operator can make it from the CLI, where it is audit-logged too.
    """
    if not staff.can("report"):
        return flow.not_available(staff.actor.language)
    await ctx.tx.audit.record(
        ctx.now,
        staff.audit_name,
        "export.dataset",
        club_id=staff.club_id,
        detail="xlsx,pseudonymised",
    )

    lang = staff.actor.language
    return [export(ctx, lang, _dataset, staff.club_id, lang)]


async def _dataset(ctx: FlowContext, club_id: int, lang: str) -> list[Reply]:
    data = await build_dataset(ctx.tx, club_id, DatasetOptions(lang=lang))
    return [
        Document(
            filename=f"dataset-club-{club_id}.xlsx",
            content=data.xlsx,
            caption=(Text("exports.dataset_caption"),),
            language=lang,
        )
    ]


async def _command(step: Step, cmd: Command) -> list[Reply]:
    if step.staff_member is None:
        # Not staff: a network's coordinator gets the network's report, anyone else nothing.
        return await coordinator_report(step) if cmd.name == "report" else step.not_available()
    if cmd.name == "report":
        return await report(step.ctx, step.staff, cmd.args)
    return await dataset(step.ctx, step.staff)


async def _press(step: Step, button: Export) -> list[Reply]:
    return step.not_available() if step.staff_member is None else await on_press(step, button)


FLOW = Flow(
    name="exports",
    side="staff",
    # Staff by role inside the handlers; a coordinator (no membership) only for /report.
    access=flow.anyone,
    commands=frozenset({"report", "dataset"}),
    command_access=(
        ("dataset", flow.staff_who_can("report")),
        ("report", lambda step: step.staff_member is None or step.staff_member.can("report")),
    ),
    buttons=(Export,),
    on_command=_command,
    on_press=_press,
)
