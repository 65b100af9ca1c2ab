"""The club's register of partner institutions, and the people around each case."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from storage.repos.base import Repository
from storage.timefmt import to_db

CaseRole = Literal["ops_worker", "pup_adviser", "probation_officer", "therapist", "other"]
CASE_ROLES: tuple[CaseRole, ...] = (
    "ops_worker",
    "pup_adviser",
    "probation_officer",
    "therapist",
    "other",
)
# What kind of institution a partner is (free codes would split the register's counts).
PARTNER_KINDS = ("ops", "pup", "health", "therapy", "legal", "education", "ngo", "culture", "other")


class Partner(BaseModel):
    """A partner institution of the club."""

    model_config = ConfigDict(frozen=True)

    id: int
    name: str
    kind: str
    contact_person: str | None
    contact: str | None
    agreement_number: str | None
    agreement_date: date | None
    offers: str | None


class CasePerson(BaseModel):
    """Another professional working with the participant."""

    model_config = ConfigDict(frozen=True)

    id: int
    role: CaseRole
    name: str
    institution: str | None
    contact: str | None
    partner_id: int | None


PartnerField = Literal[
    "name", "kind", "contact_person", "contact", "offers", "agreement_number", "agreement_date"
]
_PARTNER = "id, name, kind, contact_person, contact, agreement_number, agreement_date, offers"


class PartnersRepo(Repository):
    """Partners and case people of one club."""

    async def add(
        self,
        club_id: int,
        name: str,
        kind: str,
        now: datetime,
        *,
        contact_person: str | None = None,
        contact: str | None = None,
        agreement_number: str | None = None,
        agreement_date: date | None = None,
        offers: str | None = None,
    ) -> int:
        """A new partner in the register; its id."""
        return await self._insert(
            "INSERT INTO partners (club_id, name, kind, contact_person, contact, "
            "agreement_number, agreement_date, offers, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                club_id,
                name,
                kind,
                contact_person,
                contact,
                agreement_number,
                agreement_date.isoformat() if agreement_date else None,
                offers,
                to_db(now),
            ),
        )

    async def all(self, club_id: int) -> list[Partner]:
        """The club's register, by name (partners taken off it are left out)."""
        rows = await self._all(
            f"SELECT {_PARTNER} FROM partners WHERE club_id = ? AND removed_at IS NULL "  # noqa: S608 - constant columns
            "ORDER BY name, id",
            (club_id,),
        )
        return [Partner.model_validate(dict(r)) for r in rows]

    async def get(self, club_id: int, partner_id: int) -> Partner | None:
        """One partner on this club's register."""
        row = await self._one(
            f"SELECT {_PARTNER} FROM partners WHERE club_id = ? AND id = ? "  # noqa: S608 - constant columns
            "AND removed_at IS NULL",
            (club_id, partner_id),
        )
        return Partner.model_validate(dict(row)) if row else None

    async def by_name(self, club_id: int, name: str) -> Partner | None:
        """The club's partner of this exact name (case-insensitive), if registered."""
        row = await self._one(
            f"SELECT {_PARTNER} FROM partners WHERE club_id = ? AND lower(name) = lower(?) "  # noqa: S608 - constant columns
            "AND removed_at IS NULL ORDER BY id LIMIT 1",
            (club_id, name),
        )
        return Partner.model_validate(dict(row)) if row else None

    async def update(
        self, club_id: int, partner_id: int, field: PartnerField, value: str | date | None
    ) -> bool:
        """Change one detail of a partner on the register."""
        column = {
            "name": "name",
            "kind": "kind",
            "contact_person": "contact_person",
            "contact": "contact",
            "offers": "offers",
            "agreement_number": "agreement_number",
            "agreement_date": "agreement_date",
        }[field]
        stored = value.isoformat() if isinstance(value, date) else value
        changed = await self._run(
            f"UPDATE partners SET {column} = ? WHERE club_id = ? AND id = ? "  # noqa: S608 - column from a fixed map
            "AND removed_at IS NULL",
            (stored, club_id, partner_id),
        )
        return changed > 0

    async def remove(self, club_id: int, partner_id: int, now: datetime) -> bool:
        """Take a partner off the register; plan items that name it keep its name."""
        changed = await self._run(
            "UPDATE partners SET removed_at = ? WHERE club_id = ? AND id = ? "
            "AND removed_at IS NULL",
            (to_db(now), club_id, partner_id),
        )
        return changed > 0

    async def add_case_person(
        self,
        club_id: int,
        participant_id: int,
        role: CaseRole,
        name: str,
        now: datetime,
        *,
        institution: str | None = None,
        contact: str | None = None,
        partner_id: int | None = None,
    ) -> int:
        """Another professional around the participant's case; its id."""
        return await self._insert(
            "INSERT INTO case_people (club_id, participant_id, role, name, institution, contact, "
            "partner_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (club_id, participant_id, role, name, institution, contact, partner_id, to_db(now)),
        )

    async def case_people(
        self, club_id: int, participant_id: int, *, until: datetime | None = None
    ) -> list[CasePerson]:
        """Who else works with the participant, in the order they were recorded; with until,
        also those taken off the case after that moment (an earlier enrolment's plan)."""
        sql = (
            "SELECT c.id, c.role, c.name, COALESCE(c.institution, p.name) AS institution, "
            "c.contact, c.partner_id FROM case_people c "
            "LEFT JOIN partners p ON p.id = c.partner_id AND p.club_id = c.club_id "
            "WHERE c.club_id = ? AND c.participant_id = ? "
        )
        params: list[object] = [club_id, participant_id]
        if until is None:
            sql += "AND c.removed_at IS NULL "
        else:
            sql += "AND c.created_at < ? AND (c.removed_at IS NULL OR c.removed_at > ?) "
            params += [to_db(until), to_db(until)]
        rows = await self._all(sql + "ORDER BY c.id", params)
        return [CasePerson.model_validate(dict(r)) for r in rows]

    async def remove_case_person(
        self, club_id: int, participant_id: int, person_id: int, now: datetime
    ) -> bool:
        """Take someone off the case (they no longer work with the person); the plans of
        enrolments that ended before still name them."""
        changed = await self._run(
            "UPDATE case_people SET removed_at = ? WHERE club_id = ? AND participant_id = ? "
            "AND id = ? AND removed_at IS NULL",
            (to_db(now), club_id, participant_id, person_id),
        )
        return changed > 0
