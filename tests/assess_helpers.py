"""Helpers for the staff assessment and readings over time (tests/test_staff_assess.py,
tests/test_readings_over_time.py): a participant who submitted, and a staff member's walk."""

from __future__ import annotations

from dataclasses import dataclass

from questionnaires.model import MultipleItem, Questionnaire, TextItem
from tests.fakebot.users import BotMessage, FakeUser
from tests.intake_helpers import answer_with_buttons, on_screen, safe_option, t


async def submit_all(person: FakeUser, q: Questionnaire, option: int = 1) -> None:
    """Answer every question with option `option` (never a crisis answer), then submit."""
    for _ in range(3 * len(q.items)):
        if on_screen(person) is None:
            break
        await answer_with_buttons(person, q, lambda i: safe_option(q, i, option))
    await person.click(t(person_language(person), "review.submit"))


def person_language(person: FakeUser) -> str:
    """The language the test user's phone reports (the tests choose the same one)."""
    return str(person.user.get("language_code", "pl"))


@dataclass(frozen=True)
class StaffQuestion:
    """The staff assessment question in a message, read from its buttons (`1:aq:...`)."""

    message: BotMessage
    reading_id: int
    position: int

    def data(self, action: str, argument: int | None = None) -> str:
        """The callback data of one of its buttons."""
        tail = "" if argument is None else f":{argument}"
        return f"1:aq:{self.reading_id}:{self.position}:{action}{tail}"

    def label(self, action: str, argument: int | None = None) -> str:
        """The label of the button with this data."""
        wanted = self.data(action, argument)
        for labels, datas in zip(self.message.buttons, self.message.button_data, strict=True):
            for label, data in zip(labels, datas, strict=True):
                if data == wanted:
                    return label
        raise AssertionError(f"no button {wanted} in {self.message}")


def staff_question(user: FakeUser) -> StaffQuestion | None:
    """The assessment question in the user's last message, or None."""
    message = user.last
    for row in message.button_data:
        for data in row:
            fields = (data or "").split(":")
            if len(fields) >= 5 and fields[:2] == ["1", "aq"]:
                return StaffQuestion(message, int(fields[2]), int(fields[3]))
    return None


async def press(user: FakeUser, shown: StaffQuestion, action: str, arg: int | None = None) -> None:
    """Press one of the question's buttons by its label."""
    await user.click(shown.label(action, arg), in_message=shown.message)


async def answer_staff(user: FakeUser, q: Questionnaire, rating: int = 3) -> StaffQuestion:
    """Answer the question on screen: a note typed, the last option of a checklist ("none"),
    or `rating` on a scale."""
    shown = staff_question(user)
    assert shown is not None, f"no assessment question on screen: {user.last}"
    item = q.items[shown.position]
    if isinstance(item, TextItem):
        await user.send(f"Notatka {item.id}")
    elif isinstance(item, MultipleItem):
        await press(user, shown, "t", len(item.options))
        await press(user, shown, "d")
    else:
        await press(user, shown, "o", rating)
    return shown


async def answer_staff_to_review(user: FakeUser, q: Questionnaire) -> None:
    """Answer until the review is shown."""
    for _ in range(2 * len(q.items)):
        if staff_question(user) is None:
            return
        await answer_staff(user, q)
    raise AssertionError("the review never came")
