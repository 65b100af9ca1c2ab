"""Moved to storage/privacy/erasure.py: re-exported so code written before keeps working
(docs/ARCHITECTURE.md, layers). New code imports storage.privacy.erasure."""

from storage.privacy.erasure import (
    MESSAGES_KEPT_DAYS,
    PURGED_ON,
    Erasure,
    Purge,
    erase_participant,
    months_before,
    purge,
    purge_daily,
)

__all__ = [
    "MESSAGES_KEPT_DAYS",
    "PURGED_ON",
    "Erasure",
    "Purge",
    "erase_participant",
    "months_before",
    "purge",
    "purge_daily",
]
