"""Participants of a club. Every lookup by id also takes the club id, except by Telegram id."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from storage.conn import Row
from storage.repos.base import Repository
from storage.repos.enrolments import CURRENT, EnrolmentsRepo
from storage.timefmt import to_db

Consent = Literal["pending", "given", "declined", "withdrawn"]
ParticipantStatus = Literal[
    "invited",
    "joined",
    "consented",
    "declined",
    "in_progress",
    "submitted",
    "assessed",
    "plan_agreed",
    "active",
    "graduated",
    "left",
]

_COLUMNS = (
    "id, club_id, display_name, telegram_id, status, consent, consent_at, "
    "deletion_requested_at, unreachable, created_at"
)


class Participant(BaseModel):
    """A person in a club's programme."""

    model_config = ConfigDict(frozen=True)

    id: int
    club_id: int
    display_name: str
    telegram_id: int | None
    status: ParticipantStatus
    consent: Consent
    consent_at: datetime | None
    deletion_requested_at: datetime | None
    unreachable: bool
    created_at: datetime


def _participant(row: Row) -> Participant:
    # Stored timestamps are ISO-8601 UTC and flags 0/1, which pydantic reads as they are.
    return Participant.model_validate(dict(row))


class ParticipantsRepo(Repository):
    """Create, bind and update participants."""

    async def create(self, club_id: int, display_name: str, now: datetime) -> Participant:
        """A new, not yet joined participant with their first enrolment (admitted today)."""
        new_id = await self._insert(
            "INSERT INTO participants (club_id, display_name, created_at) VALUES (?, ?, ?)",
            (club_id, display_name, to_db(now)),
        )
        await EnrolmentsRepo(self._conn).open(
            club_id, new_id, now, admitted_on=await self.club_day(club_id, now)
        )
        created = await self.get(club_id, new_id)
        assert created is not None  # noqa: S101 - inserted above in this transaction
        return created

    async def club_day(self, club_id: int, now: datetime) -> date:
        """Today's date in the club's time zone."""
        row = await self._one("SELECT timezone FROM clubs WHERE id = ?", (club_id,))
        return now.astimezone(ZoneInfo(str(row["timezone"]) if row else "UTC")).date()

    async def get(self, club_id: int, participant_id: int) -> Participant | None:
        """The participant with this id in this club."""
        row = await self._one(
            f"SELECT {_COLUMNS} FROM participants WHERE club_id = ? AND id = ?",  # noqa: S608 - constant columns
            (club_id, participant_id),
        )
        return _participant(row) if row else None

    async def by_telegram(self, telegram_id: int) -> Participant | None:
        """The participant bound to this Telegram account, if any."""
        row = await self._one(
            f"SELECT {_COLUMNS} FROM participants WHERE telegram_id = ?",  # noqa: S608 - constant columns
            (telegram_id,),
        )
        return _participant(row) if row else None

    async def bind(self, participant_id: int, telegram_id: int) -> None:
        """Attach a Telegram account to the participant (the invite link was opened)."""
        await self._run(
            "UPDATE participants SET telegram_id = ?, status = "
            "CASE WHEN status = 'invited' THEN 'joined' ELSE status END WHERE id = ?",
            (telegram_id, participant_id),
        )

    async def set_status(
        self, club_id: int, participant_id: int, status: ParticipantStatus
    ) -> None:
        """Move the participant to a status."""
        await self._later(
            "UPDATE participants SET status = ? WHERE club_id = ? AND id = ?",
            (status, club_id, participant_id),
        )

    async def set_consent(
        self, club_id: int, participant_id: int, consent: Consent, now: datetime
    ) -> None:
        """Record the consent decision and when it was made."""
        await self._run(
            "UPDATE participants SET consent = ?, consent_at = ? WHERE club_id = ? AND id = ?",
            (consent, to_db(now), club_id, participant_id),
        )

    async def request_deletion(self, club_id: int, participant_id: int, now: datetime) -> None:
        """Note that the person asked for their data to be deleted (staff decide)."""
        await self._run(
            "UPDATE participants SET deletion_requested_at = ? WHERE club_id = ? AND id = ?",
            (to_db(now), club_id, participant_id),
        )

    async def set_reachable(self, telegram_id: int) -> None:
        """The person wrote to the bot, so messages reach them again."""
        await self._run(
            "UPDATE participants SET unreachable = FALSE "
            "WHERE telegram_id = ? AND unreachable = TRUE",
            (telegram_id,),
        )

    async def set_unreachable(self, participant_id: int, unreachable: bool) -> None:
        """Mark whether messages reach the person (they blocked the bot)."""
        await self._run(
            "UPDATE participants SET unreachable = ? WHERE id = ?",
            (unreachable, participant_id),
        )

    async def mark_unreachable_by_telegram(self, telegram_id: int) -> bool:
        """The account blocked the bot; True when this changed anything."""
        changed = await self._run(
            "UPDATE participants SET unreachable = TRUE "
            "WHERE telegram_id = ? AND unreachable = FALSE",
            (telegram_id,),
        )
        return changed > 0

    async def set_enrolment(
        self,
        club_id: int,
        participant_id: int,
        *,
        art12_group: str | None,
        referral_source: str | None,
        contract_number: str | None,
        contract_date: str | None,
    ) -> None:
        """The details /invite asks for, written into the current enrolment: the art. 1(2)
        group, who referred them, the social contract."""
        enrolments = EnrolmentsRepo(self._conn)
        current = await enrolments.current(club_id, participant_id)
        if current is None:
            return
        await enrolments.set_groups(
            club_id, current.id, participant_id, [art12_group] if art12_group else []
        )
        await enrolments.set_detail(club_id, current.id, "referral_kind", referral_source)
        contract = contract_number is not None or contract_date is not None
        await enrolments.set_detail(
            club_id, current.id, "basis_kind", "social_contract" if contract else None
        )
        await enrolments.set_detail(club_id, current.id, "basis_number", contract_number)
        await enrolments.set_detail(club_id, current.id, "basis_date", contract_date)

    async def finish(
        self,
        club_id: int,
        participant_id: int,
        status: Literal["graduated", "left"],
        *,
        outcome: str | None,
        left_reason: str | None,
        now: datetime,
        reason_code: str | None = None,
    ) -> bool:
        """Graduated with an outcome, or left with a coded reason and an optional text; the
        current enrolment ends today (club time). False if already finished."""
        changed = await self._run(
            "UPDATE participants SET status = ?, status_changed_at = ? "
            "WHERE club_id = ? AND id = ? AND status NOT IN ('graduated', 'left')",
            (status, to_db(now), club_id, participant_id),
        )
        if not changed:
            return False
        code = reason_code or ("other" if status == "left" else None)
        await EnrolmentsRepo(self._conn).finish(
            club_id,
            participant_id,
            status,
            on=await self.club_day(club_id, now),
            outcome=outcome,
            reason=code,
            text=left_reason,
        )
        return True

    async def reenrol(self, club_id: int, participant_id: int, now: datetime) -> int | None:
        """A new enrolment for someone whose last one has ended; its id, or None when the
        current one is still running. The person starts again from their consent."""
        changed = await self._run(
            "UPDATE participants SET status = CASE WHEN telegram_id IS NULL THEN 'invited' "  # noqa: S608 - constant fragments, values bound
            "WHEN consent = 'given' THEN 'consented' ELSE 'joined' END, status_changed_at = ? "
            "WHERE club_id = ? AND id = ? AND status IN ('graduated', 'left') AND EXISTS "
            "(SELECT 1 FROM enrolments e WHERE e.ended_on IS NOT NULL AND e.id = "
            + CURRENT.format(p="participants.id")
            + ")",
            (to_db(now), club_id, participant_id),
        )
        if not changed:
            return None
        return await EnrolmentsRepo(self._conn).open(
            club_id, participant_id, now, admitted_on=await self.club_day(club_id, now)
        )
