"""/supervision for leaders: who needs a look (safety flags, reviews overdue, no plan some
days after admission, not come for weeks), by name and number, audit-logged."""

from __future__ import annotations

from base.i18n import Text
from exports.supervision import Flagged, supervision
from exports.words import show_date
from flows import flow
from flows.flow import Flow, Step
from flows.inputs import Command
from flows.reply import Message, Reply
from flows.staff.parsing import club_today

SECTIONS = ("safety", "reviews_overdue", "no_plan", "quiet")


def _line(lang: str, section: str, who: Flagged) -> Text:
    return Text(
        f"supervision.line.{section}",
        {
            "name": who.name,
            "id": who.participant_id,
            "date": show_date(who.since, lang) if who.since else "",
            "count": who.days or 0,
        },
    )


async def _command(step: Step, cmd: Command) -> list[Reply]:
    ctx, staff, lang = step.ctx, step.staff, step.lang
    today = await club_today(ctx, staff)
    found = await supervision(ctx.tx, staff.club_id, ctx.now, today)
    await ctx.tx.audit.record(ctx.now, staff.audit_name, "supervision.view", club_id=staff.club_id)
    parts: list[Text | str] = [Text("supervision.title", {"date": show_date(today, lang)})]
    for section in SECTIONS:
        people: tuple[Flagged, ...] = getattr(found, section)
        heading = Text(
            f"supervision.{section}",
            {
                "people": len(people),
                "count": found.plan_days if section == "no_plan" else found.quiet_days,
            },
        )
        parts.append(heading)
        lines = [_line(lang, section, who) for who in people]
        parts.extend(lines or [Text("supervision.nobody")])
    return [Message(tuple(parts), language=lang)]


FLOW = Flow(
    name="supervision",
    side="staff",
    access=flow.staff_who_can("report"),
    commands=frozenset({"supervision"}),
    on_command=_command,
)
