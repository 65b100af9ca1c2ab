"""The two-thirds rule for a sample week: planned and attended hours in reintegration kinds
against all hours, on the participant card and in the digest, flagged below 2/3."""

from __future__ import annotations

from exports.two_thirds import week_share
from tests.harness import Kisbot
from tests.schedule_helpers import ZONE, at, join, plan, staff_member, texts, utc


async def test_a_sample_week(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot)
    _, ala = await join(kisbot, 4401, "Ala")
    # Week of Monday 23.11.2026: 2 h workshop + 1 h counselling (reintegration), 2 h vocational.
    await plan(kisbot, "24.11.2026 11:00", kind="group_workshop", minutes=120, participants=(ala,))
    await plan(kisbot, "25.11.2026 11:00", kind="vocational", minutes=120, participants=(ala,))
    await plan(
        kisbot, "26.11.2026 11:00", kind="individual_counselling", minutes=60, participants=(ala,)
    )
    await plan(kisbot, "01.12.2026 11:00", kind="vocational", minutes=600, participants=(ala,))
    club = await kisbot.club()
    async with kisbot.db.transaction() as tx:
        share = await week_share(tx, club, ala, utc(2026, 11, 24, 8).date(), ZONE)
    assert (share.planned, share.planned_reintegration) == (300, 180)  # 3 h of 5 h = 60 %
    assert share.below
    # Attended: the workshop only.
    kisbot.clock.set(utc(2026, 11, 24, 12))
    await staff.send("/today")
    await staff.click("11:00 Spotkanie w klubie")
    await staff.click("Obecność")
    await staff.click("Ala: ?")
    await staff.send(f"/card {ala}")
    card = next(m for m in texts(staff) if "Plan tego tygodnia" in m)
    assert (
        "Plan tego tygodnia: 5 h, w tym reintegracja społeczna 3 h (60%). "
        "Obecność: 2 h, reintegracja 2 h (100%). Nieobecności: 0.\n"
        "⚠ Poniżej 2/3 reintegracji społecznej." in card
    )
    # The next day's digest flags her too.
    await at(kisbot, utc(2026, 11, 25, 7, 0))
    digest = next(m for m in texts(staff) if m.startswith("Podsumowanie dnia 25.11.2026"))
    assert "⚠ Poniżej 2/3 reintegracji społecznej w planie tego tygodnia: Ala 60%" in digest


async def test_two_thirds_exactly_is_not_flagged(kisbot: Kisbot) -> None:
    _, ala = await join(kisbot, 4402, "Ala")
    await plan(kisbot, "24.11.2026 11:00", kind="group_workshop", minutes=120, participants=(ala,))
    await plan(kisbot, "25.11.2026 11:00", kind="vocational", minutes=60, participants=(ala,))
    async with kisbot.db.transaction() as tx:
        share = await week_share(tx, await kisbot.club(), ala, utc(2026, 11, 24, 8).date(), ZONE)
    assert not share.below
