"""Erasing a participant on request (art. 17) or after the club's retention period."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from storage.club_rules import rules_of
from storage.tx import Tx


@dataclass(frozen=True)
class Erasure:
    """What erasing one participant removes (or removed), per kind of data."""

    participant_id: int
    club_id: int
    counts: dict[str, int]


async def erase_participant(
    tx: Tx,
    participant_id: int,
    now: datetime,
    actor: str,
    *,
    club_id: int | None = None,
    dry_run: bool = False,
    reason: str = "request",
) -> Erasure | None:
    """Erase one participant (within club_id when given); None when there is no such person.

    The audit log records the erasure with counts only. After the commit the caller runs
    Database.scrub(), so the bytes leave the database file.
    """
    found = await tx.erasure.club_of(participant_id)
    if found is None or (club_id is not None and found != club_id):
        return None
    counts = await tx.erasure.what_goes(participant_id)
    if not dry_run:
        await tx.erasure.erase(participant_id, now)
        await tx.audit.record(
            now,
            actor,
            "participant.erased",
            club_id=found,
            subject=f"participant:{participant_id}",
            detail=json.dumps({"reason": reason, **counts}, sort_keys=True),
        )
    return Erasure(participant_id, found, counts)


@dataclass(frozen=True)
class Purge:
    """One retention run: who was (or would be) anonymised, and old messages forgotten."""

    participants: list[int]
    messages: int


# Sent reminders and alerts are of no use once delivered; their parameters hold names.
MESSAGES_KEPT_DAYS = 30


async def purge(tx: Tx, now: datetime, actor: str, *, dry_run: bool = False) -> Purge:
    """Anonymise everyone past their club's retention period; record the run as counts."""
    erased: list[int] = []
    for club in await tx.clubs.all():
        rules = await rules_of(tx, club.id)
        cutoff = months_before(now, rules.retention_months)
        for participant_id in await tx.erasure.past_retention(club.id, cutoff):
            if not dry_run:
                await erase_participant(
                    tx, participant_id, now, actor, club_id=club.id, reason="retention"
                )
            erased.append(participant_id)
    messages = 0
    if not dry_run:
        messages = await tx.erasure.forget_old_messages(now - timedelta(days=MESSAGES_KEPT_DAYS))
        await tx.audit.record(
            now,
            actor,
            "privacy.purged",
            detail=json.dumps({"participants": len(erased), "messages": messages}),
        )
    return Purge(erased, messages)


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the month's last day at most)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    following = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=moment.tzinfo)
    last_day = (following - timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


PURGED_ON = "privacy.purged_on"


async def purge_daily(tx: Tx, now: datetime, actor: str = "kisbot") -> Purge | None:
    """The purge, at most once per UTC day (the outbox loop calls this on every round)."""
    today = now.date().isoformat()
    if await tx.meta.get(PURGED_ON) == today:
        return None
    await tx.meta.set(PURGED_ON, today)
    return await purge(tx, now, actor)
