"""Case notes: staff write a note about a participant, for the whole team or for their own
specialism only (a psychologist's note is read by psychologists)."""

from __future__ import annotations

from typing import Any

from flows import callbacks
from flows.clean import clean_block
from flows.context import FlowContext
from flows.i18n import Text
from flows.reply import Button, EditPressed, Message, Reply
from flows.staff.access import StaffActor
from flows.staff.parsing import club_zone, field_id, show_moment
from flows.staff.path_view import t
from storage.repos.notes import CaseNote

KIND = "nt"
FLOW = "note"
MAX_NOTE = 2000
ON_CARD = 3
CARD_EXCERPT = 300
LISTED = 20


def _not_available(staff: StaffActor) -> list[Reply]:
    return [Message((Text("access.not_available"),), language=staff.actor.language)]


async def start(ctx: FlowContext, staff: StaffActor, participant_id: int) -> list[Reply]:
    """/note <id> or the card's button: ask for the text."""
    if await ctx.tx.participants.get(staff.club_id, participant_id) is None:
        return _not_available(staff)
    pending = {"flow": FLOW, "club": staff.club_id, "participant": participant_id}
    await ctx.tx.staff_state.set_pending(staff.actor.telegram_id, pending, ctx.now)
    return [
        Message(
            (Text("note.ask", {"max": MAX_NOTE}), Text("path.cancel_hint")),
            language=staff.actor.language,
        )
    ]


async def on_text(
    ctx: FlowContext, staff: StaffActor, pending: dict[str, Any], text: str
) -> list[Reply]:
    """The note's text: with a specialism, ask who may read it; else save it for the team."""
    lang = staff.actor.language
    body = clean_block(text)
    participant_id = pending.get("participant")
    if not isinstance(participant_id, int) or pending.get("body") is not None:
        return [Message((Text("note.use_buttons"),), language=lang)]
    if not body or len(body) > MAX_NOTE:
        return [Message((Text("note.too_long", {"max": MAX_NOTE}),), language=lang)]
    specialism = staff.member.specialism
    if specialism is None:
        return await _save(ctx, staff, participant_id, body, None, edit=False)
    await ctx.tx.staff_state.set_pending(
        staff.actor.telegram_id, {**pending, "body": body}, ctx.now
    )
    buttons = (
        (Button(Text("note.for_team"), callbacks.encode(KIND, participant_id, "a")),),
        (
            Button(
                Text("note.for_specialism", {"specialism": t(lang, f"specialism.{specialism}")}),
                callbacks.encode(KIND, participant_id, "s"),
            ),
        ),
    )
    return [Message((Text("note.ask_visibility"),), buttons, lang)]


async def _save(
    ctx: FlowContext,
    staff: StaffActor,
    participant_id: int,
    body: str,
    specialism: str | None,
    *,
    edit: bool,
) -> list[Reply]:
    await ctx.tx.notes.add(
        staff.club_id, participant_id, staff.member.id, body, specialism, ctx.now
    )
    await ctx.tx.staff_state.set_pending(staff.actor.telegram_id, None, ctx.now)
    # The audit log records that a note was written and for whom, never its text.
    await ctx.tx.audit.record(
        ctx.now,
        staff.audit_name,
        "note.added",
        club_id=staff.club_id,
        subject=f"participant:{participant_id}",
        detail=specialism,
    )
    lang = staff.actor.language
    key = "note.saved_specialism" if specialism else "note.saved"
    params = {"specialism": t(lang, f"specialism.{specialism}")} if specialism else None
    done = Text(key, params)
    buttons = ((Button(Text("note.list"), callbacks.encode(KIND, participant_id, "l")),),)
    return [EditPressed((done,), lang, buttons) if edit else Message((done,), buttons, lang)]


async def on_press(
    ctx: FlowContext, staff: StaffActor, pending: dict[str, Any] | None, fields: tuple[str, ...]
) -> list[Reply]:
    """`nt:<participant>:<n new | l list | a for the team | s for my specialism>`."""
    lang = staff.actor.language
    participant_id = field_id(fields, 0)
    if participant_id is None or len(fields) != 2:
        return [Message((Text("button.stale"),), language=lang)]
    if await ctx.tx.participants.get(staff.club_id, participant_id) is None:
        return _not_available(staff)
    action = fields[1]
    if action == "n":
        return await start(ctx, staff, participant_id)
    if action == "l":
        return await show_all(ctx, staff, participant_id)
    body = (pending or {}).get("body")
    if (
        action in ("a", "s")
        and pending is not None
        and pending.get("flow") == FLOW
        and pending.get("club") == staff.club_id
        and pending.get("participant") == participant_id
        and isinstance(body, str)
    ):
        specialism = staff.member.specialism if action == "s" else None
        return await _save(ctx, staff, participant_id, body, specialism, edit=True)
    return [Message((Text("button.stale"),), language=lang)]


def _line(lang: str, note: CaseNote, zone_text: str, excerpt: int | None) -> str:
    body = note.body if excerpt is None or len(note.body) <= excerpt else note.body[:excerpt] + "…"
    mark = (
        " "
        + t(lang, "note.restricted", specialism=t(lang, f"specialism.{note.visible_to_specialism}"))
        if note.visible_to_specialism
        else ""
    )
    return f"• {zone_text} · {note.author_name}{mark}\n{body}"


async def card_block(ctx: FlowContext, staff: StaffActor, participant_id: int) -> tuple[str, int]:
    """The notes the viewer may read, for the card: a count and the latest few; and the count."""
    lang = staff.actor.language
    notes = ctx.tx.notes
    args = (staff.club_id, participant_id, staff.member.id, staff.member.specialism)
    count = await notes.count_visible(*args)
    if count == 0:
        return t(lang, "note.card_none"), 0
    zone = await club_zone(ctx, staff)
    latest = await notes.visible(*args, limit=ON_CARD)
    lines = [t(lang, "note.card_header", count=count)]
    lines += [_line(lang, n, show_moment(n.created_at, zone), CARD_EXCERPT) for n in latest]
    return "\n".join(lines), count


async def show_all(ctx: FlowContext, staff: StaffActor, participant_id: int) -> list[Reply]:
    """The newest notes the viewer may read, in full."""
    lang = staff.actor.language
    participant = await ctx.tx.participants.get(staff.club_id, participant_id)
    if participant is None:
        return _not_available(staff)
    zone = await club_zone(ctx, staff)
    notes = await ctx.tx.notes.visible(
        staff.club_id, participant_id, staff.member.id, staff.member.specialism, LISTED
    )
    lines = [t(lang, "note.list_header", name=participant.display_name, id=participant.id)]
    lines += [_line(lang, n, show_moment(n.created_at, zone), None) for n in notes]
    if not notes:
        lines.append(t(lang, "note.card_none"))
    new = ((Button(Text("note.add"), callbacks.encode(KIND, participant_id, "n")),),)
    return [Message(("\n\n".join(lines),), new, lang)]
