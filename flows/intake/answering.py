"""Answering the current question: buttons, typed text, Back, Skip and the other ways out."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from base.i18n import Text
from flows.actor import Actor
from flows.context import FlowContext
from flows.intake import question
from flows.intake.review_view import review_message
from flows.intake.safety import check_new_flags
from flows.reply import EditPressed, Message, Reply, Toast
from questionnaires import engine
from questionnaires.bundled import catalogue, questionnaire_of
from questionnaires.model import Answer, Item, MultipleItem, Questionnaire
from storage.repos.participants import Participant
from storage.repos.readings import Reading, ReadingStatus
from storage.repos.readings import moved as readings_moved

DECLINES = {"s": "skipped", "n": "prefer_not_to_say", "k": "talk_to_staff"}


def today_in_club(ctx: FlowContext) -> dt.date:
    """The date in the club's time zone (date bounds such as `today`)."""
    return ctx.now.astimezone(ZoneInfo(ctx.settings.timezone)).date()


async def show_current(
    ctx: FlowContext, actor: Actor, reading: Reading, *, before: tuple[Text, ...] = ()
) -> list[Reply]:
    """The question the reading stands at (or the review when it is done)."""
    q = questionnaire_of(reading)
    answers = await ctx.tx.readings.answers(reading.id)
    if reading.status == "review" or reading.current_item is None:
        return [
            *(Message((t,), language=actor.language) for t in before),
            review_message(q, reading, answers, actor.language),
        ]
    item = q.item(reading.current_item)
    return [question.ask(q, reading, answers, item, actor.language, before=before)]


async def on_press(
    ctx: FlowContext,
    actor: Actor,
    participant: Participant,
    reading: Reading,
    position: int,
    action: str,
    argument: int | None,
) -> list[Reply]:
    """A button of the question at `position`; anything not for the current question is stale."""
    q = questionnaire_of(reading)
    current = reading.current_item
    if reading.status != "open" or current is None or q.position(current) != position:
        return [
            Toast(Text("button.stale"), actor.language),
            *await show_current(ctx, actor, reading),
        ]
    item = q.item(current)
    answers = await ctx.tx.readings.answers(reading.id)
    if action == "b":
        return await _back(ctx, actor, reading, q, answers, item)
    if action == "t" and isinstance(item, MultipleItem) and argument is not None:
        return await _toggle(ctx, actor, reading, q, answers, item, argument)
    answer: Answer | engine.AnswerError
    if action == "o" and argument is not None:
        picked = next((c for c in engine.choices(q, item) if c.number == argument), None)
        if picked is None or isinstance(item, MultipleItem):
            return [Toast(Text("button.stale"), actor.language)]
        answer = Answer(status="answered", value=picked.value)
    elif action == "d" and isinstance(item, MultipleItem):
        chosen = _chosen(reading, answers, item)
        problem = engine.check_choices(q, item, chosen, actor.language)
        answer = problem or Answer(status="answered", value=chosen)
    elif action in DECLINES:
        answer = engine.decline(item, DECLINES[action])  # type: ignore[arg-type]
    else:
        return [Toast(Text("button.stale"), actor.language)]
    if isinstance(answer, engine.AnswerError):
        return [Toast(Text(answer.key, answer.params), actor.language)]
    return await record(ctx, actor, participant, reading, q, answers, item, answer)


async def on_text(
    ctx: FlowContext, actor: Actor, participant: Participant, reading: Reading, text: str
) -> list[Reply]:
    """Typed text as the answer to the current question."""
    q = questionnaire_of(reading)
    if reading.current_item is None:
        return await show_current(ctx, actor, reading)
    item = q.item(reading.current_item)
    answers = await ctx.tx.readings.answers(reading.id)
    parsed = engine.parse_answer(q, item, text, actor.language, today=today_in_club(ctx))
    if isinstance(parsed, engine.AnswerError):
        hint = Text(parsed.key, parsed.params)
        return [question.ask(q, reading, answers, item, actor.language, before=(hint,))]
    return await record(ctx, actor, participant, reading, q, answers, item, parsed)


def _chosen(reading: Reading, answers: dict[str, Answer], item: Item) -> list[str]:
    if reading.pending_choices is not None:
        return list(reading.pending_choices)
    earlier = answers.get(item.id)
    if earlier is not None and isinstance(earlier.value, list):
        return list(earlier.value)
    return []


async def _toggle(
    ctx: FlowContext,
    actor: Actor,
    reading: Reading,
    q: Questionnaire,
    answers: dict[str, Answer],
    item: MultipleItem,
    number: int,
) -> list[Reply]:
    picked = next((c for c in engine.choices(q, item) if c.number == number), None)
    if picked is None:
        return [Toast(Text("button.stale"), actor.language)]
    chosen = engine.toggle_choice(item, _chosen(reading, answers, item), str(picked.value))
    await ctx.tx.readings.set_pending_choices(reading.id, chosen, ctx.now)
    keyboard = question.buttons(q, reading, item, answers, actor.language, chosen)
    parts = question.question_parts(q, answers, item, actor.language)
    return [EditPressed(parts, actor.language, keyboard)]


async def _back(
    ctx: FlowContext,
    actor: Actor,
    reading: Reading,
    q: Questionnaire,
    answers: dict[str, Answer],
    item: Item,
) -> list[Reply]:
    previous = engine.previous_item(q, answers, item.id)
    if previous is None:
        return [Toast(Text("question.first"), actor.language)]
    await ctx.tx.readings.move(
        reading.id,
        status="open",
        current_item=previous.id,
        now=ctx.now,
        return_to_review=reading.return_to_review,
    )
    moved = readings_moved(reading, "open", previous.id, return_to_review=reading.return_to_review)
    left = EditPressed(question.question_parts(q, answers, item, actor.language), actor.language)
    return [left, question.ask(q, moved, answers, previous, actor.language)]


async def record(
    ctx: FlowContext,
    actor: Actor,
    participant: Participant,
    reading: Reading,
    q: Questionnaire,
    before: dict[str, Answer],
    item: Item,
    answer: Answer,
) -> list[Reply]:
    """Store the answer and the new position in this step's transaction; say what comes next."""
    await ctx.tx.readings.save_answer(reading.id, item.id, answer, ctx.now)
    after = {**before, item.id: answer}
    following = None if reading.return_to_review else engine.next_item(q, after)
    status: ReadingStatus = "open" if following is not None else "review"
    await ctx.tx.readings.move(
        reading.id,
        status=status,
        current_item=following.id if following else None,
        now=ctx.now,
    )
    by_participant = reading.respondent == "participant"
    if by_participant and participant.status in ("joined", "consented"):
        await ctx.tx.participants.set_status(participant.club_id, participant.id, "in_progress")
    replies: list[Reply] = []
    done_parts = question.answered(q, before, item, answer, actor.language)
    # Pressed or typed, the question message keeps the answer and loses its buttons (for typed
    # answers the adapter edits the chat's last message with buttons: the question).
    replies.append(EditPressed(done_parts, actor.language))
    if by_participant:
        # Crisis contacts are for the person answering about themselves; a staff member's
        # flags reach the card, not an alert.
        replies.extend(
            await check_new_flags(
                ctx, participant, reading, q, catalogue(), before, after, actor.language
            )
        )
    moved = readings_moved(reading, status, following.id if following else None)
    if following is not None and q.section_of(following.id).id != q.section_of(item.id).id:
        replies.append(question.section_intro(q.section_of(following.id), actor.language))
    replies.extend(await show_current(ctx, actor, moved))
    return replies
