"""Every flow of the bot, in one list: the routers walk it (docs/ARCHITECTURE.md).

Adding a flow: its module ends with `FLOW = Flow(...)`, and one line here names it. Commands,
button kinds and state types are claimed by exactly one flow (checked on import and by
tests/test_registry.py).
"""

from __future__ import annotations

from typing import Annotated, Any, Union

from pydantic import Field, TypeAdapter, ValidationError

from flows import buttons
from flows.buttons import ButtonData
from flows.flow import ClubState, Flow, FlowState, Step
from flows.inputs import TextInput
from flows.intake import participant_flows
from flows.messages import participant as messages_participant
from flows.messages import staff as messages_staff
from flows.reply import Reply
from flows.schedule import staff as schedule_staff
from flows.schedule import week
from flows.staff import (
    annual,
    assess,
    audit_view,
    card,
    controller,
    enrol,
    enrolment,
    erase,
    goal_end,
    join,
    menu,
    new_reading,
    notes,
    participants,
    partner_edit,
    partner_register,
    path,
    plan_fields,
    settings,
    status,
    supervision_view,
    team,
)
from flows.staff import exports as export_flow

# Order matters only for typed text without a waiting state: the first flow that claims it.
STAFF: tuple[Flow, ...] = (
    team.NEW_CLUB,
    team.STAFF_INVITE,
    team.CLUBS,
    team.TEAM,
    join.FLOW,
    enrol.FLOW,
    participants.FLOW,
    card.FLOW,
    assess.FLOW,
    new_reading.FLOW,
    export_flow.FLOW,
    annual.FLOW,
    supervision_view.FLOW,
    path.FLOW,
    plan_fields.FLOW,
    goal_end.FLOW,
    notes.FLOW,
    status.FLOW,
    enrolment.FLOW,
    partner_register.FLOW,
    partner_edit.FLOW,
    audit_view.FLOW,
    erase.FLOW,
    controller.FLOW,
    settings.FLOW,
    schedule_staff.SESSIONS,
    schedule_staff.NEW_SESSION,
    week.FLOW,
    messages_staff.FLOW,
)
# Messages to staff come last: they take typed words no question or reason is waiting for.
PARTICIPANT: tuple[Flow, ...] = (*participant_flows.FLOWS, messages_participant.FLOW)
ALL: tuple[Flow, ...] = STAFF + PARTICIPANT


def _claims(flows: tuple[Flow, ...]) -> tuple[dict[str, Flow], dict[type[ButtonData], Flow]]:
    commands: dict[str, Flow] = {}
    buttons: dict[type[ButtonData], Flow] = {}
    for one in flows:
        for name in one.commands:
            if name in commands:
                raise TypeError(f"/{name} claimed by {commands[name].name} and {one.name}")
            commands[name] = one
        for kind in one.buttons:
            if kind in buttons:
                raise TypeError(f"{kind.kind!r} claimed by {buttons[kind].name} and {one.name}")
            buttons[kind] = one
    return commands, buttons


def duplicates(flows: tuple[Flow, ...]) -> list[str]:
    """What two flows (or a staff and a participant flow) both claim; empty when all is well."""
    problems = []
    seen_commands: dict[str, str] = {}
    seen_kinds: dict[str, str] = {}
    seen_states: dict[str, str] = {}
    for one in flows:
        for name in one.commands:
            if name in seen_commands:
                problems.append(f"/{name}: {seen_commands[name]} and {one.name}")
            seen_commands[name] = one.name
        for kind in one.buttons:
            if kind.kind in seen_kinds:
                problems.append(f"button {kind.kind!r}: {seen_kinds[kind.kind]} and {one.name}")
            seen_kinds[kind.kind] = one.name
        for state in one.states:
            flow_name = str(state.model_fields["flow"].default)
            if flow_name in seen_states:
                problems.append(f"state {flow_name!r}: {seen_states[flow_name]} and {one.name}")
            seen_states[flow_name] = one.name
    return problems


_problems = duplicates(ALL)
if _problems:
    raise TypeError("flows claim the same thing: " + "; ".join(_problems))

for _flow in ALL:
    for _kind in _flow.buttons:
        buttons.fields_of(_kind)  # a field type the codec cannot read fails here, at start
STAFF_COMMANDS, STAFF_BUTTONS = _claims(STAFF)
menu.register(STAFF)
PARTICIPANT_COMMANDS, PARTICIPANT_BUTTONS = _claims(PARTICIPANT)
_STATE_OWNERS: dict[type[FlowState], Flow] = {s: f for f in ALL for s in f.states}
_STATES: tuple[type[FlowState], ...] = tuple(_STATE_OWNERS)
# One discriminated union of every flow's state, on its `flow` literal.
_PENDING: TypeAdapter[Any] = TypeAdapter(
    Annotated[Union[_STATES], Field(discriminator="flow")]  # noqa: UP007
)


def read_state(raw: dict[str, Any] | None, club_id: int | None) -> tuple[FlowState | None, bool]:
    """The stored state as its flow's model, and whether stored state was dropped: it failed
    validation (an older shape, an unknown flow) or belongs to another club than `club_id`
    (None: the person is not staff now, so there is no club to compare)."""
    if raw is None:
        return None, False
    try:
        state: FlowState = _PENDING.validate_python(raw)
    except ValidationError:
        return None, True
    if isinstance(state, ClubState) and club_id is not None and state.club != club_id:
        return None, True
    return state, False


async def replied(flows: tuple[Flow, ...], step: Step, inp: TextInput) -> list[Reply] | None:
    """Typed text replying to one of the bot's messages, for the first flow that claims it."""
    if inp.reply_to is None:
        return None
    for one in flows:
        if one.on_reply is not None:
            answered = await one.on_reply(step, inp.text, inp.reply_to)
            if answered is not None:
                return answered
    return None


def owner(state: FlowState) -> Flow:
    """The flow a state belongs to."""
    return _STATE_OWNERS[type(state)]
