"""Case notes: staff write a note about a participant, for the whole team or for their own
specialism only (a psychologist's note is read by psychologists)."""

from __future__ import annotations

from typing import Literal

from base.clean import clean_block
from base.i18n import Text
from base.ids import parse_id
from flows import flow
from flows.context import FlowContext
from flows.flow import ClubState, Flow, Step
from flows.inputs import Command
from flows.reply import Button, EditPressed, Message, Reply
from flows.staff.access import StaffActor
from flows.staff.links import NotePress
from flows.staff.parsing import club_zone, show_moment
from flows.staff.path_view import t
from storage.repos.notes import CaseNote

MAX_NOTE = 2000
ON_CARD = 3
CARD_EXCERPT = 300
LISTED = 20


class NoteState(ClubState):
    """A note's text is awaited, then (with a specialism) who may read it."""

    flow: Literal["note"] = "note"
    participant: int
    body: str | None = None


async def start(ctx: FlowContext, staff: StaffActor, participant_id: int) -> list[Reply]:
    """/note <id> or the card's button: ask for the text."""
    if await ctx.tx.participants.get(staff.club_id, participant_id) is None:
        return flow.not_available(staff.actor.language)
    pending = NoteState(club=staff.club_id, participant=participant_id)
    await Step(ctx, staff.actor).remember(pending)
    return [
        Message(
            (Text("note.ask", {"max": MAX_NOTE}), Text("path.cancel_hint")),
            language=staff.actor.language,
        )
    ]


async def on_text(step: Step, text: str) -> list[Reply] | None:
    """The note's text: with a specialism, ask who may read it; else save it for the team."""
    pending = step.mine(NoteState)
    if pending is None:
        return None
    ctx, staff, lang = step.ctx, step.staff, step.lang
    body = clean_block(text)
    participant_id = pending.participant
    if pending.body is not None:
        return [Message((Text("note.use_buttons"),), language=lang)]
    if not body or len(body) > MAX_NOTE:
        return [Message((Text("note.too_long", {"max": MAX_NOTE}),), language=lang)]
    specialism = staff.member.specialism
    if specialism is None:
        return await _save(ctx, staff, participant_id, body, None, edit=False)
    await step.remember(pending.model_copy(update={"body": body}))
    buttons = (
        (Button(Text("note.for_team"), NotePress(participant_id, "a").encode()),),
        (
            Button(
                Text("note.for_specialism", {"specialism": t(lang, f"specialism.{specialism}")}),
                NotePress(participant_id, "s").encode(),
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
    buttons = ((Button(Text("note.list"), NotePress(participant_id, "l").encode()),),)
    return [EditPressed((done,), lang, buttons) if edit else Message((done,), buttons, lang)]


async def on_press(step: Step, button: NotePress) -> list[Reply]:
    """New note, the list, or who may read the typed note (team or my specialism)."""
    ctx, staff, participant_id = step.ctx, step.staff, button.participant
    if await ctx.tx.participants.get(staff.club_id, participant_id) is None:
        return step.not_available()
    if button.action == "n":
        return await start(ctx, staff, participant_id)
    if button.action == "l":
        return await show_all(ctx, staff, participant_id)
    pending = step.mine(NoteState)
    if pending is None or pending.participant != participant_id or pending.body is None:
        return step.stale()
    specialism = staff.member.specialism if button.action == "s" else None
    return await _save(ctx, staff, participant_id, pending.body, specialism, edit=True)


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
        return flow.not_available(staff.actor.language)
    zone = await club_zone(ctx, staff)
    notes = await ctx.tx.notes.visible(
        staff.club_id, participant_id, staff.member.id, staff.member.specialism, LISTED
    )
    lines = [t(lang, "note.list_header", name=participant.display_name, id=participant.id)]
    lines += [_line(lang, n, show_moment(n.created_at, zone), None) for n in notes]
    if not notes:
        lines.append(t(lang, "note.card_none"))
    new = ((Button(Text("note.add"), NotePress(participant_id, "n").encode()),),)
    return [Message(("\n\n".join(lines),), new, lang)]


async def _command(step: Step, cmd: Command) -> list[Reply]:
    wanted = parse_id(cmd.args)
    # A malformed id gets the same answer as another club's: nothing to tell apart.
    return step.not_available() if wanted is None else await start(step.ctx, step.staff, wanted)


FLOW = Flow(
    name="note",
    side="staff",
    access=flow.staff,
    commands=frozenset({"note"}),
    buttons=(NotePress,),
    states=(NoteState,),
    on_command=_command,
    on_press=on_press,
    on_text=on_text,
)
