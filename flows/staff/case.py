"""Routing of the case-work features (support path, notes, status, audit view), so the staff
router needs one line per kind of input."""

from __future__ import annotations

from typing import Any

from flows.context import FlowContext
from flows.i18n import Text
from flows.reply import Message, Reply
from flows.staff import audit_view, notes, path, path_view, status
from flows.staff.access import StaffActor
from flows.staff.parsing import field_id, parse_id

AUDIT = "au"
COMMANDS = frozenset({"path", "note", "audit"})
BUTTONS = frozenset({path_view.KIND, notes.KIND, status.KIND, AUDIT})
FLOWS = frozenset({path.FLOW, notes.FLOW, status.FLOW})


def _not_available(staff: StaffActor) -> list[Reply]:
    return [Message((Text("access.not_available"),), language=staff.actor.language)]


async def command(ctx: FlowContext, staff: StaffActor, name: str, args: str) -> list[Reply]:
    """/path <id>, /note <id>, /audit <id>."""
    participant_id = parse_id(args)
    # A malformed id gets the same answer as another club's: nothing to tell apart.
    if participant_id is None:
        return _not_available(staff)
    if name == "path":
        return await path.open_path(ctx, staff, participant_id)
    if name == "note":
        return await notes.start(ctx, staff, participant_id)
    return await audit_view.show(ctx, staff, participant_id)


async def on_press(
    ctx: FlowContext,
    staff: StaffActor,
    pending: dict[str, Any] | None,
    kind: str,
    fields: tuple[str, ...],
) -> list[Reply]:
    """A button of one of the case-work features."""
    if kind == path_view.KIND:
        return await path.on_press(ctx, staff, fields)
    if kind == notes.KIND:
        return await notes.on_press(ctx, staff, pending, fields)
    if kind == status.KIND:
        return await status.on_press(ctx, staff, pending, fields)
    participant_id = field_id(fields, 0)
    if participant_id is None or len(fields) != 1:
        return [Message((Text("button.stale"),), language=staff.actor.language)]
    return await audit_view.show(ctx, staff, participant_id)


async def on_text(
    ctx: FlowContext, staff: StaffActor, pending: dict[str, Any], text: str
) -> list[Reply]:
    """Typed input for the case-work flow waiting for it (already checked: same club)."""
    flow = pending.get("flow")
    if flow == path.FLOW:
        return await path.on_text(ctx, staff, pending, text)
    if flow == notes.FLOW:
        return await notes.on_text(ctx, staff, pending, text)
    return await status.on_text(ctx, staff, pending, text)
