"""Export in the bot: the card's Export button (document and format), and /report for leaders.

The data is read inside the step's transaction; drawing the chart and filling the template run
after the commit, off the event loop (a Document's content function), and every export is in
the audit log.
"""

from __future__ import annotations

from functools import partial
from zoneinfo import ZoneInfo

from exports.dataset import DatasetOptions, build_dataset
from exports.plan import build_plan
from exports.render import DOC_FORMATS, DocFormat, plan_bytes, report_html, summary_bytes
from exports.report import build_report
from exports.summary import build_summary
from flows import callbacks
from flows.context import FlowContext
from flows.i18n import Text, translate
from flows.reply import Button, Document, Keyboard, Message, Reply
from flows.staff.access import StaffActor
from storage.repos.exports import exports_of

KIND = "ex"
BUTTONS = frozenset({KIND})
DOCUMENTS = {"s": "summary", "p": "plan"}
FORMATS: dict[str, DocFormat] = {f[0]: f for f in DOC_FORMATS}  # h, d, m


def card_buttons(participant_id: int) -> Keyboard:
    """The card's Export button."""
    return ((Button(Text("exports.button"), callbacks.encode(KIND, participant_id)),),)


def _not_available(staff: StaffActor) -> list[Reply]:
    return [Message((Text("access.not_available"),), language=staff.actor.language)]


def _choices(staff: StaffActor, participant_id: int) -> list[Reply]:
    rows = tuple(
        tuple(
            Button(
                Text(f"exports.{document}", {"format": _format_name(staff, fmt)}),
                callbacks.encode(KIND, participant_id, code, fmt[0]),
            )
            for fmt in DOC_FORMATS
        )
        for code, document in DOCUMENTS.items()
    )
    return [Message((Text("exports.choose"),), rows, staff.actor.language)]


def _format_name(staff: StaffActor, fmt: str) -> str:
    return translate(staff.actor.language, f"exports.format.{fmt}")


async def on_press(ctx: FlowContext, staff: StaffActor, fields: tuple[str, ...]) -> list[Reply]:
    """ex:<participant> shows the choices; ex:<participant>:<s|p>:<h|d|m> sends the file."""
    if not fields or not (fields[0].isascii() and fields[0].isdigit()):
        return _not_available(staff)
    participant_id = int(fields[0])
    found = await exports_of(ctx.tx).participant(participant_id)
    # Another club's participant gets the same answer as an unknown id.
    if found is None or found.club_id != staff.club_id:
        return _not_available(staff)
    if len(fields) == 1:
        return _choices(staff, participant_id)
    if len(fields) != 3 or fields[1] not in DOCUMENTS or fields[2] not in FORMATS:
        return _not_available(staff)
    document, fmt = DOCUMENTS[fields[1]], FORMATS[fields[2]]
    lang = staff.actor.language
    club = await ctx.tx.clubs.get(staff.club_id)
    zone = ZoneInfo(club.timezone if club else ctx.settings.timezone)
    today = ctx.now.astimezone(zone).date()
    if document == "summary":
        reading = await ctx.tx.readings.latest(
            participant_id, "participant", submitted_only=True
        ) or await ctx.tx.readings.latest(participant_id, "participant")
        if reading is None:
            return [Message((Text("exports.no_reading"),), language=lang)]
        summary = await build_summary(ctx.tx, found, reading, lang, zone, today)
        content = partial(summary_bytes, summary, fmt)
    else:
        plan = await build_plan(ctx.tx, found, lang, zone, today)
        content = partial(plan_bytes, plan, fmt)
    await ctx.tx.audit.record(
        ctx.now,
        staff.audit_name,
        f"export.{document}",
        club_id=staff.club_id,
        subject=f"participant:{participant_id}",
        detail=fmt,
    )
    return [
        Document(
            filename=f"{document}-{participant_id}.{fmt}",
            content=content,
            caption=(Text(f"exports.{document}_caption", {"name": found.display_name}),),
            language=lang,
        )
    ]


async def report(ctx: FlowContext, staff: StaffActor) -> list[Reply]:
    """/report: the club report as HTML and its figures as CSV (leaders only)."""
    if not staff.can("report"):
        return _not_available(staff)
    lang = staff.actor.language
    club = await ctx.tx.clubs.get(staff.club_id)
    zone = ZoneInfo(club.timezone if club else ctx.settings.timezone)
    doc = await build_report(ctx.tx, staff.club_id, lang, ctx.now.astimezone(zone).date())
    await ctx.tx.audit.record(
        ctx.now, staff.audit_name, "export.report", club_id=staff.club_id, detail="html,csv"
    )
    name = club.name if club else ""
    return [
        Document(
            filename=f"report-club-{staff.club_id}.html",
            content=partial(report_html, doc),
            caption=(Text("exports.report_caption", {"club": name}),),
            language=lang,
        ),
        Document(
            filename=f"report-club-{staff.club_id}.csv",
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
        return _not_available(staff)
    lang = staff.actor.language
    data = await build_dataset(ctx.tx, staff.club_id, DatasetOptions(lang=lang))
    await ctx.tx.audit.record(
        ctx.now,
        staff.audit_name,
        "export.dataset",
        club_id=staff.club_id,
        detail="xlsx,pseudonymised",
    )
    return [
        Document(
            filename=f"dataset-club-{staff.club_id}.xlsx",
            content=data.xlsx,
            caption=(Text("exports.dataset_caption"),),
            language=lang,
        )
    ]
