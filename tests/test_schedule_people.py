"""The weekly plan as people use it: staff plan with /session, participants answer reminders
and staff hear of it, /schedule, cancellation notices, /today and attendance."""

from __future__ import annotations

from tests.harness import Kisbot
from tests.schedule_helpers import at, join, plan, reminders, staff_member, t, texts, utc


async def test_staff_plan_a_session_step_by_step(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot)
    await join(kisbot, 4201, "Ala")
    await join(kisbot, 4202, "Bartek")
    await staff.send("/session")
    await staff.click("Grupowe warsztaty integracyjne")
    await staff.send("Spotkanie w klubie")
    await staff.send("26.11.2026 10:00")
    # Plural forms from the catalogue, never the singular for every number.
    assert staff.last.buttons == [["45 minut", "60 minut", "90 minut", "120 minut", "180 minut"]]
    await staff.click("90 minut")
    await staff.send("sala 2")
    await staff.click("Wybrani uczestnicy")
    await staff.click("Bartek")
    await staff.click("Gotowe")
    await staff.click("Co tydzień")
    await staff.send("10.12.2026")
    assert staff.last.text == (
        "Grupowe warsztaty integracyjne: Spotkanie w klubie\n26.11.2026, godz. 10:00, 90 min\n"
        "Miejsce: sala 2\n\n1 uczestnik\n\nCo tydzień do 10.12.2026"
    )
    await staff.click("Zaplanuj")
    assert staff.last.text == ("Zaplanowano 3 zajęcia (od nr 1). Uczestnicy dostaną przypomnienia.")
    await staff.send("/session 3")
    assert (staff.last.text or "").startswith(
        "Zajęcia nr 3 – Grupowe warsztaty integracyjne: Spotkanie w klubie\n10.12.2026"
    )


async def test_participant_sees_their_week_in_plain_words(kisbot: Kisbot) -> None:
    person, participant_id = await join(kisbot, 4203)
    await plan(kisbot, "26.11.2026 10:00", participants=(participant_id,))
    await plan(kisbot, "27.11.2026 12:30", title="Wyjście do muzeum", place="Muzeum Narodowe")
    await plan(kisbot, "03.12.2026 10:00")  # more than a week away
    await person.send("/schedule")
    assert person.last.text == (
        "Twoje zajęcia w najbliższym tygodniu:\n\n"
        "czwartek 26.11.2026, godz. 10:00 – Spotkanie w klubie (sala 2)\n\n"
        "piątek 27.11.2026, godz. 12:30 – Wyjście do muzeum (Muzeum Narodowe)"
    )


async def test_answers_to_a_reminder_reach_staff(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot)
    ala, _ = await join(kisbot, 4204, "Ala")
    bartek, _ = await join(kisbot, 4205, "Bartek")
    await plan(kisbot, "25.11.2026 10:00")
    await at(kisbot, utc(2026, 11, 24, 17, 0))
    await ala.click("Będę", in_message=reminders(ala)[0])
    assert ala.last.text == "Dziękujemy, czekamy na Ciebie."
    await bartek.click("Nie mogę przyjść", in_message=reminders(bartek)[0])
    assert bartek.last.text.startswith("Dziękujemy za informację.")  # type: ignore[union-attr]
    await bartek.send("Jestem u lekarza")
    assert bartek.last.text == "Dziękujemy. Przekazaliśmy to zespołowi."
    await kisbot.run_outbox()
    assert texts(staff)[-3:] == [
        "Ala będzie na zajęciach: Spotkanie w klubie, 25.11.2026, godz. 10:00.",
        "Bartek nie przyjdzie na zajęcia: Spotkanie w klubie, 25.11.2026, godz. 10:00.",
        "Bartek o zajęciach Spotkanie w klubie (25.11.2026, 10:00): „Jestem u lekarza”",
    ]
    # Who declined gets no hour-before reminder; who confirmed does.
    await at(kisbot, utc(2026, 11, 25, 8, 0))
    hour = "Za niedługo, o 10:00: Spotkanie w klubie.\nMiejsce: sala 2."
    assert hour in texts(ala)
    assert hour not in texts(bartek)
    # The digest of the day (08:00 club time) names them.
    digest = [m for m in texts(staff) if m.startswith("Podsumowanie dnia 25.11.2026")]
    assert len(digest) == 1
    assert "Potwierdzili: Ala\nNie przyjdą: Bartek (Jestem u lekarza)" in digest[0]


async def test_cancelling_tells_the_attendees_and_stops_reminders(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot)
    person, _ = await join(kisbot, 4206)
    [session] = await plan(kisbot, "25.11.2026 10:00")
    await staff.send(f"/session {session.id}")
    await staff.click("Odwołaj")
    await staff.click("Tak, odwołaj te zajęcia")
    assert staff.last.text == "Odwołano 1 zajęcia."
    await kisbot.run_outbox()
    assert texts(person)[-1] == (
        "Odwołane: Spotkanie w klubie, 25.11.2026, godz. 10:00. Nie musisz przychodzić."
    )
    await at(kisbot, utc(2026, 11, 24, 17, 0))
    await at(kisbot, utc(2026, 11, 25, 8, 0))
    assert reminders(person) == []


async def test_today_and_attendance_with_one_tap_each(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot)
    await join(kisbot, 4207, "Ala")
    await join(kisbot, 4208, "Bartek")
    await plan(kisbot, "24.11.2026 11:00", title="Warsztat")
    await staff.send("/today")
    # (The day's digest may arrive in between: it is due at 08:00 and the session is today.)
    assert [m for m in texts(staff) if m.startswith("Dziś")] == [
        "Dziś, 24.11.2026:\n\n11:00 Warsztat (sala 2) – ✓ 0, ✗ 0, ? 2 z 2"
    ]
    await staff.click("11:00 Warsztat")
    await staff.click("Obecność")
    assert staff.last.text == "Obecność zaznaczysz, gdy zajęcia się zaczną."
    kisbot.clock.set(utc(2026, 11, 24, 11, 0))
    await staff.send("/today")
    await staff.click("11:00 Warsztat")
    await staff.click("Obecność")
    assert staff.last.buttons == [["Ala: ?"], ["Bartek: ?"], ["Pozostali obecni: 2 osoby"]]
    await staff.click("Ala: ?")
    await staff.click("Bartek: ?")
    await staff.click("Bartek: ✓ obecna/y")  # late
    await staff.click("Bartek: ⏰ spóźniona/y")  # excused
    await staff.click("Bartek: ✉ nieobecność usprawiedliwiona")  # unexcused
    assert staff.last.buttons == [
        ["Ala: ✓ obecna/y"],
        ["Bartek: ✗ nieobecność nieusprawiedliwiona"],
    ]
    async with kisbot.db.transaction() as tx:
        assert await tx.schedule.no_shows(await kisbot.club(), 2) == 1
        assert await tx.schedule.no_shows(await kisbot.club(), 1) == 0


async def test_a_typed_length_that_is_no_number_of_minutes_is_answered_in_words(
    kisbot: Kisbot,
) -> None:
    staff = await staff_member(kisbot)
    await staff.send("/session")
    await staff.click("Grupowe warsztaty integracyjne")
    await staff.send("Spotkanie w klubie")
    await staff.send("26.11.2026 10:00")
    # '²' is a digit to isdigit() but not to int(); the others are too long or out of range.
    for wrong in ("²", "0", "721", "9" * 4000, "półtorej"):
        await staff.send(wrong)
        assert staff.last.text == t("pl", "schedule.error.duration"), wrong
    await staff.send("75")
    assert staff.last.text == t("pl", "schedule.new.ask_place")
