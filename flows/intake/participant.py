"""Routing for a person bound to a participant: where they are decides what their input means."""

from __future__ import annotations

from flows import callbacks, common
from flows.actor import Actor
from flows.context import FlowContext
from flows.i18n import Text
from flows.inputs import Command, Input, Press, TextInput
from flows.intake import answering, consent, mydata, presses, question, review
from flows.intake.questionnaire import current_participant_questionnaire, questionnaire_of
from flows.reply import Message, Reply, Toast
from flows.schedule import participant as schedule
from questionnaires import engine
from questionnaires.model import Questionnaire
from storage.repos.participants import Participant
from storage.repos.readings import Reading

# The "I can't come" button and its "no reason" follow-up; any other press ends the wait.
REASON_BUTTONS = ("1:rv:", "1:rvs:")


async def handle(
    ctx: FlowContext, actor: Actor, participant: Participant, inp: Input
) -> list[Reply]:
    """One step of a participant."""
    if isinstance(inp, Command):
        await ctx.tx.schedule.stop_awaiting_reason(participant.id)
        return await _command(ctx, actor, participant, inp)
    if isinstance(inp, Press):
        if not inp.data.startswith(REASON_BUTTONS):
            await ctx.tx.schedule.stop_awaiting_reason(participant.id)
        return await _press(ctx, actor, participant, inp)
    if isinstance(inp, TextInput):
        reason = await schedule.on_text(ctx, actor, participant, inp.text)
        if reason is not None:
            return reason
        reading = await _reading(ctx, participant)
        if participant.consent == "given" and reading is not None and reading.status == "open":
            return await answering.on_text(ctx, actor, participant, reading, inp.text)
        return await resume(ctx, actor, participant)
    return [common.unknown_command(actor)]


async def resume(
    ctx: FlowContext, actor: Actor, participant: Participant, *, greet: bool = False
) -> list[Reply]:
    """Whatever comes next for this person: language, consent, the question, or the thanks."""
    if not actor.language_chosen:
        return [common.ask_language(actor)]
    if participant.consent == "pending":
        return await consent.information(ctx, actor, participant)
    if participant.consent in ("declined", "withdrawn"):
        return [Message((Text("consent.not_given_reminder"),), language=actor.language)]
    reading = await _reading(ctx, participant)
    if reading is None:
        if any(
            r.respondent == "participant"
            for r in await ctx.tx.readings.for_participant(participant.id)
        ):
            return [Message((Text("intake.already_submitted"),), language=actor.language)]
        return await _begin(ctx, actor, participant)
    if reading.kind != "entry" and not await ctx.tx.readings.answers(reading.id):
        # A reading staff opened later (mid-way, exit, follow-up) starts like the first one.
        again = Message((Text("readings.again_intro"),), language=actor.language)
        return [again, *_first_question(actor, questionnaire_of(reading), reading)]
    before = (Text("intake.welcome_back"),) if greet else ()
    return await answering.show_current(ctx, actor, reading, before=before)


async def _begin(ctx: FlowContext, actor: Actor, participant: Participant) -> list[Reply]:
    """Open the entry reading (only ever when the person has none) and ask its first question."""
    q = current_participant_questionnaire()
    first = engine.next_item(q, {})
    reading = await ctx.tx.readings.create(
        participant.id,
        "entry",
        "participant",
        q.id,
        q.version,
        first.id if first else None,
        ctx.now,
    )
    return _first_question(actor, q, reading)


def _first_question(actor: Actor, q: Questionnaire, reading: Reading) -> list[Reply]:
    """The questionnaire's title and intro, the first sphere's intro and its first question."""
    first = q.item(reading.current_item) if reading.current_item else None
    intro: list[Reply] = []
    if q.intro is not None:
        intro.append(
            Message(
                (q.title.get(actor.language), q.intro.get(actor.language)), language=actor.language
            )
        )
    if first is None:
        return [*intro, review.review_message(q, reading, {}, actor.language)]
    intro.append(question.section_intro(q.section_of(first.id), actor.language))
    return [*intro, question.ask(q, reading, {}, first, actor.language)]


async def _reading(ctx: FlowContext, participant: Participant) -> Reading | None:
    return await ctx.tx.readings.unfinished(participant.id, "participant")


async def _command(
    ctx: FlowContext, actor: Actor, participant: Participant, cmd: Command
) -> list[Reply]:
    if cmd.name == "start":
        return await resume(ctx, actor, participant, greet=True)
    if cmd.name == "help":
        return [common.help_message(actor)]
    if cmd.name == "language":
        return [common.ask_language(actor)]
    if cmd.name == "privacy":
        return await consent.information(ctx, actor, participant)
    if cmd.name == "mydata":
        return await mydata.my_data(ctx, actor, participant)
    if cmd.name == "delete":
        return [mydata.ask_delete(actor)]
    if cmd.name == "cancel":
        return [Message((Text("intake.cancel"),), language=actor.language)]
    if cmd.name == "schedule":
        return await schedule.show_week(ctx, actor, participant)
    return [common.unknown_command(actor)]


async def _press(
    ctx: FlowContext, actor: Actor, participant: Participant, press: Press
) -> list[Reply]:
    decoded = callbacks.decode(press.data)
    if decoded is None:
        return [Toast(Text("button.stale"), actor.language), *await resume(ctx, actor, participant)]
    kind, fields = decoded.kind, decoded.fields
    if kind == "l" and len(fields) == 1:
        actor, replies = await common.choose_language(ctx, actor, fields[0])
        return [*replies, *await resume(ctx, actor, participant)]
    if kind == "c" and len(fields) == 1:
        participant, replies = await consent.decide(ctx, actor, participant, fields[0])
        if participant.consent == "given":
            return [*replies, *await resume(ctx, actor, participant)]
        return replies
    if kind == "p" and len(fields) == 1:
        return await consent.withdrawal(ctx, actor, participant, fields[0])
    if kind == "x" and len(fields) == 1:
        return await mydata.on_delete_press(ctx, actor, participant, fields[0])
    if kind in ("q", "r"):
        return await _reading_press(ctx, actor, participant, kind, fields)
    if kind == "rv":
        return await schedule.on_rsvp(ctx, actor, participant, fields)
    if kind == "rvs":
        return await schedule.on_skip_reason(ctx, actor, participant)
    return [Toast(Text("button.stale"), actor.language), *await resume(ctx, actor, participant)]


async def _reading_press(
    ctx: FlowContext,
    actor: Actor,
    participant: Participant,
    kind: str,
    fields: tuple[str, ...],
) -> list[Reply]:
    """Question and review buttons, checked against the person's own open reading."""
    reading = await _reading(ctx, participant)
    first = presses.numbers(fields[:1])
    if reading is None or participant.consent != "given" or first != [reading.id]:
        return [Toast(Text("button.stale"), actor.language), *await resume(ctx, actor, participant)]
    return await presses.on_reading_press(
        ctx, actor, participant, reading, is_question=kind == "q", fields=fields
    )
