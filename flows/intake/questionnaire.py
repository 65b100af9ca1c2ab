"""Moved to questionnaires/bundled.py: re-exported so code written before keeps working
(docs/ARCHITECTURE.md, layers). New code imports questionnaires.bundled."""

from questionnaires.bundled import (
    PARTICIPANT_QUESTIONNAIRE,
    UsesQuestionnaire,
    catalogue,
    current_participant_questionnaire,
    questionnaire_of,
)

__all__ = [
    "PARTICIPANT_QUESTIONNAIRE",
    "UsesQuestionnaire",
    "catalogue",
    "current_participant_questionnaire",
    "questionnaire_of",
]
