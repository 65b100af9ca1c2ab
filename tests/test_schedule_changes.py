"""Changing a planned session's length and who attends it, for one occurrence: attendees
added get its reminders, those removed stop getting them and are told, every change audited."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from flows.schedule import planning
from storage.repos.schedule import Session
from tests.fakebot.users import FakeUser
from tests.harness import Kisbot
from tests.schedule_helpers import (
    ZONE,
    at,
    join,
    plan,
    reminders,
    staff_member,
    t,
    texts,
    utc,
)


async def _audit(kisbot: Kisbot, subject: str) -> list[tuple[str, str | None]]:
    """(action, detail) of the audit entries about sessions for one subject."""
    async with kisbot.db.transaction() as tx:
        entries = await tx.audit.for_subject(await kisbot.club(), subject)
    return [(e.action, e.detail) for e in entries if e.action.startswith("session.")]


def _people(staff: FakeUser) -> list[str]:
    return [
        row[0]
        for row, data in zip(staff.last.buttons, staff.last.button_data, strict=True)
        if (data[0] or "").startswith("1:zi:")
    ]


async def test_the_length_of_one_session_changes_and_nobody_is_bothered(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot)
    person, participant_id = await join(kisbot, 4301)
    first, second = await plan(kisbot, "26.11.2026 10:00", until=utc(2026, 12, 3, 0).date())
    await staff.send(f"/session {first.id}")
    await staff.click(t("pl", "schedule.button.duration"))
    assert staff.last.text == t("pl", "schedule.change.scope_ask", title="Spotkanie w klubie")
    await staff.click(t("pl", "schedule.change.scope_one"))
    assert staff.last.text == t("pl", "schedule.change.ask_d", minutes=60)
    for wrong in ("półtorej godziny", "0", "9" * 4000):
        await staff.send(wrong)
        assert staff.last.text == t("pl", "schedule.error.duration"), wrong
    await staff.send("90")
    assert staff.last.text == t("pl", "schedule.change.duration_done", minutes=90)
    await staff.send(f"/session {first.id}")
    assert "26.11.2026, godz. 10:00, 90 min" in (staff.last.text or "")
    await staff.send(f"/session {second.id}")  # one occurrence, as other changes
    assert "03.12.2026, godz. 10:00, 60 min" in (staff.last.text or "")
    assert ("session.changed", "duration:60->90") in await _audit(kisbot, f"session:{first.id}")
    # The planned hours count the new length (the participant's card and the digest use them).
    async with kisbot.db.transaction() as tx:
        week = await tx.schedule.week_hours(
            await kisbot.club(), participant_id, utc(2026, 11, 23, 0), utc(2026, 11, 30, 0)
        )
    assert [minutes for _, minutes, _ in week] == [90]
    await kisbot.run_outbox()
    assert not any("Zmiana" in text for text in texts(person))


async def test_attendees_added_get_reminders_and_removed_ones_are_told_and_stop(
    kisbot: Kisbot,
) -> None:
    staff = await staff_member(kisbot)
    ala, ala_id = await join(kisbot, 4302, "Ala")
    bartek, bartek_id = await join(kisbot, 4303, "Bartek")
    celina, celina_id = await join(kisbot, 4304, "Celina")
    for n in range(12):  # more than one page: the search and pages work here too
        await kisbot.invite(f"Osoba {n:02}")
    [session] = await plan(kisbot, "25.11.2026 10:00", participants=(ala_id, bartek_id))
    await staff.send(f"/session {session.id}")
    await staff.click(t("pl", "schedule.button.attendees"))
    assert staff.last.text is not None
    assert staff.last.text.startswith(
        t("pl", "schedule.people.ask_chosen", id=session.id, title="Spotkanie w klubie")
    )
    assert _people(staff)[:3] == [
        f"✓ Ala #{ala_id}",
        f"✓ Bartek #{bartek_id}",
        f"Celina #{celina_id}",
    ]
    assert t("pl", "schedule.pick.chosen", count=2) in staff.last.text
    await staff.click("Bartek")
    await staff.send("celi")
    await staff.click("Celina")
    assert _people(staff) == [f"✓ Celina #{celina_id}"]
    await staff.click(t("pl", "schedule.new.done"))
    assert staff.last.text == t("pl", "schedule.people.saved", added=1, removed=1)

    await kisbot.run_outbox()
    told = "Zmiana planu: Spotkanie w klubie, 25.11.2026, godz. 10:00 – nie musisz przychodzić"
    assert any(text.startswith(told) for text in texts(bartek))
    assert not any(text.startswith("Zmiana planu") for text in texts(ala) + texts(celina))
    await at(kisbot, utc(2026, 11, 24, 17, 0))  # the day before, 18:00 club time
    assert len(reminders(ala)) == 1
    assert len(reminders(celina)) == 1
    assert reminders(bartek) == []

    # Bartek back after the day-before reminders went out: he gets his, nobody gets a second.
    await staff.send(f"/session {session.id}")
    await staff.click(t("pl", "schedule.button.attendees"))
    await staff.click("Bartek")
    await staff.click(t("pl", "schedule.new.done"))
    await kisbot.run_outbox()
    assert len(reminders(bartek)) == 1
    assert len(reminders(ala)) == 1
    assert len(reminders(celina)) == 1
    await at(kisbot, utc(2026, 11, 25, 8, 0))  # the hour before
    assert [len(reminders(p)) for p in (ala, bartek, celina)] == [2, 2, 2]

    assert await _audit(kisbot, f"participant:{celina_id}") == [
        ("session.attendee_added", str(session.id))
    ]
    assert await _audit(kisbot, f"participant:{bartek_id}") == [
        ("session.attendee_removed", str(session.id)),
        ("session.attendee_added", str(session.id)),
    ]
    assert [
        d for a, d in await _audit(kisbot, f"session:{session.id}") if a == "session.changed"
    ] == [
        "attendees:+1-1",
        "attendees:+1-0",
    ]


async def test_one_person_replaced_and_what_cannot_change(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot)
    ala, ala_id = await join(kisbot, 4305, "Ala")
    _, bartek_id = await join(kisbot, 4306, "Bartek")
    async with kisbot.db.transaction() as tx:
        # A consultation for one person, as /session plans it.
        start = utc(2026, 11, 25, 9, 0)
        [session] = await planning.create(
            tx,
            await kisbot.club(),
            planning.Plan(
                kind="group_workshop",
                title="Konsultacja",
                place="pokój 1",
                starts_at=start,
                duration_minutes=45,
                audience="one",
                participant_ids=(ala_id,),
            ),
            "test",
            kisbot.clock.now(),
            "pl",
        )
    [club_wide] = await plan(kisbot, "26.11.2026 10:00")
    await staff.send(f"/session {club_wide.id}")
    labels = [label for row in staff.last.buttons for label in row]
    assert t("pl", "schedule.button.attendees") not in labels  # the whole club attends
    assert t("pl", "schedule.button.duration") in labels

    await staff.send(f"/session {session.id}")
    await staff.click(t("pl", "schedule.button.attendees"))
    old_list = staff.last
    assert _people(staff) == [f"✓ Ala #{ala_id}", f"Bartek #{bartek_id}"]
    assert t("pl", "schedule.new.done") not in [b for row in staff.last.buttons for b in row]
    await staff.send("bart")
    # The first list is not the one on screen any more.
    answer = await staff.click("Bartek", in_message=old_list)
    assert answer is not None
    assert answer.text == t("pl", "button.stale")
    await staff.click("Bartek")
    assert staff.last.text == t("pl", "schedule.people.saved", added=1, removed=1)
    async with kisbot.db.transaction() as tx:
        assert [a.participant_id for a in await tx.schedule.attendees(session.id)] == [bartek_id]
    await kisbot.run_outbox()
    assert any(text.startswith("Zmiana planu: Konsultacja") for text in texts(ala))

    # Once it has started, attendance is the record: neither length nor people change.
    kisbot.clock.set(start)
    await staff.send(f"/session {session.id}")
    await staff.click(t("pl", "schedule.button.attendees"))
    assert staff.last.text == t("pl", "schedule.error.started")
    await staff.click(t("pl", "schedule.button.duration"), in_message=staff.messages[-2])
    assert staff.last.text == t("pl", "schedule.error.started")
    # A forged list button with no list waiting is stale.
    answer = await staff.click_data(f"1:zi:{ala_id}:1")
    assert answer is not None
    assert answer.text == t("pl", "button.stale")


async def _starts(kisbot: Kisbot, sessions: list[Session]) -> list[str]:
    """'DD.MM HH:MM place, N min' of each session, on the club's clock."""
    found = []
    async with kisbot.db.transaction() as tx:
        for planned in sessions:
            now = await tx.schedule.get(await kisbot.club(), planned.id)
            assert now is not None
            moment = now.starts_at.astimezone(ZoneInfo(ZONE))
            found.append(f"{moment:%d.%m %H:%M} {now.place}, {now.duration_minutes} min")
    return found


async def test_a_change_to_this_and_the_later_occurrences_of_a_weekly_series(
    kisbot: Kisbot,
) -> None:
    staff = await staff_member(kisbot)
    ala, ala_id = await join(kisbot, 4311, "Ala")
    bartek, bartek_id = await join(kisbot, 4312, "Bartek")
    # Weekly across the March clock change (28.03.2027).
    series = await plan(
        kisbot, "18.03.2027 10:00", participants=(ala_id, bartek_id), until=date(2027, 4, 8)
    )
    assert len(series) == 4
    second = series[1]

    await staff.send(f"/session {second.id}")
    await staff.click(t("pl", "schedule.button.when"))
    assert staff.last.buttons == [
        [t("pl", "schedule.change.scope_one")],
        [t("pl", "schedule.change.scope_series", count=3)],
    ]
    await staff.click(t("pl", "schedule.change.scope_series", count=3))
    await staff.send("26.03.2027 12:30")  # a day later and at 12:30, from this one on
    assert staff.last.text == t("pl", "schedule.change.done_series", count=3)
    kisbot.clock.set(utc(2026, 11, 24, 8, 5))  # a few minutes later
    await staff.send(f"/session {second.id}")
    await staff.click(t("pl", "schedule.button.place"))
    await staff.click(t("pl", "schedule.change.scope_series", count=3))
    await staff.send("sala 5")
    await staff.send(f"/session {series[2].id}")
    await staff.click(t("pl", "schedule.button.duration"))
    await staff.click(t("pl", "schedule.change.scope_series", count=2))
    await staff.send("90")
    # The local hour holds across the clock change; the first occurrence is untouched.
    assert await _starts(kisbot, series) == [
        "18.03 10:00 sala 2, 60 min",
        "26.03 12:30 sala 5, 60 min",
        "02.04 12:30 sala 5, 90 min",
        "09.04 12:30 sala 5, 90 min",
    ]
    await kisbot.run_outbox()
    # One message for each change of the series, not one per session.
    assert [m for m in texts(ala) if m.startswith("Zmiana zajęć")] == [
        "Zmiana zajęć od 26.03.2027: Spotkanie w klubie – co tydzień, godz. 12:30.\n"
        "Miejsce: sala 2.",
        "Zmiana zajęć od 26.03.2027: Spotkanie w klubie – co tydzień, godz. 12:30.\n"
        "Miejsce: sala 5.",
    ]

    # Bartek leaves the group from the third session on.
    await staff.send(f"/session {series[2].id}")
    await staff.click(t("pl", "schedule.button.attendees"))
    await staff.click(t("pl", "schedule.change.scope_series", count=2))
    await staff.click("Bartek")
    await staff.click(t("pl", "schedule.new.done"))
    assert staff.last.text == t("pl", "schedule.people.saved", added=0, removed=1)
    await kisbot.run_outbox()
    assert [m for m in texts(bartek) if m.startswith("Zmiana planu")] == [
        "Zmiana planu: od 02.04.2027 nie musisz przychodzić na zajęcia Spotkanie w klubie "
        "(co tydzień, godz. 12:30)."
    ]
    async with kisbot.db.transaction() as tx:
        expected = [
            sorted(a.participant_id for a in await tx.schedule.attendees(s.id)) for s in series
        ]
    both = sorted([ala_id, bartek_id])
    assert expected == [both, both, [ala_id], [ala_id]]
    assert await _audit(kisbot, f"participant:{bartek_id}") == [
        ("session.attendee_removed", str(series[2].id)),
        ("session.attendee_removed", str(series[3].id)),
    ]
    assert not [m for m in texts(ala) if m.startswith("Zmiana planu")]


async def _consultation(kisbot: Kisbot, when: str, participant_id: int) -> Session:
    """A consultation for one person, as /session plans it (club time 'DD.MM.RRRR GG:MM')."""
    [session] = await plan(kisbot, when, title="Konsultacja", participants=(participant_id,))
    async with kisbot.db.transaction() as tx:
        await tx.schedule._run("UPDATE sessions SET audience = 'one' WHERE id = ?", (session.id,))
        found = await tx.schedule.get(await kisbot.club(), session.id)
    assert found is not None
    return found


async def test_a_list_of_another_sessions_attendees_changes_nothing(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot)
    ala, ala_id = await join(kisbot, 4321, "Ala")
    bartek, bartek_id = await join(kisbot, 4322, "Bartek")
    first = await _consultation(kisbot, "25.11.2026 10:00", ala_id)
    second = await _consultation(kisbot, "25.11.2026 12:00", bartek_id)
    await staff.send(f"/session {first.id}")
    await staff.click(t("pl", "schedule.button.attendees"))
    first_list = staff.last
    await staff.send(f"/session {second.id}")
    await staff.click(t("pl", "schedule.button.attendees"))
    # Ala on the first session's list, while the second session's list is open.
    answer = await staff.click("Ala", in_message=first_list)
    assert answer is not None
    assert answer.text == t("pl", "button.stale")
    async with kisbot.db.transaction() as tx:
        assert [a.participant_id for a in await tx.schedule.attendees(first.id)] == [ala_id]
        assert [a.participant_id for a in await tx.schedule.attendees(second.id)] == [bartek_id]
    await kisbot.run_outbox()
    assert not any(text.startswith("Zmiana planu") for text in texts(bartek) + texts(ala))
    # The list on screen still works.
    await staff.click("Ala")
    assert staff.last.text == t("pl", "schedule.people.saved", added=1, removed=1)
    async with kisbot.db.transaction() as tx:
        assert [a.participant_id for a in await tx.schedule.attendees(second.id)] == [ala_id]


async def test_someone_removed_and_added_back_in_quiet_hours_is_not_told_to_stay_away(
    kisbot: Kisbot,
) -> None:
    staff = await staff_member(kisbot)
    ala, ala_id = await join(kisbot, 4331, "Ala")
    bartek, bartek_id = await join(kisbot, 4332, "Bartek")
    [session] = await plan(kisbot, "25.11.2026 10:00", participants=(ala_id, bartek_id))
    await at(kisbot, utc(2026, 11, 24, 21, 30))  # 22:30 club time: notices wait until 08:00
    # The place changes first; Bartek must learn it however the list changes after.
    await staff.send(f"/session {session.id}")
    await staff.click(t("pl", "schedule.button.place"))
    await staff.send("sala 5")
    await staff.send(f"/session {session.id}")
    await staff.click(t("pl", "schedule.button.attendees"))
    await staff.click("Bartek")
    await staff.click(t("pl", "schedule.new.done"))
    assert staff.last.text == t("pl", "schedule.people.saved", added=0, removed=1)
    await kisbot.run_outbox()
    # A slip: Bartek is back a minute later.
    await staff.send(f"/session {session.id}")
    await staff.click(t("pl", "schedule.button.attendees"))
    await staff.click("Bartek")
    await staff.click(t("pl", "schedule.new.done"))
    assert staff.last.text == t("pl", "schedule.people.saved", added=1, removed=0)
    await kisbot.run_outbox()
    await at(kisbot, utc(2026, 11, 25, 7, 5))  # 08:05 club time
    assert not any("nie musisz przychodzić" in text for text in texts(bartek))
    assert len(reminders(bartek)) == 1
    assert "Miejsce: sala 5." in (reminders(bartek)[0].text or "")  # he learns the new place
    assert len(reminders(ala)) == 1


async def _attending(kisbot: Kisbot, session: Session) -> list[int]:
    async with kisbot.db.transaction() as tx:
        return sorted(a.participant_id for a in await tx.schedule.attendees(session.id))


async def test_someone_who_left_the_programme_is_neither_counted_nor_removed_unseen(
    kisbot: Kisbot,
) -> None:
    staff = await staff_member(kisbot)
    _, ala_id = await join(kisbot, 4341, "Ala")
    bartek, bartek_id = await join(kisbot, 4342, "Bartek")
    celina, celina_id = await join(kisbot, 4343, "Celina")
    [session] = await plan(kisbot, "25.11.2026 10:00", participants=(ala_id, bartek_id, celina_id))
    async with kisbot.db.transaction() as tx:
        await tx.participants.set_status(await kisbot.club(), celina_id, "left")
    await staff.send(f"/session {session.id}")
    await staff.click(t("pl", "schedule.button.attendees"))
    assert _people(staff) == [f"✓ Ala #{ala_id}", f"✓ Bartek #{bartek_id}"]
    assert t("pl", "schedule.pick.chosen", count=2) in (staff.last.text or "")
    await staff.click("Bartek")
    await staff.click(t("pl", "schedule.new.done"))
    # Bartek alone was taken off: the count says what the staff member did.
    assert staff.last.text == t("pl", "schedule.people.saved", added=0, removed=1)
    assert await _attending(kisbot, session) == sorted([ala_id, celina_id])
    await kisbot.run_outbox()
    assert any("nie musisz przychodzić" in text for text in texts(bartek))
    assert not any("nie musisz przychodzić" in text for text in texts(celina))


async def test_a_colleagues_change_made_while_the_list_was_open_stays(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot)
    colleague = await staff_member(kisbot, 7702)
    _, ala_id = await join(kisbot, 4351, "Ala")
    _, bartek_id = await join(kisbot, 4352, "Bartek")
    celina, celina_id = await join(kisbot, 4353, "Celina")
    # Weekly: the later occurrences keep their own attendees too.
    series = await plan(
        kisbot, "25.11.2026 10:00", participants=(ala_id, bartek_id), until=date(2026, 12, 2)
    )
    await staff.send(f"/session {series[0].id}")
    await staff.click(t("pl", "schedule.button.attendees"))
    await staff.click(t("pl", "schedule.change.scope_series", count=2))
    await colleague.send(f"/session {series[0].id}")
    await colleague.click(t("pl", "schedule.button.attendees"))
    await colleague.click(t("pl", "schedule.change.scope_one"))
    await colleague.click("Celina")
    await colleague.click(t("pl", "schedule.new.done"))
    assert colleague.last.text == t("pl", "schedule.people.saved", added=1, removed=0)
    await staff.click("Bartek")  # on the list opened before Celina was added
    await staff.click(t("pl", "schedule.new.done"))
    assert staff.last.text == t("pl", "schedule.people.saved", added=0, removed=1)
    assert await _attending(kisbot, series[0]) == sorted([ala_id, celina_id])
    assert await _attending(kisbot, series[1]) == [ala_id]
    await kisbot.run_outbox()
    assert not any("nie musisz przychodzić" in text for text in texts(celina))


async def test_a_started_weekly_session_says_so_before_asking_which_occurrences(
    kisbot: Kisbot,
) -> None:
    staff = await staff_member(kisbot)
    _, ala_id = await join(kisbot, 4361, "Ala")
    series = await plan(kisbot, "24.11.2026 10:00", participants=(ala_id,), until=date(2026, 12, 1))
    kisbot.clock.set(series[0].starts_at)
    for button in ("schedule.button.duration", "schedule.button.attendees"):
        await staff.send(f"/session {series[0].id}")
        await staff.click(t("pl", button))
        assert staff.last.text == t("pl", "schedule.error.started"), button
        assert staff.last.buttons == []
