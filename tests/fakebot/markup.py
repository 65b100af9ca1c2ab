"""Telegram's HTML parse mode: the visible text, or the error Telegram would give.

A user's name with an unescaped "<" breaks a message in production; the fake server
must refuse it too. Lenient where Telegram is lenient (a bare "&" or ">").
"""

from __future__ import annotations

import html
import re

ALLOWED_TAGS = frozenset(
    [
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "tg-emoji",
        "code",
        "pre",
        "blockquote",
    ]
)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^<>]*)?)\s*>")


class EntityError(ValueError):
    """The text is not valid Telegram HTML; str(self) is Telegram's description."""


def html_to_text(source: str) -> str:
    """The text a user sees for `source` in parse_mode HTML."""
    out: list[str] = []
    stack: list[str] = []
    pos = 0
    while (start := source.find("<", pos)) != -1:
        out.append(source[pos:start])
        match = _TAG.match(source, start)
        offset = len(source[:start].encode("utf-8"))
        if match is None:
            raise EntityError(
                f"can't parse entities: Unexpected '<' at byte offset {offset} (escape it as &lt;)"
            )
        closing, name = match.group(1) == "/", match.group(2).lower()
        if name not in ALLOWED_TAGS:
            kind = "end" if closing else "start"
            raise EntityError(
                f'can\'t parse entities: Unsupported {kind} tag "{name}" at byte offset {offset}'
            )
        if not closing:
            stack.append(name)
        elif not stack or stack[-1] != name:
            raise EntityError(
                f"can't parse entities: Unmatched end tag at byte offset {offset}, expected \"</"
                f'{stack[-1] if stack else ""}>", found "</{name}>"'
            )
        else:
            stack.pop()
        pos = match.end()
    out.append(source[pos:])
    if stack:
        raise EntityError(
            f"can't parse entities: Can't find end tag corresponding to start tag \"{stack[-1]}\""
        )
    return html.unescape("".join(out))
