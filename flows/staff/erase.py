"""A leader acts on a participant's deletion request (GDPR art. 17): two confirmations, with
a plain account of what goes and what the club must keep by law."""

from __future__ import annotations

from dataclasses import dataclass

from base.i18n import Text
from flows import flow
from flows.buttons import ButtonData
from flows.flow import Flow, Step
from flows.reply import Button, EditPressed, Message, Reply
from flows.staff.links import EraseAsk
from storage.privacy.erasure import erase_participant
from storage.repos.erasure import pseudonym
from storage.repos.participants import Participant


@dataclass(frozen=True)
class EraseNext(ButtonData, kind="xn"):
    """First confirmation: go on to the last check."""

    participant: int


@dataclass(frozen=True)
class EraseYes(ButtonData, kind="xy"):
    """Second confirmation: erase now."""

    participant: int


@dataclass(frozen=True)
class EraseKeep(ButtonData, kind="xk"):
    """Do not erase."""

    participant: int


async def _requested(step: Step, participant_id: int) -> Participant | None:
    """The participant of the leader's club who asked, not erased yet; else None."""
    person = await step.ctx.tx.participants.get(step.staff.club_id, participant_id)
    if person is None or person.deletion_requested_at is None:
        return None
    if await step.ctx.tx.erasure.is_erased(person.id):
        return None
    return person


async def _press(step: Step, button: EraseAsk | EraseNext | EraseYes | EraseKeep) -> list[Reply]:
    if isinstance(button, EraseKeep):
        return [EditPressed((Text("erase.kept"),), step.lang)]
    person = await _requested(step, button.participant)
    if person is None:
        return step.not_available()
    keep = Button(Text("erase.cancel"), EraseKeep(person.id).encode())
    if isinstance(button, EraseAsk):
        explain = Text(
            "erase.explain", {"name": person.display_name, "pseudonym": pseudonym(person.id)}
        )
        buttons = ((Button(Text("erase.first"), EraseNext(person.id).encode()),), (keep,))
        return [Message((explain,), buttons, step.lang)]
    if isinstance(button, EraseNext):
        buttons = ((Button(Text("erase.confirm"), EraseYes(person.id).encode()),), (keep,))
        return [
            EditPressed((Text("erase.last", {"name": person.display_name}),), step.lang, buttons)
        ]
    await erase_participant(
        step.ctx.tx, person.id, step.ctx.now, step.staff.audit_name, club_id=step.staff.club_id
    )
    return [EditPressed((Text("erase.done", {"pseudonym": pseudonym(person.id)}),), step.lang)]


FLOW = Flow(
    name="erase",
    side="staff",
    access=flow.staff_who_can("erase"),
    buttons=(EraseAsk, EraseNext, EraseYes, EraseKeep),
    on_press=_press,
)
