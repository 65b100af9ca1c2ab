"""The staff assessment: a staff member walks diagnosis_staff for a participant of their club.

The questions, answers, Back/Skip, typed notes and the review are the intake's own
(flows/intake); this module finds and checks the staff member's reading. Each staff member has
at most one assessment in progress per participant, and the position lives in the reading.
"""

from __future__ import annotations

from base.i18n import Param, Text
from base.ids import parse_id
from flows import flow
from flows.context import FlowContext
from flows.flow import Flow, Step
from flows.inputs import Command
from flows.intake import answering, presses, question
from flows.intake.reading_buttons import StaffQuestionPress, StaffReviewPress
from flows.reply import Button, EditPressed, Message, Reply
from flows.staff.access import StaffActor
from flows.staff.card import STAFF_QUESTIONNAIRE
from flows.staff.links import OpenCard, StartAssessment
from questionnaires import engine
from questionnaires.loader import load_bundled
from storage.repos.participants import Participant
from storage.repos.readings import Reading


async def command(ctx: FlowContext, staff: StaffActor, args: str) -> list[Reply]:
    """`/assess <id>` starts or resumes; `/assess` alone resumes the latest one in progress."""
    if not args.strip():
        reading = await ctx.tx.readings.unfinished_by_staff(staff.member.id)
        participant = await _participant_of(ctx, staff, reading)
        if reading is None or participant is None:
            return [Message((Text("assess.usage"),), language=staff.actor.language)]
        return await _resume(ctx, staff, participant, reading)
    participant_id = parse_id(args)
    if participant_id is None:
        return flow.not_available(staff.actor.language)
    return await start(ctx, staff, participant_id)


async def start(ctx: FlowContext, staff: StaffActor, participant_id: int) -> list[Reply]:
    """The staff member's own assessment of this participant: continued, or a new one."""
    lang = staff.actor.language
    participant = await ctx.tx.participants.get(staff.club_id, participant_id)
    if participant is None:
        return flow.not_available(lang)
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
    step: Step, button: StartAssessment | StaffQuestionPress | StaffReviewPress
) -> list[Reply]:
    """The Assess button of the card, and the buttons of the staff member's own reading."""
    ctx, staff = step.ctx, step.staff
    if isinstance(button, StartAssessment):
        return await start(ctx, staff, button.participant)
    found = await ctx.tx.readings.get_with_answers(staff.club_id, button.reading)
    mine = found is not None and found.reading.staff_member_id == staff.member.id
    if found is None or not mine or found.reading.respondent != "staff":
        # Someone else's reading, or none: the same answer as a guessed card id.
        return step.not_available()
    reading = found.reading
    participant = await _participant_of(ctx, staff, reading)
    if participant is None:
        return step.not_available()
    if reading.status == "submitted":
        return step.stale()
    if (
        isinstance(button, StaffReviewPress)
        and button.action == "s"
        and button.value is None
        and reading.status == "review"
    ):
        return await _submit(ctx, staff, participant, reading)
    return await presses.on_reading_press(ctx, staff.actor, participant, found, button)


async def on_text(step: Step, text: str) -> list[Reply] | None:
    """Typed text answers the staff member's assessment in progress; None when there is none."""
    ctx, staff = step.ctx, step.staff
    reading = await ctx.tx.readings.unfinished_by_staff(staff.member.id)
    participant = await _participant_of(ctx, staff, reading)
    if reading is None or participant is None:
        return None
    if reading.status == "open" and reading.current_item is not None:
        answers = await ctx.tx.readings.answers(reading.id)
        return await answering.on_text(ctx, staff.actor, participant, reading, answers, text)
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
    card = Button(Text("assess.open_card"), OpenCard(participant.id).encode())
    return [
        EditPressed((Text("assess.submitted_short"),), lang),
        Message((Text("assess.submitted", about(participant)),), ((card,),), lang),
    ]


async def _command(step: Step, cmd: Command) -> list[Reply]:
    return await command(step.ctx, step.staff, cmd.args)


FLOW = Flow(
    name="assess",
    side="staff",
    access=flow.staff,
    commands=frozenset({"assess"}),
    buttons=(StartAssessment, StaffQuestionPress, StaffReviewPress),
    on_command=_command,
    on_press=on_press,
    on_text=on_text,
)
