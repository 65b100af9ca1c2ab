"""Who is behind a Telegram account, in one query: what the routers decide a step with.

A step used to ask four tables one by one (the account's language, the staff state, the active
staff memberships, the participant) and the participant side asked for the staff state again:
five statements before any flow ran. Here they are one LEFT JOIN, a row per active membership
(one row without any), so a button press pays one statement for knowing who pressed it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime

from storage.conn import Row
from storage.repos.base import Repository
from storage.repos.participants import Participant
from storage.repos.staff import StaffMember
from storage.repos.staff_state import StaffState
from storage.timefmt import to_db

# The records' own fields are the columns read (the same as ParticipantsRepo, StaffRepo).
_PARTICIPANT = list(Participant.model_fields)
_MEMBER = list(StaffMember.model_fields)

# Every column under a prefix of its own: participants and staff_members share column names.
_SELECT = (
    "SELECT acc.language AS account_language, st.club_id AS state_club, "  # noqa: S608 - constant columns
    "st.pending AS state_pending, "
    + ", ".join(f"p.{c} AS p_{c}" for c in _PARTICIPANT)
    + ", "
    + ", ".join(f"m.{c} AS m_{c}" for c in _MEMBER)
    # Whether typed words would be a missed session's reason: any other input ends that wait,
    # and knowing it spares the write when nothing waits (almost every press).
    + ", EXISTS (SELECT 1 FROM session_attendees sa WHERE sa.participant_id = p.id "
    "AND sa.awaiting_reason = TRUE) AS awaiting_reason"
    + " FROM (SELECT CAST(? AS BIGINT) AS telegram_id) AS me "
    "LEFT JOIN accounts acc ON acc.telegram_id = me.telegram_id "
    "LEFT JOIN staff_state st ON st.telegram_id = me.telegram_id "
    "LEFT JOIN participants p ON p.telegram_id = me.telegram_id "
    "LEFT JOIN staff_members m ON m.telegram_id = me.telegram_id AND m.active = TRUE "
    # The same order as StaffRepo.memberships: the first is where someone without a (valid)
    # chosen club works.
    "ORDER BY m.club_id"
)


@dataclass(frozen=True)
class Who:
    """A Telegram account as a step starts: stored language, staff state, active staff
    memberships (by club), the participant bound to it."""

    telegram_id: int
    language: str | None
    staff_state: StaffState
    memberships: tuple[StaffMember, ...]
    participant: Participant | None
    awaiting_reason: bool = False  # the participant's "I can't come" waits for a reason

    def with_state(self, state: StaffState) -> Who:
        """The same person after their staff state changed in this step."""
        return replace(self, staff_state=state)


def _prefixed(row: Row, prefix: str, columns: list[str]) -> dict[str, object]:
    return {c: row[f"{prefix}{c}"] for c in columns}


def _who(telegram_id: int, rows: list[Row]) -> Who:
    first = rows[0]  # the SELECT starts from a one-row table: there is always a row
    pending = first["state_pending"]
    participant = (
        None
        if first["p_id"] is None
        else Participant.model_validate(_prefixed(first, "p_", _PARTICIPANT))
    )
    return Who(
        telegram_id=telegram_id,
        language=first["account_language"],
        staff_state=StaffState(
            club_id=first["state_club"], pending=json.loads(pending) if pending else None
        ),
        memberships=tuple(
            StaffMember.model_validate(_prefixed(r, "m_", _MEMBER))
            for r in rows
            if r["m_id"] is not None
        ),
        participant=participant,
        awaiting_reason=bool(first["awaiting_reason"]),
    )


class WhoRepo(Repository):
    """The person behind a Telegram account."""

    async def arrive(self, telegram_id: int, now: datetime) -> Who:
        """Create the account on first contact, note the visit, and say who this is."""
        # The visit is written with the query, in the same trip (a held write goes first).
        await self._later(
            "INSERT INTO accounts (telegram_id, language, created_at, last_seen_at) "
            "VALUES (?, NULL, ?, ?) "
            "ON CONFLICT (telegram_id) DO UPDATE SET last_seen_at = excluded.last_seen_at",
            (telegram_id, to_db(now), to_db(now)),
        )
        return await self.of(telegram_id)

    async def of(self, telegram_id: int) -> Who:
        """Who this is now (nothing written)."""
        return _who(telegram_id, await self._all(_SELECT, (telegram_id,)))
