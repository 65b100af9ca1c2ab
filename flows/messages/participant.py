"""A participant writes to the club's staff: /write, the "write to staff" button, a reply to a
staff answer, or simply typing once no question is waiting (after the questionnaire).

Entry points for other screens: the `WriteToStaff` button (flows/messages/links.py) and
`start_writing(step)`, which asks for the message and waits for it.
"""

from __future__ import annotations

from typing import Literal

from base.i18n import Text
from flows import flow
from flows.actor import Actor
from flows.context import FlowContext
from flows.flow import Flow, FlowState, Step
from flows.inputs import Command
from flows.intake.resume import open_reading, resume
from flows.messages import thread
from flows.messages.links import WriteToStaff
from flows.reply import Message, Reply
from storage.repos.participants import Participant
from storage.repos.who import Who


class WriteState(FlowState):
    """The participant's next typed words are a message to the staff."""

    flow: Literal["write"] = "write"


def _open(participant: Participant) -> bool:
    """Whether this person may write to staff through the bot."""
    return participant.consent == "given" and participant.status != "left"


async def start_writing(step: Step) -> list[Reply]:
    """Ask for the message and wait for it (the crisis screen's "talk with staff" uses this)."""
    if not _open(step.participant):
        return step.say("messages.closed")
    await step.remember(WriteState())
    return step.say("messages.ask", max=thread.MAX_CHARS)


async def send(step: Step, text: str, *, then_resume: bool) -> list[Reply]:
    """Pass the words on to the staff, or say plainly why not; `then_resume` shows the
    question the person was at again."""
    ctx, participant = step.ctx, step.participant
    if not _open(participant):
        return step.say("messages.closed")
    checked = await thread.check(ctx, participant, "in", text)
    if checked.refusal is not None:
        return step.say(f"messages.refused_{checked.refusal}", max=thread.MAX_CHARS)
    await thread.to_staff(ctx, participant, checked.body)
    await step.remember(None)
    key = (
        "messages.sent_night"
        if await thread.quiet_now(ctx, participant.club_id)
        else "messages.sent"
    )
    sent = step.say(key)
    if not then_resume:
        return sent
    return [*sent, *await resume(ctx, step.actor, participant)]


async def _command(step: Step, cmd: Command) -> list[Reply]:
    if cmd.args.strip():
        return await send(
            step, cmd.args, then_resume=await _mid_reading(step.ctx, step.participant)
        )
    return await start_writing(step)


async def _press(step: Step, button: WriteToStaff) -> list[Reply]:
    return await start_writing(step)


async def _text(step: Step, text: str) -> list[Reply] | None:
    """The awaited message; or, with nothing else waiting, words written after the
    questionnaire (the flows before this one had their turn)."""
    participant = step.participant
    if step.mine(WriteState) is not None:
        return await send(step, text, then_resume=await _mid_reading(step.ctx, participant))
    if not step.actor.language_chosen or participant.consent != "given":
        return None
    if await open_reading(step.ctx, participant) is not None:
        return None
    if not any(
        r.respondent == "participant"
        for r in await step.ctx.tx.readings.for_participant(participant.id)
    ):
        return None  # the questionnaire has not begun: it begins (flows/intake/resume.py)
    return await send(step, text, then_resume=False)


async def _reply(step: Step, text: str, replied_to: int) -> list[Reply] | None:
    """A reply to a staff answer is a message to the staff, even in the middle of questions."""
    copy = await step.ctx.tx.threads.by_copy(step.actor.telegram_id, replied_to)
    if copy is None or copy.direction != "out" or copy.participant_id != step.participant.id:
        return None
    return await send(step, text, then_resume=await _mid_reading(step.ctx, step.participant))


async def _mid_reading(ctx: FlowContext, participant: Participant) -> bool:
    return participant.consent == "given" and await open_reading(ctx, participant) is not None


async def unsupported(ctx: FlowContext, actor: Actor, who: Who) -> list[Reply] | None:
    """A sticker, photo or voice message meant for the staff (the person is writing to them,
    or has finished the questionnaire): say that only words are passed on. None otherwise."""
    participant = who.participant
    if participant is None or not _open(participant) or not actor.language_chosen:
        return None
    stored = who.staff_state.pending
    writing = stored is not None and stored.get("flow") == "write"
    if writing or await open_reading(ctx, participant) is None:
        return [Message((Text("messages.text_only"),), language=actor.language)]
    return None


FLOW = Flow(
    name="write",
    side="participant",
    access=flow.participant,
    commands=frozenset({"write"}),
    buttons=(WriteToStaff,),
    states=(WriteState,),
    on_command=_command,
    on_press=_press,
    on_text=_text,
    on_reply=_reply,
)
