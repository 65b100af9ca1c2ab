"""What a flow is: its commands, button kinds, pending-state types, access check and handlers.

A flow module ends with one `FLOW = Flow(...)`; flows/registry.py lists every FLOW, and the
routers (flows/staff/router.py, flows/intake/participant.py) walk that list. See
docs/ARCHITECTURE.md, "How to add a screen".
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from base.i18n import Text
from flows.actor import Actor
from flows.buttons import ButtonData
from flows.context import FlowContext
from flows.inputs import Command
from flows.reply import Message, Reply, Toast
from flows.staff.access import Permission, StaffActor
from storage.repos.participants import Participant


class FlowState(BaseModel):
    """A multi-step flow's position, kept between steps (staff_state.pending).

    Subclasses set `flow: Literal["..."] = "..."` (the discriminator) and their typed fields.
    Stored state that no longer validates (an older shape, another flow) is dropped, and the
    person told so; it never reaches a handler.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    flow: str


class ClubState(FlowState):
    """State of a flow working in one club: dropped when the person now works in another."""

    club: int


S = TypeVar("S", bound=FlowState)


class NotAllowed(Exception):
    """A handler asked for a staff member or participant the access check did not promise."""


@dataclass(frozen=True)
class Step:
    """One input of one person, as a flow's handlers see it."""

    ctx: FlowContext
    actor: Actor
    staff_member: StaffActor | None = None
    participant_row: Participant | None = None
    pending: FlowState | None = None  # the person's waiting flow state, already validated

    @property
    def lang(self) -> str:
        """The person's language."""
        return self.actor.language

    @property
    def staff(self) -> StaffActor:
        """The staff member (flows whose access check requires one)."""
        if self.staff_member is None:
            raise NotAllowed("no staff membership")
        return self.staff_member

    @property
    def participant(self) -> Participant:
        """The participant (participant flows)."""
        if self.participant_row is None:
            raise NotAllowed("not a participant")
        return self.participant_row

    def as_participant(self, participant: Participant) -> Step:
        """The same step after the participant row changed (consent given...)."""
        return replace(self, participant_row=participant)

    def as_actor(self, actor: Actor) -> Step:
        """The same step after the actor changed (language chosen...)."""
        return replace(self, actor=actor)

    async def remember(self, state: FlowState | None) -> None:
        """Keep (or clear) this person's waiting flow state."""
        value = None if state is None else state.model_dump(mode="json")
        await self.ctx.tx.staff_state.set_pending(self.actor.telegram_id, value, self.ctx.now)

    def mine(self, state_type: type[S]) -> S | None:
        """The waiting state if it is of this type (and so of this flow and club)."""
        return self.pending if isinstance(self.pending, state_type) else None

    def say(self, key: str, **params: Any) -> list[Reply]:
        """One catalogue message."""
        return [Message((Text(key, params or None),), language=self.lang)]

    def not_available(self) -> list[Reply]:
        """See `not_available`."""
        return not_available(self.lang)

    def stale(self) -> list[Reply]:
        """See `stale_button`."""
        return [stale_button(self.lang)]


def not_available(lang: str) -> list[Reply]:
    """The same neutral answer for everyone who may not do something, and for ids that are
    unknown or of another club (nothing to tell the two apart)."""
    return [Message((Text("access.not_available"),), language=lang)]


def stale_button(lang: str) -> Toast:
    """The one answer to an out-of-date or forged button: a pop-up on the button, nothing in
    the chat (docs/DECISIONS.md)."""
    return Toast(Text("button.stale"), lang)


Access = Callable[[Step], bool]
CommandHandler = Callable[[Step, Command], Awaitable[list[Reply]]]
# Each flow's handler takes its own button kinds / state type; the router passes only those.
PressHandler = Callable[[Step, Any], Awaitable[list[Reply]]]
TextHandler = Callable[[Step, str], Awaitable[list[Reply] | None]]
# Typed text that replies to one of the bot's messages: (step, text, that message's id).
ReplyHandler = Callable[[Step, str, int], Awaitable[list[Reply] | None]]


def anyone(step: Step) -> bool:
    """No check (participant flows check they have a participant)."""
    return True


def participant(step: Step) -> bool:
    """A person bound to a participant."""
    return step.participant_row is not None


def staff(step: Step) -> bool:
    """An active staff member of the club they work in now."""
    return step.staff_member is not None


def operator(step: Step) -> bool:
    """An operator (settings), staff or not."""
    return step.actor.is_operator


def staff_who_can(permission: Permission) -> Access:
    """A staff member whose role allows this."""
    return lambda step: step.staff_member is not None and step.staff_member.can(permission)


@dataclass(frozen=True)
class Flow:
    """Everything the routers need to know about one flow, in one place."""

    name: str
    side: Literal["staff", "participant"]
    access: Access
    commands: frozenset[str] = frozenset()
    buttons: tuple[type[ButtonData], ...] = ()
    states: tuple[type[FlowState], ...] = ()
    on_command: CommandHandler | None = None
    on_press: PressHandler | None = None
    # Typed text: with this flow's state waiting, or (walked in registry order) free text a
    # flow may claim without a state (an open assessment, a missed-session reason).
    on_text: TextHandler | None = None
    # Typed text replying to one of the bot's messages, before anything else reads it; walked
    # for everyone (the handler checks who may, so refused people get told), None if not yours.
    on_reply: ReplyHandler | None = None
    # A command some of the flow's users may not run, with its own check (beside `access`):
    # the router refuses it, and the menus (flows/staff/menu.py) leave it out.
    command_access: tuple[tuple[str, Access], ...] = ()

    def may_run(self, step: Step, command: str) -> bool:
        """Whether this person may run one of the flow's commands."""
        extra = dict(self.command_access).get(command)
        return self.access(step) and (extra is None or extra(step))
