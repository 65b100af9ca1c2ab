"""Planning, changing and cancelling sessions; shared by the /session flow, the CLI and the
calendar import. Reminders are recomputed and attendees told in the same transaction."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from base.clean import clean_line
from base.i18n import Param, Text
from base.times import local, local_to_utc, show_date, show_time, weekly
from flows.schedule import reminders
from flows.schedule.reminders import NOTICE, REMINDERS
from questionnaires.bundled import catalogue
from storage.repos.schedule import Attendee, Audience, ClubSchedule, NewSession, Session
from storage.timefmt import to_db
from storage.tx import Tx

# The "you need not come" messages: taken back when the person is added again (a "changed"
# notice waiting for the morning still goes: it may carry the new time).
REMOVAL_NOTICES = ("schedule.notice.removed", "schedule.notice.removed_series")

MAX_TITLE = 80
MAX_PLACE = 80
MAX_MINUTES = 12 * 60


class PlanError(ValueError):
    """The plan cannot be made; the message is a catalogue key, `params` its placeholders."""

    def __init__(self, key: str, **params: Param) -> None:
        super().__init__(key)
        self.params = params

    def text(self) -> Text:
        """The sentence for the person (a `count` placeholder picks the plural form)."""
        count = self.params.get("count")
        return Text(str(self), self.params or None, count=count if isinstance(count, int) else None)


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
        session = await add_occurrence(
            tx, club, plan, moment, series_id, attendees, created_by, now, default_language
        )
        series_id = series_id or session.id
        made.append(session)
    await tx.audit.record(
        now, created_by, "session.created", club_id=club_id, subject=f"session:{made[0].id}"
    )
    return made


async def add_occurrence(
    tx: Tx,
    club: ClubSchedule,
    like: Plan | Session,
    starts_at: datetime,
    series_id: int | None,
    attendees: list[int],
    created_by: str,
    now: datetime,
    default_language: str,
) -> Session:
    """One occurrence like the plan (or another occurrence) at `starts_at`, its attendees and
    their reminders; nothing checked here."""
    session = await tx.schedule.create(
        club.club_id,
        NewSession(
            kind=like.kind,
            title=like.title,
            place=like.place,
            starts_at=starts_at,
            duration_minutes=like.duration_minutes,
            audience=like.audience,
            ical_uid=like.ical_uid,
        ),
        series_id,
        created_by,
        now,
    )
    await tx.schedule.add_attendees(session.id, attendees)
    await reminders.plan(tx, club, session, now, default_language)
    return session


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


async def occurrences(tx: Tx, club_id: int, session: Session, series: bool) -> list[Session]:
    """The occurrence, or it and the later planned ones of its weekly series."""
    return await tx.schedule.series_from(club_id, session) if series else [session]


def _moved(start: datetime, shift: timedelta, timezone: str) -> datetime:
    """A start moved by the same days and wall-clock hours as the changed occurrence (a weekly
    session keeps its local hour across the clock changes)."""
    wall = local(start, timezone).replace(tzinfo=None) + shift
    return local_to_utc(wall.date(), wall.time(), timezone)


async def tell_each_once(
    tx: Tx, club: ClubSchedule, targets: list[Session], what: str, now: datetime, default: str
) -> None:
    """Tell every attendee once, about the first of the changed occurrences they attend."""
    told: set[int] = set()
    for target in targets:
        fresh = [a for a in await tx.schedule.attendees(target.id) if a.participant_id not in told]
        await _tell_attendees(tx, club, target, what, now, default, fresh)
        told |= {a.participant_id for a in fresh}


async def change(
    tx: Tx,
    club_id: int,
    session: Session,
    *,
    title: str | None = None,
    place: str | None = None,
    starts_at: datetime | None = None,
    series: bool = False,
    changed_by: str,
    now: datetime,
    default_language: str,
) -> list[Session]:
    """Change one occurrence (or it and the later ones of its series: the same title or place,
    moved by the same days and hours), recompute reminders and tell the attendees once."""
    club = await tx.schedule.club(club_id)
    if club is None or session.club_id != club_id or session.status != "planned":
        raise PlanError("access.not_available")
    new_title = None if title is None else clean_line(title)
    new_place = None if place is None else clean_line(place)
    if new_title is not None and (not new_title or len(new_title) > MAX_TITLE):
        raise PlanError("schedule.error.title")
    if new_place is not None and (not new_place or len(new_place) > MAX_PLACE):
        raise PlanError("schedule.error.place")
    zone = club.timezone
    shift = timedelta()
    if starts_at is not None:
        shift = local(starts_at, zone).replace(tzinfo=None) - local(
            session.starts_at, zone
        ).replace(tzinfo=None)
    targets = await occurrences(tx, club_id, session, series)
    starts = [_moved(t.starts_at, shift, zone) if shift else t.starts_at for t in targets]
    if starts_at is not None and starts and not series:
        starts[0] = starts_at  # exactly what was typed (a skipped hour stays as typed)
    if any(start <= now for start in starts):
        raise PlanError("schedule.error.past")
    changed: list[Session] = []
    for target, start in zip(targets, starts, strict=True):
        await tx.schedule.update(
            club_id,
            target.id,
            title=target.title if new_title is None else new_title,
            place=target.place if new_place is None else new_place,
            starts_at=start,
            now=now,
        )
        moved = await tx.schedule.get(club_id, target.id)
        assert moved is not None  # noqa: S101 - updated above in this transaction
        await reminders.plan(tx, club, moved, now, default_language)
        await tx.audit.record(
            now, changed_by, "session.changed", club_id=club_id, subject=f"session:{target.id}"
        )
        changed.append(moved)
    if series:
        await tell_each_once(tx, club, changed, "changed_series", now, default_language)
    else:
        await _tell_attendees(tx, club, changed[0], "changed", now, default_language)
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
    tx: Tx,
    club_id: int,
    session: Session,
    minutes: int,
    *,
    series: bool = False,
    changed_by: str,
    now: datetime,
) -> int:
    """Change how long one occurrence (or it and the later ones of its series) lasts: their
    planned hours count in the two-thirds rule. Return how many changed.

    Nobody is told: reminders, notices and the participant's week show no duration.
    """
    await _before_start(tx, club_id, session, now)
    if not 0 < minutes <= MAX_MINUTES:
        raise PlanError("schedule.error.duration")
    targets = await occurrences(tx, club_id, session, series)
    for target in targets:
        await tx.schedule.set_duration(club_id, target.id, minutes, now)
        await tx.audit.record(
            now,
            changed_by,
            "session.changed",
            club_id=club_id,
            subject=f"session:{target.id}",
            detail=f"duration:{target.duration_minutes}->{minutes}",
        )
    return len(targets)


async def change_attendees(
    tx: Tx,
    club_id: int,
    session: Session,
    *,
    add: tuple[int, ...] = (),
    remove: tuple[int, ...] = (),
    series: bool = False,
    changed_by: str,
    now: datetime,
    default_language: str,
) -> tuple[list[int], list[int]]:
    """Add and remove these participants at one occurrence of a session for chosen people (or
    at it and the later ones of its series, each keeping its other attendees): only what the
    staff member changed is applied, so a colleague's change made meanwhile stays. A session
    for one person takes the one added in place of whoever attends. Those added get the
    reminders, those removed lose theirs and are told once that they need not come. Return
    (added, removed) people."""
    club = await _before_start(tx, club_id, session, now)
    if session.audience == "club":
        raise PlanError("access.not_available")
    members = {p for p, _ in await tx.schedule.club_participants(club_id)}
    # Only participants of this club: a forged id of another club's participant is ignored.
    wanted = [p for p in dict.fromkeys(add) if p in members]
    one = session.audience == "one"
    if one and len(wanted) != 1:
        raise PlanError("schedule.error.attendees")
    keep, dropped = set(wanted), set(remove) - set(wanted)
    changes: list[tuple[Session, list[int], list[Attendee]]] = []
    for target in await occurrences(tx, club_id, session, series):
        before = await tx.schedule.attendees(target.id)
        expected = {a.participant_id for a in before}
        added = [p for p in wanted if p not in expected]
        gone = [
            a
            for a in before
            if a.participant_id not in keep and (one or a.participant_id in dropped)
        ]
        left = (expected | keep) - {a.participant_id for a in gone}
        if not left & members:  # nobody of the programme would be expected
            raise PlanError("schedule.error.attendees")
        changes.append((target, added, gone))
    added_anywhere: set[int] = set()
    told: set[int] = set()
    for target, added, gone in changes:
        for attendee in gone:
            await tx.schedule.forget_pending(
                target.id, (*REMINDERS, NOTICE), attendee.participant_id
            )
        fresh = [a for a in gone if a.participant_id not in told]
        what = "removed_series" if series else "removed"
        await _tell_attendees(tx, club, target, what, now, default_language, fresh)
        told |= {a.participant_id for a in fresh}
        await tx.schedule.remove_attendees(target.id, [a.participant_id for a in gone])
        for participant_id in added:
            # Removed a moment ago, their "need not come" may still wait (quiet hours): it
            # must not reach them now that they are expected.
            await tx.schedule.forget_pending(
                target.id, (NOTICE,), participant_id, message_keys=REMOVAL_NOTICES
            )
        await tx.schedule.add_attendees(target.id, added)
        # Every attendee's rows are remade; those already sent keep their key and stay unsent.
        await reminders.plan(tx, club, target, now, default_language)
        removed = [a.participant_id for a in gone]
        for action, people in (("attendee_added", added), ("attendee_removed", removed)):
            for participant_id in people:
                await tx.audit.record(
                    now,
                    changed_by,
                    f"session.{action}",
                    club_id=club_id,
                    subject=f"participant:{participant_id}",
                    detail=str(target.id),
                )
        await tx.audit.record(
            now,
            changed_by,
            "session.changed",
            club_id=club_id,
            subject=f"session:{target.id}",
            detail=f"attendees:+{len(added)}-{len(removed)}",
        )
        added_anywhere |= set(added)
    return sorted(added_anywhere), sorted(told)


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
    done = await cancel_quietly(tx, club_id, targets, cancelled_by=cancelled_by, now=now)
    await tell_cancelled(tx, club, done, now, default_language)
    return done


async def cancel_quietly(
    tx: Tx, club_id: int, targets: list[Session], *, cancelled_by: str, now: datetime
) -> list[Session]:
    """Cancel these occurrences and drop their reminders, nobody told yet (tell_cancelled
    tells each attendee once); return those that were still planned."""
    done: list[Session] = []
    for target in targets:
        if not await tx.schedule.cancel(club_id, target.id, now):
            continue
        await tx.schedule.forget_pending(target.id, REMINDERS)
        await tx.audit.record(
            now, cancelled_by, "session.cancelled", club_id=club_id, subject=f"session:{target.id}"
        )
        done.append(target)
    return done


async def tell_cancelled(
    tx: Tx, club: ClubSchedule, cancelled: list[Session], now: datetime, default: str
) -> None:
    """Tell each attendee of these cancelled occurrences once: of the one they were expected
    at, or of several from the first on ("every week"), never one message per week."""
    ahead = [s for s in cancelled if s.starts_at > now]
    expected = {s.id: await tx.schedule.attendees(s.id) for s in ahead}
    weeks = Counter(a.participant_id for people in expected.values() for a in people)
    told: set[int] = set()
    for target in ahead:
        fresh = [a for a in expected[target.id] if a.participant_id not in told]
        for what, several in (("cancelled", False), ("cancelled_series", True)):
            them = [a for a in fresh if (weeks[a.participant_id] > 1) == several]
            await _tell_attendees(tx, club, target, what, now, default, them)
        told |= {a.participant_id for a in fresh}
