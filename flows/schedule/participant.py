"""The participant's side of the weekly plan: /schedule, and answering a reminder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from base.clean import clean_line
from base.i18n import Text
from base.times import local, show_date, show_time
from flows import flow
from flows.actor import Actor
from flows.buttons import ButtonData
from flows.context import FlowContext
from flows.reply import Button, EditPressed, Message, Reply, Toast
from flows.schedule.reminders import STAFF_NOTICE
from storage.repos.participants import Participant
from storage.repos.schedule import Rsvp, Session
from storage.timefmt import to_db

MAX_REASON = 300
# How long after "I can't come" typed words are taken as the reason.
REASON_WINDOW = timedelta(minutes=30)
DAYS = 7
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class RsvpPress(ButtonData, kind="rv"):
    """ "I'll be there" (y) / "I can't come" (n) under a reminder."""

    session: int
    answer: Literal["y", "n"]


@dataclass(frozen=True)
class SkipReason(ButtonData, kind="rvs"):
    """No reason for not coming."""

    session: int


async def _zone(ctx: FlowContext, participant: Participant) -> str:
    club = await ctx.tx.schedule.club(participant.club_id)
    return club.timezone if club else ctx.settings.timezone


async def show_week(ctx: FlowContext, actor: Actor, participant: Participant) -> list[Reply]:
    """The coming seven days in plain words, on the club's clock."""
    zone = await _zone(ctx, participant)
    sessions = await ctx.tx.schedule.of_participant(
        participant.club_id, participant.id, ctx.now, ctx.now + timedelta(days=DAYS)
    )
    if not sessions:
        return [Message((Text("schedule.week.empty"),), language=actor.language)]
    lines: list[Text | str] = [Text("schedule.week.title")]
    lines += [_line(s, zone) for s in sessions]
    return [Message(tuple(lines), language=actor.language)]


def _line(session: Session, zone: str) -> Text:
    day = WEEKDAYS[local(session.starts_at, zone).weekday()]
    return Text(
        f"schedule.week.line.{day}",
        {
            "date": show_date(session.starts_at, zone),
            "time": show_time(session.starts_at, zone),
            "title": session.title,
            "place": session.place,
        },
    )


async def on_rsvp(
    ctx: FlowContext, actor: Actor, participant: Participant, button: RsvpPress
) -> list[Reply]:
    """ "I'll be there" / "I can't come" under a reminder, checked against the database."""
    lang = actor.language
    stale: list[Reply] = [flow.stale_button(lang)]
    # The session must be of the presser's club and the presser one of its attendees.
    session = await ctx.tx.schedule.get(participant.club_id, button.session)
    attendee = (
        await ctx.tx.schedule.attendee(session.id, participant.id) if session is not None else None
    )
    if session is None or attendee is None or session.status != "planned":
        return stale
    if session.starts_at <= ctx.now:
        return [Toast(Text("schedule.rsvp.too_late"), lang)]
    answer: Rsvp = "yes" if button.answer == "y" else "no"
    await ctx.tx.schedule.set_rsvp(session.id, participant.id, answer, ctx.now)
    if answer == "no":
        await ctx.tx.schedule.forget_pending(session.id, ("reminder_hour",), participant.id)
    zone = await _zone(ctx, participant)
    await _tell_staff(ctx, participant, session, zone, f"rsvp_{answer}", {})
    reply_key = "schedule.rsvp.thanks_yes" if answer == "yes" else "schedule.rsvp.ask_reason"
    buttons = (
        ((Button(Text("schedule.rsvp.skip_reason"), SkipReason(session.id).encode()),),)
        if answer == "no"
        else ()
    )
    return [
        EditPressed((Text(f"schedule.rsvp.chosen_{answer}", {"title": session.title}),), lang),
        Message((Text(reply_key),), buttons, lang),
    ]


async def on_skip_reason(ctx: FlowContext, actor: Actor, participant: Participant) -> list[Reply]:
    """No reason given."""
    waiting = await ctx.tx.schedule.awaiting_reason(participant.id, ctx.now - REASON_WINDOW)
    if waiting is not None:
        await ctx.tx.schedule.set_reason(waiting, participant.id, None)
    return [EditPressed((Text("schedule.rsvp.thanks_no"),), actor.language)]


async def on_text(
    ctx: FlowContext, actor: Actor, participant: Participant, text: str
) -> list[Reply] | None:
    """A typed reason after "I can't come", or None when no reason is awaited.

    Only right after the press: text typed later (a questionnaire answer about drinking,
    say) must never become an absence reason copied to every staff member.
    """
    waiting = await ctx.tx.schedule.awaiting_reason(participant.id, ctx.now - REASON_WINDOW)
    if waiting is None:
        await ctx.tx.schedule.stop_awaiting_reason(participant.id)
        return None
    reason = clean_line(text)[:MAX_REASON]
    await ctx.tx.schedule.set_reason(waiting, participant.id, reason or None)
    session = await ctx.tx.schedule.get(participant.club_id, waiting)
    if session is not None and reason:
        zone = await _zone(ctx, participant)
        await _tell_staff(ctx, participant, session, zone, "reason", {"reason": reason})
    return [Message((Text("schedule.rsvp.thanks_no"),), language=actor.language)]


async def _tell_staff(
    ctx: FlowContext,
    participant: Participant,
    session: Session,
    zone: str,
    what: str,
    extra: dict[str, str | int | float],
) -> None:
    params: dict[str, str | int | float] = {
        "session": session.id,
        "name": participant.display_name,
        "title": session.title,
        "date": show_date(session.starts_at, zone),
        "time": show_time(session.starts_at, zone),
        **extra,
    }
    for member in await ctx.tx.staff.active_in_club(participant.club_id):
        stored = await ctx.tx.accounts.language_of(member.telegram_id)
        await ctx.tx.schedule.enqueue(
            chat_id=member.telegram_id,
            kind=STAFF_NOTICE,
            message_key=f"schedule.staff.{what}",
            params=params,
            language=stored or ctx.settings.default_language,
            due_at=ctx.now,
            now=ctx.now,
            dedupe_key=f"{what}:{session.id}:{participant.id}:{member.id}:{to_db(ctx.now)}",
            session_id=session.id,
            participant_id=participant.id,
        )
