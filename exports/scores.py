"""The profiles of many readings at once, for datasets, reports, lists and the card: the stored
profile of a submitted reading when it was scored with today's questionnaire files, scored
here otherwise (a reading still open, or one stored before a new release's first start).
Either way the figures are the same (tests/test_profiles_stored.py)."""

from __future__ import annotations

from collections.abc import Sequence

from questionnaires.bundled import catalogue, questionnaire_of
from questionnaires.model import Answer, Questionnaire
from questionnaires.scoring import Profile, score, scoring_key
from storage.repos.exports import exports_of
from storage.repos.profiles import Scores
from storage.repos.readings import Reading
from storage.tx import Tx

Answers = dict[int, dict[str, Answer]]


class _Versions:
    """Each questionnaire version looked up once (a lookup checks the file on disk)."""

    def __init__(self) -> None:
        self.catalogue = catalogue()
        self._found: dict[tuple[str, int], tuple[Questionnaire, str]] = {}

    def of(self, reading: Reading) -> tuple[Questionnaire, str]:
        key = (reading.questionnaire_id, reading.questionnaire_version)
        found = self._found.get(key)
        if found is None:
            q = questionnaire_of(reading)
            found = self._found[key] = (q, scoring_key(q, self.catalogue))
        return found


def _wanted(readings: Sequence[Reading], versions: _Versions) -> dict[int, str]:
    """Submitted readings and the key their stored profile must carry to be used."""
    return {r.id: versions.of(r)[1] for r in readings if r.status == "submitted"}


async def _scored(
    tx: Tx, readings: Sequence[Reading], versions: _Versions, answers: Answers | None
) -> dict[int, Profile]:
    """The given readings scored from their answers (read here unless given)."""
    if not readings:
        return {}
    if answers is None:
        answers = await exports_of(tx).answers([r.id for r in readings])
    return {r.id: score(versions.of(r)[0], answers[r.id], versions.catalogue) for r in readings}


async def scores_of(
    tx: Tx, readings: Sequence[Reading], answers: Answers | None = None
) -> dict[int, Scores]:
    """Sphere scores, classes, ratings and the number of safety flags of each reading."""
    versions = _Versions()
    found = await tx.profiles.sphere_scores(_wanted(readings, versions))
    missing = [r for r in readings if r.id not in found]
    for reading_id, profile in (await _scored(tx, missing, versions, answers)).items():
        found[reading_id] = Scores.of(profile)
    return found


async def profiles_of(
    tx: Tx, readings: Sequence[Reading], answers: Answers | None = None
) -> dict[int, Profile]:
    """The whole profile of each reading."""
    versions = _Versions()
    found = await tx.profiles.current(_wanted(readings, versions))
    missing = [r for r in readings if r.id not in found]
    found.update(await _scored(tx, missing, versions, answers))
    return found
