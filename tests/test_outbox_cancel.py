"""Withdrawing consent, leaving and graduating cancel what the bot still meant to send the
person (reminders, notices), staff are told in one line, and nothing new is queued for them."""

from __future__ import annotations

from flows.schedule import planning
from tests.case_helpers import open_card
from tests.fakebot.users import FakeUser
from tests.harness import Kisbot
from tests.schedule_helpers import at, join, plan, reminders, staff_member, t, texts, utc

# Every reminder moment of sessions on 25.11 at 10:00 and 12:00 and on 26.11 at 10:00.
MOMENTS = (
    utc(2026, 11, 24, 17, 0),
    utc(2026, 11, 25, 8, 0),
    utc(2026, 11, 25, 10, 0),
    utc(2026, 11, 25, 17, 0),
    utc(2026, 11, 26, 8, 0),
)


def cancelled(name: str, participant_id: int, count: int) -> str:
    return t("pl", "staff_alert.outbox_cancelled", name=name, id=participant_id, count=count)


async def withdraw(person: FakeUser) -> None:
    await person.send("/privacy")
    rights = next(m for m in reversed(person.messages) if m.text == t("pl", "consent.rights"))
    await person.click(t("pl", "privacy.withdraw"), in_message=rights)
    await person.click(t("pl", "privacy.withdraw_confirm"))


async def _no_reminders_come(kisbot: Kisbot, person: FakeUser) -> None:
    before = len(person.messages)
    for moment in MOMENTS:
        await at(kisbot, moment)
    assert reminders(person) == []
    assert person.messages[before:] == []


async def test_withdrawing_consent_cancels_reminders_and_staff_are_told(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot)
    person, pid = await join(kisbot, 4901, "Ala")
    other, _ = await join(kisbot, 4902, "Olek")
    [session] = await plan(kisbot, "25.11.2026 10:00")  # two reminders each
    await withdraw(person)
    await kisbot.run_outbox()
    assert texts(staff) == [
        t("pl", "staff_alert.consent_withdrawn", name="Ala", id=pid),
        cancelled("Ala", pid, 2),
    ]
    # The session moves: its reminders are planned again, but not for Ala; nor a new one's.
    async with kisbot.db.transaction() as tx:
        await planning.change(
            tx,
            await kisbot.club(),
            session,
            place="sala 3",
            changed_by="test",
            now=kisbot.clock.now(),
            default_language="pl",
        )
    await plan(kisbot, "25.11.2026 12:00", title="Drugie")
    await _no_reminders_come(kisbot, person)
    assert len(reminders(other)) == 4  # the others still get theirs


async def test_graduating_cancels_reminders_but_the_thank_you_goes(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot)
    person, pid = await join(kisbot, 4911, "Ala")
    await plan(kisbot, "25.11.2026 10:00")
    card = await open_card(staff, "Ala", pid)
    await staff.click(t("pl", "card.button_finish"), in_message=card)
    await staff.click(t("pl", "finish.graduate"))
    await staff.click(t("pl", "outcome.education"))
    before = len(staff.messages)
    await staff.click(t("pl", "finish.confirm"))
    await kisbot.run_outbox()
    assert cancelled("Ala", pid, 2) in texts(staff)[before:]
    assert [m.text for m in person.messages][-1] == t("pl", "finish.thanks")
    await _no_reminders_come(kisbot, person)


async def test_leaving_cancels_reminders_and_staff_are_told(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot)
    person, pid = await join(kisbot, 4921, "Bogdan")
    await plan(kisbot, "25.11.2026 10:00")
    await plan(kisbot, "26.11.2026 10:00", title="Drugie")
    card = await open_card(staff, "Bogdan", pid)
    await staff.click(t("pl", "card.button_finish"), in_message=card)
    await staff.click(t("pl", "finish.left"))
    await staff.click(t("pl", "leaving.moved"))
    await staff.send("Wyjazd")
    before = len(staff.messages)
    await staff.click(t("pl", "finish.confirm"))
    await kisbot.run_outbox()
    assert cancelled("Bogdan", pid, 4) in texts(staff)[before:]
    await _no_reminders_come(kisbot, person)


async def test_nothing_pending_means_no_line_for_staff(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot)
    person, pid = await join(kisbot, 4931, "Ala")
    await withdraw(person)
    await kisbot.run_outbox()
    assert texts(staff) == [t("pl", "staff_alert.consent_withdrawn", name="Ala", id=pid)]
