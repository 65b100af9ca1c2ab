"""Helpers for the staff assessment and readings over time (tests/test_staff_assess.py,
tests/test_readings_over_time.py): a participant who submitted, and a staff member's walk."""

from __future__ import annotations

from questionnaires.model import MultipleItem, Questionnaire, TextItem
from tests.fakebot.users import FakeUser
from tests.intake_helpers import OnScreen, answer_with_buttons, on_screen, safe_option, t


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


# A staff assessment's question: the same as a participant's, with `1:aq:` buttons.
StaffQuestion = OnScreen


def staff_question(user: FakeUser) -> StaffQuestion | None:
    """The assessment question in the user's last message, or None."""
    message = user.last
    for row in message.button_data:
        for data in row:
            fields = (data or "").split(":")
            if len(fields) >= 5 and fields[:2] == ["1", "aq"]:
                return OnScreen(message, int(fields[2]), int(fields[3]), kind="aq")
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
