"""Sessions of the weekly plan, their attendees, and the reminder rows that belong to them.

Every query of club data takes the club id: a guessed session id of another club finds nothing.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict

from storage.conn import Row
from storage.repos.attendance import Presence
from storage.repos.base import Repository
from storage.repos.participants import Consent, ParticipantStatus
from storage.timefmt import from_db, to_db

Audience = Literal["club", "chosen", "one"]
Rsvp = Literal["none", "yes", "no"]
SessionStatus = Literal["planned", "cancelled"]

_SESSION = (
    "s.id, s.club_id, s.series_id, s.kind, s.title, s.place, s.starts_at, s.duration_minutes, "
    "s.audience, s.status, s.ical_uid"
)


class Session(BaseModel):
    """One occurrence of a planned activity."""

    model_config = ConfigDict(frozen=True)

    id: int
    club_id: int
    series_id: int | None
    kind: str
    title: str
    place: str
    starts_at: datetime
    duration_minutes: int
    audience: Audience
    status: SessionStatus
    ical_uid: str | None

    @property
    def ends_at(self) -> datetime:
        """When the session ends."""
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class Attendee(BaseModel):
    """A participant expected at a session, with their answer and attendance."""

    model_config = ConfigDict(frozen=True)

    session_id: int
    participant_id: int
    display_name: str
    telegram_id: int | None
    language: str | None
    unreachable: bool
    rsvp: Rsvp
    reason: str | None
    attended: bool | None
    presence: Presence | None = None
    status: ParticipantStatus = "consented"
    consent: Consent = "given"

    @property
    def in_programme(self) -> bool:
        """Still someone the bot writes to: not left or graduated, consent not withdrawn."""
        return self.status not in ("graduated", "left") and self.consent != "withdrawn"


class ClubSchedule(BaseModel):
    """A club's time zone and its reminder and digest settings."""

    model_config = ConfigDict(frozen=True)

    club_id: int
    name: str
    timezone: str
    day_before_hour: int | None
    before_minutes: int | None
    digest_hour: int | None


class NewSession(BaseModel):
    """What planning one occurrence needs."""

    model_config = ConfigDict(frozen=True)

    kind: str
    title: str
    place: str
    starts_at: datetime
    duration_minutes: int
    audience: Audience
    ical_uid: str | None = None


def _session(row: Row) -> Session:
    data = dict(row)
    data["starts_at"] = from_db(data["starts_at"])
    return Session.model_validate(data)


_ATTENDEE = (
    "a.session_id, a.participant_id, p.display_name, p.telegram_id, acc.language, "
    "p.unreachable, a.rsvp, a.reason, a.attended, a.presence, p.status, p.consent"
)
_ATTENDEE_FROM = (
    "session_attendees a JOIN participants p ON p.id = a.participant_id "
    "LEFT JOIN accounts acc ON acc.telegram_id = p.telegram_id"
)


def _attendee(row: Row) -> Attendee:
    data = dict(row)
    data["attended"] = None if data["attended"] is None else bool(data["attended"])
    return Attendee.model_validate(data)


class ScheduleRepo(Repository):
    """Sessions, attendees, club settings and session outbox rows."""

    # --- club settings -------------------------------------------------------------------

    async def club(self, club_id: int) -> ClubSchedule | None:
        """The club's time zone and schedule settings."""
        row = await self._one(
            "SELECT id AS club_id, name, timezone, reminder_day_before_hour AS day_before_hour, "
            "reminder_before_minutes AS before_minutes, digest_hour FROM clubs WHERE id = ?",
            (club_id,),
        )
        return ClubSchedule.model_validate(dict(row)) if row else None

    async def clubs(self) -> list[ClubSchedule]:
        """Every club's settings."""
        rows = await self._all(
            "SELECT id AS club_id, name, timezone, reminder_day_before_hour AS day_before_hour, "
            "reminder_before_minutes AS before_minutes, digest_hour FROM clubs ORDER BY id"
        )
        return [ClubSchedule.model_validate(dict(r)) for r in rows]

    async def set_club_settings(
        self,
        club_id: int,
        day_before_hour: int | None,
        before_minutes: int | None,
        digest_hour: int | None,
    ) -> bool:
        """Change the reminder and digest settings; False when there is no such club."""
        changed = await self._run(
            "UPDATE clubs SET reminder_day_before_hour = ?, reminder_before_minutes = ?, "
            "digest_hour = ? WHERE id = ?",
            (day_before_hour, before_minutes, digest_hour, club_id),
        )
        return changed == 1

    # --- sessions ------------------------------------------------------------------------

    async def create(
        self,
        club_id: int,
        new: NewSession,
        series_id: int | None,
        created_by: str,
        now: datetime,
    ) -> Session:
        """A planned occurrence."""
        session_id = await self._insert(
            "INSERT INTO sessions (club_id, series_id, kind, title, place, starts_at, "
            "duration_minutes, audience, ical_uid, created_by, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                club_id,
                series_id,
                new.kind,
                new.title,
                new.place,
                to_db(new.starts_at),
                new.duration_minutes,
                new.audience,
                new.ical_uid,
                created_by,
                to_db(now),
                to_db(now),
            ),
        )
        made = await self.get(club_id, session_id)
        assert made is not None  # noqa: S101 - inserted above in this transaction
        return made

    async def get(self, club_id: int, session_id: int) -> Session | None:
        """The session with this id in this club."""
        row = await self._one(
            f"SELECT {_SESSION} FROM sessions s WHERE s.club_id = ? AND s.id = ?",  # noqa: S608 - constant columns
            (club_id, session_id),
        )
        return _session(row) if row else None

    async def get_any(self, session_id: int) -> Session | None:
        """A session by id alone: only for the outbox, which acts for no person."""
        row = await self._one(
            f"SELECT {_SESSION} FROM sessions s WHERE s.id = ?",  # noqa: S608 - constant columns
            (session_id,),
        )
        return _session(row) if row else None

    async def in_club(
        self, club_id: int, start: datetime, end: datetime, *, include_cancelled: bool = False
    ) -> list[Session]:
        """The club's sessions starting in [start, end), by time."""
        status = "" if include_cancelled else "AND s.status = 'planned' "
        rows = await self._all(
            f"SELECT {_SESSION} FROM sessions s WHERE s.club_id = ? AND s.starts_at >= ? "  # noqa: S608 - constant columns
            f"AND s.starts_at < ? {status}ORDER BY s.starts_at, s.id",
            (club_id, to_db(start), to_db(end)),
        )
        return [_session(r) for r in rows]

    async def of_participant(
        self, club_id: int, participant_id: int, start: datetime, end: datetime
    ) -> list[Session]:
        """The planned sessions a participant is expected at, starting in [start, end)."""
        rows = await self._all(
            f"SELECT {_SESSION} FROM sessions s JOIN session_attendees a ON a.session_id = s.id "  # noqa: S608 - constant columns
            "WHERE s.club_id = ? AND a.participant_id = ? AND s.status = 'planned' "
            "AND s.starts_at >= ? AND s.starts_at < ? ORDER BY s.starts_at, s.id",
            (club_id, participant_id, to_db(start), to_db(end)),
        )
        return [_session(r) for r in rows]

    async def series_from(self, club_id: int, session: Session) -> list[Session]:
        """This occurrence and the later planned ones of its series."""
        series = session.series_id or session.id
        rows = await self._all(
            f"SELECT {_SESSION} FROM sessions s WHERE s.club_id = ? "  # noqa: S608 - constant columns
            "AND (s.id = ? OR s.series_id = ?) AND s.starts_at >= ? AND s.status = 'planned' "
            "ORDER BY s.starts_at",
            (club_id, series, series, to_db(session.starts_at)),
        )
        return [_session(r) for r in rows]

    async def series(self, club_id: int, session: Session) -> list[Session]:
        """Every occurrence of the session's series, past, planned or cancelled, by time."""
        series = session.series_id or session.id
        rows = await self._all(
            f"SELECT {_SESSION} FROM sessions s WHERE s.club_id = ? "  # noqa: S608 - constant columns
            "AND (s.id = ? OR s.series_id = ?) ORDER BY s.starts_at, s.id",
            (club_id, series, series),
        )
        return [_session(r) for r in rows]

    async def has_uid(self, club_id: int, uid: str) -> bool:
        """Whether an imported calendar event with this UID exists in the club."""
        row = await self._one(
            "SELECT 1 FROM sessions WHERE club_id = ? AND ical_uid = ? LIMIT 1", (club_id, uid)
        )
        return row is not None

    async def update(
        self,
        club_id: int,
        session_id: int,
        *,
        title: str,
        place: str,
        starts_at: datetime,
        now: datetime,
    ) -> None:
        """Change what staff may change after planning."""
        await self._run(
            "UPDATE sessions SET title = ?, place = ?, starts_at = ?, updated_at = ? "
            "WHERE club_id = ? AND id = ?",
            (title, place, to_db(starts_at), to_db(now), club_id, session_id),
        )

    async def set_duration(
        self, club_id: int, session_id: int, minutes: int, now: datetime
    ) -> None:
        """Change how long the session lasts."""
        await self._run(
            "UPDATE sessions SET duration_minutes = ?, updated_at = ? WHERE club_id = ? AND id = ?",
            (minutes, to_db(now), club_id, session_id),
        )

    async def cancel(self, club_id: int, session_id: int, now: datetime) -> bool:
        """Cancel a planned session; False when it was not planned."""
        changed = await self._run(
            "UPDATE sessions SET status = 'cancelled', updated_at = ? "
            "WHERE club_id = ? AND id = ? AND status = 'planned'",
            (to_db(now), club_id, session_id),
        )
        return changed == 1

    # --- attendees -----------------------------------------------------------------------

    async def add_attendees(self, session_id: int, participant_ids: list[int]) -> None:
        """Expect these participants at the session."""
        await self._many(
            "INSERT INTO session_attendees (session_id, participant_id) VALUES (?, ?) "
            "ON CONFLICT DO NOTHING",
            [(session_id, p) for p in participant_ids],
        )

    async def remove_attendees(self, session_id: int, participant_ids: list[int]) -> None:
        """Expect these participants no more (their answers to the session go with them)."""
        await self._many(
            "DELETE FROM session_attendees WHERE session_id = ? AND participant_id = ?",
            [(session_id, p) for p in participant_ids],
        )

    async def attendees(self, session_id: int) -> list[Attendee]:
        """Who is expected, by name."""
        rows = await self._all(
            f"SELECT {_ATTENDEE} FROM {_ATTENDEE_FROM} WHERE a.session_id = ? "  # noqa: S608 - constant columns
            "ORDER BY p.display_name, p.id",
            (session_id,),
        )
        return [_attendee(r) for r in rows]

    async def attendee(self, session_id: int, participant_id: int) -> Attendee | None:
        """One expected participant."""
        row = await self._one(
            f"SELECT {_ATTENDEE} FROM {_ATTENDEE_FROM} "  # noqa: S608 - constant columns
            "WHERE a.session_id = ? AND a.participant_id = ?",
            (session_id, participant_id),
        )
        return _attendee(row) if row else None

    async def set_rsvp(
        self, session_id: int, participant_id: int, rsvp: Rsvp, now: datetime
    ) -> None:
        """The participant's answer; "no" waits for an optional reason."""
        await self._run(
            "UPDATE session_attendees SET rsvp = ?, rsvp_at = ?, reason = NULL, "
            "awaiting_reason = ? WHERE session_id = ? AND participant_id = ?",
            (rsvp, to_db(now), rsvp == "no", session_id, participant_id),
        )

    async def awaiting_reason(self, participant_id: int, since: datetime) -> int | None:
        """The session whose "I can't come" (pressed after since) waits for a reason, if any."""
        row = await self._one(
            "SELECT session_id FROM session_attendees WHERE participant_id = ? "
            "AND awaiting_reason = TRUE AND rsvp_at >= ? ORDER BY rsvp_at DESC LIMIT 1",
            (participant_id, to_db(since)),
        )
        return int(row["session_id"]) if row else None

    async def stop_awaiting_reason(self, participant_id: int) -> None:
        """The person moved on: their next words are not an absence reason."""
        await self._later(
            "UPDATE session_attendees SET awaiting_reason = FALSE "
            "WHERE participant_id = ? AND awaiting_reason = TRUE",
            (participant_id,),
        )

    async def set_reason(self, session_id: int, participant_id: int, reason: str | None) -> None:
        """The typed reason (or none), and stop waiting for it."""
        await self._run(
            "UPDATE session_attendees SET reason = COALESCE(?, reason), awaiting_reason = FALSE "
            "WHERE participant_id = ? AND (session_id = ? OR awaiting_reason = TRUE)",
            (reason, participant_id, session_id),
        )

    async def no_shows(self, club_id: int, participant_id: int) -> int:
        """Sessions the participant was marked absent from."""
        row = await self._one(
            "SELECT COUNT(*) AS n FROM session_attendees a JOIN sessions s ON s.id = a.session_id "
            "WHERE s.club_id = ? AND a.participant_id = ? AND a.attended = FALSE "
            "AND s.status = 'planned'",
            (club_id, participant_id),
        )
        return int(row["n"]) if row else 0

    async def week_hours(
        self, club_id: int, participant_id: int, start: datetime, end: datetime
    ) -> list[tuple[str, int, bool | None]]:
        """(kind, minutes, attended) of the participant's planned sessions in [start, end)."""
        rows = await self._all(
            "SELECT s.kind, s.duration_minutes, a.attended FROM sessions s "
            "JOIN session_attendees a ON a.session_id = s.id WHERE s.club_id = ? "
            "AND a.participant_id = ? AND s.status = 'planned' AND s.starts_at >= ? "
            "AND s.starts_at < ?",
            (club_id, participant_id, to_db(start), to_db(end)),
        )
        return [
            (
                str(r["kind"]),
                int(r["duration_minutes"]),
                None if r["attended"] is None else bool(r["attended"]),
            )
            for r in rows
        ]

    async def club_participants(self, club_id: int) -> list[tuple[int, str]]:
        """(id, name) of the club's participants still in the programme."""
        rows = await self._all(
            "SELECT id, display_name FROM participants WHERE club_id = ? "
            "AND status NOT IN ('graduated', 'left') ORDER BY display_name, id",
            (club_id,),
        )
        return [(int(r["id"]), str(r["display_name"])) for r in rows]

    # --- outbox rows of a session --------------------------------------------------------

    async def enqueue(
        self,
        *,
        chat_id: int,
        kind: str,
        message_key: str,
        params: dict[str, str | int | float],
        language: str,
        due_at: datetime,
        now: datetime,
        dedupe_key: str,
        session_id: int,
        participant_id: int | None,
    ) -> bool:
        """An outbox row tied to a session; False when its dedupe key exists already."""
        changed = await self._run(
            "INSERT INTO outbox (chat_id, kind, message_key, params, language, due_at, "
            "dedupe_key, created_at, session_id, participant_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING",
            (
                chat_id,
                kind,
                message_key,
                json.dumps(params, ensure_ascii=False),
                language,
                to_db(due_at),
                dedupe_key,
                to_db(now),
                session_id,
                participant_id,
            ),
        )
        if changed:
            self._notes.queued_outbox = True
        return changed > 0

    async def forget_pending(
        self,
        session_id: int,
        kinds: tuple[str, ...],
        participant_id: int | None = None,
        *,
        message_keys: tuple[str, ...] | None = None,
    ) -> int:
        """Delete the session's rows of these kinds (and, if given, these messages) that have
        not been picked up yet."""
        marks = ", ".join("?" for _ in kinds)
        who = "" if participant_id is None else "AND participant_id = ? "
        params: list[object] = [session_id, *kinds]
        if participant_id is not None:
            params.append(participant_id)
        which = ""
        if message_keys is not None:
            which = f"AND message_key IN ({', '.join('?' for _ in message_keys)}) "
            params.extend(message_keys)
        return await self._run(
            f"DELETE FROM outbox WHERE session_id = ? AND kind IN ({marks}) "  # noqa: S608 - placeholders only
            f"{who}{which}AND status = 'pending'",
            params,
        )

    async def postpone(self, message_id: int, due_at: datetime) -> None:
        """Move a pending row to later (quiet hours)."""
        await self._run(
            "UPDATE outbox SET due_at = ? WHERE id = ? AND status = 'pending'",
            (to_db(due_at), message_id),
        )

    async def drop(self, message_id: int, now: datetime) -> None:
        """A pending row that must not go out any more."""
        await self._run(
            "UPDATE outbox SET status = 'dropped', sent_at = ? WHERE id = ? AND status = 'pending'",
            (to_db(now), message_id),
        )

    async def unfinished_diagnoses(self, club_id: int) -> int:
        """Participants with consent given whose first self-assessment is not submitted."""
        row = await self._one(
            "SELECT COUNT(*) AS n FROM participants p WHERE p.club_id = ? "
            "AND p.status NOT IN ('graduated', 'left') AND p.consent = 'given' "
            "AND NOT EXISTS (SELECT 1 FROM readings r WHERE r.participant_id = p.id "
            "AND r.respondent = 'participant' AND r.status = 'submitted')",
            (club_id,),
        )
        return int(row["n"]) if row else 0
