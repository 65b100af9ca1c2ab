"""Stored profiles: a reading's scores, classes and safety flags, written when it is submitted
(and again when its answers or the scoring change), so exports, the report and the card read
them instead of scoring thousands of readings again.

A stored profile carries the key of what it was scored with (questionnaires.scoring.
scoring_key); one whose key is not today's is never used as it is: `current` and `sphere_scores`
leave it out, and the caller scores that reading itself (exports/scores.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from questionnaires.model import SCORED_SPHERES, ScoredSphere, SphereClass
from questionnaires.scoring import Profile
from storage.repos.base import Repository
from storage.timefmt import to_db

# SQLite's default limit of bound parameters is 999 on old builds; stay well below it.
_CHUNK = 500

_SPHERE_COLUMNS = tuple(f"{k}_{s}" for s in SCORED_SPHERES for k in ("score", "class", "rating"))
_INSERT = (
    "INSERT INTO reading_profiles (reading_id, scored_with, scored_at, safety_flags, "  # noqa: S608 - constant columns
    + ", ".join(_SPHERE_COLUMNS)
    + ", profile) VALUES ("
    + ", ".join("?" for _ in range(5 + len(_SPHERE_COLUMNS)))
    + ") ON CONFLICT (reading_id) DO UPDATE SET "
    + ", ".join(
        f"{c} = excluded.{c}"
        for c in ("scored_with", "scored_at", "safety_flags", *_SPHERE_COLUMNS, "profile")
    )
)


@dataclass(frozen=True)
class SphereScore:
    """One sphere of a reading as bulk reads need it."""

    score: float | None
    klass: SphereClass | None
    rating: int | None


@dataclass(frozen=True)
class Scores:
    """What datasets, reports and lists read of a profile: per sphere, and the flags raised."""

    spheres: dict[ScoredSphere, SphereScore]
    safety_flags: int

    @classmethod
    def of(cls, profile: Profile) -> Scores:
        """The scores of a profile just computed."""
        return cls(
            {s: SphereScore(r.score, r.klass, r.rating) for s, r in profile.spheres.items()},
            len(profile.safety_flags),
        )


def _placeholders(ids: Sequence[int]) -> str:
    return ", ".join("?" for _ in ids)


class ProfilesRepo(Repository):
    """Stores profiles (ReadingsRepo.rescore scores them); reads them in bulk."""

    async def store(self, reading_id: int, key: str, profile: Profile, now: datetime) -> None:
        """Store a profile scored with key (replacing the reading's earlier one)."""
        spheres: list[object] = []
        for sphere in SCORED_SPHERES:
            result = profile.spheres[sphere]
            spheres += [result.score, result.klass, result.rating]
        await self._run(
            _INSERT,
            (
                reading_id,
                key,
                to_db(now),
                len(profile.safety_flags),
                *spheres,
                profile.model_dump_json(),
            ),
        )

    async def hold_for_scoring(self, reading_ids: Sequence[int]) -> None:
        """Lock the readings' rows until the transaction ends, in id order (PostgreSQL; SQLite
        runs one transaction at a time anyway): an erasure of their person, which takes the
        same locks first in the same order (ErasureRepo.erase), waits until the profiles scored
        from their answers are committed, then deletes them with the answers."""
        if self._conn.dialect != "postgres":
            return
        ids = sorted(reading_ids)
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            await self._all(
                "SELECT id FROM readings "  # noqa: S608 - placeholders only
                f"WHERE id IN ({_placeholders(chunk)}) ORDER BY id FOR UPDATE",
                chunk,
            )

    async def keys(self, reading_ids: Sequence[int]) -> dict[int, str]:
        """What each stored profile was scored with; readings without one are left out."""
        found: dict[int, str] = {}
        for start in range(0, len(reading_ids), _CHUNK):
            chunk = list(reading_ids[start : start + _CHUNK])
            for r in await self._all(
                "SELECT reading_id, scored_with FROM reading_profiles "  # noqa: S608 - placeholders only
                f"WHERE reading_id IN ({_placeholders(chunk)})",
                chunk,
            ):
                found[int(r["reading_id"])] = str(r["scored_with"])
        return found

    async def sphere_scores(self, wanted: dict[int, str]) -> dict[int, Scores]:
        """Reading id -> scores, for the readings whose stored profile was scored with the key
        given for it; the others are left out (the caller scores them)."""
        ids = list(wanted)
        found: dict[int, Scores] = {}
        columns = ", ".join(_SPHERE_COLUMNS)
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            for r in await self._all(
                f"SELECT reading_id, scored_with, safety_flags, {columns} "  # noqa: S608 - constant columns
                f"FROM reading_profiles WHERE reading_id IN ({_placeholders(chunk)})",
                chunk,
            ):
                reading_id = int(r[0])
                if r[1] != wanted[reading_id]:
                    continue
                # By position (score, class, rating per sphere, as in _SPHERE_COLUMNS): names
                # cost more than the rest of the row for thousands of rows.
                found[reading_id] = Scores(
                    {
                        s: SphereScore(r[3 + 3 * n], r[4 + 3 * n], r[5 + 3 * n])
                        for n, s in enumerate(SCORED_SPHERES)
                    },
                    int(r[2]),
                )
        return found

    async def current(self, wanted: dict[int, str]) -> dict[int, Profile]:
        """Reading id -> its whole stored profile, when scored with the key given for it."""
        ids = list(wanted)
        found: dict[int, Profile] = {}
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            for r in await self._all(
                "SELECT reading_id, scored_with, profile FROM reading_profiles "  # noqa: S608 - placeholders only
                f"WHERE reading_id IN ({_placeholders(chunk)})",
                chunk,
            ):
                reading_id = int(r["reading_id"])
                if r["scored_with"] == wanted[reading_id]:
                    found[reading_id] = Profile.model_validate_json(r["profile"])
        return found

    async def key_counts(self) -> list[tuple[str, int, str | None, int]]:
        """(questionnaire, version, scored with or None, how many) over submitted readings:
        one cheap look at start-up tells whether anything needs scoring again."""
        rows = await self._all(
            "SELECT r.questionnaire_id, r.questionnaire_version, p.scored_with, COUNT(*) "
            "FROM readings r LEFT JOIN reading_profiles p ON p.reading_id = r.id "
            "WHERE r.status = 'submitted' "
            "GROUP BY r.questionnaire_id, r.questionnaire_version, p.scored_with"
        )
        return [
            (str(r[0]), int(r[1]), None if r[2] is None else str(r[2]), int(r[3])) for r in rows
        ]

    async def scored_otherwise(self, questionnaire_id: str, version: int, key: str) -> list[int]:
        """Submitted readings of a questionnaire version without a profile scored with key."""
        rows = await self._all(
            "SELECT r.id FROM readings r LEFT JOIN reading_profiles p ON p.reading_id = r.id "
            "WHERE r.status = 'submitted' AND r.questionnaire_id = ? "
            "AND r.questionnaire_version = ? AND (p.scored_with IS NULL OR p.scored_with <> ?) "
            "ORDER BY r.id",
            (questionnaire_id, version, key),
        )
        return [int(r[0]) for r in rows]
