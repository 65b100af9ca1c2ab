"""What the participant card adds for the support path, notes, status and the audit log:
the notes block the viewer may read, and the card's buttons."""

from __future__ import annotations

from base.i18n import Text, translate
from flows.context import FlowContext
from flows.reply import Button, Keyboard
from flows.staff import notes
from flows.staff.access import StaffActor
from flows.staff.links import (
    AuditView,
    EraseAsk,
    NotePress,
    PathPress,
    StatusPress,
    ThreadPress,
)
from flows.staff.parsing import club_zone
from storage.repos.participants import Participant


async def extras(
    ctx: FlowContext, staff: StaffActor, participant: Participant
) -> tuple[str, Keyboard]:
    """The notes block (after a plan agreed with gaps, why) and the buttons of the card."""
    block, count = await notes.card_block(ctx, staff, participant.id)
    path = await ctx.tx.support_paths.get(staff.club_id, participant.id)
    if path is not None and path.agreed_gaps:
        gaps = translate(staff.actor.language, "card.path_gaps", {"reason": path.agreed_gaps})
        block = f"{gaps}\n{block}"
    messages = await ctx.tx.threads.count(staff.club_id, participant.id)
    pid = participant.id
    rows: list[tuple[Button, ...]] = [
        (Button(Text("card.button_path"), PathPress(pid, "o").encode()),),
        (
            Button(Text("card.button_note"), NotePress(pid, "n").encode()),
            Button(Text("card.button_notes", {"count": count}), NotePress(pid, "l").encode()),
        ),
        (
            Button(
                Text("messages.card_button", {"count": messages}), ThreadPress(pid, "v").encode()
            ),
        ),
    ]
    if participant.status not in ("graduated", "left"):
        rows.append((Button(Text("card.button_finish"), StatusPress(pid, "m").encode()),))
    if staff.can("view_audit"):
        rows.append((Button(Text("card.button_audit"), AuditView(pid).encode()),))
    if staff.can("erase") and participant.deletion_requested_at is not None:
        asked = participant.deletion_requested_at.astimezone(await club_zone(ctx, staff))
        rows.append(
            (
                Button(
                    Text("erase.button", {"date": asked.strftime("%d.%m.%Y")}),
                    EraseAsk(pid).encode(),
                ),
            )
        )
    return block, tuple(rows)
