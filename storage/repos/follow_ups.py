"""Follow-ups some months after the end of an enrolment: asked in the bot, or by phone."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from storage.repos.base import Repository
from storage.timefmt import to_db

FollowUpAnswer = Literal["working", "learning", "contact", "none"]
FOLLOW_UP_ANSWERS: tuple[FollowUpAnswer, ...] = ("working", "learning", "contact", "none")
Channel = Literal["bot", "phone"]


class FollowUp(BaseModel):
    """One follow-up: after how many months, how, and the answer (None: not answered)."""

    model_config = ConfigDict(frozen=True)

    id: int
    club_id: int
    participant_id: int
    enrolment_id: int
    months: int
    channel: Channel
    answer: FollowUpAnswer | None
    asked_at: datetime | None
    answered_at: datetime | None
    recorded_by: int | None


_COLUMNS = (
    "id, club_id, participant_id, enrolment_id, months, channel, answer, asked_at, "
    "answered_at, recorded_by"
)


class FollowUpsRepo(Repository):
    """Follow-ups of one club's participants."""

    async def ask(
        self, club_id: int, participant_id: int, enrolment_id: int, months: int, now: datetime
    ) -> int | None:
        """The bot's question for this enrolment and month; None when it was asked already."""
        exists = await self._one(
            "SELECT id FROM follow_ups WHERE enrolment_id = ? AND months = ? AND channel = 'bot'",
            (enrolment_id, months),
        )
        if exists is not None:
            return None
        return await self._insert(
            "INSERT INTO follow_ups (club_id, participant_id, enrolment_id, months, channel, "
            "asked_at, created_at) VALUES (?, ?, ?, ?, 'bot', ?, ?)",
            (club_id, participant_id, enrolment_id, months, to_db(now), to_db(now)),
        )

    async def answer(
        self, participant_id: int, follow_up_id: int, answer: FollowUpAnswer, now: datetime
    ) -> bool:
        """The participant's own answer to their question; False for someone else's or a
        question answered already (the first answer stands)."""
        changed = await self._run(
            "UPDATE follow_ups SET answer = ?, answered_at = ? WHERE id = ? "
            "AND participant_id = ? AND channel = 'bot' AND answer IS NULL",
            (answer, to_db(now), follow_up_id, participant_id),
        )
        return changed > 0

    async def record_phone(
        self,
        club_id: int,
        participant_id: int,
        enrolment_id: int,
        months: int,
        answer: FollowUpAnswer,
        staff_id: int,
        now: datetime,
    ) -> int:
        """A follow-up staff made by phone."""
        return await self._insert(
            "INSERT INTO follow_ups (club_id, participant_id, enrolment_id, months, channel, "
            "answer, answered_at, recorded_by, created_at) "
            "VALUES (?, ?, ?, ?, 'phone', ?, ?, ?, ?)",
            (
                club_id,
                participant_id,
                enrolment_id,
                months,
                answer,
                to_db(now),
                staff_id,
                to_db(now),
            ),
        )

    async def get(self, follow_up_id: int) -> FollowUp | None:
        """One follow-up by id (the outbox row names it; callers check person and club)."""
        row = await self._one(
            f"SELECT {_COLUMNS} FROM follow_ups WHERE id = ?",  # noqa: S608 - constant columns
            (follow_up_id,),
        )
        return FollowUp.model_validate(dict(row)) if row else None

    async def of_participant(self, club_id: int, participant_id: int) -> list[FollowUp]:
        """The participant's follow-ups, oldest first."""
        rows = await self._all(
            f"SELECT {_COLUMNS} FROM follow_ups WHERE club_id = ? AND participant_id = ? "  # noqa: S608 - constant columns
            "ORDER BY id",
            (club_id, participant_id),
        )
        return [FollowUp.model_validate(dict(r)) for r in rows]

    async def of_club(self, club_id: int | None) -> list[FollowUp]:
        """Every follow-up of the club (None: the deployment), for the dataset and report."""
        where, params = ("1 = 1", []) if club_id is None else ("club_id = ?", [club_id])
        rows = await self._all(
            f"SELECT {_COLUMNS} FROM follow_ups WHERE {where} ORDER BY participant_id, id",  # noqa: S608 - fixed fragments, values bound
            params,
        )
        return [FollowUp.model_validate(dict(r)) for r in rows]
