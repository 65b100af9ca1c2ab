"""Invite codes: random, single use, expiring, stored only as hashes."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from base.clean import clean_line
from storage.repos.invites import StaffRole
from storage.repos.staff import Specialism
from storage.tx import Tx

# 16 random bytes = 128 bits, 22 URL-safe characters: far inside Telegram's 64-character
# start parameter and its alphabet (A-Z a-z 0-9 _ -).
CODE_BYTES = 16
CODE_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
MAX_FAILURES_PER_HOUR = 10


def new_code() -> str:
    """A fresh random code."""
    return secrets.token_urlsafe(CODE_BYTES)


def hash_code(code: str) -> str:
    """What is stored instead of the code."""
    return hashlib.sha256(code.encode("ascii", errors="replace")).hexdigest()


def invite_link(bot_username: str, code: str) -> str:
    """The t.me deep link that opens the bot with the code."""
    return f"https://t.me/{bot_username}?start={code}"


@dataclass(frozen=True)
class ParticipantInvite:
    """A new participant and their personal code."""

    participant_id: int
    club_id: int
    code: str
    expires_at: datetime


async def invite_participant(
    tx: Tx, club_id: int, display_name: str, now: datetime, valid_days: int
) -> ParticipantInvite:
    """Create a participant with a personal invite code (the name cleaned, whoever typed it)."""
    participant = await tx.participants.create(club_id, clean_line(display_name), now)
    return await renew_participant_code(tx, club_id, participant.id, now, valid_days)


async def renew_participant_code(
    tx: Tx, club_id: int, participant_id: int, now: datetime, valid_days: int
) -> ParticipantInvite:
    """A new code for an existing participant; earlier unused codes stop working."""
    await tx.invites.revoke_unused_for(participant_id, now)
    code = new_code()
    expires = now + timedelta(days=valid_days)
    await tx.invites.add(hash_code(code), club_id, now, expires, participant_id=participant_id)
    return ParticipantInvite(participant_id, club_id, code, expires)


async def invite_staff(
    tx: Tx,
    club_id: int,
    role: StaffRole,
    now: datetime,
    valid_days: int,
    *,
    specialism: Specialism | None = None,
    made_by: int | None = None,
) -> tuple[str, datetime]:
    """A staff invite code for the club and when it expires.

    The role and specialism are chosen by whoever makes the link, never by the person who
    opens it; made_by (a staff member's id) lets their deactivation revoke it.
    """
    code = new_code()
    expires = now + timedelta(days=valid_days)
    await tx.invites.add(
        hash_code(code),
        club_id,
        now,
        expires,
        staff_role=role,
        staff_specialism=specialism,
        created_by_staff_id=made_by,
    )
    return code, expires
