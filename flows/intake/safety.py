"""Crisis answers: the lines for that kind of crisis at once, staff alerted, the questionnaire
goes on."""

from __future__ import annotations

import hashlib

from base.i18n import Text
from flows.context import FlowContext
from flows.intake.alerts import alert_staff
from flows.intake.helplines import Kind, helplines
from flows.intake.talk_button import talk_button
from flows.reply import Message, Part
from questionnaires.conditions import items_named
from questionnaires.model import Answer, Catalogue, Questionnaire
from questionnaires.scoring import score
from storage.repos.participants import Participant
from storage.repos.readings import Reading

# Per questionnaire id and version, the questionnaire the items were read from: an object
# other than the one remembered (a file edited and reloaded, a test's own questionnaire of
# the same id and version) is read again, never answered from another file's items.
_FLAG_ITEMS: dict[tuple[str, int], tuple[Questionnaire, frozenset[str]]] = {}


def flag_items(q: Questionnaire) -> frozenset[str]:
    """Items whose answer can raise or clear a safety flag (flagged options, safety rules).

    Scoring a whole questionnaire twice per answer was a fifth of a step's time; most
    answers cannot touch a flag, so they skip it.
    """
    known = _FLAG_ITEMS.get((q.id, q.version))
    if known is not None and known[0] is q:
        return known[1]
    items = {
        item.id
        for item in q.items
        if any(getattr(option, "safety_flag", False) for option in getattr(item, "options", []))
    }
    for rule in q.rules:
        if rule.safety_flag:
            items |= items_named(q, rule.when)
    found = frozenset(items)
    _FLAG_ITEMS[(q.id, q.version)] = (q, found)
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
    """After an answer: the lines its kind of crisis calls for (domestic violence, suicidal
    thoughts...), and staff alerted when it raises a safety flag it did not raise before."""
    changed = _changed(before, after)
    flagged = False
    if changed & flag_items(q):
        new = _flag_ids(q, after, catalogue) - _flag_ids(q, before, catalogue)
        if new:
            # One answer can raise several flags (its option and a rule): staff get one alert.
            # The outbox's dedupe key is kept with the message: a hash, so it names no answer.
            flags = hashlib.sha256("|".join(sorted(new)).encode()).hexdigest()[:16]
            await alert_staff(ctx, participant, "safety", event=f"safety:{reading.id}:{flags}")
            flagged = True
    kinds = [
        kind
        for item_id in sorted(changed)
        if after[item_id].status == "answered"
        and (kind := helplines().kind_for(item_id, after[item_id].value)) is not None
    ]
    if not kinds and not flagged:
        return []
    return [crisis_message(kinds[0] if kinds else "other", language, staff_told=flagged)]


def crisis_message(kind: Kind, language: str, *, staff_told: bool) -> Message:
    """The lines of one kind, each with its number; said plainly when they answer in Polish
    only (as far as their sources say) and the person reads another language."""
    lines = helplines().lines_of(kind)
    listed = "\n".join(f"• {line.number} – {line.name.get(language)}" for line in lines)
    parts: list[Part] = [Text(f"safety.intro_{kind}"), listed]
    if language != "pl":
        if all(language in line.answers_in for line in lines):
            parts.append(Text("safety.in_your_language"))
        else:
            parts.append(Text("safety.in_polish"))
    parts.append(Text("safety.staff_told" if staff_told else "safety.go_on"))
    return Message(tuple(parts), talk_button(), language)
