"""A whole intake typed, never pressing a button, in each language: language, consent, every
question, review and submit; every message fits (500 characters) and every button (32)."""

from __future__ import annotations

import pytest

from questionnaires.model import MultipleItem
from tests.harness import Kisbot
from tests.intake_helpers import bundled, on_screen, participant, reading_of, t

TYPED = {
    "pl": ("polski", "zgadzam się", "gotowe", "wyślij"),
    "uk": ("українська", "погоджуюся", "готово", "надіслати"),
    "en": ("English", "I agree", "done", "send"),
}


@pytest.mark.parametrize("lang", ["pl", "uk", "en"])
async def test_a_whole_intake_typed_only(kisbot: Kisbot, lang: str) -> None:
    language, agree, done, send = TYPED[lang]
    q = bundled()
    participant_id, code = await kisbot.invite("Ola")
    # The phone says nothing useful about the language: the person types it.
    person = kisbot.server.user(1001, "Ola", language_code="de")
    await person.start_link(code)
    await person.send("tak?")  # not a language: one sentence saying what to type
    assert (person.last.text or "").startswith(t("pl", "hint.language"))
    await person.send(language)
    await person.send("hmm")  # not a decision: what to type
    assert (person.last.text or "").startswith(t(lang, "hint.consent"))
    await person.send(agree)
    for _ in range(3 * len(q.items)):
        shown = on_screen(person)
        if shown is None:
            break
        item = q.items[shown.position]
        await person.send("1")
        if isinstance(item, MultipleItem):
            await person.send(done)
    assert (await reading_of(kisbot, participant_id)).status == "review"
    await person.send("?")
    assert t(lang, "hint.review") in [m.text for m in person.messages[-2:]]
    await person.send(send)
    assert (await participant(kisbot, participant_id)).status == "submitted"
    assert person.last.text == t(lang, "review.thanks")
    for message in person.messages:
        assert len(message.text or "") <= 500, message.text
        for row in message.buttons:
            for label in row:
                assert len(label) <= 32, label
