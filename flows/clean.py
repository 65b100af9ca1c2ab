"""Moved to base/clean.py: re-exported so code written before keeps working
(docs/ARCHITECTURE.md, layers). New code imports base.clean."""

from base.clean import (
    clean_block,
    clean_line,
)

__all__ = [
    "clean_block",
    "clean_line",
]
