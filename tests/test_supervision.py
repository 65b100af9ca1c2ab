"""/supervision for leaders, hand-checked: a safety flag in the latest self-assessment, a
review overdue, no agreed plan over 14 days after admission, nobody at a session for 21 days;
the club report carries the counts."""

from __future__ import annotations

from datetime import timedelta

from questionnaires.loader import load_bundled
from questionnaires.model import Answer
from tests.harness import Kisbot
from tests.schedule_helpers import plan, staff_member, utc


async def test_the_four_lists(kisbot: Kisbot) -> None:
    leader = await staff_member(kisbot)
    now = kisbot.clock.now()  # 24.11.2026
    club_id = await kisbot.club()
    async with kisbot.db.transaction() as tx:
        ala = await tx.participants.create(club_id, "Ala", now - timedelta(days=30))
        await tx.participants.create(club_id, "Bartek", now - timedelta(days=5))
        cyryl = await tx.participants.create(club_id, "Cyryl", now - timedelta(days=40))
        dora = await tx.participants.create(club_id, "Dora", now - timedelta(days=1))
        for person in (ala, cyryl, dora):
            await tx.participants.set_consent(club_id, person.id, "given", now)
        path = await tx.support_paths.create(club_id, cyryl.id, now)
        await tx.support_paths.agree(club_id, path.id, (now - timedelta(days=20)).date())
        await tx.support_paths.set_review_date(club_id, path.id, (now - timedelta(days=3)).date())
        q = load_bundled("diagnosis_participant")
        reading = await tx.readings.create(
            dora.id, "entry", "participant", q.id, q.version, None, now
        )
        await tx.readings.save_answer(
            reading.id, "life_worth", Answer(status="answered", value="often"), now
        )
    [session] = await plan(kisbot, "24.11.2026 10:00", participants=(cyryl.id,))
    kisbot.clock.set(utc(2026, 11, 24, 12))
    async with kisbot.db.transaction() as tx:
        await tx.attendance.record(
            club_id, session.id, cyryl.id, "present",
            minutes=None, reason=None, staff_id=None, now=kisbot.clock.now(),
        )  # fmt: skip
    await leader.send("/supervision")
    assert leader.last.text == (
        "Superwizja, stan na 24.11.2026\n\n"
        "Sygnały bezpieczeństwa w ostatniej samoocenie: 1\n\n"
        f"• Dora (#{dora.id}), odczyt z 24.11.2026\n\n"
        "Przegląd planu po terminie: 1\n\n"
        f"• Cyryl (#{cyryl.id}), przegląd do 21.11.2026\n\n"
        "Bez uzgodnionego planu ponad 14 dni od przyjęcia: 1\n\n"
        f"• Ala (#{ala.id}), przyjęta/y 25.10.2026 (30 dni)\n\n"
        "Nieobecni na zajęciach od 21 dni: 1\n\n"
        f"• Ala (#{ala.id})"
    )


async def test_only_leaders(kisbot: Kisbot) -> None:
    await staff_member(kisbot)
    async with kisbot.db.transaction() as tx:
        await tx.staff.add(await kisbot.club(), 4701, "Marek", "specialist", kisbot.clock.now())
        await tx.participants.create(
            await kisbot.club(), "Ala", kisbot.clock.now() - timedelta(days=30)
        )
    specialist = kisbot.server.user(4701, "Marek")
    await specialist.send("/supervision")
    assert "Ala" not in (specialist.last.text or "")
