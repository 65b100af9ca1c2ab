"""A whole session's attendance on one screen: one button per participant that steps through
present → late → excused → unexcused, "everyone else present" for the usual case, and typed
details after a tap: the minutes a late person was there, the reason of an excused absence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from base.clean import clean_line
from base.i18n import Text
from base.ids import parse_id
from flows import flow
from flows.buttons import ButtonData
from flows.context import FlowContext
from flows.flow import ClubState, Step
from flows.reply import Button, EditPressed, Keyboard, Message, Reply
from flows.staff import pages
from flows.staff.access import StaffActor
from storage.repos.attendance import Presence
from storage.repos.schedule import Attendee, Session

Code = Literal["p", "l", "e", "u"]
PRESENCE: dict[Code, Presence] = {"p": "present", "l": "late", "e": "excused", "u": "unexcused"}
# A tap moves a person to the next state; the usual first tap marks them present.
NEXT: dict[Presence | None, Code] = {
    None: "p",
    "present": "l",
    "late": "e",
    "excused": "u",
    "unexcused": "p",
}
MAX_REASON = 200
# A usual group fits one screen; a whole-club session of a big club pages, so every person
# stays one tap away and the keyboard stays far below Telegram's 100 buttons.
PAGE_SIZE = 25


@dataclass(frozen=True)
class MarkPresence(ButtonData, kind="zq"):
    """Record one participant's presence at a session."""

    session: int
    participant: int
    presence: Code


@dataclass(frozen=True)
class AllPresent(ButtonData, kind="zy"):
    """Mark everyone not yet marked present (the screen stays on `page`)."""

    session: int
    page: int | None = None


@dataclass(frozen=True)
class AttendancePage(ButtonData, kind="zt"):
    """Another page of a big session's attendance screen."""

    session: int
    page: int


class AttendanceDetailState(ClubState):
    """After marking late or excused: the minutes or the reason may be typed."""

    flow: Literal["attendance_detail"] = "attendance_detail"
    session: int
    participant: int
    what: Literal["l", "e"]


BUTTONS = (MarkPresence, AllPresent, AttendancePage)


def keyboard(session: Session, people: list[Attendee], page: int = 0) -> Keyboard:
    """One row per participant of the page, ◀ ▶, then "everyone else present"."""
    shown = people[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    rows: list[tuple[Button, ...]] = [
        (
            Button(
                Text(f"attendance.row.{a.presence or 'unknown'}", {"name": a.display_name}),
                MarkPresence(session.id, a.participant_id, NEXT[a.presence]).encode(),
            ),
        )
        for a in shown
    ]
    count = pages.page_count(len(people), PAGE_SIZE)
    nav = pages.nav_row(page, count, lambda to: AttendancePage(session.id, to).encode())
    if nav:
        rows.append(nav)
    unmarked = sum(1 for a in people if a.presence is None)
    if unmarked:
        # "Else" means everyone unmarked, on every page: the number says so, also of the
        # people on pages the staff member has not turned to.
        label = Text("attendance.all_present", {"count": unmarked}, count=unmarked)
        rows.append((Button(label, AllPresent(session.id, page).encode()),))
    return tuple(rows)


def _title(session: Session, people: list[Attendee], page: int) -> list[Text | str]:
    parts: list[Text | str] = [Text("attendance.title", {"title": session.title})]
    count = pages.page_count(len(people), PAGE_SIZE)
    if count > 1:
        parts.append(Text("participants.page", {"page": page + 1, "pages": count}))
    return parts


async def _open_session(ctx: FlowContext, staff: StaffActor, session_id: int) -> Session | None:
    """The club's planned session, once it has started (attendance is taken from then on)."""
    session = await ctx.tx.schedule.get(staff.club_id, session_id)
    if session is None or session.status != "planned" or session.starts_at > ctx.now:
        return None
    return session


async def show(ctx: FlowContext, staff: StaffActor, session_id: int) -> list[Reply]:
    """The session's attendance screen."""
    lang = staff.actor.language
    session = await ctx.tx.schedule.get(staff.club_id, session_id)
    if session is None or session.status != "planned":
        return flow.not_available(lang)
    if session.starts_at > ctx.now:
        return [Message((Text("schedule.attendance.not_yet"),), language=lang)]
    people = await ctx.tx.schedule.attendees(session.id)
    return [Message(tuple(_title(session, people, 0)), keyboard(session, people), lang)]


async def on_press(step: Step, button: MarkPresence | AllPresent | AttendancePage) -> list[Reply]:
    """Record a tap (or everyone else present) and redraw the screen; or turn its page."""
    ctx, staff, lang = step.ctx, step.staff, step.lang
    session = await _open_session(ctx, staff, button.session)
    if session is None:
        return step.not_available()
    people = await ctx.tx.schedule.attendees(session.id)
    last = pages.page_count(len(people), PAGE_SIZE) - 1
    if isinstance(button, AttendancePage):
        if button.page > last:
            return step.stale()
        parts = _title(session, people, button.page)
        return [EditPressed(tuple(parts), lang, keyboard(session, people, button.page))]
    if isinstance(button, AllPresent):
        marked = [a.participant_id for a in people if a.presence is None]
        changes = [(pid, "present") for pid in marked]
        page = min(button.page or 0, last)
    else:
        ids = [a.participant_id for a in people]
        if button.participant not in ids:
            return step.stale()
        changes = [(button.participant, PRESENCE[button.presence])]
        page = ids.index(button.participant) // PAGE_SIZE
    for pid, presence in changes:
        await ctx.tx.attendance.record(
            staff.club_id, session.id, pid, presence,  # type: ignore[arg-type]
            minutes=None, reason=None, staff_id=staff.member.id, now=ctx.now,
        )  # fmt: skip
        await ctx.tx.audit.record(
            ctx.now,
            staff.audit_name,
            "session.attendance",
            club_id=staff.club_id,
            subject=f"participant:{pid}",
            detail=f"session:{session.id}:{presence}",
        )
    parts = _title(session, people, page)
    detail: AttendanceDetailState | None = None
    if isinstance(button, MarkPresence) and button.presence in ("l", "e"):
        name = next(a.display_name for a in people if a.participant_id == button.participant)
        what: Literal["l", "e"] = "l" if button.presence == "l" else "e"
        detail = AttendanceDetailState(
            club=staff.club_id, session=session.id, participant=button.participant, what=what
        )
        parts.append(
            Text(f"attendance.ask_{what}", {"name": name, "minutes": session.duration_minutes})
        )
    await step.remember(detail)
    people = await ctx.tx.schedule.attendees(session.id)
    return [EditPressed(tuple(parts), lang, keyboard(session, people, page))]


async def on_text(step: Step, text: str) -> list[Reply] | None:
    """The minutes a late person was there, or an excused absence's reason."""
    pending = step.mine(AttendanceDetailState)
    if pending is None:
        return None
    ctx, staff = step.ctx, step.staff
    session = await _open_session(ctx, staff, pending.session)
    attendee = await ctx.tx.schedule.attendee(pending.session, pending.participant)
    expected = "late" if pending.what == "l" else "excused"
    if session is None or attendee is None or attendee.presence != expected:
        await step.remember(None)
        return step.stale()
    if pending.what == "l":
        words = text.strip().split()
        # parse_id: isdigit() alone takes "²", which int() refuses.
        minutes = parse_id(words[0]) if len(words) == 1 else None
        if minutes is None or not 0 < minutes <= session.duration_minutes:
            return step.say("attendance.bad_minutes", minutes=session.duration_minutes)
        reason = None
    else:
        minutes, reason = None, clean_line(text)[:MAX_REASON] or None
    await ctx.tx.attendance.record(
        staff.club_id, session.id, pending.participant, expected,
        minutes=minutes, reason=reason, staff_id=staff.member.id, now=ctx.now,
    )  # fmt: skip
    await step.remember(None)
    return step.say(f"attendance.saved_{pending.what}", name=attendee.display_name)
