"""Question and review buttons of a reading already checked to be the presser's own."""

from __future__ import annotations

from flows.actor import Actor
from flows.context import FlowContext
from flows.intake import answering, review
from flows.intake.reading_buttons import QuestionPress, ReviewPress
from flows.reply import Reply
from storage.repos.participants import Participant
from storage.repos.readings import ReadingAnswers


async def on_reading_press(
    ctx: FlowContext,
    actor: Actor,
    participant: Participant,
    found: ReadingAnswers,
    button: QuestionPress | ReviewPress,
) -> list[Reply]:
    """A question or review button; its reading id was compared with `found`'s by the caller."""
    reading, answers = found.reading, found.answers
    if isinstance(button, QuestionPress):
        return await answering.on_press(
            ctx, actor, participant, reading, answers, button.position, button.action, button.value
        )
    return await review.on_press(
        ctx, actor, participant, reading, answers, button.action, button.value
    )
