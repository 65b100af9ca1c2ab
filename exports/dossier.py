"""The participant dossier: the readings behind the card and the documents, scored.

Telegram-free and shared: the participant card and every export read a participant's
profiles through here, so the card and the documents always agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from exports.scores import profiles_of
from questionnaires.bundled import questionnaire_of
from questionnaires.findings import difficulties, findings
from questionnaires.model import Answer, Questionnaire
from questionnaires.scoring import Profile
from storage.repos.readings import Reading
from storage.tx import Tx

STAFF_QUESTIONNAIRE = "diagnosis_staff"


@dataclass(frozen=True)
class Scored:
    """A reading with its questionnaire and profile."""

    reading: Reading
    q: Questionnaire
    profile: Profile
    answers: dict[str, Answer]


async def scored(tx: Tx, reading: Reading | None) -> Scored | None:
    """The reading scored with the questionnaire version it was started on (its stored
    profile once submitted)."""
    if reading is None:
        return None
    answers = await tx.readings.answers(reading.id)
    profiles = await profiles_of(tx, [reading], {reading.id: answers})
    return Scored(reading, questionnaire_of(reading), profiles[reading.id], answers)


@dataclass(frozen=True)
class Profiles:
    """What the card shows: the own profile, the newest self-assessment, the staff's view."""

    latest: Reading | None
    own: Scored | None
    newest: Scored | None
    staff_view: Scored | None


async def latest_profiles(tx: Tx, participant_id: int) -> Profiles:
    """The latest finished self-assessment (before the first one, the answers so far), the
    newest self-assessment finished or not (for safety flags), the latest staff assessment."""
    readings = tx.readings
    latest = await readings.latest(participant_id, "participant")
    submitted = await readings.latest(participant_id, "participant", submitted_only=True)
    own = await scored(tx, submitted or latest)
    newest = (
        own
        if latest is None or (own is not None and own.reading.id == latest.id)
        else await scored(tx, latest)
    )
    staff_view = await scored(
        tx,
        await readings.latest(
            participant_id, "staff", questionnaire_id=STAFF_QUESTIONNAIRE, submitted_only=True
        ),
    )
    return Profiles(latest=latest, own=own, newest=newest, staff_view=staff_view)


async def staff_view_for(tx: Tx, reading: Reading) -> Scored | None:
    """The staff assessment to set beside a self-assessment: the latest submitted one of the
    same kind (entry beside entry), else the latest submitted one."""
    submitted = [
        r
        for r in await tx.readings.submitted(reading.participant_id, "staff")
        if r.questionnaire_id == STAFF_QUESTIONNAIRE
    ]
    same_kind = [r for r in submitted if r.kind == reading.kind]
    chosen = same_kind or submitted
    return await scored(tx, chosen[-1] if chosen else None)


@dataclass(frozen=True)
class InWords:
    """A reading's strengths and needs per sphere, in the reader's language."""

    needs: dict[str, list[str]]
    strengths: dict[str, list[str]]


def in_words(one: Scored | None, lang: str) -> InWords:
    """The findings of a reading per sphere. A staff assessment's needs are every barrier it
    ticks (moderate ones too): staff read them as the detail of their own rating."""
    needs: dict[str, dict[str, None]] = {}
    strengths: dict[str, dict[str, None]] = {}
    if one is None:
        return InWords({}, {})
    for found in findings(one.q, one.answers):
        if found.kind == "need" and one.q.audience == "staff":
            continue
        target = needs if found.kind == "need" else strengths
        target.setdefault(found.sphere, {})[found.text.get(lang)] = None
    if one.q.audience == "staff":
        for sphere, texts in difficulties(one.q, one.answers).items():
            for text in texts:
                needs.setdefault(sphere, {})[text.get(lang)] = None
    return InWords(
        {s: list(v) for s, v in needs.items()}, {s: list(v) for s, v in strengths.items()}
    )
