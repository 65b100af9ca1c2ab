"""A whole session on one screen: everyone else present at once, a tap steps a person through
late, excused and unexcused, the minutes of a late person and an excused absence's reason are
typed after the tap; what staff see is what is recorded."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from exports.periods import month_period
from tests.harness import Kisbot
from tests.schedule_helpers import ZONE, join, plan, staff_member, t, utc


async def _records(kisbot: Kisbot) -> dict[str, tuple[str | None, int, str | None]]:
    period = month_period(2026, 11, ZoneInfo(ZONE))
    async with kisbot.db.transaction() as tx:
        found = await tx.attendance.in_period(await kisbot.club(), period.start, period.end)
    return {r.display_name: (r.presence, r.minutes, r.absence_reason) for r in found}


async def test_everyone_else_present_then_late_with_minutes_and_excused_with_reason(
    kisbot: Kisbot,
) -> None:
    staff = await staff_member(kisbot)
    for telegram_id, name in ((4301, "Ala"), (4302, "Bartek"), (4303, "Cyryl")):
        await join(kisbot, telegram_id, name)
    [session] = await plan(kisbot, "24.11.2026 11:00", title="Warsztat", minutes=120)
    kisbot.clock.set(utc(2026, 11, 24, 10, 30))
    await staff.send(f"/session {session.id}")
    await staff.click("Obecność")
    await staff.click("Bartek: ?")  # present
    await staff.click("Pozostali obecni")
    assert staff.last.buttons == [
        ["Ala: ✓ obecna/y"],
        ["Bartek: ✓ obecna/y"],
        ["Cyryl: ✓ obecna/y"],
    ]
    await staff.click("Ala: ✓ obecna/y")  # late
    assert "Ile minut Ala była/był na zajęciach?" in (staff.last.text or "")
    await staff.send("200")
    assert staff.last.text == "Wpisz liczbę minut od 1 do 120."
    await staff.send("90")
    assert staff.last.text == "Zapisane: minuty obecności (Ala)."
    await staff.send(f"/session {session.id}")
    await staff.click("Obecność")
    await staff.click("Cyryl: ✓ obecna/y")  # late
    await staff.click("Cyryl: ⏰ spóźniona/y")  # excused
    await staff.send("wizyta w urzędzie")
    assert staff.last.text == "Zapisane: przyczyna nieobecności (Cyryl)."
    assert await _records(kisbot) == {
        "Ala": ("late", 90, None),
        "Bartek": ("present", 120, None),
        "Cyryl": ("excused", 0, "wizyta w urzędzie"),
    }


async def test_typed_words_after_another_tap_are_not_a_reason(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot)
    await join(kisbot, 4311, "Ala")
    [session] = await plan(kisbot, "24.11.2026 11:00", title="Warsztat")
    kisbot.clock.set(utc(2026, 11, 24, 10, 30))
    await staff.send(f"/session {session.id}")
    await staff.click("Obecność")
    await staff.click("Ala: ?")
    await staff.click("Ala: ✓ obecna/y")  # late: minutes may be typed
    await staff.click("Ala: ⏰ spóźniona/y")  # excused: now a reason may be typed
    await staff.click("Ala: ✉ nieobecność usprawiedliwiona")  # unexcused: nothing awaited
    await staff.send("45")
    assert await _records(kisbot) == {"Ala": ("unexcused", 0, None)}


async def test_a_whole_club_session_of_sixty_pages_and_every_tap_stays_on_its_page(
    kisbot: Kisbot,
) -> None:
    staff = await staff_member(kisbot)
    for n in range(1, 61):
        await kisbot.invite(f"Osoba {n:02}")
    [session] = await plan(kisbot, "24.11.2026 11:00", title="Warsztat")
    kisbot.clock.set(utc(2026, 11, 24, 10, 30))
    await staff.send(f"/session {session.id}")
    await staff.click("Obecność")
    assert "Strona 1 z 3" in (staff.last.text or "")
    assert staff.last.buttons[0] == ["Osoba 01: ?"]
    assert staff.last.buttons[-2:] == [["▶"], ["Pozostali obecni: 60 osób"]]
    assert len(staff.last.buttons) == 27  # 25 people, the page row, everyone else
    await staff.click("▶")
    await staff.click("▶")
    assert "Strona 3 z 3" in (staff.last.text or "")
    assert staff.last.buttons[0] == ["Osoba 51: ?"]
    await staff.click("Osoba 60: ?")
    # The tap redraws the same page, not the first one.
    assert "Strona 3 z 3" in (staff.last.text or "")
    assert ["Osoba 60: ✓ obecna/y"] in staff.last.buttons
    await staff.click("Osoba 60: ✓ obecna/y")  # late: the minutes are asked on the same page
    assert "Strona 3 z 3" in (staff.last.text or "")
    # isdigit() takes "²": a number sign, not minutes, answered in words.
    await staff.send("²")
    assert staff.last.text == "Wpisz liczbę minut od 1 do 60."
    await staff.send("30")
    await staff.send(f"/session {session.id}")
    await staff.click("Obecność")
    await staff.click("▶")
    # Everyone unmarked on every page, and the button says how many that is.
    assert staff.last.buttons[-1] == ["Pozostali obecni: 59 osób"]
    await staff.click("Pozostali obecni")
    assert "Strona 2 z 3" in (staff.last.text or "")
    records = await _records(kisbot)
    assert len(records) == 60
    assert records["Osoba 60"] == ("late", 30, None)
    assert {records[f"Osoba {n:02}"][0] for n in range(1, 60)} == {"present"}
    # A page that does not exist is stale.
    answer = await staff.click_data(f"1:zt:{session.id}:3")
    assert answer is not None
    assert answer.text == t("pl", "button.stale")
