"""/invite: enrol a participant (name or pseudonym, optional details), then the link and QR."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Literal, get_args

from base.clean import clean_line
from base.i18n import Text
from exports.qr import qr_png
from flows import flow
from flows.buttons import ButtonData
from flows.context import FlowContext
from flows.flow import ClubState, Flow, Step
from flows.inputs import Command
from flows.invites import invite_link, invite_participant
from flows.reply import Button, Document, EditPressed, Message, Reply
from flows.staff.access import StaffActor
from flows.staff.parsing import hint_examples

# Art. 1(2) of the social employment act (ustawa o zatrudnieniu socjalnym), short codes.
Group = Literal[
    "homeless", "alcohol", "drugs", "mental", "unemployed", "prison", "refugee", "disabled", "other"
]
Referral = Literal["ops", "pup", "self", "probation", "ngo", "other"]
ART12_GROUPS: tuple[Group, ...] = get_args(Group)
REFERRALS: tuple[Referral, ...] = get_args(Referral)
Skip = Literal["-"]
SKIP: Skip = "-"
MAX_NAME = 100
MAX_CONTRACT = 40
_CONTRACT = re.compile(r"^(?P<number>.+?)\s+(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})$")


@dataclass(frozen=True)
class ChooseGroup(ButtonData, kind="eg"):
    """The art. 1(2) group, or skip."""

    code: Group | Skip


@dataclass(frozen=True)
class ChooseReferral(ButtonData, kind="er"):
    """Who referred the participant, or skip."""

    code: Referral | Skip


@dataclass(frozen=True)
class SkipContract(ButtonData, kind="ec"):
    """No social contract number yet."""

    code: Skip


class EnrolState(ClubState):
    """/invite: the name, then the group, the referral and the contract, one at a time."""

    flow: Literal["enrol"] = "enrol"
    step: Literal["name", "group", "referral", "contract"]
    name: str = ""
    group: Group | None = None
    referral: Referral | None = None


async def start(ctx: FlowContext, staff: StaffActor) -> list[Reply]:
    """Ask for the name or pseudonym."""
    await Step(ctx, staff.actor).remember(EnrolState(club=staff.club_id, step="name"))
    return [Message((Text("enrol.ask_name"),), language=staff.actor.language)]


def _groups() -> tuple[tuple[Button, ...], ...]:
    rows = [(Button(Text(f"art12.{code}"), ChooseGroup(code).encode()),) for code in ART12_GROUPS]
    rows.append((Button(Text("enrol.skip"), ChooseGroup(SKIP).encode()),))
    return tuple(rows)


def _referrals() -> tuple[tuple[Button, ...], ...]:
    rows = [(Button(Text(f"referral.{c}"), ChooseReferral(c).encode()),) for c in REFERRALS]
    rows.append((Button(Text("enrol.skip"), ChooseReferral(SKIP).encode()),))
    return tuple(rows)


async def on_text(step: Step, text: str) -> list[Reply] | None:
    """Typed input for the step waiting for it: the name, or the social contract."""
    pending = step.mine(EnrolState)
    if pending is None:
        return None
    ctx, staff, lang = step.ctx, step.staff, step.lang
    if pending.step == "name":
        name = clean_line(text)
        if not name or len(name) > MAX_NAME:
            return [Message((Text("club.name_invalid", {"max": MAX_NAME}),), language=lang)]
        await step.remember(pending.model_copy(update={"step": "group", "name": name}))
        return [Message((Text("enrol.ask_group", {"name": name}),), _groups(), lang)]
    if pending.step == "contract":
        found = _CONTRACT.match(clean_line(text))
        parsed = _contract(found) if found else None
        if parsed is None:
            return [
                Message(
                    (Text("enrol.contract_invalid", await hint_examples(ctx, staff)),),
                    ((Button(Text("enrol.skip"), SkipContract(SKIP).encode()),),),
                    lang,
                )
            ]
        return await _finish(ctx, staff, pending, parsed)
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


async def on_press(step: Step, button: ChooseGroup | ChooseReferral | SkipContract) -> list[Reply]:
    """A group, referral or skip button of the step waiting for it."""
    lang = step.lang
    pending = step.mine(EnrolState)
    if pending is None:
        return step.stale()
    code = button.code
    if isinstance(button, ChooseGroup) and pending.step == "group":
        group = None if button.code == SKIP else button.code
        await step.remember(pending.model_copy(update={"step": "referral", "group": group}))
        return [
            EditPressed(
                (Text("enrol.ask_group", {"name": pending.name}), _chosen(code, "art12")), lang
            ),
            Message((Text("enrol.ask_referral"),), _referrals(), lang),
        ]
    if isinstance(button, ChooseReferral) and pending.step == "referral":
        referral = None if button.code == SKIP else button.code
        await step.remember(pending.model_copy(update={"step": "contract", "referral": referral}))
        skip = ((Button(Text("enrol.skip"), SkipContract(SKIP).encode()),),)
        examples = await hint_examples(step.ctx, step.staff)
        return [
            EditPressed((Text("enrol.ask_referral"), _chosen(code, "referral")), lang),
            Message((Text("enrol.ask_contract", examples),), skip, lang),
        ]
    if isinstance(button, SkipContract) and pending.step == "contract":
        return await _finish(step.ctx, step.staff, pending, None)
    return step.stale()


def _chosen(code: str, prefix: str) -> Text:
    return Text("enrol.skipped") if code == SKIP else Text(f"{prefix}.{code}")


async def _finish(
    ctx: FlowContext, staff: StaffActor, data: EnrolState, contract: tuple[str, str] | None
) -> list[Reply]:
    """Create the participant and their invite; hand out the link and its QR code."""
    lang = staff.actor.language
    name = data.name
    made = await invite_participant(
        ctx.tx, staff.club_id, name, ctx.now, ctx.settings.invite_valid_days
    )
    await ctx.tx.participants.set_enrolment(
        staff.club_id,
        made.participant_id,
        art12_group=data.group,
        referral_source=data.referral,
        contract_number=contract[0] if contract else None,
        contract_date=contract[1] if contract else None,
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
            (Text("enrol.done", {"name": name, "id": made.participant_id, "count": days}), link),
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


async def _command(step: Step, cmd: Command) -> list[Reply]:
    return await start(step.ctx, step.staff)


FLOW = Flow(
    name="enrol",
    side="staff",
    access=flow.staff,
    commands=frozenset({"invite"}),
    buttons=(ChooseGroup, ChooseReferral, SkipContract),
    states=(EnrolState,),
    on_command=_command,
    on_press=on_press,
    on_text=on_text,
)
