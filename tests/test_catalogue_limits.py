"""What participants read fits an old phone and reads as one language: messages of at most 500
characters, buttons of at most 32, one apostrophe in Ukrainian, one set of sphere names."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from base.i18n import LANGUAGES, translate
from questionnaires import engine
from questionnaires.loader import bundled_dir, load_bundled

MESSAGE_LIMIT = 500
BUTTON_LIMIT = 32
# The catalogues of what participants read (staff areas have their own files).
PARTICIPANT_FILES = ("{lang}.po", "{lang}/schedule.po", "{lang}/words.po", "{lang}/messages.po")
# Catalogue keys that are button labels shown to participants.
BUTTON_KEYS = re.compile(
    r"^(choice\.|consent\.(agree|question|disagree)$|privacy\.withdraw(_confirm|_keep)?$|delete\.(confirm|keep)$"
    r"|review\.(submit|back_to_summary|submitted_short)$|rsvp\.|talk\.button|messages\.button_)"
)


def _participant_messages(lang: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for package in ("flows", "questionnaires"):
        for pattern in PARTICIPANT_FILES:
            path = Path(str(resources.files(package) / "locales" / pattern.format(lang=lang)))
            if not path.exists():
                continue
            with path.open("rb") as fh:
                for message in read_po(fh, locale=lang):
                    if message.id:
                        key = message.id if isinstance(message.id, str) else message.id[0]
                        strings = (
                            message.string
                            if isinstance(message.string, tuple)
                            else (message.string,)
                        )
                        found[key] = max(strings, key=len)
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_participant_messages_fit_one_screen(lang: str) -> None:
    long = {k: len(v) for k, v in _participant_messages(lang).items() if len(v) > MESSAGE_LIMIT}
    assert long == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_participant_buttons_fit_a_narrow_phone(lang: str) -> None:
    messages = _participant_messages(lang)
    buttons = {k: v for k, v in messages.items() if BUTTON_KEYS.match(k)}
    assert "choice.talk_to_staff" in buttons
    assert {k: v for k, v in buttons.items() if len(v) > BUTTON_LIMIT} == {}


def test_questionnaire_texts_and_buttons_fit() -> None:
    for name in ("diagnosis_participant",):
        q = load_bundled(name)
        for item in q.items:
            for lang in LANGUAGES:
                text = item.text.get(lang) + (item.help.get(lang) if item.help else "")
                assert len(text) <= MESSAGE_LIMIT, (name, item.id, lang)
                for choice in engine.choices(q, item):
                    # As shown: "12. label", and "✓ " in front when ticked.
                    shown = f"✓ {choice.number}. {choice.label.get(lang)}"
                    assert len(shown) <= BUTTON_LIMIT, (name, item.id, choice.value, lang)


def _ukrainian_texts() -> list[tuple[str, str]]:
    texts = [(f"catalogue {k}", v) for k, v in _participant_messages("uk").items()]
    folder = Path(str(resources.files("flows") / "locales" / "uk"))
    for path in folder.glob("*.po"):
        with path.open("rb") as fh:
            for message in read_po(fh, locale="uk"):
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                texts.extend((f"{path.name} {message.id}", s) for s in strings if s)
    for path in bundled_dir().glob("*.yaml"):
        texts.append((path.name, path.read_text(encoding="utf-8")))
    return texts


def test_one_apostrophe_in_ukrainian() -> None:
    """Ukrainian words take the typographic apostrophe ’ only (not ' or ʼ)."""
    letters = "А-Яа-яІіЇїЄєҐґ"
    wrong = re.compile(rf"[{letters}]['ʼ`][{letters}]")
    found = [
        (where, m.group())
        for where, text in _ukrainian_texts()
        if ".v1." not in where  # a superseded version stays as it was published
        for m in wrong.finditer(text)
    ]
    assert found == []


def test_one_word_for_question_in_ukrainian() -> None:
    """ "Запитання" is a question; "питання" (a matter) is not used for one."""
    found = [
        where
        for where, text in _ukrainian_texts()
        # words.* list what people may type, so they keep the everyday "питання" too.
        if ".v1." not in where
        and " words." not in where
        and re.search(r"(?<![А-Яа-яІіЇїЄєҐґ])[Пп]итанн", text)
    ]
    assert found == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sphere_names_are_the_questionnaire_section_titles(lang: str) -> None:
    q = load_bundled("diagnosis_participant")
    for section in q.sections:
        assert translate(lang, f"sphere.{section.sphere}") == section.title.get(lang)
