"""Markdown escaping: text a person typed stays text in any Markdown reader."""

from __future__ import annotations

import re
from typing import Any

# CommonMark lets a backslash escape any ASCII punctuation. These characters start markup
# anywhere in a line: emphasis, links and images (with "[" escaped, "(" and "!" are plain),
# code, raw HTML, table cells, strikethrough, entities. Newlines are folded into spaces.
_SPECIAL = re.compile(r"([\\`*_\[\]|<>~&])")
# Only at the start of a value: list markers, headings, "1." or "1)" ordered-list starts.
_LEADING = re.compile(r"^([#+\-]|\d+[.)])")
_SPACE = re.compile(r"\s+")


def escape_markdown(value: Any) -> str:
    """value as literal Markdown text on one line."""
    if value is None:
        return ""
    text = _SPACE.sub(" ", str(value)).strip()
    text = _SPECIAL.sub(r"\\\1", text)
    return _LEADING.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], text)
