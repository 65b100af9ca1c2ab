"""Gentle reminders of an unfinished questionnaire: after 24 h and 72 h of silence, never at
night, at most two per reading, and naming nothing sensitive (lock screens show them)."""

from __future__ import annotations

from datetime import datetime, timedelta

from base.i18n import LANGUAGES
from flows.context import FlowSettings
from flows.quiet_hours import is_quiet
from storage.tx import Tx


async def queue_due_nudges(tx: Tx, now: datetime, settings: FlowSettings) -> int:
    """Put the nudges that are due into the outbox; return how many."""
    hours = sorted(settings.nudge_after_hours)
    if not hours:
        return 0
    queued = 0
    cutoff = now - timedelta(hours=hours[0])
    for candidate in await tx.readings.nudge_candidates(cutoff, max_nudges=len(hours)):
        number = candidate.nudges_sent  # 0 for the first nudge
        if now - candidate.last_activity_at < timedelta(hours=hours[number]):
            continue
        if is_quiet(now, candidate.timezone):
            continue  # it stays due and goes out at 08:00
        language = (
            candidate.language if candidate.language in LANGUAGES else (settings.default_language)
        )
        await tx.outbox.enqueue(
            candidate.telegram_id,
            "nudge",
            "nudge.questionnaire",
            {},
            language,
            due_at=now,
            now=now,
            dedupe_key=f"nudge:{candidate.reading_id}:{number + 1}",
        )
        await tx.readings.mark_nudged(candidate.reading_id, number + 1)
        queued += 1
    return queued
