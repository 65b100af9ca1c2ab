"""The participant intake in the chat test language, shared by tests/test_intake_*.py.

Texts are taken from the message catalogues, so a test reads what the person reads; the
question on screen is found from its buttons' callback data (`1:q:<reading>:<item>:...`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from base.i18n import Param, translate
from flows.common import LANGUAGE_NAMES
from flows.staff.parsing import examples
from questionnaires import bundled as intake_questionnaire
from questionnaires import engine
from questionnaires.loader import load_bundled, load_questionnaire
from questionnaires.model import Answer, Item, MultipleItem, Questionnaire
from storage.repos.participants import Participant
from storage.repos.readings import Reading
from tests.fakebot.users import BotMessage, FakeUser
from tests.harness import Kisbot

STAFF_ID = 9001


def hint_dates(kisbot: Kisbot) -> dict[str, str]:
    """The example dates hints show today in the test club (Europe/Warsaw), by the clock."""
    return examples(kisbot.clock.now().astimezone(ZoneInfo("Europe/Warsaw")).date())


def t(lang: str, key: str, **params: Param) -> str:
    """A catalogue text as the person sees it."""
    return translate(lang, key, params or None)


def bundled() -> Questionnaire:
    """The participant questionnaire the bot uses."""
    return load_bundled("diagnosis_participant")


def use_questionnaire(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, text: str) -> Questionnaire:
    """Make the bot ask an inline questionnaire (id `diagnosis_participant`) instead."""
    path = tmp_path / "inline_questionnaire.yaml"
    path.write_text(text, encoding="utf-8")
    q = load_questionnaire(path)

    def load(questionnaire_id: str, version: int | None = None) -> Questionnaire:
        return q

    monkeypatch.setattr(intake_questionnaire, "load_bundled", load)
    return q


async def join(
    kisbot: Kisbot, telegram_id: int, name: str = "Ala", lang: str = "pl"
) -> tuple[FakeUser, int]:
    """Invited, opened the link, chose the language and agreed: the first question is shown."""
    person, participant_id, _ = await join_by_code(kisbot, telegram_id, name, lang)
    return person, participant_id


async def join_by_code(
    kisbot: Kisbot, telegram_id: int, name: str = "Ala", lang: str = "pl"
) -> tuple[FakeUser, int, str]:
    """As join(), with the invite code the person opened."""
    participant_id, code = await kisbot.invite(name)
    person = kisbot.server.user(telegram_id, name, language_code=lang)
    await person.start_link(code)
    await person.click(LANGUAGE_NAMES[lang])
    await person.click(t(lang, "consent.agree"))
    return person, participant_id, code


# A two-question intake: something typed (40 characters at most), then a yes or no.
SHORT_TALK = """
id: diagnosis_participant
version: 1
audience: participant
languages: [pl, uk, en]
title: {pl: "Krótka rozmowa", uk: "Коротка розмова", en: "A short talk"}
sections:
  - id: social
    sphere: social
    title: {pl: "Ludzie", uk: "Люди", en: "People"}
    items:
      - id: about
        type: text
        max_length: 40
        text: {pl: "Co lubisz?", uk: "Що ви любите?", en: "What do you like?"}
      - id: friends
        type: yesno
        text: {pl: "Czy masz przyjaciół?", uk: "Чи маєте ви друзів?", en: "Do you have friends?"}
"""


async def short_talk_submitted(
    kisbot: Kisbot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    name: str,
    typed: str,
    telegram_id: int = 1001,
) -> tuple[FakeUser, int, str]:
    """Someone invited as `name` goes through SHORT_TALK in Polish (types `typed`, says yes)
    and submits: the person, their participant id and the invite code."""
    use_questionnaire(monkeypatch, tmp_path, SHORT_TALK)
    person, participant_id, code = await join_by_code(kisbot, telegram_id, name)
    await person.send(typed)
    await person.click(person.last.buttons[0][0])  # "yes"
    await person.click(t("pl", "review.submit"))
    return person, participant_id, code


async def staff_member(kisbot: Kisbot, telegram_id: int = STAFF_ID) -> FakeUser:
    """An active leader of the club, with a Telegram chat the bot can write to."""
    await kisbot.add_staff(telegram_id)
    return kisbot.server.user(telegram_id, "Ewa", language_code="pl")


# --- what is on screen ----------------------------------------------------------------------


@dataclass(frozen=True)
class OnScreen:
    """The question a message asks, read from its buttons."""

    message: BotMessage
    reading_id: int
    position: int
    kind: str = "q"  # "aq" for a staff assessment's question

    def data(self, action: str, argument: int | None = None) -> str:
        """The callback data of one of this question's buttons."""
        tail = "" if argument is None else f":{argument}"
        return f"1:{self.kind}:{self.reading_id}:{self.position}:{action}{tail}"

    def label(self, action: str, argument: int | None = None) -> str:
        """The label of the button with this action (o option, t toggle, d, b, s, n, k)."""
        wanted = self.data(action, argument)
        for labels, datas in zip(self.message.buttons, self.message.button_data, strict=True):
            for label, data in zip(labels, datas, strict=True):
                if data == wanted:
                    return label
        raise AssertionError(f"no button {wanted} in {self.message}")

    def has(self, action: str) -> bool:
        """Whether a button with this action is offered."""
        flat = [d for row in self.message.button_data for d in row if d]
        return any(d == self.data(action) or d.startswith(self.data(action) + ":") for d in flat)


def on_screen(person: FakeUser) -> OnScreen | None:
    """The question in the person's last message, or None when it asks none."""
    message = person.last
    for row in message.button_data:
        for data in row:
            fields = (data or "").split(":")
            if len(fields) >= 5 and fields[:2] == ["1", "q"]:
                return OnScreen(message, int(fields[2]), int(fields[3]))
    return None


def current(person: FakeUser, q: Questionnaire) -> tuple[OnScreen, Item]:
    """The question shown last, and its item."""
    shown = on_screen(person)
    assert shown is not None, f"no question on screen: {person.last}"
    return shown, q.items[shown.position]


def texts(person: FakeUser, since: int = 0) -> list[str]:
    """The texts of the bot's messages from index `since` on."""
    return [m.text or "" for m in person.messages[since:]]


# --- answering by buttons -------------------------------------------------------------------


async def press(
    person: FakeUser, shown: OnScreen, action: str, argument: int | None = None
) -> None:
    """Press one of the question's buttons by its label, as a person would."""
    await person.click(shown.label(action, argument), in_message=shown.message)


def option_number(q: Questionnaire, item: Item, option_id: str) -> int:
    """The number of an option's button (1 = first), found by its id, not its place."""
    return next(
        n for n, c in enumerate(engine.choices(q, item), start=1) if str(c.value) == option_id
    )


def safe_option(q: Questionnaire, item: Item, wanted: int) -> int:
    """Option number `wanted` (or the last one), avoiding crisis answers."""
    options = engine.choices(q, item)
    number = min(wanted, len(options))
    if (flagged := options[number - 1].option) is not None and flagged.safety_flag:
        number = next(c.number for c in options if not (c.option and c.option.safety_flag))
    return number


async def answer_with_buttons(
    person: FakeUser, q: Questionnaire, choose: Callable[[Item], int | str]
) -> OnScreen:
    """Answer the question on screen: an option number, or an action such as "s" (Skip).

    Multiple choice toggles option `n` and the one after it (if any), then presses Done.
    """
    shown, item = current(person, q)
    picked = choose(item)
    if isinstance(picked, str):
        await press(person, shown, picked)
    elif isinstance(item, MultipleItem):
        await press(person, shown, "t", picked)
        if picked < len(item.options) and not item.options[picked].exclusive:
            await press(person, shown, "t", picked + 1)
        await press(person, shown, "d")
    else:
        await press(person, shown, "o", picked)
    return shown


async def answer_until(person: FakeUser, q: Questionnaire, item_id: str) -> None:
    """Answer with the first (safe) option until `item_id` is the question on screen."""
    for _ in range(len(q.items)):
        _, item = current(person, q)
        if item.id == item_id:
            return
        await answer_with_buttons(person, q, lambda i: safe_option(q, i, 1))
    raise AssertionError(f"{item_id} never came")


# --- the database ---------------------------------------------------------------------------


async def reading_of(kisbot: Kisbot, participant_id: int) -> Reading:
    """The participant's (only) self-assessment reading."""
    async with kisbot.db.transaction() as tx:
        readings = await tx.readings.for_participant(participant_id)
    mine = [r for r in readings if r.respondent == "participant"]
    assert len(mine) == 1, mine
    return mine[0]


async def answers_of(kisbot: Kisbot, participant_id: int) -> dict[str, Answer]:
    """The stored answers of the participant's reading."""
    reading = await reading_of(kisbot, participant_id)
    async with kisbot.db.transaction() as tx:
        return await tx.readings.answers(reading.id)


async def participant(kisbot: Kisbot, participant_id: int) -> Participant:
    """The participant as stored."""
    club_id = await kisbot.club()
    async with kisbot.db.transaction() as tx:
        found = await tx.participants.get(club_id, participant_id)
    assert found is not None
    return found
