"""Question and review buttons of a reading already checked to be the presser's own."""

from __future__ import annotations

from flows.actor import Actor
from flows.context import FlowContext
from flows.i18n import Text
from flows.intake import answering, review
from flows.reply import Reply, Toast
from storage.repos.participants import Participant
from storage.repos.readings import Reading


def numbers(fields: tuple[str, ...]) -> list[int | None]:
    """Each field as a number, None where it is not one (isdigit alone accepts "²")."""
    return [int(f) if f.isascii() and f.isdigit() else None for f in fields]


async def on_reading_press(
    ctx: FlowContext,
    actor: Actor,
    participant: Participant,
    reading: Reading,
    *,
    is_question: bool,
    fields: tuple[str, ...],
) -> list[Reply]:
    """`<reading>:<position>:<action>[:<n>]` of a question or `<reading>:<action>[:<n>]` of the
    review; the reading id in fields[0] was compared with `reading` by the caller."""
    values = numbers(fields)
    stale: list[Reply] = [Toast(Text("button.stale"), actor.language)]
    if is_question and len(fields) in (3, 4) and values[1] is not None:
        argument = values[3] if len(fields) == 4 else None
        if len(fields) == 4 and argument is None:
            return stale
        return await answering.on_press(
            ctx, actor, participant, reading, values[1], fields[2], argument
        )
    if not is_question and len(fields) in (2, 3):
        argument = values[2] if len(fields) == 3 else None
        if len(fields) == 3 and argument is None:
            return stale
        return await review.on_press(ctx, actor, participant, reading, fields[1], argument)
    return [*stale, *await answering.show_current(ctx, actor, reading)]
