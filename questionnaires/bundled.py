"""The bundled questionnaires and catalogue: which version a reading uses, and the one new
readings start on."""

from __future__ import annotations

from typing import Protocol

from questionnaires.loader import bundled_catalogue, load_bundled
from questionnaires.model import Catalogue, Questionnaire

PARTICIPANT_QUESTIONNAIRE = "diagnosis_participant"


class UsesQuestionnaire(Protocol):
    """A stored reading, as far as its questionnaire goes."""

    @property
    def questionnaire_id(self) -> str: ...

    @property
    def questionnaire_version(self) -> int: ...


def current_participant_questionnaire() -> Questionnaire:
    """The newest published participant questionnaire (new readings start on it)."""
    return load_bundled(PARTICIPANT_QUESTIONNAIRE)


def questionnaire_of(reading: UsesQuestionnaire) -> Questionnaire:
    """The exact version the reading started with (it keeps it when a new one is published)."""
    return load_bundled(reading.questionnaire_id, reading.questionnaire_version)


def catalogue() -> Catalogue:
    """The bundled instrument catalogue."""
    return bundled_catalogue()
