"""What documents and datasets read in bulk: participants with their details, submitted
readings in a date range, their answers, and which optional tables exist.

A club's queries take its club id; None means the whole deployment (operators, from the CLI).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from questionnaires.model import Answer
from storage.repos.base import Repository
from storage.repos.enrolments import CURRENT
from storage.repos.participants import Consent, ParticipantStatus
from storage.repos.readings import Reading, ReadingKind, Respondent
from storage.timefmt import to_db

if TYPE_CHECKING:
    from storage.tx import Tx

# SQLite's default limit of bound parameters is 999 on old builds; stay well below it.
_CHUNK = 500

_READING = (
    "r.id, r.participant_id, r.kind, r.respondent, r.staff_member_id, r.questionnaire_id, "
    "r.questionnaire_version, r.status, r.current_item, r.pending_choices, r.return_to_review, "
    "r.started_at, r.last_activity_at, r.submitted_at, r.nudges_sent, r.enrolment_id"
)


class ExportParticipant(BaseModel):
    """A participant with everything a document or a dataset row may name."""

    model_config = ConfigDict(frozen=True)

    id: int
    club_id: int
    display_name: str
    telegram_id: int | None
    status: ParticipantStatus
    consent: Consent
    created_at: datetime
    art12_group: str | None
    referral_source: str | None
    social_contract_number: str | None
    social_contract_date: str | None
    outcome: str | None
    left_reason: str | None
    status_changed_at: datetime | None
    art12_groups: tuple[str, ...] = ()
    leaving_reason: str | None = None
    ended_on: date | None = None
    enrolments: int = 1


# A participant with the details of their current enrolment (the names the exports used when
# these were columns of participants, so documents, dataset and report read them unchanged).
_PARTICIPANT = (
    "SELECT p.id, p.club_id, p.display_name, p.telegram_id, p.status, p.consent, p.created_at, "  # noqa: S608 - constant fragments, values bound
    "e.id AS enrolment_id, e.referral_kind AS referral_source, "
    "CASE WHEN e.basis_kind = 'social_contract' THEN e.basis_number END "
    "AS social_contract_number, "
    "CASE WHEN e.basis_kind = 'social_contract' THEN e.basis_date END AS social_contract_date, "
    "e.outcome, e.leaving_text AS left_reason, e.leaving_reason, e.ended_on, "
    "p.status_changed_at, "
    "(SELECT COUNT(*) FROM enrolments n WHERE n.participant_id = p.id) AS enrolments "
    "FROM participants p LEFT JOIN enrolments e ON e.id = " + CURRENT.format(p="p.id")
)


def _club_filter(club_id: int | None, column: str) -> tuple[str, list[Any]]:
    return ("1 = 1", []) if club_id is None else (f"{column} = ?", [club_id])


class StaffCount(BaseModel):
    """Staff of a club who worked there on at least one day of a period, by role."""

    model_config = ConfigDict(frozen=True)

    role: str
    specialism: str | None
    count: int


class ItemStatusRow(BaseModel):
    """Support-path items of a club by sphere, partner and status, for one enrolment."""

    model_config = ConfigDict(frozen=True)

    enrolment_id: int
    participant_id: int
    sphere: str
    partner: str | None
    status: str


class PlanDates(BaseModel):
    """When an enrolment's support path was agreed and is due for review."""

    model_config = ConfigDict(frozen=True)

    enrolment_id: int
    review_date: date | None
    agreed_at: date | None


class ExportsRepo(Repository):
    """Bulk reads for exports; nothing here writes."""

    async def participants(self, club_id: int | None) -> list[ExportParticipant]:
        """Every participant of the club (or of the deployment), by id."""
        where, params = _club_filter(club_id, "p.club_id")
        rows = await self._all(
            f"{_PARTICIPANT} WHERE {where} ORDER BY p.id",
            params,
        )
        return await self._with_groups(rows)

    async def participant(self, participant_id: int) -> ExportParticipant | None:
        """One participant of any club (the CLI looks the club up this way)."""
        rows = await self._all(f"{_PARTICIPANT} WHERE p.id = ?", (participant_id,))
        found = await self._with_groups(rows)
        return found[0] if found else None

    async def _with_groups(self, rows: Sequence[Any]) -> list[ExportParticipant]:
        """Participants with the art. 1(2) groups of their current enrolment."""
        groups: dict[int, list[str]] = {}
        enrolments = [int(r["enrolment_id"]) for r in rows if r["enrolment_id"] is not None]
        for start in range(0, len(enrolments), _CHUNK):
            chunk = enrolments[start : start + _CHUNK]
            for g in await self._all(
                "SELECT enrolment_id, group_code FROM enrolment_groups "  # noqa: S608 - placeholders only
                f"WHERE enrolment_id IN ({', '.join('?' for _ in chunk)}) ORDER BY group_code",
                chunk,
            ):
                groups.setdefault(int(g["enrolment_id"]), []).append(str(g["group_code"]))
        made = []
        for r in rows:
            data = dict(r)
            own = tuple(groups.get(data.pop("enrolment_id") or 0, []))
            made.append(
                ExportParticipant.model_validate(
                    {**data, "art12_groups": own, "art12_group": own[0] if own else None}
                )
            )
        return made

    async def submitted_readings(
        self,
        club_id: int | None,
        respondent: Respondent,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        kinds: Sequence[ReadingKind] = (),
    ) -> list[Reading]:
        """Submitted readings of the club's participants, submitted in [since, until), by id."""
        where, params = _club_filter(club_id, "p.club_id")
        sql = (
            f"SELECT {_READING} FROM readings r JOIN participants p ON p.id = r.participant_id "  # noqa: S608 - fixed fragments, values bound
            f"WHERE {where} AND r.respondent = ? AND r.status = 'submitted'"
        )
        params.append(respondent)
        if since is not None:
            sql += " AND r.submitted_at >= ?"
            params.append(to_db(since))
        if until is not None:
            sql += " AND r.submitted_at < ?"
            params.append(to_db(until))
        if kinds:
            sql += f" AND r.kind IN ({', '.join('?' for _ in kinds)})"
            params += list(kinds)
        rows = await self._all(sql + " ORDER BY r.participant_id, r.id", params)
        return [Reading.model_validate(dict(r)) for r in rows]

    async def latest_readings(self, club_id: int, respondent: Respondent) -> list[Reading]:
        """Each participant's newest reading by this respondent in their current enrolment,
        submitted or not (what ReadingsRepo.latest gives for one person), by participant."""
        sql = (
            f"SELECT {_READING} FROM readings r WHERE r.id IN ("  # noqa: S608 - constant fragments, values bound
            "SELECT MAX(l.id) FROM readings l JOIN participants p ON p.id = l.participant_id "
            "WHERE p.club_id = ? AND l.respondent = ? AND (l.enrolment_id IS NULL OR "
            f"l.enrolment_id = {CURRENT.format(p='l.participant_id')}) "
            "GROUP BY l.participant_id) ORDER BY r.participant_id"
        )
        rows = await self._all(sql, (club_id, respondent))
        return [Reading.model_validate(dict(r)) for r in rows]

    async def plan_dates(self, club_id: int) -> dict[int, PlanDates]:
        """The agreement and review dates of every support path of the club, by enrolment."""
        rows = await self._all(
            "SELECT enrolment_id, review_date, agreed_at FROM support_paths WHERE club_id = ?",
            (club_id,),
        )
        return {int(r["enrolment_id"]): PlanDates.model_validate(dict(r)) for r in rows}

    async def answers(self, reading_ids: Sequence[int]) -> dict[int, dict[str, Answer]]:
        """The answers of many readings at once, by reading id and item id."""
        found: dict[int, dict[str, Answer]] = {rid: {} for rid in reading_ids}
        # Most answers repeat (the same option of the same question, thousands of times): each
        # stored answer is decoded once and the frozen object shared.
        decoded: dict[tuple[str, str | None], Answer] = {}
        for start in range(0, len(reading_ids), _CHUNK):
            chunk = list(reading_ids[start : start + _CHUNK])
            rows = await self._all(
                "SELECT reading_id, item_id, status, value FROM answers "  # noqa: S608 - placeholders only
                f"WHERE reading_id IN ({', '.join('?' for _ in chunk)})",
                chunk,
            )
            for r in rows:
                status, text = str(r[2]), r[3]
                answer = decoded.get((status, text))
                if answer is None:
                    value = json.loads(text) if text else None
                    answer = decoded[(status, text)] = Answer.model_validate(
                        {"status": status, "value": value}
                    )
                found[int(r[0])][str(r[1])] = answer
        return found

    async def staff_names(self, club_id: int | None) -> dict[int, str]:
        """Staff ids to names, former members too (old readings and items name them)."""
        where, params = _club_filter(club_id, "club_id")
        rows = await self._all(
            f"SELECT id, display_name FROM staff_members WHERE {where}",  # noqa: S608 - fixed fragments, values bound
            params,
        )
        return {int(r["id"]): str(r["display_name"]) for r in rows}

    async def tables(self) -> set[str]:
        """The names of the database's tables (optional features are probed this way)."""
        rows = await self._all("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {str(r["name"]) for r in rows}

    async def staff_in_period(
        self, club_id: int, start: datetime, end: datetime
    ) -> list[StaffCount]:
        """Members who joined before the period's end and had not left before its start."""
        rows = await self._all(
            "SELECT role, specialism, COUNT(*) AS count FROM staff_members WHERE club_id = ? "
            "AND created_at < ? AND (deactivated_at IS NULL OR deactivated_at >= ?) "
            "GROUP BY role, specialism ORDER BY role, specialism",
            (club_id, to_db(end), to_db(start)),
        )
        return [StaffCount.model_validate(dict(r)) for r in rows]

    async def support_items(self, club_id: int) -> list[ItemStatusRow]:
        """Every support-path item of the club with its enrolment (partner typed or registered)."""
        rows = await self._all(
            "SELECT sp.enrolment_id, sp.participant_id, i.sphere, "
            "COALESCE(pt.name, i.partner) AS partner, i.status FROM support_items i "
            "JOIN support_paths sp ON sp.id = i.path_id "
            "LEFT JOIN partners pt ON pt.id = i.partner_id AND pt.club_id = sp.club_id "
            "WHERE sp.club_id = ? AND i.status <> 'proposed'",
            (club_id,),
        )
        return [ItemStatusRow.model_validate(dict(r)) for r in rows]


def exports_of(tx: Tx) -> ExportsRepo:
    """The export reads bound to tx's transaction."""
    # Tx bundles its repositories as properties; this one is kept out of Tx while other
    # features are still editing it, and reads the same connection.
    return ExportsRepo(tx._conn)
