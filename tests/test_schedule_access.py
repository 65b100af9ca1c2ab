"""Access: /session, /today, /calendar, attendance and the RSVP buttons, for staff of another
club, a deactivated staff member, a participant and a stranger; forged data changes nothing."""

from __future__ import annotations

from tests.harness import Kisbot
from tests.schedule_helpers import at, join, plan, reminders, staff_member, utc

NOT_AVAILABLE = "To polecenie nie jest dostępne."


async def test_the_schedule_access_matrix(kisbot: Kisbot) -> None:
    await staff_member(kisbot)
    _, ala_id = await join(kisbot, 4501, "Ala")
    bob, bob_id = await join(kisbot, 4502, "Bob")
    [mine] = await plan(kisbot, "24.11.2026 10:30", participants=(ala_id,))
    async with kisbot.db.transaction() as tx:
        other = await tx.clubs.create("KIS Inny", "KIS", "Europe/Warsaw", kisbot.clock.now())
        await tx.staff.add(other.id, 4511, "Obca", "leader", kisbot.clock.now())
        gone = await tx.staff.add(await kisbot.club(), 4512, "Była", "leader", kisbot.clock.now())
        await tx.staff.deactivate(await kisbot.club(), gone.id, kisbot.clock.now())
    foreign = kisbot.server.user(4511, "Obca")
    deactivated = kisbot.server.user(4512, "Była")
    stranger = kisbot.server.user(4513, "Obcy")
    kisbot.clock.set(utc(2026, 11, 24, 10))  # the session has started: attendance is open
    for person in (foreign, deactivated, bob, stranger):
        for command in ("/session", f"/session {mine.id}", "/today", "/calendar", "/calendar 1"):
            await person.send(command)
            text = person.last.text or ""
            assert "Spotkanie" not in text, (person.user["first_name"], command)
            if person is not foreign or command in (f"/session {mine.id}", "/calendar 1"):
                assert text == NOT_AVAILABLE, (person.user["first_name"], command, text)
        # Staff of another club get their own club's calendar, without this club's session.
        for upload in person.documents:
            assert b"Spotkanie" not in upload.content
        assert person is foreign or not person.documents
        for data in (
            f"1:zq:{mine.id}:{ala_id}:u",
            f"1:zy:{mine.id}",
            f"1:zv:{mine.id}",
            f"1:zx:{mine.id}:1",
            f"1:ze:{mine.id}:p",
            f"1:zs:{mine.id}",
        ):
            await person.click_data(data)
            assert "Spotkanie" not in (person.last.text or "")
    # Bob, not invited, forges an RSVP for Ala's session; a stranger tries too.
    await bob.click_data(f"1:rv:{mine.id}:n")
    await stranger.click_data(f"1:rv:{mine.id}:n")
    async with kisbot.db.transaction() as tx:
        session = await tx.schedule.get(await kisbot.club(), mine.id)
        attendees = await tx.schedule.attendees(mine.id)
        assert session is not None
        assert session.status == "planned"
        assert [(a.display_name, a.rsvp, a.attended) for a in attendees] == [("Ala", "none", None)]
        assert await tx.schedule.attendee(mine.id, bob_id) is None


async def test_a_participant_cannot_answer_for_another_clubs_session(kisbot: Kisbot) -> None:
    ala, ala_id = await join(kisbot, 4521, "Ala")
    async with kisbot.db.transaction() as tx:
        other = await tx.clubs.create("KIS Inny", "KIS", "Europe/Warsaw", kisbot.clock.now())
        outsider = await tx.participants.create(other.id, "Zed", kisbot.clock.now())
    [mine] = await plan(kisbot, "25.11.2026 10:00")
    await at(kisbot, utc(2026, 11, 24, 17, 0))
    assert len(reminders(ala)) == 1
    # A session id of another club, or a made-up one: stale, nothing stored.
    await ala.click_data(f"1:rv:{mine.id + 1000}:y")
    await ala.click_data("1:rv:99999999999999999999999:y")
    await ala.click_data(f"1:rv:{mine.id}:maybe")
    async with kisbot.db.transaction() as tx:
        mine_ala = await tx.schedule.attendee(mine.id, ala_id)
        assert mine_ala is not None
        assert mine_ala.rsvp == "none"
        assert await tx.schedule.attendee(mine.id, outsider.id) is None
