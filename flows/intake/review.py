"""The end of the questionnaire: its buttons (show a sphere, change an answer, submit)."""

from __future__ import annotations

from base.i18n import Text
from flows.actor import Actor
from flows.context import FlowContext
from flows.flow import stale_button
from flows.intake import question
from flows.intake.alerts import alert_staff
from flows.intake.answering import show_current
from flows.intake.review_view import review_message, section_answers
from flows.reply import EditPressed, Message, Reply
from questionnaires import engine
from questionnaires.bundled import questionnaire_of
from questionnaires.model import Answer
from storage.repos.participants import Participant
from storage.repos.readings import Reading
from storage.repos.readings import moved as readings_moved


async def on_press(
    ctx: FlowContext,
    actor: Actor,
    participant: Participant,
    reading: Reading,
    answers: dict[str, Answer],
    action: str,
    argument: int | None,
) -> list[Reply]:
    """Review buttons: show a sphere, pick a question to change, back, submit (`answers`: the
    reading's, read with it)."""
    if reading.status != "review":
        return [
            stale_button(actor.language),
            *await show_current(ctx, actor, reading, answers=answers),
        ]
    q = questionnaire_of(reading)
    if action == "e" and argument is not None and 0 <= argument < len(q.sections):
        return [section_answers(q, reading, answers, argument, actor.language)]
    if action == "v":
        return [review_message(q, reading, answers, actor.language)]
    if action == "i" and argument is not None and 0 <= argument < len(q.items):
        item = q.items[argument]
        if engine.is_shown(q, item, answers) is not True:
            return [stale_button(actor.language)]
        await ctx.tx.readings.move(
            reading.id, status="open", current_item=item.id, now=ctx.now, return_to_review=True
        )
        moved = readings_moved(reading, "open", item.id, return_to_review=True)
        return [question.ask(q, moved, answers, item, actor.language)]
    if action == "s":
        return await submit(ctx, actor, participant, reading)
    return [stale_button(actor.language)]


async def submit(
    ctx: FlowContext, actor: Actor, participant: Participant, reading: Reading
) -> list[Reply]:
    """Hand the answers to staff."""
    await ctx.tx.readings.submit(reading.id, ctx.now)
    # A later reading (mid-way, exit, follow-up) leaves the status where the work stands.
    if participant.status in ("joined", "consented", "in_progress"):
        await ctx.tx.participants.set_status(participant.club_id, participant.id, "submitted")
    await alert_staff(ctx, participant, "submitted", event=f"submitted:{reading.id}")
    return [
        EditPressed((Text("review.submitted_short"),), actor.language),
        Message((Text("review.thanks"),), language=actor.language),
    ]
