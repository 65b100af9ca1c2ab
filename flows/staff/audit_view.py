"""The audit log of one participant for leaders: newest first, in words. Read-only: the bot
has no way to change or remove an entry (storage/repos/audit.py has no update or delete)."""

from __future__ import annotations

from base.i18n import Text, has, translate
from base.ids import parse_id
from flows import flow
from flows.context import FlowContext
from flows.flow import Flow, Step
from flows.inputs import Command
from flows.reply import Message, Reply
from flows.staff.access import StaffActor
from flows.staff.links import AuditView
from flows.staff.parsing import club_zone, show_moment
from storage.repos.audit import AuditEntry
from storage.repos.participants import Participant

SHOWN = 50


def _who(lang: str, actor: str, names: dict[int, str], participant: Participant) -> str:
    kind, _, number = actor.partition(":")
    if kind == "staff" and number.isdigit() and int(number) in names:
        return names[int(number)]
    if (kind == "participant" and number == str(participant.id)) or (
        kind == "tg"
        and participant.telegram_id is not None
        and number == str(participant.telegram_id)
    ):
        return translate(lang, "audit.who_participant", {"name": participant.display_name})
    if kind == "cli":
        return translate(lang, "audit.who_cli")
    # Never a raw Telegram id (e.g. a participant's previous phone): an id is personal data.
    return translate(lang, "audit.who_other")


def _what(lang: str, entry: AuditEntry) -> str:
    key = f"audit.action.{entry.action}"
    if not has("pl", key):
        return entry.action
    detail = entry.detail or ""
    # Details that are codes (outcomes, specialisms) are shown in words too.
    for prefix in ("outcome", "specialism"):
        if has("pl", f"{prefix}.{detail}"):
            detail = translate(lang, f"{prefix}.{detail}")
            break
    return translate(lang, key, {"detail": detail})


async def show(ctx: FlowContext, staff: StaffActor, participant_id: int) -> list[Reply]:
    """/audit <id> or the card's button; leaders only, their own club only."""
    lang = staff.actor.language
    participant = await ctx.tx.participants.get(staff.club_id, participant_id)
    if not staff.can("view_audit") or participant is None:
        return [Message((Text("access.not_available"),), language=lang)]
    subject = f"participant:{participant.id}"
    entries = await ctx.tx.audit.recent_for_subject(staff.club_id, subject, SHOWN)
    names = {m.id: m.display_name for m in await ctx.tx.staff.in_club(staff.club_id)}
    zone = await club_zone(ctx, staff)
    lines = [
        translate(lang, "audit.header", {"name": participant.display_name, "id": participant.id})
    ]
    lines += [
        f"{show_moment(e.at, zone)} · {_who(lang, e.actor, names, participant)} · {_what(lang, e)}"
        for e in entries
    ]
    if len(entries) == SHOWN:
        lines.append(translate(lang, "audit.more", {"count": SHOWN}))
    # Reading the log is itself recorded, after the entries shown were read.
    await ctx.tx.audit.record(
        ctx.now, staff.audit_name, "audit.viewed", club_id=staff.club_id, subject=subject
    )
    return [Message(("\n".join(lines),), language=lang)]


async def _command(step: Step, cmd: Command) -> list[Reply]:
    wanted = parse_id(cmd.args)
    # A malformed id gets the same answer as another club's: nothing to tell apart.
    return step.not_available() if wanted is None else await show(step.ctx, step.staff, wanted)


async def _press(step: Step, button: AuditView) -> list[Reply]:
    return await show(step.ctx, step.staff, button.participant)


FLOW = Flow(
    name="audit",
    side="staff",
    access=flow.staff_who_can("view_audit"),
    commands=frozenset({"audit"}),
    buttons=(AuditView,),
    on_command=_command,
    on_press=_press,
)
