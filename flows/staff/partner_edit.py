"""A partner of the club's register, from /partners: its details changed one at a time, its
kind chosen again, or the partner taken off the register. Plan items keep the partner's name,
so earlier plans stay readable; the register and the item's choices leave it out."""

from __future__ import annotations

from typing import Literal

from base.clean import clean_line
from base.i18n import Text
from flows import flow
from flows.flow import ClubState, Flow, Step
from flows.reply import Button, EditPressed, Message, Reply
from flows.staff.links import PartnerEdit
from flows.staff.parsing import parse_date
from flows.staff.partner_register import MAX_TEXT, partner_line, show
from storage.repos.partners import PARTNER_KINDS, Partner, PartnerField

# A detail's code in buttons and state, and its column ("a" is the agreement: number and date).
FIELDS: dict[str, PartnerField] = {
    "n": "name",
    "p": "contact_person",
    "c": "contact",
    "o": "offers",
    "a": "agreement_number",
}
EMPTY = "-"  # typed to clear a detail (never the name)


class PartnerEditState(ClubState):
    """A new value of one of the partner's details is awaited."""

    flow: Literal["partner_edit"] = "partner_edit"
    partner: int
    field: str


def _button(key: str, partner_id: int, action: str, value: str | None = None) -> Button:
    return Button(Text(key), PartnerEdit(partner_id, action, value).encode())  # type: ignore[arg-type]


def details(step: Step, partner: Partner) -> list[Reply]:
    """The partner in one line, and what can be changed."""
    pid = partner.id
    rows = (
        *((_button(f"partner_edit.field.{code}", pid, "f", code),) for code in FIELDS),
        (_button("partner_edit.kind", pid, "k"),),
        (_button("partner_edit.remove", pid, "r"),),
        (Button(Text("partner_edit.back"), PartnerEdit(pid, "s", "l").encode()),),
    )
    return [Message((partner_line(step.lang, partner),), rows, step.lang)]


async def _audit(step: Step, partner_id: int, action: str, detail: str) -> None:
    await step.ctx.tx.audit.record(
        step.ctx.now,
        step.staff.audit_name,
        action,
        club_id=step.staff.club_id,
        subject=f"partner:{partner_id}",
        detail=detail,
    )


async def _press(step: Step, button: PartnerEdit) -> list[Reply]:
    tx, club_id = step.ctx.tx, step.staff.club_id
    partner = await tx.partners.get(club_id, button.partner)
    if partner is None:
        return step.not_available()  # another club's, or taken off the register
    action, value = button.action, button.value
    if action == "s":
        return await show(step.ctx, step.staff) if value == "l" else details(step, partner)
    if action == "f" and value in FIELDS:
        await step.remember(PartnerEditState(club=club_id, partner=partner.id, field=value))
        return step.say(f"partner_edit.ask.{value}", empty=EMPTY)
    if action == "k" and value is None:
        rows = tuple((_button(f"partner_kind.{k}", partner.id, "k", k),) for k in PARTNER_KINDS)
        return [Message((Text("partners.ask_kind"),), rows, step.lang)]
    if action == "k" and value in PARTNER_KINDS:
        await tx.partners.update(club_id, partner.id, "kind", value)
        await _audit(step, partner.id, "partner.changed", "kind")
        changed = await tx.partners.get(club_id, partner.id)
        return details(step, changed) if changed else step.stale()
    if action == "r":
        confirm = ((_button("partner_edit.remove_yes", partner.id, "ry"),
                    _button("partner_edit.keep", partner.id, "s")),)  # fmt: skip
        ask = Text("partner_edit.ask_remove", {"name": partner.name})
        return [Message((ask,), confirm, step.lang)]
    if action == "ry" and await tx.partners.remove(club_id, partner.id, step.ctx.now):
        await _audit(step, partner.id, "partner.removed", partner.kind)
        done = EditPressed((Text("partner_edit.removed", {"name": partner.name}),), step.lang)
        return [done, *await show(step.ctx, step.staff)]
    return step.stale()


async def _text(step: Step, text: str) -> list[Reply] | None:
    pending = step.mine(PartnerEditState)
    if pending is None:
        return None
    tx, club_id = step.ctx.tx, step.staff.club_id
    partner = await tx.partners.get(club_id, pending.partner)
    field = FIELDS.get(pending.field)
    if partner is None or field is None:
        await step.remember(None)
        return step.not_available()
    typed = clean_line(text)
    if not typed or len(typed) > MAX_TEXT or (field == "name" and typed == EMPTY):
        return step.say("partners.invalid", max=MAX_TEXT)
    value = None if typed == EMPTY else typed
    if field == "agreement_number":
        # "NUMBER DD.MM.YYYY" as when adding: the date, when it is one, goes to its own column.
        number, _, day = (value or "").rpartition(" ")
        signed = parse_date(day) if day else None
        await tx.partners.update(club_id, partner.id, "agreement_date", signed)
        value = (number if signed else value) or None
    elif field == "name" and value is not None:
        known = await tx.partners.by_name(club_id, value)
        if known is not None and known.id != partner.id:
            return step.say("partner_edit.name_taken", name=value)
    await tx.partners.update(club_id, partner.id, field, value)
    await step.remember(None)
    await _audit(step, partner.id, "partner.changed", field)
    changed = await tx.partners.get(club_id, partner.id)
    return [*step.say("partner_edit.saved"), *(details(step, changed) if changed else [])]


FLOW = Flow(
    name="partner_edit",
    side="staff",
    access=flow.staff,
    buttons=(PartnerEdit,),
    states=(PartnerEditState,),
    on_press=_press,
    on_text=_text,
)
