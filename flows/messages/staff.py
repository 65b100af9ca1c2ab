"""Staff read a participant's messages and answer them: from the card ("Messages", "Answer"),
with /messages <id>, or by replying to the participant's message the bot passed on. An
answer that waits for the morning can be sent at once (flows/messages/urgent.py).

Every view is audit-logged; every query takes the club of the thread; an answer needs an
active membership of that club, and a participant who can still be reached.
"""

from __future__ import annotations

from typing import Literal
from zoneinfo import ZoneInfo

from base.i18n import Text, translate
from base.ids import parse_id
from flows import flow
from flows.context import FlowContext
from flows.flow import ClubState, Flow, Step
from flows.inputs import Command
from flows.messages import thread, urgent
from flows.messages.urgent import SendNow
from flows.reply import Button, Message, Reply
from flows.staff.links import OpenCard, ThreadPress
from flows.staff.parsing import show_moment
from storage.repos.participants import Participant
from storage.repos.staff import StaffMember
from storage.repos.threads import ThreadMessage

SHOWN = 20  # the newest messages of a thread on one screen
EXCERPT = 600  # characters of each message there (the whole thread must fit one message)


class AnswerState(ClubState):
    """A staff member's answer to a participant is awaited."""

    flow: Literal["thread_answer"] = "thread_answer"
    participant: int


def _buttons(participant_id: int) -> tuple[tuple[Button, ...], ...]:
    return (
        (
            Button(Text("messages.button_answer"), ThreadPress(participant_id, "a").encode()),
            Button(Text("messages.button_card"), OpenCard(participant_id).encode()),
        ),
    )


def _line(lang: str, message: ThreadMessage, zone_name: str, name: str) -> str:
    when = show_moment(message.created_at, ZoneInfo(zone_name))
    body = message.body if len(message.body) <= EXCERPT else message.body[:EXCERPT] + "…"
    who = name if message.direction == "in" else (message.staff_name or "—")
    arrow = "←" if message.direction == "in" else "→"
    return translate(
        lang, "messages.line", {"when": when, "arrow": arrow, "who": who, "text": body}
    )


async def show(step: Step, participant_id: int) -> list[Reply]:
    """The newest messages with one participant of the viewer's club."""
    ctx, staff, lang = step.ctx, step.staff, step.lang
    participant = await ctx.tx.participants.get(staff.club_id, participant_id)
    if participant is None:
        return step.not_available()
    await ctx.tx.audit.record(
        ctx.now,
        staff.audit_name,
        "thread.viewed",
        club_id=staff.club_id,
        subject=f"participant:{participant.id}",
    )
    messages = await ctx.tx.threads.latest(staff.club_id, participant.id, SHOWN)
    club = await ctx.tx.clubs.get(staff.club_id)
    zone = club.timezone if club else ctx.settings.timezone
    header = translate(
        lang, "messages.thread_header", {"name": participant.display_name, "id": participant.id}
    )
    lines = [_line(lang, m, zone, participant.display_name) for m in messages]
    if not messages:
        lines.append(translate(lang, "messages.thread_empty"))
    if not thread.reachable(participant):
        lines.append(translate(lang, "messages.not_reachable"))
    return [Message(("\n\n".join([header, *lines]),), _buttons(participant.id), lang)]


async def _ask(step: Step, participant_id: int) -> list[Reply]:
    ctx, staff = step.ctx, step.staff
    participant = await ctx.tx.participants.get(staff.club_id, participant_id)
    if participant is None:
        return step.not_available()
    if not thread.reachable(participant):
        return step.say("messages.not_reachable")
    await step.remember(AnswerState(club=staff.club_id, participant=participant.id))
    return [
        Message(
            (
                Text(
                    "messages.answer_ask",
                    {"name": participant.display_name, "max": thread.MAX_CHARS},
                ),
                Text("path.cancel_hint"),
            ),
            language=step.lang,
        )
    ]


async def answer(
    ctx: FlowContext, lang: str, member: StaffMember, participant: Participant, text: str
) -> tuple[list[Reply], bool]:
    """Check and queue one staff answer: the sentence for the staff member, and whether the
    matter is settled (sent, or cannot be sent; False when retyping would help)."""
    if not thread.reachable(participant):
        return [Message((Text("messages.not_reachable"),), language=lang)], True
    checked = await thread.check(ctx, participant, "out", text)
    if checked.refusal is not None:
        params = {"max": thread.MAX_CHARS, "per_hour": checked.per_hour}
        refused = Text(f"messages.staff_refused_{checked.refusal}", params)
        return [Message((refused,), language=lang)], checked.refusal == "too_many"
    held = await _held(ctx, participant)
    message_id = await thread.to_participant(ctx, member, participant, checked.body)
    name = {"name": participant.display_name}
    if not held:
        sent = Text("messages.answer_sent", name)
        return [Message((sent,), _buttons(participant.id), lang)], True
    buttons = ((urgent.offer(message_id),), *_buttons(participant.id))
    return [Message((Text("messages.answer_sent_morning", name),), buttons, lang)], True


async def _held(ctx: FlowContext, participant: Participant) -> bool:
    """Whether the answer waits for the morning (quiet hours, and not a conversation)."""
    if not await thread.quiet_now(ctx, participant.club_id):
        return False
    wrote = await ctx.tx.threads.last_from_participant(participant.id)
    return wrote is None or ctx.now - wrote > thread.CONVERSATION


async def _text(step: Step, text: str) -> list[Reply] | None:
    pending = step.mine(AnswerState)
    if pending is None:
        return None
    participant = await step.ctx.tx.participants.get(step.staff.club_id, pending.participant)
    if participant is None:
        await step.remember(None)
        return step.not_available()
    replies, settled = await answer(step.ctx, step.lang, step.staff.member, participant, text)
    if settled:
        await step.remember(None)
    return replies


async def _reply(step: Step, text: str, replied_to: int) -> list[Reply] | None:
    """A reply to a participant's message the bot passed on: the answer to that person."""
    ctx = step.ctx
    copy = await ctx.tx.threads.by_copy(step.actor.telegram_id, replied_to)
    if copy is None or copy.direction != "in":
        return None
    member = await ctx.tx.staff.membership(copy.club_id, step.actor.telegram_id)
    if member is None or not member.active:
        # Access to that club ended: the words go nowhere, and the person is told.
        return step.say("messages.staff_no_access")
    participant = await ctx.tx.participants.get(copy.club_id, copy.participant_id)
    if participant is None:
        return step.not_available()
    replies, _settled = await answer(ctx, step.lang, member, participant, text)
    return replies


async def _command(step: Step, cmd: Command) -> list[Reply]:
    wanted = parse_id(cmd.args)
    return step.not_available() if wanted is None else await show(step, wanted)


async def _press(step: Step, button: ThreadPress | SendNow) -> list[Reply]:
    if isinstance(button, SendNow):
        return await urgent.send_now(step, button)
    if button.action == "a":
        return await _ask(step, button.participant)
    return await show(step, button.participant)


FLOW = Flow(
    name="thread",
    side="staff",
    access=flow.staff,
    commands=frozenset({"messages"}),
    buttons=(ThreadPress, SendNow),
    states=(AnswerState,),
    on_command=_command,
    on_press=_press,
    on_text=_text,
    on_reply=_reply,
)
