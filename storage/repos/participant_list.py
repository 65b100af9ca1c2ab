"""The staff's view of a club's participants: a paged list, "needs attention", the details.

Every query takes the club id, so a guessed participant id of another club finds nothing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from storage.repos.base import Repository
from storage.repos.enrolments import CURRENT
from storage.repos.participants import Consent, ParticipantStatus
from storage.timefmt import to_db

# An answer that may carry a safety flag: (item id, answer value). Values are matched inside
# the stored JSON, so a single answer and a multiple-choice list both match.
SafetyPattern = tuple[str, str | int | float | bool]

_LATEST = (
    "(SELECT MAX(r.id) FROM readings r "
    "WHERE r.participant_id = p.id AND r.respondent = 'participant')"
)
_UNFINISHED = (
    "(SELECT MAX(r.id) FROM readings r WHERE r.participant_id = p.id "
    "AND r.respondent = 'participant' AND r.status != 'submitted')"
)


# Reasons the row's own columns already carry.
_READ_ABOVE = ("unreachable", "consent")


class ListRow(BaseModel):
    """One participant as the list shows them."""

    model_config = ConfigDict(frozen=True)

    id: int
    display_name: str
    status: ParticipantStatus
    consent: Consent
    unreachable: bool
    unfinished_reading_id: int | None
    attention: bool
    # Why the row needs attention (any may hold; consent and unreachable are read above).
    stale: bool = False
    talk_to_staff: bool = False
    safety: bool = False


class ParticipantDetails(BaseModel):
    """Enrolment details and the outcome, as the card shows them."""

    model_config = ConfigDict(frozen=True)

    art12_group: str | None
    referral_source: str | None
    social_contract_number: str | None
    social_contract_date: str | None
    outcome: str | None
    left_reason: str | None


def _like(value: str | int | float | bool) -> str:
    """A LIKE pattern finding the JSON form of value anywhere in a stored answer."""
    text = json.dumps(value, ensure_ascii=False)
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _reasons(
    stale_before: datetime, patterns: Sequence[SafetyPattern]
) -> list[tuple[str, str, list[Any]]]:
    """The reasons for "needs attention" on participant p: (name, condition, parameters)."""
    reasons: list[tuple[str, str, list[Any]]] = [
        ("unreachable", "p.unreachable = TRUE", []),
        ("consent", "p.consent IN ('declined', 'withdrawn')", []),
        (
            "stale",
            "EXISTS (SELECT 1 FROM readings r WHERE r.participant_id = p.id "
            "AND r.respondent = 'participant' AND r.status != 'submitted' "
            "AND r.last_activity_at < ?)",
            [to_db(stale_before)],
        ),
        (
            "talk_to_staff",
            f"EXISTS (SELECT 1 FROM answers a WHERE a.reading_id = {_LATEST} "  # noqa: S608 - fixed fragments
            "AND a.status = 'talk_to_staff')",
            [],
        ),
    ]
    # One point lookup per item on the answers' primary key (reading, item), rather than a
    # scan of every answer of the reading.
    values_by_item: dict[str, list[str]] = {}
    for item_id, value in patterns:
        values_by_item.setdefault(item_id, []).append(_like(value))
    safety: list[str] = []
    params: list[Any] = []
    for item_id, likes in sorted(values_by_item.items()):
        matches = " OR ".join("a.value LIKE ? ESCAPE '\\'" for _ in likes)
        safety.append(
            f"EXISTS (SELECT 1 FROM answers a WHERE a.reading_id = {_LATEST} "  # noqa: S608 - fixed fragments, values bound
            f"AND a.item_id = ? AND a.status = 'answered' AND ({matches}))"
        )
        params += [item_id, *likes]
    if safety:
        reasons.append(("safety", "(" + " OR ".join(safety) + ")", params))
    return reasons


def _attention(stale_before: datetime, patterns: Sequence[SafetyPattern]) -> tuple[str, list[Any]]:
    """The "needs attention" condition on participant p, and its parameters."""
    reasons = _reasons(stale_before, patterns)
    params = [p for _, _, ps in reasons for p in ps]
    return "(" + " OR ".join(sql for _, sql, _ in reasons) + ")", params


class ParticipantListRepo(Repository):
    """Paged, filtered participant lists of one club; the page is cut in SQL."""

    async def count(
        self,
        club_id: int,
        *,
        attention_only: bool,
        stale_before: datetime,
        patterns: Sequence[SafetyPattern],
    ) -> int:
        """How many participants the list (or its "needs attention" filter) holds."""
        where, params = "p.club_id = ?", [club_id]
        if attention_only:
            condition, extra = _attention(stale_before, patterns)
            where, params = f"{where} AND {condition}", [*params, *extra]
        row = await self._one(
            f"SELECT COUNT(*) AS n FROM participants p WHERE {where}",  # noqa: S608 - fixed fragments, values bound
            params,
        )
        return int(row["n"]) if row else 0

    async def page(
        self,
        club_id: int,
        *,
        attention_only: bool,
        stale_before: datetime,
        patterns: Sequence[SafetyPattern],
        limit: int,
        offset: int,
    ) -> list[ListRow]:
        """One page, newest participants first (those most likely to need a first look)."""
        condition, condition_params = _attention(stale_before, patterns)
        named = [r for r in _reasons(stale_before, patterns) if r[0] not in _READ_ABOVE]
        columns = "".join(f", {sql} AS {name}" for name, sql, _ in named)
        column_params = [p for _, _, ps in named for p in ps]
        where, params = "p.club_id = ?", [club_id]
        if attention_only:
            where, params = f"{where} AND {condition}", [*params, *condition_params]
        rows = await self._all(
            "SELECT p.id, p.display_name, p.status, p.consent, p.unreachable, "  # noqa: S608 - fixed fragments, values bound
            f"{_UNFINISHED} AS unfinished_reading_id, {condition} AS attention{columns} "
            f"FROM participants p WHERE {where} ORDER BY p.id DESC LIMIT ? OFFSET ?",
            [*condition_params, *column_params, *params, limit, offset],
        )
        return [ListRow.model_validate(dict(r)) for r in rows]

    async def questionnaires_in_use(self) -> list[tuple[str, int]]:
        """The questionnaire versions participant readings use (no club data: file versions)."""
        rows = await self._all(
            "SELECT DISTINCT questionnaire_id, questionnaire_version FROM readings "
            "WHERE respondent = 'participant'"
        )
        return [(str(r["questionnaire_id"]), int(r["questionnaire_version"])) for r in rows]

    async def details(self, club_id: int, participant_id: int) -> ParticipantDetails | None:
        """The enrolment details of a participant of this club."""
        row = await self._one(
            "SELECT (SELECT MIN(g.group_code) FROM enrolment_groups g "  # noqa: S608 - constant fragments, values bound
            "WHERE g.enrolment_id = e.id) AS art12_group, e.referral_kind AS referral_source, "
            "CASE WHEN e.basis_kind = 'social_contract' THEN e.basis_number END "
            "AS social_contract_number, "
            "CASE WHEN e.basis_kind = 'social_contract' THEN e.basis_date END "
            "AS social_contract_date, e.outcome, e.leaving_text AS left_reason "
            "FROM participants p LEFT JOIN enrolments e ON e.id = "
            + CURRENT.format(p="p.id")
            + " WHERE p.club_id = ? AND p.id = ?",
            (club_id, participant_id),
        )
        return ParticipantDetails.model_validate(dict(row)) if row else None
