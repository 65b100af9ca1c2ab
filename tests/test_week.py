"""/week: the club's week day by day with expected and attending counts; previous and next
week by buttons; forged weeks and other clubs' staff get nothing."""

from __future__ import annotations

from tests.harness import Kisbot
from tests.schedule_helpers import join, plan, staff_member, utc


async def test_the_week_with_counts_and_the_next_week(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot)
    _, ala = await join(kisbot, 4401, "Ala")
    await join(kisbot, 4402, "Bartek")
    [workshop] = await plan(kisbot, "24.11.2026 11:00", title="Warsztat")
    await plan(kisbot, "26.11.2026 09:00", title="Pracownia", participants=(ala,))
    await plan(kisbot, "01.12.2026 10:00", title="Akademia")
    kisbot.clock.set(utc(2026, 11, 24, 12))
    async with kisbot.db.transaction() as tx:
        await tx.attendance.record(
            await kisbot.club(), workshop.id, ala, "late",
            minutes=30, reason=None, staff_id=None, now=kisbot.clock.now(),
        )  # fmt: skip
    await staff.send("/week")
    assert staff.last.text == (
        "Tydzień 23.11 – 29.11.2026\n\n"
        "Wtorek 24.11\n\n"
        f"11:00 Warsztat (#{workshop.id}): zapisanych 2, obecnych 1, odnotowano 1\n\n"
        "Czwartek 26.11\n\n"
        f"09:00 Pracownia (#{workshop.id + 1}): zapisanych 1, obecnych 0, odnotowano 0"
    )
    await staff.click("Następny ▶")
    assert (staff.last.text or "").startswith("Tydzień 30.11 – 06.12.2026\n\nWtorek 01.12")
    await staff.click("◀ Poprzedni")
    await staff.click("◀ Poprzedni")
    assert staff.last.text == "Tydzień 16.11 – 22.11.2026\n\nW tym tygodniu nie ma zajęć."
    shown = len(staff.messages)
    await staff.click_data("1:wk:1")  # a forged week: a pop-up, the screen stays
    assert len(staff.messages) == shown
    assert staff.last.text == "Tydzień 16.11 – 22.11.2026\n\nW tym tygodniu nie ma zajęć."
    assert staff.callback_answers[-1].text


async def test_only_staff_see_the_week(kisbot: Kisbot) -> None:
    await staff_member(kisbot)
    person, _ = await join(kisbot, 4411, "Ala")
    await plan(kisbot, "24.11.2026 11:00", title="Warsztat")
    await person.send("/week")
    assert "Warsztat" not in (person.last.text or "")
