"""/invite: enrol a participant (name or pseudonym, optional details), then the link and QR."""

from __future__ import annotations

import re
from datetime import date
from functools import partial
from typing import Any

from exports.qr import qr_png
from flows import callbacks
from flows.clean import clean_line
from flows.context import FlowContext
from flows.i18n import Text
from flows.invites import invite_link, invite_participant
from flows.reply import Button, Document, EditPressed, Message, Reply
from flows.staff.access import StaffActor

# Art. 1(2) of the social employment act (ustawa o zatrudnieniu socjalnym), short codes.
ART12_GROUPS = (
    "homeless",
    "alcohol",
    "drugs",
    "mental",
    "unemployed",
    "prison",
    "refugee",
    "disabled",
    "other",
)
REFERRALS = ("ops", "pup", "self", "probation", "ngo", "other")
SKIP = "-"
MAX_NAME = 100
MAX_CONTRACT = 40
_CONTRACT = re.compile(r"^(?P<number>.+?)\s+(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})$")


async def start(ctx: FlowContext, staff: StaffActor) -> list[Reply]:
    """Ask for the name or pseudonym."""
    await _remember(ctx, staff, {"step": "name"})
    return [Message((Text("enrol.ask_name"),), language=staff.actor.language)]


async def _remember(ctx: FlowContext, staff: StaffActor, data: dict[str, Any]) -> None:
    pending = {"flow": "enrol", "club": staff.club_id, **data}
    await ctx.tx.staff_state.set_pending(staff.actor.telegram_id, pending, ctx.now)


def _choices(prefix: str, kind: str, codes: tuple[str, ...]) -> tuple[tuple[Button, ...], ...]:
    rows = [(Button(Text(f"{prefix}.{code}"), callbacks.encode(kind, code)),) for code in codes]
    rows.append((Button(Text("enrol.skip"), callbacks.encode(kind, SKIP)),))
    return tuple(rows)


async def on_text(
    ctx: FlowContext, staff: StaffActor, pending: dict[str, Any], text: str
) -> list[Reply]:
    """Typed input for the step waiting for it: the name, or the social contract."""
    lang = staff.actor.language
    step = pending.get("step")
    if step == "name":
        name = clean_line(text)
        if not name or len(name) > MAX_NAME:
            return [Message((Text("club.name_invalid", {"max": MAX_NAME}),), language=lang)]
        await _remember(ctx, staff, {"step": "group", "name": name})
        return [
            Message(
                (Text("enrol.ask_group", {"name": name}),),
                _choices("art12", "eg", ART12_GROUPS),
                lang,
            )
        ]
    if step == "contract":
        found = _CONTRACT.match(clean_line(text))
        parsed = _contract(found) if found else None
        if parsed is None:
            return [
                Message(
                    (Text("enrol.contract_invalid"),),
                    ((Button(Text("enrol.skip"), callbacks.encode("ec", SKIP)),),),
                    lang,
                )
            ]
        return await _finish(
            ctx, staff, {**pending, "contract_number": parsed[0], "contract_date": parsed[1]}
        )
    return [Message((Text("enrol.use_buttons"),), language=lang)]


def _contract(found: re.Match[str]) -> tuple[str, str] | None:
    number = found.group("number").strip()
    try:
        when = date(int(found.group("year")), int(found.group("month")), int(found.group("day")))
    except ValueError:
        return None
    if not number or len(number) > MAX_CONTRACT:
        return None
    return number, when.isoformat()


async def on_press(
    ctx: FlowContext, staff: StaffActor, pending: dict[str, Any] | None, kind: str, code: str
) -> list[Reply]:
    """A group, referral or skip button of the step waiting for it."""
    lang = staff.actor.language
    if not pending or pending.get("flow") != "enrol" or pending.get("club") != staff.club_id:
        return [Message((Text("button.stale"),), language=lang)]
    step = pending.get("step")
    if kind == "eg" and step == "group" and (code in ART12_GROUPS or code == SKIP):
        data = {**pending, "step": "referral", "group": None if code == SKIP else code}
        await _remember(ctx, staff, _strip(data))
        return [
            EditPressed(
                (
                    Text("enrol.ask_group", {"name": pending.get("name", "")}),
                    _chosen(code, "art12"),
                ),
                lang,
            ),
            Message((Text("enrol.ask_referral"),), _choices("referral", "er", REFERRALS), lang),
        ]
    if kind == "er" and step == "referral" and (code in REFERRALS or code == SKIP):
        data = {**pending, "step": "contract", "referral": None if code == SKIP else code}
        await _remember(ctx, staff, _strip(data))
        skip = ((Button(Text("enrol.skip"), callbacks.encode("ec", SKIP)),),)
        return [
            EditPressed((Text("enrol.ask_referral"), _chosen(code, "referral")), lang),
            Message((Text("enrol.ask_contract"),), skip, lang),
        ]
    if kind == "ec" and step == "contract" and code == SKIP:
        return await _finish(ctx, staff, pending)
    return [Message((Text("button.stale"),), language=lang)]


def _strip(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in ("flow", "club")}


def _chosen(code: str, prefix: str) -> Text:
    return Text("enrol.skipped") if code == SKIP else Text(f"{prefix}.{code}")


async def _finish(ctx: FlowContext, staff: StaffActor, data: dict[str, Any]) -> list[Reply]:
    """Create the participant and their invite; hand out the link and its QR code."""
    lang = staff.actor.language
    name = str(data.get("name", ""))
    made = await invite_participant(
        ctx.tx, staff.club_id, name, ctx.now, ctx.settings.invite_valid_days
    )
    await ctx.tx.participants.set_enrolment(
        staff.club_id,
        made.participant_id,
        art12_group=data.get("group"),
        referral_source=data.get("referral"),
        contract_number=data.get("contract_number"),
        contract_date=data.get("contract_date"),
    )
    await ctx.tx.staff_state.set_pending(staff.actor.telegram_id, None, ctx.now)
    await ctx.tx.audit.record(
        ctx.now,
        staff.audit_name,
        "participant.invited",
        club_id=staff.club_id,
        subject=f"participant:{made.participant_id}",
    )
    link = invite_link(ctx.bot_username, made.code)
    days = ctx.settings.invite_valid_days
    return [
        Message(
            (Text("enrol.done", {"name": name, "id": made.participant_id, "days": days}), link),
            language=lang,
        ),
        Document(
            f"invite-{made.participant_id}.png",
            partial(qr_png, link),
            caption=(Text("enrol.qr_caption", {"name": name}),),
            language=lang,
            as_photo=True,
        ),
    ]
