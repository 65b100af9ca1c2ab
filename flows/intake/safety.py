"""Crisis answers: contacts shown at once, staff alerted, the questionnaire goes on."""

from __future__ import annotations

import hashlib

from flows.context import FlowContext
from flows.i18n import Text
from flows.intake.alerts import alert_staff
from flows.reply import Message
from questionnaires.conditions import items_named
from questionnaires.model import Answer, Catalogue, Questionnaire
from questionnaires.scoring import score
from storage.repos.participants import Participant
from storage.repos.readings import Reading

_FLAG_ITEMS: dict[tuple[str, int], frozenset[str]] = {}


def flag_items(q: Questionnaire) -> frozenset[str]:
    """Items whose answer can raise or clear a safety flag (flagged options, safety rules).

    Scoring a whole questionnaire twice per answer was a fifth of a step's time; most
    answers cannot touch a flag, so they skip it.
    """
    known = _FLAG_ITEMS.get((q.id, q.version))
    if known is not None:
        return known
    items = {
        item.id
        for item in q.items
        if any(getattr(option, "safety_flag", False) for option in getattr(item, "options", []))
    }
    for rule in q.rules:
        if rule.safety_flag:
            items |= items_named(q, rule.when)
    found = _FLAG_ITEMS[(q.id, q.version)] = frozenset(items)
    return found


def _changed(before: dict[str, Answer], after: dict[str, Answer]) -> set[str]:
    return {item for item, answer in after.items() if before.get(item) != answer}


def _flag_ids(q: Questionnaire, answers: dict[str, Answer], catalogue: Catalogue) -> set[str]:
    flags = score(q, answers, catalogue).safety_flags
    return {f"{f.item}:{f.option}:{f.rule}" for f in flags}


async def check_new_flags(
    ctx: FlowContext,
    participant: Participant,
    reading: Reading,
    q: Questionnaire,
    catalogue: Catalogue,
    before: dict[str, Answer],
    after: dict[str, Answer],
    language: str,
) -> list[Message]:
    """When an answer raises a safety flag it did not raise before: crisis contacts, alert."""
    if not _changed(before, after) & flag_items(q):
        return []
    new = _flag_ids(q, after, catalogue) - _flag_ids(q, before, catalogue)
    if not new:
        return []
    # One answer can raise several flags (its option and a rule): staff get one alert for it.
    # The outbox's dedupe key is kept with the message: a hash, so it names no answer.
    flags = hashlib.sha256("|".join(sorted(new)).encode()).hexdigest()[:16]
    await alert_staff(ctx, participant, "safety", event=f"safety:{reading.id}:{flags}")
    return [Message((Text("safety.crisis_contacts"),), language=language)]
