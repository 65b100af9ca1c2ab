"""Planning, changing and cancelling sessions; shared by the /session flow, the CLI and the
calendar import. Reminders are recomputed and attendees told in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from base.clean import clean_line
from base.times import show_date, show_time, weekly
from flows.schedule import reminders
from flows.schedule.reminders import NOTICE, REMINDERS
from questionnaires.bundled import catalogue
from storage.repos.schedule import Attendee, Audience, ClubSchedule, NewSession, Session
from storage.timefmt import to_db
from storage.tx import Tx

MAX_TITLE = 80
MAX_PLACE = 80
MAX_MINUTES = 12 * 60


class PlanError(ValueError):
    """The plan cannot be made; the message is a catalogue key."""


@dataclass(frozen=True)
class Plan:
    """A session to plan, possibly weekly until a date."""

    kind: str
    title: str
    place: str
    starts_at: datetime
    duration_minutes: int
    audience: Audience
    participant_ids: tuple[int, ...] = field(default_factory=tuple)
    until: date | None = None
    ical_uid: str | None = None


def check(plan: Plan) -> None:
    """Raise PlanError naming what is wrong."""
    if catalogue().activity_kind(plan.kind) is None:
        raise PlanError("schedule.error.kind")
    if not plan.title.strip() or len(plan.title) > MAX_TITLE:
        raise PlanError("schedule.error.title")
    if not plan.place.strip() or len(plan.place) > MAX_PLACE:
        raise PlanError("schedule.error.place")
    if not 0 < plan.duration_minutes <= MAX_MINUTES:
        raise PlanError("schedule.error.duration")
    if plan.audience != "club" and not plan.participant_ids:
        raise PlanError("schedule.error.attendees")


async def create(
    tx: Tx, club_id: int, plan: Plan, created_by: str, now: datetime, default_language: str
) -> list[Session]:
    """Plan the session (every weekly occurrence), its attendees and their reminders."""
    # Cleaned here, the one way in for the bot, the CLI and calendar files: reminders show
    # the title on lock screens and staff act on it.
    plan = replace(plan, title=clean_line(plan.title), place=clean_line(plan.place))
    check(plan)
    club = await tx.schedule.club(club_id)
    if club is None:
        raise PlanError("access.not_available")
    if plan.starts_at <= now:
        raise PlanError("schedule.error.past")
    members = [p for p, _ in await tx.schedule.club_participants(club_id)]
    if plan.audience == "club":
        attendees = members
    else:
        # Only participants of this club: a forged id of another club's participant is ignored.
        attendees = [p for p in plan.participant_ids if p in set(members)]
        if not attendees:
            raise PlanError("schedule.error.attendees")
    made: list[Session] = []
    series_id: int | None = None
    for moment in weekly(plan.starts_at, plan.until, club.timezone):
        session = await tx.schedule.create(
            club_id,
            NewSession(
                kind=plan.kind,
                title=plan.title,
                place=plan.place,
                starts_at=moment,
                duration_minutes=plan.duration_minutes,
                audience=plan.audience,
                ical_uid=plan.ical_uid,
            ),
            series_id,
            created_by,
            now,
        )
        series_id = series_id or session.id
        await tx.schedule.add_attendees(session.id, attendees)
        await reminders.plan(tx, club, session, now, default_language)
        made.append(session)
    await tx.audit.record(
        now, created_by, "session.created", club_id=club_id, subject=f"session:{made[0].id}"
    )
    return made


async def _tell_attendees(
    tx: Tx,
    club: ClubSchedule,
    session: Session,
    what: str,
    now: datetime,
    default: str,
    attendees: list[Attendee] | None = None,
) -> int:
    told = 0
    for attendee in attendees if attendees is not None else await tx.schedule.attendees(session.id):
        if attendee.telegram_id is None or not attendee.in_programme:
            continue
        told += await tx.schedule.enqueue(
            chat_id=attendee.telegram_id,
            kind=NOTICE,
            message_key=f"schedule.notice.{what}",
            params={
                "session": session.id,
                "title": session.title,
                "date": show_date(session.starts_at, club.timezone),
                "time": show_time(session.starts_at, club.timezone),
                "place": session.place,
            },
            language=reminders.language_of(attendee, default),
            due_at=now,
            now=now,
            dedupe_key=f"notice:{what}:{session.id}:{attendee.participant_id}:{to_db(now)}",
            session_id=session.id,
            participant_id=attendee.participant_id,
        )
    return told


async def change(
    tx: Tx,
    club_id: int,
    session: Session,
    *,
    title: str | None = None,
    place: str | None = None,
    starts_at: datetime | None = None,
    changed_by: str,
    now: datetime,
    default_language: str,
) -> Session:
    """Change one occurrence, recompute its reminders and tell its attendees."""
    club = await tx.schedule.club(club_id)
    if club is None or session.club_id != club_id or session.status != "planned":
        raise PlanError("access.not_available")
    new_title = clean_line(title if title is not None else session.title)
    new_place = clean_line(place if place is not None else session.place)
    new_start = starts_at or session.starts_at
    if not new_title or len(new_title) > MAX_TITLE:
        raise PlanError("schedule.error.title")
    if not new_place or len(new_place) > MAX_PLACE:
        raise PlanError("schedule.error.place")
    if new_start <= now:
        raise PlanError("schedule.error.past")
    await tx.schedule.update(
        club_id, session.id, title=new_title, place=new_place, starts_at=new_start, now=now
    )
    changed = await tx.schedule.get(club_id, session.id)
    assert changed is not None  # noqa: S101 - updated above in this transaction
    await reminders.plan(tx, club, changed, now, default_language)
    await _tell_attendees(tx, club, changed, "changed", now, default_language)
    await tx.audit.record(
        now, changed_by, "session.changed", club_id=club_id, subject=f"session:{session.id}"
    )
    return changed


async def _before_start(tx: Tx, club_id: int, session: Session, now: datetime) -> ClubSchedule:
    """The club of a planned session that has not started: what it expects may still change
    (from the start on, attendance is the record)."""
    club = await tx.schedule.club(club_id)
    if club is None or session.club_id != club_id or session.status != "planned":
        raise PlanError("access.not_available")
    if session.starts_at <= now:
        raise PlanError("schedule.error.started")
    return club


async def change_duration(
    tx: Tx, club_id: int, session: Session, minutes: int, *, changed_by: str, now: datetime
) -> Session:
    """Change how long one occurrence lasts (its planned hours count in the two-thirds rule).

    Nobody is told: reminders, notices and the participant's week show no duration.
    """
    await _before_start(tx, club_id, session, now)
    if not 0 < minutes <= MAX_MINUTES:
        raise PlanError("schedule.error.duration")
    await tx.schedule.set_duration(club_id, session.id, minutes, now)
    await tx.audit.record(
        now,
        changed_by,
        "session.changed",
        club_id=club_id,
        subject=f"session:{session.id}",
        detail=f"duration:{session.duration_minutes}->{minutes}",
    )
    changed = await tx.schedule.get(club_id, session.id)
    assert changed is not None  # noqa: S101 - updated above in this transaction
    return changed


async def change_attendees(
    tx: Tx,
    club_id: int,
    session: Session,
    participant_ids: tuple[int, ...],
    *,
    changed_by: str,
    now: datetime,
    default_language: str,
) -> tuple[list[int], list[int]]:
    """Expect exactly these participants at one occurrence of a session for chosen people:
    those added get its reminders, those removed lose theirs and are told they need not come.
    Return (added, removed)."""
    club = await _before_start(tx, club_id, session, now)
    if session.audience == "club":
        raise PlanError("access.not_available")
    members = {p for p, _ in await tx.schedule.club_participants(club_id)}
    # Only participants of this club: a forged id of another club's participant is ignored.
    wanted = [p for p in dict.fromkeys(participant_ids) if p in members]
    if not wanted or (session.audience == "one" and len(wanted) != 1):
        raise PlanError("schedule.error.attendees")
    before = await tx.schedule.attendees(session.id)
    expected = {a.participant_id for a in before}
    added = [p for p in wanted if p not in expected]
    gone = [a for a in before if a.participant_id not in set(wanted)]
    for attendee in gone:
        await tx.schedule.forget_pending(session.id, (*REMINDERS, NOTICE), attendee.participant_id)
    await _tell_attendees(tx, club, session, "removed", now, default_language, gone)
    await tx.schedule.remove_attendees(session.id, [a.participant_id for a in gone])
    await tx.schedule.add_attendees(session.id, added)
    # Every attendee's rows are remade; those already sent keep their key and stay unsent.
    await reminders.plan(tx, club, session, now, default_language)
    removed = [a.participant_id for a in gone]
    subject = f"session:{session.id}"
    for action, people in (("attendee_added", added), ("attendee_removed", removed)):
        for participant_id in people:
            await tx.audit.record(
                now,
                changed_by,
                f"session.{action}",
                club_id=club_id,
                subject=f"participant:{participant_id}",
                detail=str(session.id),
            )
    await tx.audit.record(
        now,
        changed_by,
        "session.changed",
        club_id=club_id,
        subject=subject,
        detail=f"attendees:+{len(added)}-{len(removed)}",
    )
    return added, removed


async def cancel(
    tx: Tx,
    club_id: int,
    session: Session,
    *,
    whole_series: bool,
    cancelled_by: str,
    now: datetime,
    default_language: str,
) -> list[Session]:
    """Cancel the occurrence (or it and the later ones of its series); attendees are told."""
    club = await tx.schedule.club(club_id)
    if club is None or session.club_id != club_id:
        raise PlanError("access.not_available")
    targets = await tx.schedule.series_from(club_id, session) if whole_series else [session]
    done: list[Session] = []
    for target in targets:
        if not await tx.schedule.cancel(club_id, target.id, now):
            continue
        await tx.schedule.forget_pending(target.id, REMINDERS)
        if target.starts_at > now:
            await _tell_attendees(tx, club, target, "cancelled", now, default_language)
        await tx.audit.record(
            now, cancelled_by, "session.cancelled", club_id=club_id, subject=f"session:{target.id}"
        )
        done.append(target)
    return done
