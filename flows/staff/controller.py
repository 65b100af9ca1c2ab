"""A leader sets the club's data-controller details in the bot (from /team): the legal name,
the address and the data-protection contact participants see in /privacy and before they
agree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from base.i18n import Text, translate
from flows import flow
from flows.buttons import ButtonData
from flows.flow import ClubState, Flow, Step
from flows.reply import Button, EditPressed, Message, Reply
from storage.club_rules import change, rules_of
from storage.privacy.controller import MAX_LENGTH, ControllerError, controller_of, set_controller

FieldCode = Literal["n", "a", "c"]
FIELDS: dict[FieldCode, str] = {"n": "legal_name", "a": "address", "c": "contact"}


@dataclass(frozen=True)
class ControllerShow(ButtonData, kind="dc"):
    """Show the club's controller details with a button per detail."""

    club: int


@dataclass(frozen=True)
class ControllerEdit(ButtonData, kind="dcs"):
    """Change one detail: the typed text is awaited."""

    club: int
    field: FieldCode


RETENTION_CHOICES = (12, 24, 36, 60, 120)


@dataclass(frozen=True)
class RetentionSet(ButtonData, kind="dcr"):
    """The club's retention period after a participant's end, in months (None: ask)."""

    club: int
    months: int | None = None


class ControllerState(ClubState):
    """A controller detail is awaited."""

    flow: Literal["controller"] = "controller"
    field: FieldCode


async def show(step: Step) -> list[Reply]:
    """The details as participants will see them, and what to change."""
    club_id = step.staff.club_id
    details = await controller_of(step.ctx.tx, club_id)
    unset = translate(step.lang, "controller.unset")
    text = Text(
        "controller.show",
        {
            "name": details.legal_name or unset,
            "address": details.address or unset,
            "contact": details.contact or unset,
        },
    )
    rules = await rules_of(step.ctx.tx, club_id)
    retention = Text("controller.retention", {"months": rules.retention_months})
    buttons = (
        *(
            (Button(Text(f"controller.button.{name}"), ControllerEdit(club_id, code).encode()),)
            for code, name in FIELDS.items()
        ),
        (Button(Text("controller.button.retention"), RetentionSet(club_id).encode()),),
    )
    return [Message((text, retention), buttons, step.lang)]


async def retention(step: Step, button: RetentionSet) -> list[Reply]:
    """Ask for the period, or set it (audit-logged): the daily purge follows it."""
    if button.months is None:
        buttons = tuple(
            (
                Button(
                    Text("controller.retention_months", {"months": months}),
                    RetentionSet(button.club, months).encode(),
                ),
            )
            for months in RETENTION_CHOICES
        )
        return [Message((Text("controller.ask.retention"),), buttons, step.lang)]
    club = await step.ctx.tx.clubs.get(button.club)
    if club is None or button.months not in RETENTION_CHOICES:
        return step.stale()  # a forged number of months is never stored
    await change(step.ctx.tx, club.id, club.kind, "retention_months", str(button.months))
    await step.ctx.tx.audit.record(
        step.ctx.now,
        step.staff.audit_name,
        "club.retention_set",
        club_id=club.id,
        detail=str(button.months),
    )
    return [EditPressed((Text("controller.retention", {"months": button.months}),), step.lang)]


async def _press(step: Step, button: ControllerShow | ControllerEdit | RetentionSet) -> list[Reply]:
    if button.club != step.staff.club_id:
        return step.not_available()
    if isinstance(button, ControllerShow):
        return await show(step)
    if isinstance(button, RetentionSet):
        return await retention(step, button)
    await step.remember(ControllerState(club=button.club, field=button.field))
    return step.say(f"controller.ask.{FIELDS[button.field]}")


async def _text(step: Step, text: str) -> list[Reply] | None:
    pending = step.mine(ControllerState)
    if pending is None:
        return None
    field = FIELDS[pending.field]
    try:
        await set_controller(
            step.ctx.tx, step.staff.club_id, {field: text}, step.staff.audit_name, step.ctx.now
        )
    except ControllerError:
        return step.say("controller.invalid", max=MAX_LENGTH[field])
    await step.remember(None)
    return [*step.say("controller.saved"), *await show(step)]


FLOW = Flow(
    name="controller",
    side="staff",
    access=flow.staff_who_can("manage_staff"),
    buttons=(ControllerShow, ControllerEdit, RetentionSet),
    states=(ControllerState,),
    on_press=_press,
    on_text=_text,
)
