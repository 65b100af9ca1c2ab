"""The engine's message catalogue: complete in pl, uk and en, every key the engine returns."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from questionnaires.messages import LOCALES, catalogue, message

PLURAL_FORMS = {
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "uk": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
    "en": "nplurals=2; plural=(n != 1);",
}


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", list(PLURAL_FORMS))
def test_header_declares_the_languages_plural_forms(lang: str) -> None:
    with (LOCALES / f"{lang}.po").open("rb") as po:
        parsed = read_po(po)
    assert parsed.plural_forms == PLURAL_FORMS[lang]
    assert str(parsed.locale) == lang


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_every_language_has_every_key_with_the_same_placeholders(lang: str) -> None:
    polish = catalogue("pl")
    other = catalogue(lang)
    assert set(other) == set(polish)
    for key, text in polish.items():
        assert fields(other[key]) == fields(text), key


def test_placeholders_are_marked_python_brace_format() -> None:
    # Read the raw file: Babel drops the flag when the msgid (a symbolic key) has no fields.
    for lang in PLURAL_FORMS:
        text = (LOCALES / f"{lang}.po").read_text(encoding="utf-8")
        for block in text.split("\n\n")[1:]:
            msgstr = block.split("msgstr ", 1)[1]
            if fields(msgstr.strip('"')):
                assert "#, python-brace-format" in block, (lang, block)


def test_every_key_the_engine_uses_is_in_the_catalogue() -> None:
    package = Path(__file__).resolve().parents[2] / "questionnaires"
    source = "\n".join(p.read_text(encoding="utf-8") for p in package.glob("*.py"))
    used = set(re.findall(r'key="([a-z_]+\.[a-z_]+)"', source))
    used |= {f"choice.{k}" for k in ("yes", "no", "skip", "prefer_not_to_say", "talk_to_staff")}
    used |= {f"status.{k}" for k in ("skipped", "prefer_not_to_say", "talk_to_staff")}
    assert len(used) > 15
    assert used <= set(catalogue("pl"))


def test_message_fills_placeholders_and_falls_back_to_polish() -> None:
    assert message("answer.number_out_of_range", "en", min=1, max=5) == (
        "Please type a number from 1 to 5."
    )
    assert message("choice.yes", "de") == "Tak"
