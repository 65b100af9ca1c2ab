"""The commands in a person's Telegram menu, derived from the flow registry: a staff member's
menu lists the commands of the flows whose access check lets them in (their role in their
current club, operator or not); participants get the participant flows' commands. Nothing is
listed by hand, so a new flow's command appears in the menus of exactly those who may use it."""

from __future__ import annotations

import re

from base.i18n import translate
from flows.actor import Actor
from flows.context import FlowContext
from flows.flow import Flow, Step
from flows.reply import Message, StaffMenu
from flows.staff.access import resolve_staff

# The staff flows, handed over by flows/registry.py when it loads (it imports every flow, and
# flows call this module, so this module cannot import it).
_STAFF_FLOWS: list[Flow] = []

# A line of the staff help about a command starts with it ("/team – ...").
_HELP_LINE = re.compile(r"^/(\w+)")

# Commands everyone has, last in every menu (the router and the participant side answer them).
COMMON = ("help", "language", "cancel")
# The order of a staff menu's first lines, the daily work (which commands a menu holds is the
# registry's answer; this only sorts them). The rest follow in the registry's order.
DAILY = ("participants", "invite", "today", "week", "session", "card", "assess")


def _commands(flows: tuple[Flow, ...], allowed: Step | None) -> list[str]:
    return [
        name
        for one in flows
        if one.on_command is not None
        for name in sorted(one.commands)
        if name not in COMMON and (allowed is None or one.may_run(allowed, name))
    ]


def register(staff_flows: tuple[Flow, ...]) -> None:
    """The registry's staff flows (called once, by flows/registry.py)."""
    _STAFF_FLOWS[:] = staff_flows


def staff_commands(step: Step) -> tuple[str, ...]:
    """The commands this staff member may use now, in the registry's order."""
    found = _commands(tuple(_STAFF_FLOWS), step)
    daily = [name for name in DAILY if name in found]
    return (*daily, *(n for n in found if n not in daily), *COMMON)


def participant_commands(participant_flows: tuple[Flow, ...]) -> tuple[str, ...]:
    """The participants' menu: /start first, then the participant flows' commands."""
    named = _commands(participant_flows, None)
    return ("start", *(n for n in named if n != "start"), *COMMON)


async def _as_staff(ctx: FlowContext, actor: Actor) -> Step | None:
    """The actor as staff of their current club now (None if they are not staff)."""
    staff, _ = await resolve_staff(ctx, actor, await ctx.tx.who.of(actor.telegram_id))
    return None if staff is None else Step(ctx, actor, staff_member=staff)


def _menu(step: Step) -> StaffMenu:
    return StaffMenu(step.lang, chat_id=step.actor.telegram_id, commands=staff_commands(step))


async def staff_menu(ctx: FlowContext, actor: Actor) -> list[StaffMenu]:
    """The actor's menu as staff of their current club now; none for someone who is not staff
    (the participants' menu is every chat's default)."""
    step = await _as_staff(ctx, actor)
    return [] if step is None else [_menu(step)]


def staff_help(step: Step) -> list[Message]:
    """The staff help without the lines of commands this person may not use (a specialist
    reads no line about /team, nobody but operators one about /newclub)."""
    allowed = set(staff_commands(step))
    lines = translate(step.lang, "staff.help").split("\n")
    kept = [line for line in lines if (m := _HELP_LINE.match(line)) is None or m[1] in allowed]
    return [Message(("\n".join(kept),), language=step.lang)]


async def welcome(ctx: FlowContext, actor: Actor) -> list[Message | StaffMenu]:
    """The staff help and the menu of the actor as staff now (nothing if they are not)."""
    step = await _as_staff(ctx, actor)
    return [] if step is None else [*staff_help(step), _menu(step)]


async def menu_of(ctx: FlowContext, telegram_id: int) -> list[StaffMenu]:
    """Another person's menu after their membership changed (a role, an ended membership):
    the staff menu of their current club, or back to the participants' menu."""
    language = await ctx.tx.accounts.language_of(telegram_id)
    actor = Actor(
        telegram_id=telegram_id,
        language=language or ctx.settings.default_language,
        language_chosen=language is not None,
        is_operator=telegram_id in ctx.settings.admin_ids,
    )
    return await staff_menu(ctx, actor) or [StaffMenu(chat_id=telegram_id, remove=True)]
