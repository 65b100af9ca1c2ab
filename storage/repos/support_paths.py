"""The individual support path (indywidualna ścieżka wsparcia): its items and annexes.

Every lookup takes the club id, so a guessed id of another club's path or item finds nothing.
After agreement the rows hold the current plan and each change adds an annex with a snapshot
of the plan as it became; annexes are never changed or removed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from storage.repos.base import Repository
from storage.repos.enrolments import CURRENT
from storage.timefmt import from_db, to_db

ItemStatus = Literal["proposed", "planned", "in_progress", "done", "dropped"]
# Why a goal of an agreed plan was ended by an annex ("other": the words typed are kept).
GoalEndReason = Literal["achieved", "not_relevant", "participant", "replaced", "other"]
GOAL_END_REASONS: tuple[GoalEndReason, ...] = (
    "achieved",
    "not_relevant",
    "participant",
    "replaced",
    "other",
)
TextField = Literal[
    "social_goals", "vocational_goals", "obligations", "end_conditions", "final_assessment"
]
ItemField = Literal[
    "partner", "responsible_staff_id", "target_date", "status", "partner_id", "start_date"
]

_PATH = (
    "id, participant_id, enrolment_id, social_goals, vocational_goals, obligations, "
    "review_date, agreed_at, hours_group, hours_individual, hours_academy, hours_education, "
    "hours_vocational, end_conditions, final_assessment, agreed_gaps, created_at"
)
_ITEM = (
    "i.id, i.path_id, i.instrument_id, i.sphere, i.reason, i.partner, i.responsible_staff_id, "
    "i.target_date, i.status, i.partner_id, i.start_date"
)
HourField = Literal[
    "hours_group", "hours_individual", "hours_academy", "hours_education", "hours_vocational"
]
HOUR_FIELDS: tuple[HourField, ...] = (
    "hours_group",
    "hours_individual",
    "hours_academy",
    "hours_education",
    "hours_vocational",
)


class SupportPath(BaseModel):
    """A participant's path: goals, obligations, review date, agreement."""

    model_config = ConfigDict(frozen=True)

    id: int
    participant_id: int
    enrolment_id: int
    social_goals: str | None
    vocational_goals: str | None
    obligations: str | None
    review_date: date | None
    agreed_at: date | None
    hours_group: float | None = None
    hours_individual: float | None = None
    hours_academy: float | None = None
    hours_education: float | None = None
    hours_vocational: float | None = None
    end_conditions: str | None = None
    final_assessment: str | None = None
    # Why it was agreed although something was missing (None: agreed complete, or not yet).
    agreed_gaps: str | None = None
    created_at: datetime


class GoalEnd(BaseModel):
    """How a goal of an agreed plan was ended: by which annex, from when, why."""

    model_config = ConfigDict(frozen=True)

    annex: int
    on: date
    reason: GoalEndReason
    note: str | None


class Goal(BaseModel):
    """A goal in the participant's own words, with a measurable indicator and a date."""

    model_config = ConfigDict(frozen=True)

    id: int
    goal: str
    indicator: str | None
    due_date: date | None
    ended: GoalEnd | None = None


class Review(BaseModel):
    """A periodic review of the plan: when, what changed, who."""

    model_config = ConfigDict(frozen=True)

    id: int
    reviewed_on: date
    changes: str
    staff_id: int | None
    staff_name: str | None


class SupportItem(BaseModel):
    """One instrument of a path."""

    model_config = ConfigDict(frozen=True)

    id: int
    path_id: int
    instrument_id: str
    sphere: str
    reason: str | None
    partner: str | None
    responsible_staff_id: int | None
    target_date: date | None
    status: ItemStatus
    partner_id: int | None = None
    start_date: date | None = None


class Annex(BaseModel):
    """A dated change of an agreed path (number 0 is the plan as agreed)."""

    model_config = ConfigDict(frozen=True)

    number: int
    author_staff_id: int | None
    author_name: str | None
    summary: str
    snapshot: str
    created_at: datetime


def _path(row: Any) -> SupportPath:
    data = dict(row)
    data["created_at"] = from_db(data["created_at"])
    return SupportPath.model_validate(data)


class SupportPathsRepo(Repository):
    """Read and change support paths of one club."""

    async def get(self, club_id: int, participant_id: int) -> SupportPath | None:
        """The path of the participant's current enrolment, if one was started."""
        row = await self._one(
            f"SELECT {_PATH} FROM support_paths WHERE club_id = ? AND enrolment_id = "  # noqa: S608 - constant columns
            + CURRENT.format(p="?"),
            (club_id, participant_id),
        )
        return _path(row) if row else None

    async def of_enrolment(self, club_id: int, enrolment_id: int) -> SupportPath | None:
        """The path of one enrolment (an earlier one stays readable)."""
        row = await self._one(
            f"SELECT {_PATH} FROM support_paths WHERE club_id = ? AND enrolment_id = ?",  # noqa: S608 - constant columns
            (club_id, enrolment_id),
        )
        return _path(row) if row else None

    async def create(self, club_id: int, participant_id: int, now: datetime) -> SupportPath:
        """An empty draft for the participant's current enrolment."""
        await self._insert(
            "INSERT INTO support_paths (club_id, participant_id, enrolment_id, created_at) "  # noqa: S608 - constant fragments, values bound
            f"VALUES (?, ?, {CURRENT.format(p='?')}, ?)",
            (club_id, participant_id, participant_id, to_db(now)),
        )
        made = await self.get(club_id, participant_id)
        assert made is not None  # noqa: S101 - inserted above in this transaction
        return made

    async def items(self, club_id: int, path_id: int) -> list[SupportItem]:
        """The path's items in the order they were added."""
        rows = await self._all(
            f"SELECT {_ITEM} FROM support_items i JOIN support_paths p ON p.id = i.path_id "  # noqa: S608 - constant columns
            "WHERE p.club_id = ? AND p.id = ? ORDER BY i.id",
            (club_id, path_id),
        )
        return [SupportItem.model_validate(dict(r)) for r in rows]

    async def item(self, club_id: int, participant_id: int, item_id: int) -> SupportItem | None:
        """One item of the participant's path in this club."""
        row = await self._one(
            f"SELECT {_ITEM} FROM support_items i JOIN support_paths p ON p.id = i.path_id "  # noqa: S608 - constant columns
            "WHERE p.club_id = ? AND p.participant_id = ? AND i.id = ? AND p.enrolment_id = "
            + CURRENT.format(p="p.participant_id"),
            (club_id, participant_id, item_id),
        )
        return SupportItem.model_validate(dict(row)) if row else None

    async def add_item(
        self,
        path_id: int,
        instrument_id: str,
        sphere: str,
        reason: str | None,
        status: ItemStatus,
        now: datetime,
    ) -> int:
        """A new item of a path the caller has looked up in its club."""
        return await self._insert(
            "INSERT INTO support_items (path_id, instrument_id, sphere, reason, status, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (path_id, instrument_id, sphere, reason, status, to_db(now)),
        )

    async def set_item(
        self, club_id: int, item_id: int, field: ItemField, value: str | int | None
    ) -> None:
        """Change one field of an item."""
        column = {
            "partner": "partner",
            "responsible_staff_id": "responsible_staff_id",
            "target_date": "target_date",
            "status": "status",
            "partner_id": "partner_id",
            "start_date": "start_date",
        }[field]
        await self._run(
            f"UPDATE support_items SET {column} = ? WHERE id = ? AND path_id IN "  # noqa: S608 - column from a fixed map
            "(SELECT id FROM support_paths WHERE club_id = ?)",
            (value, item_id, club_id),
        )

    async def remove_item(self, club_id: int, item_id: int) -> None:
        """Take an item out of a draft (an agreed path drops items instead)."""
        await self._run(
            "DELETE FROM support_items WHERE id = ? AND path_id IN "
            "(SELECT id FROM support_paths WHERE club_id = ? AND agreed_at IS NULL)",
            (item_id, club_id),
        )

    async def set_text(self, club_id: int, path_id: int, field: TextField, value: str) -> None:
        """Goals or obligations."""
        column = {
            "social_goals": "social_goals",
            "vocational_goals": "vocational_goals",
            "obligations": "obligations",
            "end_conditions": "end_conditions",
            "final_assessment": "final_assessment",
        }[field]
        await self._run(
            f"UPDATE support_paths SET {column} = ? WHERE club_id = ? AND id = ?",  # noqa: S608 - column from a fixed map
            (value, club_id, path_id),
        )

    async def set_review_date(self, club_id: int, path_id: int, when: date) -> None:
        """When the path is to be reviewed."""
        await self._run(
            "UPDATE support_paths SET review_date = ? WHERE club_id = ? AND id = ?",
            (when.isoformat(), club_id, path_id),
        )

    async def agree(self, club_id: int, path_id: int, when: date, gaps: str | None = None) -> bool:
        """Mark the draft agreed (with why, when something was missing); False when it was
        agreed already."""
        changed = await self._run(
            "UPDATE support_paths SET agreed_at = ?, agreed_gaps = ? "
            "WHERE club_id = ? AND id = ? AND agreed_at IS NULL",
            (when.isoformat(), gaps, club_id, path_id),
        )
        return changed > 0

    async def add_annex(
        self,
        path_id: int,
        author_staff_id: int,
        summary: str,
        snapshot: str,
        now: datetime,
    ) -> int:
        """The next annex of the path (0 for the first: the plan as agreed); its number."""
        number = await self.next_annex(path_id)
        await self._insert(
            "INSERT INTO support_annexes (path_id, number, author_staff_id, summary, snapshot, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (path_id, number, author_staff_id, summary, snapshot, to_db(now)),
        )
        return number

    async def annexes(self, club_id: int, path_id: int) -> list[Annex]:
        """Every annex of the path, in order."""
        rows = await self._all(
            "SELECT a.number, a.author_staff_id, s.display_name AS author_name, a.summary, "
            "a.snapshot, a.created_at FROM support_annexes a "
            "JOIN support_paths p ON p.id = a.path_id "
            "LEFT JOIN staff_members s ON s.id = a.author_staff_id "
            "WHERE p.club_id = ? AND p.id = ? ORDER BY a.number",
            (club_id, path_id),
        )
        return [
            Annex(
                number=r["number"],
                author_staff_id=r["author_staff_id"],
                author_name=r["author_name"],
                summary=r["summary"],
                snapshot=r["snapshot"],
                created_at=from_db(r["created_at"]),
            )
            for r in rows
        ]

    async def set_hours(
        self, club_id: int, path_id: int, hours: dict[HourField, float | None]
    ) -> None:
        """The agreed standard week: hours of each part of the scheme and of vocational work."""
        for field, value in hours.items():
            if field not in HOUR_FIELDS:
                raise ValueError(field)
            await self._run(
                f"UPDATE support_paths SET {field} = ? WHERE club_id = ? AND id = ?",  # noqa: S608 - column checked against a fixed list
                (value, club_id, path_id),
            )

    async def add_goal(
        self,
        club_id: int,
        path_id: int,
        goal: str,
        indicator: str | None,
        due: date | None,
        now: datetime,
    ) -> int | None:
        """A goal in the participant's words; None for a path not of this club."""
        if (
            await self._one(
                "SELECT id FROM support_paths WHERE club_id = ? AND id = ?", (club_id, path_id)
            )
            is None
        ):
            return None
        return await self._insert(
            "INSERT INTO plan_goals (path_id, goal, indicator, due_date, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (path_id, goal, indicator, due.isoformat() if due else None, to_db(now)),
        )

    async def set_goal(
        self,
        club_id: int,
        goal_id: int,
        *,
        indicator: str | None = None,
        due: date | None = None,
    ) -> bool:
        """A goal's indicator or date (what is given), for a goal of a path of this club;
        False when no such goal may change (gone, another club's, or ended by an annex)."""
        changed = 0
        for column, value in (
            ("indicator", indicator),
            ("due_date", due.isoformat() if due else None),
        ):
            if value is None:
                continue
            changed += await self._run(
                f"UPDATE plan_goals SET {column} = ? WHERE id = ? AND path_id IN "  # noqa: S608 - column from a fixed pair
                "(SELECT id FROM support_paths WHERE club_id = ?) "
                # A goal an annex ended stays as it was signed.
                "AND id NOT IN (SELECT goal_id FROM plan_goal_ends)",
                (value, goal_id, club_id),
            )
        return changed > 0

    async def remove_goal(self, club_id: int, goal_id: int) -> bool:
        """Take a goal out of a draft plan (an agreed plan keeps its goals); False if none."""
        changed = await self._run(
            "DELETE FROM plan_goals WHERE id = ? AND path_id IN "
            "(SELECT id FROM support_paths WHERE club_id = ? AND agreed_at IS NULL)",
            (goal_id, club_id),
        )
        return changed > 0

    async def goals(self, club_id: int, path_id: int) -> list[Goal]:
        """The path's goals in the order they were written, each with its end, if any."""
        rows = await self._all(
            "SELECT g.id, g.goal, g.indicator, g.due_date, e.annex_number, e.ended_on, "
            "e.reason, e.note FROM plan_goals g "
            "JOIN support_paths p ON p.id = g.path_id "
            "LEFT JOIN plan_goal_ends e ON e.goal_id = g.id WHERE p.club_id = ? AND p.id = ? "
            "ORDER BY g.id",
            (club_id, path_id),
        )
        return [
            Goal(
                id=r["id"],
                goal=r["goal"],
                indicator=r["indicator"],
                due_date=r["due_date"],
                ended=GoalEnd(
                    annex=r["annex_number"], on=r["ended_on"], reason=r["reason"], note=r["note"]
                )
                if r["annex_number"] is not None
                else None,
            )
            for r in rows
        ]

    async def next_annex(self, path_id: int) -> int:
        """The number the path's next annex will get (0: the plan as agreed)."""
        row = await self._one(
            "SELECT COALESCE(MAX(number) + 1, 0) AS n FROM support_annexes WHERE path_id = ?",
            (path_id,),
        )
        return int(row["n"]) if row else 0

    async def end_goal(
        self,
        club_id: int,
        goal_id: int,
        annex: int,
        on: date,
        reason: GoalEndReason,
        note: str | None,
        staff_id: int,
        now: datetime,
    ) -> bool:
        """Mark a goal of an agreed plan of this club ended by an annex, leaving the goal's
        own row as signed; False when the goal is not such a goal or has ended already."""
        changed = await self._run(
            "INSERT INTO plan_goal_ends (goal_id, annex_number, ended_on, reason, note, "
            "staff_id, created_at) SELECT g.id, ?, ?, ?, ?, ?, ? FROM plan_goals g "
            "JOIN support_paths p ON p.id = g.path_id "
            "WHERE g.id = ? AND p.club_id = ? AND p.agreed_at IS NOT NULL "
            "ON CONFLICT (goal_id) DO NOTHING",
            (annex, on.isoformat(), reason, note, staff_id, to_db(now), goal_id, club_id),
        )
        return changed > 0

    async def add_review(
        self,
        club_id: int,
        path_id: int,
        on: date,
        changes: str,
        staff_id: int | None,
        now: datetime,
    ) -> int | None:
        """A periodic review; None for a path not of this club."""
        if (
            await self._one(
                "SELECT id FROM support_paths WHERE club_id = ? AND id = ?", (club_id, path_id)
            )
            is None
        ):
            return None
        return await self._insert(
            "INSERT INTO plan_reviews (path_id, reviewed_on, changes, staff_id, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (path_id, on.isoformat(), changes, staff_id, to_db(now)),
        )

    async def reviews(self, club_id: int, path_id: int) -> list[Review]:
        """The path's reviews, oldest first."""
        rows = await self._all(
            "SELECT r.id, r.reviewed_on, r.changes, r.staff_id, s.display_name AS staff_name "
            "FROM plan_reviews r JOIN support_paths p ON p.id = r.path_id "
            "LEFT JOIN staff_members s ON s.id = r.staff_id "
            "WHERE p.club_id = ? AND p.id = ? ORDER BY r.reviewed_on, r.id",
            (club_id, path_id),
        )
        return [Review.model_validate(dict(r)) for r in rows]
