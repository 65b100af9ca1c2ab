"""Text people type, made safe to show to others: no invisible or direction-changing marks.

Names, notes and reasons appear on buttons and lists that staff act on; a right-to-left
override or a zero-width character could make one name look like another's, or reorder a
confirmation button's words.
"""

from __future__ import annotations

import unicodedata

# Zero-width joiner stays: it builds emoji sequences and some scripts' letters.
_KEEP = {"\u200d"}
_DROP_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def _visible(text: str, keep_newlines: bool) -> str:
    kept = []
    for char in unicodedata.normalize("NFC", text):
        if (
            (char == "\n" and keep_newlines)
            or char in _KEEP
            or unicodedata.category(char) not in _DROP_CATEGORIES
        ):
            kept.append(char)
        elif char in "\t\r\n\u2028\u2029":
            kept.append(" ")
    return "".join(kept)


def clean_line(text: str) -> str:
    """One line: invisible marks dropped, runs of spaces made one, ends trimmed."""
    return " ".join(_visible(text, keep_newlines=False).split())


def clean_block(text: str) -> str:
    """Several lines (notes): as clean_line per line, at most one empty line in a row."""
    lines = [" ".join(line.split()) for line in _visible(text, keep_newlines=True).split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()
