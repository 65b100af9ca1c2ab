"""Moved to base/ids.py: re-exported so code written before keeps working
(docs/ARCHITECTURE.md, layers). New code imports base.ids."""

from base.ids import (
    MAX_ID,
    parse_id,
)

__all__ = [
    "MAX_ID",
    "parse_id",
]
