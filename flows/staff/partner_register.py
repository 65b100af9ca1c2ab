"""The club's register of partner institutions: `/partners` lists it and adds to it; a plan
item chooses its partner from it, and a partner typed for an item can be added to it."""

from __future__ import annotations

from typing import Literal

from base.clean import clean_line
from base.i18n import Text, translate
from flows import flow
from flows.context import FlowContext
from flows.flow import ClubState, Flow, Step
from flows.inputs import Command
from flows.reply import Button, EditPressed, Message, Reply
from flows.staff.access import StaffActor
from flows.staff.links import PartnerEdit, PartnersPress, PathItemPress
from flows.staff.parsing import hint_examples, parse_date, show_date
from storage.repos.partners import PARTNER_KINDS, Partner
from storage.repos.support_paths import SupportItem

MAX_TEXT = 200
SHOWN = 30  # buttons under the partner question; the rest can be typed


class PartnerState(ClubState):
    """The details of a new partner of this kind are awaited."""

    flow: Literal["partner"] = "partner"
    kind: str


def partner_line(lang: str, p: Partner) -> str:
    """A partner in one line: name, kind, contacts, agreement, what they offer."""
    parts = [p.name, translate(lang, f"partner_kind.{p.kind}")]
    parts += [v for v in (p.contact_person, p.contact) if v]
    if p.agreement_number or p.agreement_date:
        agreement = " ".join(v for v in (p.agreement_number, show_date(p.agreement_date)) if v)
        parts.append(translate(lang, "partners.agreement", {"agreement": agreement}))
    if p.offers:
        parts.append(p.offers)
    return "• " + " · ".join(parts)


async def show(ctx: FlowContext, staff: StaffActor) -> list[Reply]:
    """The register, and a button to add a partner."""
    lang = staff.actor.language
    partners = await ctx.tx.partners.all(staff.club_id)
    lines = [translate(lang, "partners.header")]
    lines += [partner_line(lang, p) for p in partners] or [translate(lang, "partners.none")]
    # A button per partner (to change or remove it), as many as fit under one message.
    rows = (
        *((Button(p.name[:40], PartnerEdit(p.id, "s").encode()),) for p in partners[:SHOWN]),
        (Button(Text("partners.add"), PartnersPress("a").encode()),),
    )
    return [Message(("\n".join(lines),), rows, lang)]


async def choices(
    ctx: FlowContext, staff: StaffActor, participant_id: int, item_id: int
) -> list[Reply]:
    """Buttons of the registered partners for a plan item (typing one stays possible)."""
    partners = (await ctx.tx.partners.all(staff.club_id))[:SHOWN]
    if not partners:
        return []
    rows = tuple(
        (Button(p.name, PathItemPress(participant_id, "pp", item_id, str(p.id)).encode()),)
        for p in partners
    )
    return [Message((Text("partners.choose"),), rows, staff.actor.language)]


async def pick(ctx: FlowContext, staff: StaffActor, item_id: int, value: str) -> str | None:
    """Set a registered partner on the item; its name, or None for an unknown partner."""
    partner = await ctx.tx.partners.get(staff.club_id, int(value)) if value.isdigit() else None
    if partner is None:
        return None
    paths = ctx.tx.support_paths
    await paths.set_item(staff.club_id, item_id, "partner", partner.name)
    await paths.set_item(staff.club_id, item_id, "partner_id", partner.id)
    return partner.name


async def link_typed(
    ctx: FlowContext, staff: StaffActor, participant_id: int, item_id: int, name: str
) -> list[Reply]:
    """A typed partner: linked when the register has that name, else offered for it."""
    known = await ctx.tx.partners.by_name(staff.club_id, name)
    await ctx.tx.support_paths.set_item(
        staff.club_id, item_id, "partner_id", known.id if known else None
    )
    if known is not None:
        return []
    rows = (
        (
            Button(
                Text("partners.add_typed", {"name": name}),
                PathItemPress(participant_id, "pa", item_id).encode(),
            ),
        ),
    )
    return [Message((Text("partners.not_registered", {"name": name}),), rows, staff.actor.language)]


async def add_typed(ctx: FlowContext, staff: StaffActor, item: SupportItem) -> list[Reply]:
    """Add an item's typed partner to the register (kind "other", details later)."""
    lang = staff.actor.language
    if not item.partner:
        return [flow.stale_button(lang)]
    known = await ctx.tx.partners.by_name(staff.club_id, item.partner)
    partner_id = (
        known.id
        if known
        else await ctx.tx.partners.add(staff.club_id, item.partner, "other", ctx.now)
    )
    await ctx.tx.support_paths.set_item(staff.club_id, item.id, "partner_id", partner_id)
    return [EditPressed((Text("partners.added", {"name": item.partner}),), lang)]


async def _command(step: Step, cmd: Command) -> list[Reply]:
    return await show(step.ctx, step.staff)


async def _press(step: Step, button: PartnersPress) -> list[Reply]:
    if button.action == "l":
        return await show(step.ctx, step.staff)
    if button.action == "a":
        rows = tuple(
            (Button(Text(f"partner_kind.{k}"), PartnersPress("k", k).encode()),)
            for k in PARTNER_KINDS
        )
        return [Message((Text("partners.ask_kind"),), rows, step.lang)]
    kind = button.kind_code
    if kind not in PARTNER_KINDS:
        return step.stale()
    await step.remember(PartnerState(club=step.staff.club_id, kind=kind))
    return step.say("partners.ask_details", **await hint_examples(step.ctx, step.staff))


async def _text(step: Step, text: str) -> list[Reply] | None:
    pending = step.mine(PartnerState)
    if pending is None:
        return None
    typed = clean_line(text)
    parts = [p.strip() for p in typed.split(";")]
    if not parts[0] or len(typed) > MAX_TEXT * 2 or any(len(p) > MAX_TEXT for p in parts):
        return step.say("partners.invalid", max=MAX_TEXT)
    name, person, contact, offers, agreement = [*parts, "", "", "", ""][:5]
    number, _, day = agreement.rpartition(" ")
    signed = parse_date(day) if day else None
    await step.ctx.tx.partners.add(
        step.staff.club_id,
        name,
        pending.kind,
        step.ctx.now,
        contact_person=person or None,
        contact=contact or None,
        offers=offers or None,
        agreement_number=(number if signed else agreement) or None,
        agreement_date=signed,
    )
    await step.remember(None)
    return await show(step.ctx, step.staff)


FLOW = Flow(
    name="partners",
    side="staff",
    access=flow.staff,
    commands=frozenset({"partners"}),
    buttons=(PartnersPress,),
    states=(PartnerState,),
    on_command=_command,
    on_press=_press,
    on_text=_text,
)
