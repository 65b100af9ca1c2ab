"""Answering the current question: buttons, typed text, Back, Skip and the other ways out."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from base.i18n import Text
from flows import words
from flows.actor import Actor
from flows.context import FlowContext
from flows.flow import stale_button
from flows.intake import question
from flows.intake.review_view import review_message
from flows.intake.safety import check_new_flags
from flows.reply import EditPressed, Message, Reply, Toast
from questionnaires import engine
from questionnaires.bundled import catalogue, questionnaire_of
from questionnaires.model import Answer, Item, MultipleItem, Questionnaire, TextItem
from storage.repos.participants import Participant
from storage.repos.readings import Reading, ReadingStatus
from storage.repos.readings import moved as readings_moved

DECLINES = {"s": "skipped", "n": "prefer_not_to_say", "k": "talk_to_staff"}


def today_in_club(ctx: FlowContext) -> dt.date:
    """The date in the club's time zone (date bounds such as `today`)."""
    return ctx.now.astimezone(ZoneInfo(ctx.settings.timezone)).date()


async def show_current(
    ctx: FlowContext,
    actor: Actor,
    reading: Reading,
    *,
    before: tuple[Text, ...] = (),
    answers: dict[str, Answer] | None = None,
) -> list[Reply]:
    """The question the reading stands at (or the review when it is done); `answers`: the
    reading's answers when the caller has them already (one query less)."""
    q = questionnaire_of(reading)
    if answers is None:
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
    answers: dict[str, Answer],
    position: int,
    action: str,
    argument: int | None,
) -> list[Reply]:
    """A button of the question at `position` (`answers`: the reading's, read with it);
    anything not for the current question is stale."""
    q = questionnaire_of(reading)
    current = reading.current_item
    if reading.status != "open" or current is None or q.position(current) != position:
        return [
            stale_button(actor.language),
            *await show_current(ctx, actor, reading, answers=answers),
        ]
    item = q.item(current)
    if action == "b":
        return await _back(ctx, actor, reading, q, answers, item)
    if action == "t" and isinstance(item, MultipleItem) and argument is not None:
        return await _toggle(ctx, actor, reading, q, answers, item, argument)
    answer: Answer | engine.AnswerError
    if action == "o" and argument is not None:
        picked = next((c for c in engine.choices(q, item) if c.number == argument), None)
        if picked is None or isinstance(item, MultipleItem):
            return [stale_button(actor.language)]
        answer = Answer(status="answered", value=picked.value)
    elif action == "d" and isinstance(item, MultipleItem):
        chosen = _chosen(reading, answers, item)
        problem = engine.check_choices(q, item, chosen, actor.language)
        answer = problem or Answer(status="answered", value=chosen)
    elif action in DECLINES:
        answer = engine.decline(item, DECLINES[action])  # type: ignore[arg-type]
    else:
        return [stale_button(actor.language)]
    if isinstance(answer, engine.AnswerError):
        return [Toast(Text(answer.key, answer.params), actor.language)]
    return await record(ctx, actor, participant, reading, q, answers, item, answer)


async def on_text(
    ctx: FlowContext,
    actor: Actor,
    participant: Participant,
    reading: Reading,
    answers: dict[str, Answer],
    text: str,
) -> list[Reply]:
    """Typed text at the current question: an answer, an option to tick, or a button's words
    (done, back, skip, prefer not to say, talk in person); anything else gets one sentence on
    what is expected, with the question again. `answers`: the reading's, read with it."""
    q = questionnaire_of(reading)
    if reading.current_item is None:
        return await show_current(ctx, actor, reading, answers=answers)
    item = q.item(reading.current_item)
    lang = actor.language
    ways = _typed_ways(q, answers, item)
    # Free text is the answer unless it is exactly a way out the question offers.
    if isinstance(item, TextItem) and (way := _exact_way(text, lang, ways)) is not None:
        return await _typed_way(ctx, actor, participant, reading, q, answers, item, way)
    if isinstance(item, MultipleItem):
        picked = engine.named_choices(q, item, text, lang)
        if picked is not None:
            return await _typed_toggle(ctx, actor, reading, q, answers, item, picked)
        parsed: Answer | engine.AnswerError = engine.AnswerError(
            key="answer.unknown_option", params={"count": len(item.options)}
        )
    else:
        parsed = engine.parse_answer(q, item, text, lang, today=today_in_club(ctx))
    if isinstance(parsed, engine.AnswerError):
        way = words.meaning_of(text, lang, list(ways), numbers=False)
        if way is not None:
            return await _typed_way(ctx, actor, participant, reading, q, answers, item, ways[way])
        hint = Text(parsed.key, parsed.params)
        return [question.ask(q, reading, answers, item, lang, before=(hint,))]
    return await record(ctx, actor, participant, reading, q, answers, item, parsed)


async def _typed_way(
    ctx: FlowContext,
    actor: Actor,
    participant: Participant,
    reading: Reading,
    q: Questionnaire,
    answers: dict[str, Answer],
    item: Item,
    action: str,
) -> list[Reply]:
    """A button's words typed: the press; its pop-up, if any, is said above the question
    (typed input has no button to show a pop-up on)."""
    position = q.position(item.id)
    replies = await on_press(ctx, actor, participant, reading, answers, position, action, None)
    said = tuple(r.text for r in replies if isinstance(r, Toast))
    if not said:
        return replies
    # Refused (e.g. Done with nothing ticked): the reason above the question, as for answers
    # (read again: whatever the press wrote shows).
    answers = await ctx.tx.readings.answers(reading.id)
    return [question.ask(q, reading, answers, item, actor.language, before=said)]


# The buttons' meanings a person may type at a question, and the button action each stands for.
_WAYS = {
    "done": "d",
    "back": "b",
    "skip": "s",
    "prefer_not_to_say": "n",
    "talk_to_staff": "k",
}


def _typed_ways(q: Questionnaire, answers: dict[str, Answer], item: Item) -> dict[str, str]:
    """The ways this question offers, as typed meaning -> button action."""
    offered = set(engine.offered_statuses(item))
    ways = {
        "done": isinstance(item, MultipleItem),
        "back": engine.previous_item(q, answers, item.id) is not None,
        "skip": "skipped" in offered,
        "prefer_not_to_say": "prefer_not_to_say" in offered,
        "talk_to_staff": "talk_to_staff" in offered,
    }
    return {meaning: _WAYS[meaning] for meaning, on in ways.items() if on}


def _exact_way(text: str, lang: str, ways: dict[str, str]) -> str | None:
    """A way out typed word for word (no typo allowance: it could be a short answer)."""
    for meaning, action in ways.items():
        if words.says(text, lang, meaning, exact=True):
            return action
    return None


async def _typed_toggle(
    ctx: FlowContext,
    actor: Actor,
    reading: Reading,
    q: Questionnaire,
    answers: dict[str, Answer],
    item: MultipleItem,
    picked: list[str],
) -> list[Reply]:
    """Typed options tick (or untick) like presses; "done" confirms."""
    chosen = _chosen(reading, answers, item)
    for option_id in picked:
        chosen = engine.toggle_choice(item, chosen, option_id)
    await ctx.tx.readings.set_pending_choices(reading.id, chosen, ctx.now)
    ticked = reading.model_copy(update={"pending_choices": chosen})
    labels = {str(c.value): c.label.get(actor.language) for c in engine.choices(q, item)}
    hint = (
        Text("hint.multiple_chosen", {"chosen": ", ".join(labels[c] for c in chosen)})
        if chosen
        else Text("hint.nothing_chosen")
    )
    # The question moves below the typed message: the old copy loses its buttons.
    closed = EditPressed(question.question_parts(q, answers, item, actor.language), actor.language)
    return [closed, question.ask(q, ticked, answers, item, actor.language, before=(hint,))]


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
        return [stale_button(actor.language)]
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
    replies.extend(await show_current(ctx, actor, moved, answers=after))
    return replies
