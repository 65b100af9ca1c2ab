"""/annual [YEAR] for leaders: the statutory annual report (art. 18a(6); a CIS's variant) as
HTML and Word, with the figures kisbot cannot know entered first, each by its button and
typed value, or left framed "to complete by hand"."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Literal
from zoneinfo import ZoneInfo

from base.clean import clean_line
from base.i18n import Text, translate
from exports.render import sheet_bytes
from exports.statutory import INPUT_CODES, statutory_sheet
from flows import flow
from flows.buttons import ButtonData
from flows.context import FlowContext
from flows.flow import ClubState, Flow, Step
from flows.inputs import Command
from flows.later import export
from flows.reply import Button, Document, Message, Reply
from flows.staff.parsing import club_zone

MAX_VALUE = 300
FIRST_YEAR = 2000


@dataclass(frozen=True)
class AnnualPress(ButtonData, kind="an"):
    """On the report of a year: send it (s), or enter the figure of INPUT_CODES[index] (i)."""

    year: int
    action: Literal["s", "i"]
    index: int | None = None


class AnnualInputState(ClubState):
    """A figure of the year's report is awaited."""

    flow: Literal["annual_input"] = "annual_input"
    year: int
    code: str


async def _year_of(step: Step, args: str) -> int | None:
    """The year asked for; by default the last one until the end of March (the report is due
    by 31 March), else the current one."""
    zone = await club_zone(step.ctx, step.staff)
    today = step.ctx.now.astimezone(zone).date()
    if not args.strip():
        return today.year - 1 if today.month <= 3 else today.year
    text = args.strip()
    if text.isdigit() and FIRST_YEAR <= int(text) <= today.year:
        return int(text)
    return None


async def overview(step: Step, year: int) -> list[Reply]:
    """What is entered, what is missing, and the buttons."""
    entered = await step.ctx.tx.report_inputs.of_year(step.staff.club_id, year)
    parts: list[Text | str] = [Text("annual.title", {"year": year})]
    rows: list[tuple[Button, ...]] = []
    for index, code in enumerate(INPUT_CODES):
        value = entered.get(code)
        state = "annual.entered" if value else "annual.missing"
        parts.append(
            Text(state, {"what": translate(step.lang, f"stat.input.{code}"), "value": value or ""})
        )
        rows.append(
            (
                Button(
                    Text("annual.enter", {"what": translate(step.lang, f"stat.input.{code}")}),
                    AnnualPress(year, "i", index).encode(),
                ),
            )
        )
    rows.append((Button(Text("annual.send"), AnnualPress(year, "s").encode()),))
    return [Message(tuple(parts), tuple(rows), step.lang)]


async def send(step: Step, year: int) -> list[Reply]:
    """The report as HTML and Word, audit-logged; read and drawn after the commit, in the
    export worker process (flows/later.export)."""
    ctx, staff, lang = step.ctx, step.staff, step.lang
    club = await ctx.tx.clubs.get(staff.club_id)
    if club is None:
        return step.not_available()
    await ctx.tx.audit.record(
        ctx.now, staff.audit_name, "export.statutory_report", club_id=club.id, detail=str(year)
    )
    return [export(ctx, lang, _documents, club.id, year, lang)]


async def _documents(ctx: FlowContext, club_id: int, year: int, lang: str) -> list[Reply]:
    club = await ctx.tx.clubs.get(club_id)
    if club is None:
        return flow.not_available(lang)
    zone = ZoneInfo(club.timezone)
    sheet = await statutory_sheet(ctx.tx, club, year, lang, ctx.now.astimezone(zone).date())
    return [
        Document(
            filename=f"annual-report-{year}-club-{club.id}.{fmt}",
            content=partial(sheet_bytes, sheet, fmt),
            caption=(Text("annual.caption", {"year": year, "club": club.name}),),
            language=lang,
        )
        for fmt in ("html", "docx")
    ]


async def _command(step: Step, cmd: Command) -> list[Reply]:
    year = await _year_of(step, cmd.args)
    return step.say("annual.bad_year") if year is None else await overview(step, year)


async def _press(step: Step, button: AnnualPress) -> list[Reply]:
    if not FIRST_YEAR <= button.year <= step.ctx.now.year:
        return step.stale()
    if button.action == "s":
        return await send(step, button.year)
    if button.index is None or not 0 <= button.index < len(INPUT_CODES):
        return step.stale()
    code = INPUT_CODES[button.index]
    await step.remember(AnnualInputState(club=step.staff.club_id, year=button.year, code=code))
    return [
        Message(
            (
                Text("annual.ask", {"what": translate(step.lang, f"stat.input.{code}")}),
                Text("path.cancel_hint"),
            ),
            language=step.lang,
        )
    ]


async def _text(step: Step, text: str) -> list[Reply] | None:
    pending = step.mine(AnnualInputState)
    if pending is None:
        return None
    value = clean_line(text)
    if not value or len(value) > MAX_VALUE:
        return step.say("annual.bad_value", max=MAX_VALUE)
    ctx, staff = step.ctx, step.staff
    await ctx.tx.report_inputs.set(
        staff.club_id, pending.year, pending.code, value, staff.audit_name, ctx.now
    )
    await ctx.tx.audit.record(
        ctx.now, staff.audit_name, "report.input", club_id=staff.club_id,
        detail=f"{pending.year}: {pending.code}",
    )  # fmt: skip
    await step.remember(None)
    return await overview(step, pending.year)


FLOW = Flow(
    name="annual",
    side="staff",
    access=flow.staff_who_can("report"),
    commands=frozenset({"annual"}),
    buttons=(AnnualPress,),
    states=(AnnualInputState,),
    on_command=_command,
    on_press=_press,
    on_text=_text,
)
