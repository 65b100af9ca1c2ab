"""What the participant card adds for the support path, notes, status and the audit log:
the notes block the viewer may read, and the card's buttons."""

from __future__ import annotations

from flows import callbacks
from flows.context import FlowContext
from flows.i18n import Text
from flows.reply import Button, Keyboard
from flows.staff import notes, status
from flows.staff.access import StaffActor
from flows.staff.path_view import KIND as PATH
from storage.repos.participants import Participant


async def extras(
    ctx: FlowContext, staff: StaffActor, participant: Participant
) -> tuple[str, Keyboard]:
    """The notes block and the buttons of the card."""
    block, count = await notes.card_block(ctx, staff, participant.id)
    pid = participant.id
    rows: list[tuple[Button, ...]] = [
        (Button(Text("card.button_path"), callbacks.encode(PATH, pid, "o")),),
        (
            Button(Text("card.button_note"), callbacks.encode(notes.KIND, pid, "n")),
            Button(
                Text("card.button_notes", {"count": count}), callbacks.encode(notes.KIND, pid, "l")
            ),
        ),
    ]
    if participant.status not in ("graduated", "left"):
        rows.append((Button(Text("card.button_finish"), callbacks.encode(status.KIND, pid, "m")),))
    if staff.can("view_audit"):
        rows.append((Button(Text("card.button_audit"), callbacks.encode("au", pid)),))
    return block, tuple(rows)
