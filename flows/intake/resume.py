"""Whatever comes next for a participant: language, consent, the question, or the thanks."""

from __future__ import annotations

from base.i18n import Text
from flows import common
from flows.actor import Actor
from flows.context import FlowContext
from flows.intake import answering, consent, question, review_view
from flows.messages.links import write_button
from flows.reply import Message, Reply
from questionnaires import engine
from questionnaires.bundled import current_participant_questionnaire, questionnaire_of
from questionnaires.model import Questionnaire
from storage.repos.participants import Participant
from storage.repos.readings import Reading, ReadingAnswers


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
    found = await open_with_answers(ctx, participant)
    if found is None:
        if any(
            r.respondent == "participant"
            for r in await ctx.tx.readings.for_participant(participant.id)
        ):
            # What they type now goes to the staff (flows/messages); the button says so.
            done = Text("intake.already_submitted")
            return [Message((done,), write_button(), language=actor.language)]
        return await _begin(ctx, actor, participant)
    reading, answers = found.reading, found.answers
    if reading.kind != "entry" and not answers:
        # A reading staff opened later (mid-way, exit, follow-up) starts like the first one.
        again = Message((Text("readings.again_intro"),), language=actor.language)
        return [again, *_first_question(actor, questionnaire_of(reading), reading)]
    before = (Text("intake.welcome_back"),) if greet else ()
    return await answering.show_current(ctx, actor, reading, before=before, answers=answers)


async def question_again(ctx: FlowContext, actor: Actor, participant: Participant) -> list[Reply]:
    """After a side screen (/mydata, /privacy, a "keep" answer) in the middle of the
    questionnaire: the question it stands at (or the review), so the person goes on where they
    were; nothing when no questionnaire is under way."""
    if not actor.language_chosen or participant.consent != "given":
        return []
    found = await open_with_answers(ctx, participant)
    if found is None:
        return []
    return await answering.show_current(ctx, actor, found.reading, answers=found.answers)


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
        return [*intro, review_view.review_message(q, reading, {}, actor.language)]
    intro.append(question.section_intro(q.section_of(first.id), actor.language))
    return [*intro, question.ask(q, reading, {}, first, actor.language)]


async def open_reading(ctx: FlowContext, participant: Participant) -> Reading | None:
    """The participant's own reading in progress, if any."""
    return await ctx.tx.readings.unfinished(participant.id, "participant")


async def open_with_answers(ctx: FlowContext, participant: Participant) -> ReadingAnswers | None:
    """The participant's own reading in progress with its answers, in one query."""
    return await ctx.tx.readings.unfinished_with_answers(participant.id, "participant")
