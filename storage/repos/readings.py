"""Readings (one questionnaire run for one participant) and their answers."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator

from questionnaires.bundled import catalogue, questionnaire_of
from questionnaires.model import Answer
from questionnaires.scoring import Profile, score, scoring_key
from storage.conn import Row
from storage.repos.base import Repository
from storage.repos.enrolments import CURRENT
from storage.repos.profiles import ProfilesRepo
from storage.timefmt import to_db

ReadingKind = Literal["entry", "midway", "exit", "follow_up"]
Respondent = Literal["participant", "staff"]
ReadingStatus = Literal["open", "review", "submitted"]

_COLUMNS = (
    "id, participant_id, kind, respondent, staff_member_id, questionnaire_id, "
    "questionnaire_version, status, current_item, pending_choices, return_to_review, "
    "started_at, last_activity_at, submitted_at, nudges_sent, enrolment_id"
)


# Readings of the participant's current enrolment: a person who comes back starts afresh, the
# earlier enrolments' readings stay (for_participant, exports). Rows written without an
# enrolment (raw inserts of tools) count as current.
_THIS_ENROLMENT = (
    "(enrolment_id IS NULL OR enrolment_id = " + CURRENT.format(p="readings.participant_id") + ")"
)


class Reading(BaseModel):
    """One run of a questionnaire, with its position."""

    model_config = ConfigDict(frozen=True)

    id: int
    participant_id: int
    kind: ReadingKind
    respondent: Respondent
    staff_member_id: int | None
    questionnaire_id: str
    questionnaire_version: int
    status: ReadingStatus
    current_item: str | None
    pending_choices: list[str] | None
    return_to_review: bool
    started_at: datetime
    last_activity_at: datetime
    submitted_at: datetime | None
    nudges_sent: int
    enrolment_id: int | None = None

    @field_validator("pending_choices", mode="before")
    @classmethod
    def _json_list(cls, value: object) -> object:
        if isinstance(value, str):
            return json.loads(value)
        return value


_PREFIXED = ", ".join(f"r.{column.strip()}" for column in _COLUMNS.split(","))


class NudgeCandidate(BaseModel):
    """A quiet reading and what a nudge needs to know about its participant."""

    model_config = ConfigDict(frozen=True)

    reading_id: int
    nudges_sent: int
    last_activity_at: datetime
    telegram_id: int
    timezone: str
    language: str | None


def moved(
    reading: Reading,
    status: ReadingStatus,
    current_item: str | None,
    *,
    return_to_review: bool = False,
) -> Reading:
    """The reading as ReadingsRepo.move leaves it (no need to read it back)."""
    return reading.model_copy(
        update={
            "status": status,
            "current_item": current_item,
            "pending_choices": None,
            "return_to_review": return_to_review,
        }
    )


_SAVE_ANSWER = (
    "INSERT INTO answers (reading_id, item_id, status, value, answered_at) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (reading_id, item_id) DO UPDATE SET "
    "status = excluded.status, value = excluded.value, answered_at = excluded.answered_at"
)


def _answer_row(
    reading_id: int, item_id: str, answer: Answer, now: datetime
) -> tuple[int, str, str, str | None, str]:
    value = None if answer.value is None else json.dumps(answer.value, ensure_ascii=False)
    return (reading_id, item_id, answer.status, value, to_db(now))


def _reading(row: Row) -> Reading:
    return Reading.model_validate(dict(row))


def _answer(status: Any, value: Any) -> Answer:
    """A stored answer row's status and JSON value."""
    return Answer(status=status, value=json.loads(value) if value else None)


@dataclass(frozen=True)
class ReadingAnswers:
    """A reading with its answers by item id, read together in one query."""

    reading: Reading
    answers: dict[str, Answer]


# A reading (chosen by `r.id = (...)` or a WHERE of its own) with each of its answers: a row per
# answer, the reading's columns repeated (one row with NULL answer columns when it has none).
_WITH_ANSWERS = (
    f"SELECT {_PREFIXED}, a.item_id AS answer_item, a.status AS answer_status, "  # noqa: S608 - constant columns
    "a.value AS answer_value FROM readings r LEFT JOIN answers a ON a.reading_id = r.id "
)


class ReadingsRepo(Repository):
    """Readings and answers; a reading's answer and position change in the caller's transaction."""

    async def create(
        self,
        participant_id: int,
        kind: ReadingKind,
        respondent: Respondent,
        questionnaire_id: str,
        questionnaire_version: int,
        first_item: str | None,
        now: datetime,
        staff_member_id: int | None = None,
    ) -> Reading:
        """Open a reading positioned at its first item."""
        new_id = await self._insert(
            "INSERT INTO readings (participant_id, enrolment_id, kind, respondent, "  # noqa: S608 - constant fragments, values bound
            "staff_member_id, questionnaire_id, questionnaire_version, status, current_item, "
            f"started_at, last_activity_at) VALUES (?, {CURRENT.format(p='?')}, ?, ?, ?, ?, ?, "
            "'open', ?, ?, ?)",
            (
                participant_id,
                participant_id,
                kind,
                respondent,
                staff_member_id,
                questionnaire_id,
                questionnaire_version,
                first_item,
                to_db(now),
                to_db(now),
            ),
        )
        row = await self._one(
            f"SELECT {_COLUMNS} FROM readings WHERE id = ?",  # noqa: S608 - constant columns
            (new_id,),
        )
        assert row is not None  # noqa: S101 - inserted above in this transaction
        return _reading(row)

    async def get(self, club_id: int, reading_id: int) -> Reading | None:
        """The reading with this id, if its participant is in this club (ids come from
        buttons and commands, so a reading of another club is simply not found)."""
        row = await self._one(
            f"SELECT {_PREFIXED} FROM readings r JOIN participants p "  # noqa: S608 - constant columns
            "ON p.id = r.participant_id WHERE p.club_id = ? AND r.id = ?",
            (club_id, reading_id),
        )
        return _reading(row) if row else None

    async def unfinished(self, participant_id: int, respondent: Respondent) -> Reading | None:
        """The participant's reading in progress (open or in review), if any."""
        row = await self._one(
            f"SELECT {_COLUMNS} FROM readings WHERE participant_id = ? AND respondent = ? "  # noqa: S608 - constant columns
            f"AND {_THIS_ENROLMENT} AND status != 'submitted' ORDER BY id DESC LIMIT 1",
            (participant_id, respondent),
        )
        return _reading(row) if row else None

    async def latest(
        self,
        participant_id: int,
        respondent: Respondent,
        *,
        questionnaire_id: str | None = None,
        submitted_only: bool = False,
    ) -> Reading | None:
        """The participant's newest reading by this respondent (and questionnaire), if any."""
        sql = (
            f"SELECT {_COLUMNS} FROM readings WHERE participant_id = ? AND respondent = ? "  # noqa: S608 - constant columns
            f"AND {_THIS_ENROLMENT}"
        )
        params: list[object] = [participant_id, respondent]
        if questionnaire_id is not None:
            sql += " AND questionnaire_id = ?"
            params.append(questionnaire_id)
        if submitted_only:
            sql += " AND status = 'submitted'"
        row = await self._one(sql + " ORDER BY id DESC LIMIT 1", params)
        return _reading(row) if row else None

    async def unfinished_by_staff(
        self, staff_member_id: int, participant_id: int | None = None
    ) -> Reading | None:
        """A staff member's own assessment in progress (of this participant), latest active."""
        sql = (
            f"SELECT {_COLUMNS} FROM readings WHERE respondent = 'staff' "  # noqa: S608 - constant columns
            "AND staff_member_id = ? AND status != 'submitted'"
        )
        params: list[object] = [staff_member_id]
        if participant_id is not None:
            sql += " AND participant_id = ?"
            params.append(participant_id)
        row = await self._one(sql + " ORDER BY last_activity_at DESC, id DESC LIMIT 1", params)
        return _reading(row) if row else None

    async def submitted(self, participant_id: int, respondent: Respondent) -> list[Reading]:
        """The participant's submitted readings by this respondent, oldest first."""
        rows = await self._all(
            f"SELECT {_COLUMNS} FROM readings WHERE participant_id = ? AND respondent = ? "  # noqa: S608 - constant columns
            f"AND {_THIS_ENROLMENT} AND status = 'submitted' ORDER BY id",
            (participant_id, respondent),
        )
        return [_reading(r) for r in rows]

    async def for_participant(self, participant_id: int) -> list[Reading]:
        """All readings of a participant, oldest first."""
        rows = await self._all(
            f"SELECT {_COLUMNS} FROM readings WHERE participant_id = ? ORDER BY id",  # noqa: S608 - constant columns
            (participant_id,),
        )
        return [_reading(r) for r in rows]

    async def answers(self, reading_id: int) -> dict[str, Answer]:
        """The reading's answers by item id."""
        rows = await self._all(
            "SELECT item_id, status, value FROM answers WHERE reading_id = ?", (reading_id,)
        )
        return {r["item_id"]: _answer(r["status"], r["value"]) for r in rows}

    async def unfinished_with_answers(
        self, participant_id: int, respondent: Respondent
    ) -> ReadingAnswers | None:
        """As `unfinished`, with the reading's answers, in one query (what a press reads)."""
        return await self._with_answers(
            f"WHERE r.id = (SELECT id FROM readings WHERE participant_id = ? AND respondent = ? "  # noqa: S608 - constant fragments
            f"AND {_THIS_ENROLMENT} AND status != 'submitted' ORDER BY id DESC LIMIT 1)",
            (participant_id, respondent),
        )

    async def get_with_answers(self, club_id: int, reading_id: int) -> ReadingAnswers | None:
        """As `get` (the reading only if its participant is in this club), with its answers,
        in one query."""
        return await self._with_answers(
            "JOIN participants p ON p.id = r.participant_id WHERE p.club_id = ? AND r.id = ?",
            (club_id, reading_id),
        )

    async def _with_answers(self, where: str, params: tuple[Any, ...]) -> ReadingAnswers | None:
        rows = await self._all(_WITH_ANSWERS + where, params)
        if not rows:
            return None
        answers = {
            r["answer_item"]: _answer(r["answer_status"], r["answer_value"])
            for r in rows
            if r["answer_item"] is not None
        }
        return ReadingAnswers(_reading(rows[0]), answers)

    async def save_answer(
        self, reading_id: int, item_id: str, answer: Answer, now: datetime
    ) -> None:
        """Store (or replace) the answer to one item."""
        await self._later(_SAVE_ANSWER, _answer_row(reading_id, item_id, answer, now))

    async def save_answers(
        self, reading_id: int, answers: Mapping[str, Answer], now: datetime
    ) -> None:
        """Store (or replace) the answers to many items in one batch (tools that write whole
        readings: the demo club)."""
        await self._many(
            _SAVE_ANSWER,
            [_answer_row(reading_id, item_id, one, now) for item_id, one in answers.items()],
        )

    async def move(
        self,
        reading_id: int,
        *,
        status: ReadingStatus,
        current_item: str | None,
        now: datetime,
        return_to_review: bool = False,
    ) -> None:
        """Set the position (and clear unconfirmed choices); the person was active now."""
        await self._later(
            "UPDATE readings SET status = ?, current_item = ?, pending_choices = NULL, "
            "return_to_review = ?, last_activity_at = ? WHERE id = ?",
            (status, current_item, return_to_review, to_db(now), reading_id),
        )

    async def set_pending_choices(self, reading_id: int, choices: list[str], now: datetime) -> None:
        """Multiple-choice toggles not yet confirmed with Done."""
        await self._later(
            "UPDATE readings SET pending_choices = ?, last_activity_at = ? WHERE id = ?",
            (json.dumps(choices), to_db(now), reading_id),
        )

    async def submit(self, reading_id: int, now: datetime) -> None:
        """Close the reading as submitted, with its profile stored in the same transaction."""
        await self._run(
            "UPDATE readings SET status = 'submitted', current_item = NULL, submitted_at = ?, "
            "last_activity_at = ? WHERE id = ?",
            (to_db(now), to_db(now), reading_id),
        )
        await self.rescore(reading_id, now)

    async def rescore(self, reading_id: int, now: datetime) -> Profile | None:
        """Score the reading's answers as they stand and store its profile (None: no such
        reading). Whatever changes an answer of a submitted reading calls this in the same
        transaction, so the stored profile never disagrees with the answers."""
        row = await self._one(
            f"SELECT {_COLUMNS} FROM readings WHERE id = ?",  # noqa: S608 - constant columns
            (reading_id,),
        )
        if row is None:
            return None
        q, instruments = questionnaire_of(_reading(row)), catalogue()
        profile = score(q, await self.answers(reading_id), instruments)
        await ProfilesRepo(self._conn).store(reading_id, scoring_key(q, instruments), profile, now)
        return profile

    async def nudge_candidates(self, cutoff: datetime, max_nudges: int) -> list[NudgeCandidate]:
        """Unfinished participant readings quiet since cutoff, of people who can be reached."""
        rows = await self._all(
            "SELECT r.id AS reading_id, r.nudges_sent, r.last_activity_at, p.telegram_id, "
            "c.timezone, a.language FROM readings r "
            "JOIN participants p ON p.id = r.participant_id "
            "JOIN clubs c ON c.id = p.club_id "
            "LEFT JOIN accounts a ON a.telegram_id = p.telegram_id "
            "WHERE r.respondent = 'participant' AND r.status != 'submitted' "
            "AND r.last_activity_at <= ? AND r.nudges_sent < ? AND p.consent = 'given' "
            "AND p.unreachable = FALSE AND p.telegram_id IS NOT NULL "
            "AND p.status NOT IN ('graduated', 'left')",
            (to_db(cutoff), max_nudges),
        )
        return [NudgeCandidate.model_validate(dict(r)) for r in rows]

    async def mark_nudged(self, reading_id: int, nudges_sent: int) -> None:
        """Record that the reading's nudge number nudges_sent went out."""
        await self._run(
            "UPDATE readings SET nudges_sent = ? WHERE id = ?", (nudges_sent, reading_id)
        )
