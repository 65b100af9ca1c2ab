"""Enrolments: each time a person is taken into a club's programme, with its formal details.

A participant has one or more enrolments; the newest is the current one (readings and the plan
of a new enrolment start afresh, earlier ones stay readable). Every lookup takes the club id.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from storage.repos.base import Repository
from storage.timefmt import from_db, to_db

BasisKind = Literal["social_contract", "ipzs", "homelessness", "integration", "other"]
EndKind = Literal["graduated", "left"]
BASIS_KINDS: tuple[BasisKind, ...] = (
    "social_contract",
    "ipzs",
    "homelessness",
    "integration",
    "other",
)
# Leaving reasons are counted in reports, so they are codes; a text may add detail.
LEAVING_REASONS = ("own_decision", "moved", "health", "rules_broken", "lost_contact", "other")
DetailField = Literal[
    "referral_kind",
    "referral_institution",
    "referral_worker",
    "referral_number",
    "referral_date",
    "admitted_on",
    "basis_kind",
    "basis_number",
    "basis_date",
    "period_start",
    "planned_end",
    "trial_end",
]
_DETAILS: tuple[DetailField, ...] = (
    "referral_kind",
    "referral_institution",
    "referral_worker",
    "referral_number",
    "referral_date",
    "admitted_on",
    "basis_kind",
    "basis_number",
    "basis_date",
    "period_start",
    "planned_end",
    "trial_end",
)
_COLUMNS = (
    "id, club_id, participant_id, "
    + ", ".join(_DETAILS)
    + ", ended_on, end_kind, outcome, leaving_reason, leaving_text, created_at"
)
# The newest enrolment of participant p (a correlated subquery both databases run).
CURRENT = "(SELECT MAX(ce.id) FROM enrolments ce WHERE ce.participant_id = {p})"


class Extension(BaseModel):
    """A programme extension: until when, and why."""

    model_config = ConfigDict(frozen=True)

    until_date: date
    reason: str
    created_at: datetime


class Enrolment(BaseModel):
    """One enrolment of a participant."""

    model_config = ConfigDict(frozen=True)

    id: int
    club_id: int
    participant_id: int
    number: int = 1
    referral_kind: str | None = None
    referral_institution: str | None = None
    referral_worker: str | None = None
    referral_number: str | None = None
    referral_date: date | None = None
    admitted_on: date | None = None
    basis_kind: BasisKind | None = None
    basis_number: str | None = None
    basis_date: date | None = None
    period_start: date | None = None
    planned_end: date | None = None
    trial_end: date | None = None
    ended_on: date | None = None
    end_kind: EndKind | None = None
    outcome: str | None = None
    leaving_reason: str | None = None
    leaving_text: str | None = None
    created_at: datetime
    groups: tuple[str, ...] = ()
    extensions: tuple[Extension, ...] = ()

    @property
    def ends_on(self) -> date | None:
        """The planned end after every extension."""
        ends = [self.planned_end, *(x.until_date for x in self.extensions)]
        known = [d for d in ends if d is not None]
        return max(known) if known else None


class EnrolmentsRepo(Repository):
    """Read and change enrolments of one club."""

    async def open(
        self, club_id: int, participant_id: int, now: datetime, *, admitted_on: date
    ) -> int:
        """A new enrolment (the first, or a return); its id."""
        return await self._insert(
            "INSERT INTO enrolments (club_id, participant_id, admitted_on, period_start, "
            "created_at) VALUES (?, ?, ?, ?, ?)",
            (club_id, participant_id, admitted_on.isoformat(), admitted_on.isoformat(), to_db(now)),
        )

    async def all_of(self, club_id: int, participant_id: int) -> list[Enrolment]:
        """Every enrolment of the participant, oldest first, numbered 1, 2, ..."""
        rows = await self._all(
            f"SELECT {_COLUMNS} FROM enrolments WHERE club_id = ? AND participant_id = ? "  # noqa: S608 - constant columns
            "ORDER BY id",
            (club_id, participant_id),
        )
        return await self._complete(rows)

    async def current(self, club_id: int, participant_id: int) -> Enrolment | None:
        """The participant's newest enrolment."""
        found = await self.all_of(club_id, participant_id)
        return found[-1] if found else None

    async def of_club(self, club_id: int | None) -> list[Enrolment]:
        """Every enrolment of the club (None: the deployment), by participant and order."""
        where, params = ("1 = 1", []) if club_id is None else ("club_id = ?", [club_id])
        rows = await self._all(
            f"SELECT {_COLUMNS} FROM enrolments WHERE {where} ORDER BY participant_id, id",  # noqa: S608 - fixed fragments, values bound
            params,
        )
        return await self._complete(rows)

    async def _complete(self, rows: Sequence[Any]) -> list[Enrolment]:
        """Models with their numbers, groups and extensions."""
        if not rows:
            return []
        ids = [int(r["id"]) for r in rows]
        marks = ", ".join("?" for _ in ids)
        groups: dict[int, list[str]] = {i: [] for i in ids}
        for g in await self._all(
            "SELECT enrolment_id, group_code FROM enrolment_groups "  # noqa: S608 - placeholders only
            f"WHERE enrolment_id IN ({marks}) ORDER BY group_code",
            ids,
        ):
            groups[int(g["enrolment_id"])].append(str(g["group_code"]))
        extensions: dict[int, list[Extension]] = {i: [] for i in ids}
        for x in await self._all(
            "SELECT enrolment_id, until_date, reason, created_at FROM enrolment_extensions "  # noqa: S608 - placeholders only
            f"WHERE enrolment_id IN ({marks}) ORDER BY id",
            ids,
        ):
            extensions[int(x["enrolment_id"])].append(
                Extension(
                    until_date=x["until_date"],
                    reason=x["reason"],
                    created_at=from_db(x["created_at"]),
                )
            )
        numbers: dict[int, int] = {}
        made: list[Enrolment] = []
        for r in rows:
            data = dict(r)
            data["created_at"] = from_db(data["created_at"])
            person = int(data["participant_id"])
            numbers[person] = numbers.get(person, 0) + 1
            made.append(
                Enrolment.model_validate(
                    {
                        **data,
                        "number": numbers[person],
                        "groups": tuple(groups[int(r["id"])]),
                        "extensions": tuple(extensions[int(r["id"])]),
                    }
                )
            )
        return made

    async def set_detail(
        self, club_id: int, enrolment_id: int, field: DetailField, value: str | date | None
    ) -> None:
        """One detail of the referral, the formal basis or the programme period."""
        if field not in _DETAILS:
            raise ValueError(field)
        stored = value.isoformat() if isinstance(value, date) else value
        await self._run(
            f"UPDATE enrolments SET {field} = ? WHERE club_id = ? AND id = ?",  # noqa: S608 - column checked against a fixed list
            (stored, club_id, enrolment_id),
        )

    async def set_groups(
        self, club_id: int, enrolment_id: int, participant_id: int, codes: Sequence[str]
    ) -> None:
        """The art. 1(2) groups of the enrolment (replacing the earlier choice)."""
        owned = await self._one(
            "SELECT id FROM enrolments WHERE club_id = ? AND id = ? AND participant_id = ?",
            (club_id, enrolment_id, participant_id),
        )
        if owned is None:
            return
        await self._run("DELETE FROM enrolment_groups WHERE enrolment_id = ?", (enrolment_id,))
        for code in dict.fromkeys(codes):
            await self._run(
                "INSERT INTO enrolment_groups (enrolment_id, participant_id, group_code) "
                "VALUES (?, ?, ?)",
                (enrolment_id, participant_id, code),
            )

    async def extend(
        self, club_id: int, enrolment_id: int, until: date, reason: str, now: datetime
    ) -> bool:
        """An extension of the programme period; False for an enrolment not of this club."""
        owned = await self._one(
            "SELECT participant_id FROM enrolments WHERE club_id = ? AND id = ?",
            (club_id, enrolment_id),
        )
        if owned is None:
            return False
        await self._insert(
            "INSERT INTO enrolment_extensions (enrolment_id, participant_id, until_date, reason, "
            "created_at) VALUES (?, ?, ?, ?, ?)",
            (enrolment_id, owned["participant_id"], until.isoformat(), reason, to_db(now)),
        )
        return True

    async def finish(
        self,
        club_id: int,
        participant_id: int,
        end_kind: EndKind,
        *,
        on: date,
        outcome: str | None = None,
        reason: str | None = None,
        text: str | None = None,
    ) -> bool:
        """End the current enrolment; False when it has ended already."""
        changed = await self._run(
            "UPDATE enrolments SET ended_on = ?, end_kind = ?, outcome = ?, leaving_reason = ?, "  # noqa: S608 - constant fragments, values bound
            "leaving_text = ? WHERE club_id = ? AND ended_on IS NULL AND id = "
            + CURRENT.format(p="?"),
            (on.isoformat(), end_kind, outcome, reason, text, club_id, participant_id),
        )
        return changed > 0

    async def ended_between(self, club_id: int, start: date, end: date) -> list[Enrolment]:
        """The club's enrolments that ended in [start, end] (follow-ups look for them)."""
        rows = await self._all(
            f"SELECT {_COLUMNS} FROM enrolments WHERE club_id = ? AND ended_on >= ? "  # noqa: S608 - constant columns
            "AND ended_on <= ? ORDER BY id",
            (club_id, start.isoformat(), end.isoformat()),
        )
        return await self._complete(rows)
