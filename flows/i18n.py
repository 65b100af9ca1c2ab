"""Moved to base/i18n.py: re-exported so code written before keeps working
(docs/ARCHITECTURE.md, layers). New code imports base.i18n."""

from base.i18n import (
    CATALOGUE_PACKAGES,
    LANGUAGES,
    SOURCE_LANGUAGE,
    Param,
    Text,
    catalogue,
    has,
    placeholders,
    render,
    translate,
)

__all__ = [
    "CATALOGUE_PACKAGES",
    "LANGUAGES",
    "SOURCE_LANGUAGE",
    "Param",
    "Text",
    "catalogue",
    "has",
    "placeholders",
    "render",
    "translate",
]
