"""Clubs and their teams: create a club, invite staff, choose the club, deactivate a member."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

from base.clean import clean_line
from base.i18n import Text, render, translate
from flows import flow
from flows.actor import Actor
from flows.buttons import ButtonData, Word
from flows.context import FlowContext
from flows.flow import Flow, FlowState, Step
from flows.inputs import Command
from flows.invites import invite_link, invite_staff
from flows.reply import Button, EditPressed, Message, Reply, Toast
from flows.staff import menu
from flows.staff.access import StaffActor
from flows.staff.controller import ControllerShow
from flows.staff.join import confirm_specialism
from storage.repos.invites import StaffRole
from storage.repos.staff import Specialism

RoleCode = Literal["l", "s"]
ROLES: dict[RoleCode, StaffRole] = {"l": "leader", "s": "specialist"}
MAX_NAME = 100


@dataclass(frozen=True)
class NewClubKind(ButtonData, kind="nc"):
    """KIS or CIS, for the club being created."""

    club_kind: Literal["KIS", "CIS"]


@dataclass(frozen=True)
class InviteRole(ButtonData, kind="si"):
    """A staff invite of this role to this club."""

    club: int
    role: RoleCode


SpecCode = Literal["sw", "ps", "cc", "ot", "no"]
SPECS: dict[SpecCode, Specialism | None] = {
    "sw": "social_worker",
    "ps": "psychologist",
    "cc": "career_counsellor",
    "ot": "other",
    "no": None,
}


@dataclass(frozen=True)
class InviteSpecialism(ButtonData, kind="sis"):
    """The specialism of the person to invite, chosen by whoever makes the link."""

    club: int
    role: RoleCode
    spec: SpecCode


@dataclass(frozen=True)
class SpecialismFor(ButtonData, kind="sps"):
    """A leader sets a member's specialism: which one?"""

    member: int


@dataclass(frozen=True)
class SetSpecialism(ButtonData, kind="spx"):
    """A leader's choice of a member's specialism."""

    member: int
    spec: SpecCode


@dataclass(frozen=True)
class RevokeLink(ButtonData, kind="srv"):
    """Stop an open staff link (named by the start of its code's hash)."""

    link: Word


@dataclass(frozen=True)
class InviteClub(ButtonData, kind="sic"):
    """An operator chose the club to invite staff to."""

    club: int


@dataclass(frozen=True)
class SwitchClub(ButtonData, kind="sc"):
    """Work in this club from now on."""

    club: int


@dataclass(frozen=True)
class Deactivate(ButtonData, kind="sd"):
    """Ask before taking a member's access away."""

    member: int


@dataclass(frozen=True)
class DeactivateYes(ButtonData, kind="sdy"):
    """Take it away."""

    member: int


@dataclass(frozen=True)
class DeactivateNo(ButtonData, kind="sdn"):
    """Keep it."""

    member: int


class NewClubState(FlowState):
    """/newclub waits for the name, then for KIS or CIS."""

    flow: Literal["newclub"] = "newclub"
    name: str | None = None


async def create_staff_invite(
    ctx: FlowContext, club_id: int, role: StaffRole, made_by: int | None = None
) -> str:
    """A single-use, expiring staff invite link for the club, recording who made it."""
    code, _ = await invite_staff(
        ctx.tx, club_id, role, ctx.now, ctx.settings.invite_valid_days, made_by=made_by
    )
    return invite_link(ctx.bot_username, code)


def _invite_message(actor: Actor, link: str, role: StaffRole, days: int) -> Message:
    return Message(
        (Text("staffinvite.link", {"role": _role(actor, role), "days": days}), link),
        language=actor.language,
    )


def _role(actor: Actor, role: str) -> str:
    return translate(actor.language, f"role.{role}")


# ---- creating a club (operators) ---------------------------------------------------------


async def start_new_club(ctx: FlowContext, actor: Actor) -> list[Reply]:
    """/newclub: ask for the name."""
    await ctx.tx.staff_state.set_pending(actor.telegram_id, NewClubState().model_dump(), ctx.now)
    return [Message((Text("club.ask_name"),), language=actor.language)]


async def new_club_name(ctx: FlowContext, actor: Actor, name: str) -> list[Reply]:
    """The typed name: ask KIS or CIS."""
    name = clean_line(name)
    if not name or len(name) > MAX_NAME:
        return [Message((Text("club.name_invalid", {"max": MAX_NAME}),), language=actor.language)]
    await ctx.tx.staff_state.set_pending(
        actor.telegram_id, NewClubState(name=name).model_dump(), ctx.now
    )
    buttons = (
        (Button("KIS", NewClubKind("KIS").encode()), Button("CIS", NewClubKind("CIS").encode())),
    )
    return [Message((Text("club.ask_kind", {"club": name}),), buttons, actor.language)]


async def new_club_kind(step: Step, kind: Literal["KIS", "CIS"]) -> list[Reply]:
    """KIS or CIS pressed: create the club and hand out its first leader's invite."""
    ctx, actor = step.ctx, step.actor
    pending = step.mine(NewClubState)
    if pending is None or pending.name is None:
        return step.stale()
    club = await ctx.tx.clubs.create(pending.name, kind, ctx.settings.timezone, ctx.now)
    await ctx.tx.staff_state.set_pending(actor.telegram_id, None, ctx.now)
    await ctx.tx.audit.record(ctx.now, actor.audit_name, "club.created", club_id=club.id)
    link = await create_staff_invite(ctx, club.id, "leader")
    return [
        EditPressed(
            (Text("club.created", {"club": club.name, "kind": club.kind}),), actor.language
        ),
        _invite_message(actor, link, "leader", ctx.settings.invite_valid_days),
    ]


# ---- staff invites -----------------------------------------------------------------------


async def ask_invite_role(ctx: FlowContext, actor: Actor, club_id: int) -> list[Reply]:
    """/staffinvite: leader or specialist?"""
    buttons = tuple(
        (Button(Text(f"role.{role}"), InviteRole(club_id, code).encode()),)
        for code, role in ROLES.items()
    )
    return [Message((Text("staffinvite.ask_role"),), buttons, actor.language)]


async def choose_club_for_invite(ctx: FlowContext, actor: Actor) -> list[Reply]:
    """An operator's /staffinvite: which club?"""
    clubs = await ctx.tx.clubs.all()
    if not clubs:
        return [Message((Text("staffinvite.no_clubs"),), language=actor.language)]
    buttons = tuple(
        (Button(f"{c.name} ({c.kind})", InviteClub(c.id).encode()),) for c in clubs[:50]
    )
    return [Message((Text("staffinvite.ask_club"),), buttons, actor.language)]


async def ask_invite_specialism(step: Step, club_id: int, role_code: RoleCode) -> list[Reply]:
    """Role pressed: the specialism, chosen here by whoever makes the link."""
    if await step.ctx.tx.clubs.get(club_id) is None:
        return step.stale()
    buttons = tuple(
        (
            Button(
                Text(f"specialism.{value or 'none'}"),
                InviteSpecialism(club_id, role_code, code).encode(),
            ),
        )
        for code, value in SPECS.items()
    )
    return [Message((Text("staffinvite.ask_specialism"),), buttons, step.lang)]


async def issue_invite(
    step: Step, club_id: int, role_code: RoleCode, spec: SpecCode
) -> list[Reply]:
    """Role and specialism pressed (access already checked for club_id): the link."""
    ctx, actor = step.ctx, step.actor
    role, specialism = ROLES[role_code], SPECS[spec]
    if await ctx.tx.clubs.get(club_id) is None:
        return step.stale()
    maker = await ctx.tx.staff.membership(club_id, actor.telegram_id)
    made_by = maker.id if maker is not None and maker.active else None
    code, _ = await invite_staff(
        ctx.tx,
        club_id,
        role,
        ctx.now,
        ctx.settings.invite_valid_days,
        specialism=specialism,
        made_by=made_by,
    )
    await ctx.tx.audit.record(
        ctx.now,
        actor.audit_name,
        "staff.invited",
        club_id=club_id,
        detail=f"{role}:{specialism}" if specialism else role,
    )
    text = Text(
        "staffinvite.link_specialism",
        {
            "role": _role(actor, role),
            "specialism": _text(actor, f"specialism.{specialism or 'none'}"),
            "days": ctx.settings.invite_valid_days,
        },
    )
    return [
        EditPressed((_text(actor, f"specialism.{specialism or 'none'}"),), actor.language),
        Message((text, invite_link(ctx.bot_username, code)), language=actor.language),
    ]


# ---- choosing the club -------------------------------------------------------------------


async def show_clubs(ctx: FlowContext, staff: StaffActor) -> list[Reply]:
    """/club: the current club, and buttons to switch when there are several."""
    actor = staff.actor
    names = {c.id: c.name for c in await ctx.tx.clubs.all()}
    current = Text("club.current", {"club": names.get(staff.club_id, "")})
    if len(staff.memberships) == 1:
        return [Message((current,), language=actor.language)]
    buttons = tuple(
        (
            Button(
                ("✓ " if m.club_id == staff.club_id else "") + names.get(m.club_id, "?"),
                SwitchClub(m.club_id).encode(),
            ),
        )
        for m in staff.memberships
    )
    return [Message((current, Text("club.choose")), buttons, actor.language)]


async def switch_club(ctx: FlowContext, staff: StaffActor, club_id: int) -> list[Reply]:
    """A club button: only a club the person is an active member of."""
    actor = staff.actor
    if club_id not in {m.club_id for m in staff.memberships}:
        return [Message((Text("access.not_available"),), language=actor.language)]
    await ctx.tx.staff_state.set_club(actor.telegram_id, club_id, ctx.now)
    club = await ctx.tx.clubs.get(club_id)
    return [
        EditPressed((Text("club.switched", {"club": club.name if club else ""}),), actor.language),
        *await menu.staff_menu(ctx, actor),  # the role there may differ
    ]


# ---- the team ----------------------------------------------------------------------------


async def show_team(ctx: FlowContext, staff: StaffActor) -> list[Reply]:
    """/team (leaders): members with their role, and a button to deactivate each."""
    actor = staff.actor
    lines: list[Text | str] = [Text("team.header")]
    buttons: list[tuple[Button, ...]] = []
    for member in await ctx.tx.staff.in_club(staff.club_id):
        state = "" if member.active else " · " + _text(actor, "team.inactive")
        specialism = (
            " · " + _text(actor, f"specialism.{member.specialism}") if member.specialism else ""
        )
        lines.append(f"{member.display_name} · {_role(actor, member.role)}{specialism}{state}")
        if member.active and member.id != staff.member.id:
            buttons.append(
                (
                    Button(
                        Text("team.deactivate", {"name": member.display_name}),
                        Deactivate(member.id).encode(),
                    ),
                )
            )
            if member.specialism is None:
                # Nobody sets their own: a leader sets another member's.
                buttons.append(
                    (
                        Button(
                            Text("team.set_specialism", {"name": member.display_name}),
                            SpecialismFor(member.id).encode(),
                        ),
                    )
                )
    links = await ctx.tx.invites.open_staff_invites(staff.club_id, ctx.now)
    if links:
        names = {m.id: m.display_name for m in await ctx.tx.staff.in_club(staff.club_id)}
        club = await ctx.tx.clubs.get(staff.club_id)
        zone = ZoneInfo(club.timezone if club else ctx.settings.timezone)
        lines += ["", Text("team.links_header")]
        for number, invite in enumerate(links[:MAX_LINKS], start=1):
            maker = names.get(invite.created_by_staff_id or 0) or _text(
                actor, "team.link_maker_operator"
            )
            spec = _text(actor, f"specialism.{invite.staff_specialism or 'none'}")
            lines.append(
                f"{number}. "
                + _text(
                    actor,
                    Text(
                        "team.link_line",
                        {
                            "role": _role(actor, invite.staff_role or "specialist"),
                            "specialism": spec,
                            "maker": maker,
                            "date": invite.expires_at.astimezone(zone).strftime("%d.%m.%Y"),
                        },
                    ),
                )
            )
            buttons.append(
                (
                    Button(
                        Text("team.revoke", {"number": number}),
                        RevokeLink(invite.code_hash[:LINK_REF]).encode(),
                    ),
                )
            )
    buttons.append((Button(Text("team.invite"), InviteRole(staff.club_id, "s").encode()),))
    buttons.append((Button(Text("team.controller"), ControllerShow(staff.club_id).encode()),))
    return [
        Message(
            ("\n".join(_text(actor, p) if isinstance(p, Text) else p for p in lines),),
            tuple(buttons),
            actor.language,
        )
    ]


MAX_LINKS = 10
LINK_REF = 16  # hex characters of the code's hash: 64 bits name a link among a club's few


async def ask_member_specialism(ctx: FlowContext, staff: StaffActor, member_id: int) -> list[Reply]:
    """A leader sets another member's specialism: which one?"""
    member = await ctx.tx.staff.get(staff.club_id, member_id)
    if member is None or not member.active or member.id == staff.member.id:
        return [flow.stale_button(staff.actor.language)]
    buttons = tuple(
        (Button(Text(f"specialism.{value or 'none'}"), SetSpecialism(member.id, code).encode()),)
        for code, value in SPECS.items()
    )
    return [
        Message(
            (Text("team.ask_specialism", {"name": member.display_name}),),
            buttons,
            staff.actor.language,
        )
    ]


async def set_member_specialism(
    ctx: FlowContext, staff: StaffActor, member_id: int, spec: SpecCode
) -> list[Reply]:
    """The leader's choice, audit-logged; never one's own."""
    actor = staff.actor
    member = await ctx.tx.staff.get(staff.club_id, member_id)
    if member is None or not member.active or member.id == staff.member.id:
        return [flow.stale_button(actor.language)]
    specialism = SPECS[spec]
    await confirm_specialism(
        ctx.tx, staff.club_id, member.id, specialism, staff.audit_name, ctx.now
    )
    return [
        EditPressed(
            (
                Text(
                    "team.specialism_set",
                    {
                        "name": member.display_name,
                        "specialism": _text(actor, f"specialism.{specialism or 'none'}"),
                    },
                ),
            ),
            actor.language,
        )
    ]


async def revoke_link(ctx: FlowContext, staff: StaffActor, ref: str) -> list[Reply]:
    """Stop an open staff link of the club."""
    actor = staff.actor
    for invite in await ctx.tx.invites.open_staff_invites(staff.club_id, ctx.now):
        if invite.code_hash[:LINK_REF] == ref and await ctx.tx.invites.revoke(
            staff.club_id, invite.code_hash, ctx.now
        ):
            await ctx.tx.audit.record(
                ctx.now,
                staff.audit_name,
                "staff.invite_revoked",
                club_id=staff.club_id,
                detail=invite.staff_role,
            )
            return [EditPressed((Text("team.revoked"),), actor.language)]
    return [flow.stale_button(actor.language)]


def _text(actor: Actor, key: str | Text) -> str:
    if isinstance(key, Text):
        return render(actor.language, key)
    return translate(actor.language, key)


async def confirm_deactivate(ctx: FlowContext, staff: StaffActor, staff_id: int) -> list[Reply]:
    """Ask before taking someone's access away."""
    actor = staff.actor
    member = await ctx.tx.staff.get(staff.club_id, staff_id)
    if member is None or not member.active or member.id == staff.member.id:
        return [flow.stale_button(actor.language)]
    buttons = (
        (Button(Text("team.deactivate_yes"), DeactivateYes(member.id).encode()),),
        (Button(Text("team.deactivate_no"), DeactivateNo(member.id).encode()),),
    )
    return [
        Message(
            (Text("team.deactivate_ask", {"name": member.display_name}),), buttons, actor.language
        )
    ]


async def deactivate(ctx: FlowContext, staff: StaffActor, staff_id: int) -> list[Reply]:
    """Access ends at once; the person is told."""
    actor = staff.actor
    member = await ctx.tx.staff.get(staff.club_id, staff_id)
    if member is None or member.id == staff.member.id:
        return [flow.stale_button(actor.language)]
    if await ctx.tx.staff.deactivate(staff.club_id, member.id, ctx.now):
        await ctx.tx.audit.record(
            ctx.now,
            staff.audit_name,
            "staff.deactivated",
            club_id=staff.club_id,
            subject=f"staff:{member.id}",
        )
        # Links they made and nobody used stop working: no spare link outlives their access.
        revoked = await ctx.tx.invites.revoke_made_by(staff.club_id, member.id, ctx.now)
        if revoked:
            await ctx.tx.audit.record(
                ctx.now,
                staff.audit_name,
                "staff.invites_revoked",
                club_id=staff.club_id,
                subject=f"staff:{member.id}",
                detail=str(revoked),
            )
        club = await ctx.tx.clubs.get(staff.club_id)
        language = await ctx.tx.accounts.language_of(member.telegram_id) or (
            ctx.settings.default_language
        )
        await ctx.tx.outbox.enqueue(
            member.telegram_id,
            "staff_notice",
            "team.you_were_deactivated",
            {"club": club.name if club else ""},
            language,
            due_at=ctx.now,
            now=ctx.now,
            dedupe_key=f"deactivated:{member.id}:{ctx.now:%Y%m%d%H%M%S}",
        )
    done: list[Reply] = [
        EditPressed((Text("team.deactivated", {"name": member.display_name}),), actor.language)
    ]
    # Their menu follows: another club's role, or back to the participants' one.
    return [*done, *await menu.menu_of(ctx, member.telegram_id)]


# ---- the flows ---------------------------------------------------------------------------


async def _newclub_command(step: Step, cmd: Command) -> list[Reply]:
    return await start_new_club(step.ctx, step.actor)


async def _newclub_press(step: Step, button: NewClubKind) -> list[Reply]:
    return await new_club_kind(step, button.club_kind)


async def _newclub_text(step: Step, text: str) -> list[Reply] | None:
    return await new_club_name(step.ctx, step.actor, text) if step.mine(NewClubState) else None


NEW_CLUB = Flow(
    name="newclub",
    side="staff",
    access=flow.operator,
    commands=frozenset({"newclub"}),
    buttons=(NewClubKind,),
    states=(NewClubState,),
    on_command=_newclub_command,
    on_press=_newclub_press,
    on_text=_newclub_text,
)


def _may_invite(step: Step, club_id: int | None = None) -> bool:
    member = step.staff_member
    if step.actor.is_operator:
        return True
    if member is None or not member.can("invite_staff"):
        return False
    return club_id is None or member.club_id == club_id


async def _invite_command(step: Step, cmd: Command) -> list[Reply]:
    member = step.staff_member
    if member is not None and member.can("invite_staff"):
        return await ask_invite_role(step.ctx, step.actor, member.club_id)
    return await choose_club_for_invite(step.ctx, step.actor)


async def _invite_press(
    step: Step, button: InviteRole | InviteSpecialism | InviteClub
) -> list[Reply]:
    if isinstance(button, InviteClub):
        if not step.actor.is_operator:
            return step.not_available()
        return await ask_invite_role(step.ctx, step.actor, button.club)
    if not _may_invite(step, button.club):
        return step.not_available()
    if isinstance(button, InviteRole):
        return await ask_invite_specialism(step, button.club, button.role)
    return await issue_invite(step, button.club, button.role, button.spec)


STAFF_INVITE = Flow(
    name="staffinvite",
    side="staff",
    access=_may_invite,
    commands=frozenset({"staffinvite"}),
    buttons=(InviteRole, InviteSpecialism, InviteClub),
    on_command=_invite_command,
    on_press=_invite_press,
)


async def _club_command(step: Step, cmd: Command) -> list[Reply]:
    return await show_clubs(step.ctx, step.staff)


async def _club_press(step: Step, button: SwitchClub) -> list[Reply]:
    return await switch_club(step.ctx, step.staff, button.club)


CLUBS = Flow(
    name="club",
    side="staff",
    access=flow.staff,
    commands=frozenset({"club"}),
    buttons=(SwitchClub,),
    on_command=_club_command,
    on_press=_club_press,
)


async def _team_command(step: Step, cmd: Command) -> list[Reply]:
    return await show_team(step.ctx, step.staff)


async def _team_press(
    step: Step,
    button: Deactivate | DeactivateYes | DeactivateNo | SpecialismFor | SetSpecialism | RevokeLink,
) -> list[Reply]:
    if isinstance(button, SpecialismFor):
        return await ask_member_specialism(step.ctx, step.staff, button.member)
    if isinstance(button, SetSpecialism):
        return await set_member_specialism(step.ctx, step.staff, button.member, button.spec)
    if isinstance(button, RevokeLink):
        return await revoke_link(step.ctx, step.staff, button.link)
    if isinstance(button, Deactivate):
        return await confirm_deactivate(step.ctx, step.staff, button.member)
    if isinstance(button, DeactivateYes):
        return await deactivate(step.ctx, step.staff, button.member)
    return [Toast(Text("team.deactivate_kept"), step.lang)]


TEAM = Flow(
    name="team",
    side="staff",
    access=flow.staff_who_can("manage_staff"),
    commands=frozenset({"team"}),
    buttons=(Deactivate, DeactivateYes, DeactivateNo, SpecialismFor, SetSpecialism, RevokeLink),
    on_command=_team_command,
    on_press=_team_press,
)
