"""A first end-to-end run: join by link, language, consent, first question."""

from __future__ import annotations

import pytest

from tests.harness import Kisbot

# Over HTTP: a whole journey over HTTP: join, language, consent, first question.
pytestmark = pytest.mark.over_http


async def test_join_and_first_question(kisbot: Kisbot) -> None:
    _, code = await kisbot.invite("Ala")
    ala = kisbot.server.user(1001, "Ala", language_code="pl")
    await ala.start_link(code)
    assert "Wybierz język" in (ala.last.text or "")
    await ala.click("Polski")
    assert ala.last.buttons[0] == ["Zgadzam się"]
    await ala.click("Zgadzam się")
    assert "1/9" in (ala.last.text or "")
