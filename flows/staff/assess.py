"""The staff assessment: a staff member walks diagnosis_staff for a participant of their club.

The questions, answers, Back/Skip, typed notes and the review are the intake's own
(flows/intake); this module finds and checks the staff member's reading. Each staff member has
at most one assessment in progress per participant, and the position lives in the reading.
"""

from __future__ import annotations

from flows import callbacks
from flows.context import FlowContext
from flows.i18n import Param, Text
from flows.intake import answering, presses, question
from flows.reply import Button, EditPressed, Message, Reply, Toast
from flows.staff.access import StaffActor
from flows.staff.card import MAX_ID, STAFF_QUESTIONNAIRE
from questionnaires import engine
from questionnaires.loader import load_bundled
from storage.repos.participants import Participant
from storage.repos.readings import Reading

# `as:<participant>` starts or resumes; `aq`/`ar` are the question and review buttons of a
# staff reading (flows/intake/question.QUESTION_KIND, review.REVIEW_KIND).
BUTTONS = frozenset({"as", "aq", "ar"})


def _not_available(staff: StaffActor) -> list[Reply]:
    return [Message((Text("access.not_available"),), language=staff.actor.language)]


def _id(text: str) -> int | None:
    wanted = text.strip().lstrip("#")
    if not (wanted.isascii() and wanted.isdigit()) or int(wanted) > MAX_ID:
        return None
    return int(wanted)


async def command(ctx: FlowContext, staff: StaffActor, args: str) -> list[Reply]:
    """`/assess <id>` starts or resumes; `/assess` alone resumes the latest one in progress."""
    if not args.strip():
        reading = await ctx.tx.readings.unfinished_by_staff(staff.member.id)
        participant = await _participant_of(ctx, staff, reading)
        if reading is None or participant is None:
            return [Message((Text("assess.usage"),), language=staff.actor.language)]
        return await _resume(ctx, staff, participant, reading)
    participant_id = _id(args)
    if participant_id is None:
        return _not_available(staff)
    return await start(ctx, staff, participant_id)


async def start(ctx: FlowContext, staff: StaffActor, participant_id: int) -> list[Reply]:
    """The staff member's own assessment of this participant: continued, or a new one."""
    lang = staff.actor.language
    participant = await ctx.tx.participants.get(staff.club_id, participant_id)
    if participant is None:
        return _not_available(staff)
    reading = await ctx.tx.readings.unfinished_by_staff(staff.member.id, participant.id)
    if reading is not None:
        return await _resume(ctx, staff, participant, reading)
    q = load_bundled(STAFF_QUESTIONNAIRE)
    first = engine.next_item(q, {})
    # The assessment belongs to the same stage as the participant's latest self-assessment.
    latest = await ctx.tx.readings.latest(participant.id, "participant")
    reading = await ctx.tx.readings.create(
        participant.id,
        latest.kind if latest else "entry",
        "staff",
        q.id,
        q.version,
        first.id if first else None,
        ctx.now,
        staff_member_id=staff.member.id,
    )
    await ctx.tx.audit.record(
        ctx.now,
        staff.audit_name,
        "assessment.started",
        club_id=staff.club_id,
        subject=f"participant:{participant.id}",
        detail=f"reading:{reading.id}",
    )
    replies: list[Reply] = [
        Message((Text("assess.started", about(participant)), q.title.get(lang)), language=lang)
    ]
    if q.intro is not None:
        replies.append(Message((q.intro.get(lang),), language=lang))
    if first is None:
        return [*replies, *await answering.show_current(ctx, staff.actor, reading)]
    replies.append(question.section_intro(q.section_of(first.id), lang))
    replies.append(question.ask(q, reading, {}, first, lang))
    return replies


async def _resume(
    ctx: FlowContext, staff: StaffActor, participant: Participant, reading: Reading
) -> list[Reply]:
    before = (Text("assess.resumed", about(participant)),)
    return await answering.show_current(ctx, staff.actor, reading, before=before)


def about(participant: Participant) -> dict[str, Param]:
    """The {name} and {id} of the participant's messages."""
    return {"name": participant.display_name, "id": participant.id}


async def _participant_of(
    ctx: FlowContext, staff: StaffActor, reading: Reading | None
) -> Participant | None:
    """The reading's participant, when they are of the staff member's current club."""
    if reading is None:
        return None
    return await ctx.tx.participants.get(staff.club_id, reading.participant_id)


async def on_press(
    ctx: FlowContext, staff: StaffActor, kind: str, fields: tuple[str, ...]
) -> list[Reply]:
    """The Assess button of the card, and the buttons of the staff member's own reading."""
    first = _id(fields[0]) if fields else None
    if first is None:
        return _not_available(staff)
    if kind == "as":
        return await start(ctx, staff, first) if len(fields) == 1 else _not_available(staff)
    reading = await ctx.tx.readings.get(staff.club_id, first)
    mine = reading is not None and reading.staff_member_id == staff.member.id
    if reading is None or not mine or reading.respondent != "staff":
        # Someone else's reading, or none: the same answer as a guessed card id.
        return _not_available(staff)
    participant = await _participant_of(ctx, staff, reading)
    if participant is None:
        return _not_available(staff)
    if reading.status == "submitted":
        return [Toast(Text("button.stale"), staff.actor.language)]
    if kind == "ar" and fields[1:] == ("s",) and reading.status == "review":
        return await _submit(ctx, staff, participant, reading)
    return await presses.on_reading_press(
        ctx, staff.actor, participant, reading, is_question=kind == "aq", fields=fields
    )


async def on_text(ctx: FlowContext, staff: StaffActor, text: str) -> list[Reply] | None:
    """Typed text answers the staff member's assessment in progress; None when there is none."""
    reading = await ctx.tx.readings.unfinished_by_staff(staff.member.id)
    participant = await _participant_of(ctx, staff, reading)
    if reading is None or participant is None:
        return None
    if reading.status == "open" and reading.current_item is not None:
        return await answering.on_text(ctx, staff.actor, participant, reading, text)
    return await answering.show_current(ctx, staff.actor, reading)


async def _submit(
    ctx: FlowContext, staff: StaffActor, participant: Participant, reading: Reading
) -> list[Reply]:
    """Save the assessment; a participant whose self-assessment is in becomes 'assessed'."""
    lang = staff.actor.language
    await ctx.tx.readings.submit(reading.id, ctx.now)
    if participant.status == "submitted":
        await ctx.tx.participants.set_status(participant.club_id, participant.id, "assessed")
    await ctx.tx.audit.record(
        ctx.now,
        staff.audit_name,
        "assessment.submitted",
        club_id=staff.club_id,
        subject=f"participant:{participant.id}",
        detail=f"reading:{reading.id}",
    )
    card = Button(Text("assess.open_card"), callbacks.encode("pcd", participant.id))
    return [
        EditPressed((Text("assess.submitted_short"),), lang),
        Message((Text("assess.submitted", about(participant)),), ((card,),), lang),
    ]
