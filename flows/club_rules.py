"""Moved to storage/club_rules.py: re-exported so code written before keeps working
(docs/ARCHITECTURE.md, layers). New code imports storage.club_rules."""

from storage.club_rules import (
    ART12_DEFAULT,
    CLUB_OBLIGATIONS,
    KEYS,
    ClubRules,
    RuleError,
    change,
    defaults,
    parse,
    rules_of,
)

__all__ = [
    "ART12_DEFAULT",
    "CLUB_OBLIGATIONS",
    "KEYS",
    "ClubRules",
    "RuleError",
    "change",
    "defaults",
    "parse",
    "rules_of",
]
