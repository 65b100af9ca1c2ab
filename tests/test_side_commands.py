"""/mydata and /privacy in the middle of the questionnaire, and "keep" after them, bring the
current question back, so the person goes on where they were."""

from __future__ import annotations

import pytest

from questionnaires.model import Questionnaire
from tests.fakebot.users import FakeUser
from tests.harness import Kisbot
from tests.intake_helpers import (
    answer_until,
    answer_with_buttons,
    answers_of,
    bundled,
    current,
    join,
    safe_option,
    t,
)


async def _two_answered(kisbot: Kisbot, lang: str = "pl") -> tuple[Questionnaire, FakeUser, int]:
    q = bundled()
    person, pid = await join(kisbot, 1001, "Ala", lang=lang)
    await answer_until(person, q, q.items[2].id)
    return q, person, pid


@pytest.mark.parametrize("lang", ["pl", "uk"])
async def test_mydata_then_the_question_again(kisbot: Kisbot, lang: str) -> None:
    q, person, pid = await _two_answered(kisbot, lang)
    asked, item = current(person, q)
    await person.send("/mydata")
    assert t(lang, "mydata.footer") in [m.text for m in person.messages[-3:]]
    again, same = current(person, q)  # the last message is the same question, with its buttons
    assert same.id == item.id
    assert again.message.text == asked.message.text
    await answer_with_buttons(person, q, lambda i: safe_option(q, i, 1))
    assert item.id in await answers_of(kisbot, pid)


async def test_privacy_then_the_question_again_and_after_keeping_consent(kisbot: Kisbot) -> None:
    q, person, pid = await _two_answered(kisbot)
    _, item = current(person, q)
    await person.send("/privacy")
    assert t("pl", "consent.rights") in [m.text for m in person.messages[-2:]]
    assert current(person, q)[1].id == item.id
    rights = next(m for m in person.messages if m.text == t("pl", "consent.rights"))
    await person.click(t("pl", "privacy.withdraw"), in_message=rights)
    await person.click(t("pl", "privacy.withdraw_keep"))
    assert current(person, q)[1].id == item.id
    await person.send("/delete")
    await person.click(t("pl", "delete.keep"))
    assert current(person, q)[1].id == item.id
    await answer_with_buttons(person, q, lambda i: safe_option(q, i, 1))
    assert item.id in await answers_of(kisbot, pid)


async def test_nothing_is_added_when_no_questionnaire_is_under_way(kisbot: Kisbot) -> None:
    _, code = await kisbot.invite("Ala")
    person = kisbot.server.user(1002, "Ala")
    await person.start_link(code)
    await person.click("Polski")
    await person.send("/privacy")  # before consent: the decision buttons stay last
    assert person.last.buttons == [
        [t("pl", "consent.agree")],
        [t("pl", "consent.question")],
        [t("pl", "consent.disagree")],
    ]
