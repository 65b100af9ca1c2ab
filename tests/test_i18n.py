"""Message catalogues: complete in pl, uk and en, with the same placeholders everywhere."""

from __future__ import annotations

import pytest

from base.i18n import LANGUAGES, catalogue, placeholders, translate


def _keys(language: str) -> set[str]:
    return {
        str(m.id) if isinstance(m.id, str) else str(m.id[0]) for m in catalogue(language) if m.id
    }


def _templates(language: str, key: str) -> list[str]:
    message = catalogue(language)[key]
    assert message is not None
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return [str(s) for s in strings]


def test_every_language_has_the_same_keys() -> None:
    source = _keys("pl")
    assert source, "the Polish catalogue is empty"
    for language in LANGUAGES:
        assert _keys(language) == source, f"{language}: keys differ from Polish"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language: str) -> None:
    for key in _keys("pl"):
        for template in _templates(language, key):
            assert template.strip(), f"{language}: {key} has no translation"


@pytest.mark.parametrize("language", ["uk", "en"])
def test_placeholders_match_polish(language: str) -> None:
    for key in _keys("pl"):
        expected = set().union(*(placeholders(t) for t in _templates("pl", key)))
        for template in _templates(language, key):
            assert placeholders(template) == expected, f"{language}: {key}"


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [
        ("pl", 1, "Zostało 1 pytanie."),
        ("pl", 3, "Zostały 3 pytania."),
        ("pl", 5, "Zostało 5 pytań."),
        ("pl", 12, "Zostało 12 pytań."),
        ("pl", 22, "Zostały 22 pytania."),
        ("uk", 1, "Залишилося 1 запитання."),
        ("uk", 21, "Залишилося 21 запитання."),
        ("uk", 11, "Залишилося 11 запитань."),
        ("uk", 5, "Залишилося 5 запитань."),
        ("en", 1, "1 question left."),
        ("en", 2, "2 questions left."),
    ],
)
def test_plural_forms_follow_the_language(language: str, count: int, expected: str) -> None:
    assert translate(language, "questions.remaining", count=count) == expected


def test_unknown_language_falls_back_to_polish() -> None:
    assert translate("de", "button.stale") == translate("pl", "button.stale")
