"""What a typed message means on a screen with buttons: the button's words in any language.

The words people may type for a button live in the message catalogues (`words.<meaning>`,
comma-separated), so translators keep them beside the buttons they stand for. Every language
is tried, the person's own first: a Ukrainian speaker who chose Polish may still type "так".
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from base.i18n import LANGUAGES, translate
from questionnaires.engine import near, normalize


@cache
def _words(meaning: str, language: str) -> tuple[str, ...]:
    """The normalized words of one meaning in one language (its button label included)."""
    listed = translate(language, f"words.{meaning}").split(",")
    return tuple(w for w in (normalize(x) for x in listed) if w)


def _languages(first: str) -> list[str]:
    return list(dict.fromkeys([first, *LANGUAGES]))


def meaning_of(
    typed: str, language: str, meanings: Sequence[str], *, numbers: bool = True, exact: bool = False
) -> str | None:
    """Which of `meanings` the typed text says, or None.

    A number picks the meaning at that place (1 = the first, as the buttons are listed). An
    exact word wins over a typo; a typo counts only when it can mean just one thing.
    """
    text = normalize(typed)
    if not text:
        return None
    number = text.rstrip(".)")
    if numbers and number.isascii() and number.isdigit() and 1 <= int(number) <= len(meanings):
        return meanings[int(number) - 1]
    for lang in _languages(language):
        for meaning in meanings:
            if text in _words(meaning, lang):
                return meaning
    if exact:
        return None
    close = {
        meaning
        for lang in _languages(language)
        for meaning in meanings
        if any(near(text, word) for word in _words(meaning, lang))
    }
    return close.pop() if len(close) == 1 else None


def says(typed: str, language: str, meaning: str, *, exact: bool = False) -> bool:
    """Whether the typed text is one of the words of `meaning` (numbers never are)."""
    return meaning_of(typed, language, (meaning,), numbers=False, exact=exact) == meaning
