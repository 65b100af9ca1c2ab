"""Messages the bot sends on its own are worded in the recipient's language when they go out,
not in the language known when they were queued."""

from __future__ import annotations

from flows.common import LANGUAGE_NAMES
from tests.harness import Kisbot
from tests.intake_helpers import STAFF_ID, t
from tests.schedule_helpers import at, join, plan, reminders, staff_member, texts, utc

UK_DAY = "Нагадування: 25.11.2026, о 10:00 – Spotkanie w klubie.\nМісце: sala 2."


async def test_joining_later_in_ukrainian_gets_the_reminder_in_ukrainian(kisbot: Kisbot) -> None:
    _, code = await kisbot.invite("Olena")
    await plan(kisbot, "25.11.2026 10:00")  # planned before Olena opened her link
    olena = kisbot.server.user(4801, "Olena", language_code="pl")
    await olena.start_link(code)
    await olena.click(LANGUAGE_NAMES["uk"])
    await olena.click(t("uk", "consent.agree"))
    await at(kisbot, utc(2026, 11, 24, 17, 0))
    assert [m.text for m in reminders(olena)] == [UK_DAY]
    rsvp = [t("uk", "schedule.rsvp.yes"), t("uk", "schedule.rsvp.no")]
    assert reminders(olena)[0].buttons == [rsvp]


async def test_changing_the_language_after_planning_changes_the_reminder(kisbot: Kisbot) -> None:
    person, _ = await join(kisbot, 4802, "Olena", lang="pl")
    await plan(kisbot, "25.11.2026 10:00")
    await person.send("/language")
    await person.click(LANGUAGE_NAMES["uk"])
    await at(kisbot, utc(2026, 11, 24, 17, 0))
    assert [m.text for m in reminders(person)] == [UK_DAY]


async def test_a_staff_alert_waiting_for_its_time_follows_the_language_chosen_meanwhile(
    kisbot: Kisbot,
) -> None:
    staff = await staff_member(kisbot)
    async with kisbot.db.transaction() as tx:  # queued while Ewa's language was Polish
        await tx.outbox.enqueue(
            STAFF_ID,
            "staff_alert",
            "staff_alert.consent_question",
            {"name": "Ala", "id": 7},
            "pl",
            due_at=utc(2026, 11, 24, 9, 0),
            now=kisbot.clock.now(),
        )
    await staff.send("/language")
    await staff.click(LANGUAGE_NAMES["uk"])
    before = len(staff.messages)
    await at(kisbot, utc(2026, 11, 24, 9, 0))
    assert texts(staff)[before:] == [t("uk", "staff_alert.consent_question", name="Ala", id=7)]
