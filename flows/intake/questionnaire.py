"""The questionnaire a participant reading uses, and the catalogue."""

from __future__ import annotations

from questionnaires.loader import bundled_catalogue, load_bundled
from questionnaires.model import Catalogue, Questionnaire
from storage.repos.readings import Reading

PARTICIPANT_QUESTIONNAIRE = "diagnosis_participant"


def current_participant_questionnaire() -> Questionnaire:
    """The newest published participant questionnaire (new readings start on it)."""
    return load_bundled(PARTICIPANT_QUESTIONNAIRE)


def questionnaire_of(reading: Reading) -> Questionnaire:
    """The exact version the reading started with (it keeps it when a new one is published)."""
    return load_bundled(reading.questionnaire_id, reading.questionnaire_version)


def catalogue() -> Catalogue:
    """The bundled instrument catalogue."""
    return bundled_catalogue()
