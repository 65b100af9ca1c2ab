"""Readings over time: staff ask a participant to fill in the questionnaire again (mid-way,
exit, follow-up); the intake flow then asks them, on the current questionnaire version."""

from __future__ import annotations

from typing import Literal

from base.i18n import LANGUAGES, Text, translate
from flows import flow
from flows.context import FlowContext
from flows.flow import Flow, Step
from flows.quiet_hours import next_allowed
from flows.reply import Button, EditPressed, Message, Reply
from flows.staff.access import StaffActor
from flows.staff.assess import about
from flows.staff.links import NewReading
from questionnaires import engine
from questionnaires.bundled import current_participant_questionnaire
from storage.repos.participants import Participant
from storage.repos.readings import ReadingKind

KindCode = Literal["m", "x", "f"]
KINDS: dict[KindCode, ReadingKind] = {"m": "midway", "x": "exit", "f": "follow_up"}


async def on_press(step: Step, button: NewReading) -> list[Reply]:
    """The card's "New reading" button (no kind yet), then the chosen kind."""
    ctx, staff = step.ctx, step.staff
    participant = await ctx.tx.participants.get(staff.club_id, button.participant)
    if participant is None:
        return step.not_available()
    if button.reading_kind is None:
        return [_choose_kind(participant, step.lang)]
    return await _open(ctx, staff, participant, KINDS[button.reading_kind])


def _choose_kind(participant: Participant, lang: str) -> Message:
    rows = tuple(
        (Button(Text(f"readings.kind_{kind}"), NewReading(participant.id, code).encode()),)
        for code, kind in KINDS.items()
    )
    return Message((Text("readings.choose_kind", about(participant)),), rows, lang)


async def _refusal(ctx: FlowContext, participant: Participant) -> str | None:
    """Why the participant cannot be asked now (a message key), or None."""
    if participant.telegram_id is None or participant.consent != "given":
        return "readings.cannot_ask"
    if await ctx.tx.readings.unfinished(participant.id, "participant") is not None:
        return "readings.already_open"
    if not await ctx.tx.readings.submitted(participant.id, "participant"):
        return "readings.first_not_done"
    return None


async def _open(
    ctx: FlowContext, staff: StaffActor, participant: Participant, kind: ReadingKind
) -> list[Reply]:
    lang = staff.actor.language
    refusal = await _refusal(ctx, participant)
    if refusal is not None or participant.telegram_id is None:
        return [EditPressed((Text(refusal or "readings.cannot_ask", about(participant)),), lang)]
    q = current_participant_questionnaire()
    first = engine.next_item(q, {})
    reading = await ctx.tx.readings.create(
        participant.id, kind, "participant", q.id, q.version, first.id if first else None, ctx.now
    )
    await ctx.tx.audit.record(
        ctx.now,
        staff.audit_name,
        "reading.opened",
        club_id=staff.club_id,
        subject=f"participant:{participant.id}",
        detail=f"reading:{reading.id}:{kind}",
    )
    club = await ctx.tx.clubs.get(staff.club_id)
    stored = await ctx.tx.accounts.language_of(participant.telegram_id)
    # Lock screens show it: the message names nothing but the club's request, never at night.
    await ctx.tx.outbox.enqueue(
        participant.telegram_id,
        "reading_request",
        "readings.participant_asked",
        {},
        stored if stored in LANGUAGES else ctx.settings.default_language,
        due_at=next_allowed(ctx.now, club.timezone if club else ctx.settings.timezone),
        now=ctx.now,
        dedupe_key=f"reading_request:{reading.id}",
    )
    kind_name = translate(lang, f"readings.kind_{kind}")
    opened = Text("readings.opened", {**about(participant), "kind": kind_name})
    return [EditPressed((opened,), lang)]


FLOW = Flow(
    name="new_reading",
    side="staff",
    access=flow.staff,
    buttons=(NewReading,),
    on_press=on_press,
)
