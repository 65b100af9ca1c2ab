"""Choosing who attends a planned session in a club of more than one screen of people: pages
with ◀ ▶ that keep the ticks, and typed words or numbers that narrow the list."""

from __future__ import annotations

from tests.fakebot.users import FakeUser
from tests.harness import Kisbot
from tests.schedule_helpers import staff_member, t


async def _club_of(kisbot: Kisbot, count: int) -> dict[str, int]:
    """`count` invited participants, "Osoba 01"... (the list is in name order): name -> id."""
    return {f"Osoba {n:02}": (await kisbot.invite(f"Osoba {n:02}"))[0] for n in range(1, count + 1)}


async def _up_to_who(staff: FakeUser, audience: str) -> None:
    await staff.send("/session")
    await staff.click("Grupowe warsztaty integracyjne")
    await staff.send("Konsultacja")
    await staff.send("26.11.2026 10:00")
    await staff.click("60 minut")
    await staff.send("sala 2")
    await staff.click(t("pl", f"schedule.audience.{audience}"))


def _people(staff: FakeUser) -> list[str]:
    """The person buttons of the list on screen."""
    return [
        row[0]
        for row, data in zip(staff.last.buttons, staff.last.button_data, strict=True)
        if (data[0] or "").startswith("1:zp:")
    ]


def _page_data(staff: FakeUser) -> str:
    """The callback data of the list's first page button (1:zg:<list>:<page>)."""
    return next(d for row in staff.last.button_data for d in row if (d or "").startswith("1:zg:"))


async def _attendees(kisbot: Kisbot) -> list[int]:
    async with kisbot.db.transaction() as tx:
        session = await tx.schedule.get(await kisbot.club(), 1)
        assert session is not None
        return sorted(a.participant_id for a in await tx.schedule.attendees(session.id))


async def test_the_41st_and_later_people_can_be_ticked_and_ticks_survive_paging(
    kisbot: Kisbot,
) -> None:
    ids = await _club_of(kisbot, 45)
    staff = await staff_member(kisbot)
    await _up_to_who(staff, "chosen")
    assert _people(staff) == [f"Osoba {n:02} #{ids[f'Osoba {n:02}']}" for n in range(1, 11)]
    assert t("pl", "participants.page", page=1, pages=5) in (staff.last.text or "")
    assert t("pl", "schedule.pick.hint") in (staff.last.text or "")
    assert staff.last.buttons[-2:] == [["▶"], [t("pl", "schedule.new.done")]]

    await staff.click("Osoba 02")
    for _ in range(4):
        await staff.click("▶")
    list_message = staff.last
    assert staff.last.edited  # pages turn in the same message
    assert _people(staff) == [f"Osoba {n} #{ids[f'Osoba {n}']}" for n in range(41, 46)]
    assert t("pl", "participants.page", page=5, pages=5) in (staff.last.text or "")
    await staff.click("Osoba 43")
    assert staff.last.message_id == list_message.message_id
    assert f"✓ Osoba 43 #{ids['Osoba 43']}" in _people(staff)
    assert t("pl", "schedule.pick.chosen", count=2) in (staff.last.text or "")
    for _ in range(4):
        await staff.click("◀")
    assert f"✓ Osoba 02 #{ids['Osoba 02']}" in _people(staff)
    assert f"Osoba 03 #{ids['Osoba 03']}" in _people(staff)  # not ticked

    await staff.click(t("pl", "schedule.new.done"))
    await staff.click(t("pl", "schedule.repeat.once"))
    assert t("pl", "schedule.summary.people", count=2) in (staff.last.text or "")
    await staff.click(t("pl", "schedule.new.create"))
    assert await _attendees(kisbot) == sorted([ids["Osoba 02"], ids["Osoba 43"]])


async def test_typing_a_name_or_a_number_narrows_the_list(kisbot: Kisbot) -> None:
    ids = await _club_of(kisbot, 44)
    lucja, _ = await kisbot.invite("Łucja Żółć")
    staff = await staff_member(kisbot)
    await _up_to_who(staff, "one")
    first_list = staff.last

    # Without Polish letters or capitals, as on a phone without a Polish keyboard.
    await staff.send("lucja zolc")
    assert staff.last.message_id != first_list.message_id
    assert _people(staff) == [f"Łucja Żółć #{lucja}"]
    text = staff.last.text or ""
    assert t("pl", "schedule.pick.found", query="lucja zolc", count=1) in text
    assert staff.last.buttons[-1] == [t("pl", "schedule.pick.everyone")]

    # The number /participants shows, with or without '#'.
    await staff.send(f"#{ids['Osoba 41']}")
    assert _people(staff) == [f"Osoba 41 #{ids['Osoba 41']}"]

    # Nobody: said in words, and the whole club is one press away.
    await staff.send("Zbigniew")
    assert _people(staff) == []
    assert t("pl", "schedule.pick.none", query="Zbigniew") in (staff.last.text or "")
    await staff.click(t("pl", "schedule.pick.everyone"))
    assert len(_people(staff)) == 10
    assert t("pl", "participants.page", page=1, pages=5) in (staff.last.text or "")

    await staff.send("osoba 4")  # every word in the name: 04, 14, 24, 34, 40-44
    assert len(_people(staff)) == 9
    await staff.click("Osoba 42")
    # The list loses its buttons and says who was chosen.
    assert staff.messages[-2].text == (
        f"{t('pl', 'schedule.new.ask_one')}\n\nOsoba 42 #{ids['Osoba 42']}"
    )
    await staff.click(t("pl", "schedule.repeat.once"))
    await staff.click(t("pl", "schedule.new.create"))
    assert await _attendees(kisbot) == [ids["Osoba 42"]]


async def test_old_and_forged_list_buttons_are_stale_and_typed_text_of_any_length_is_handled(
    kisbot: Kisbot,
) -> None:
    ids = await _club_of(kisbot, 25)
    staff = await staff_member(kisbot)
    await _up_to_who(staff, "chosen")
    old_list = staff.last
    old_page = _page_data(staff)
    # Done with nobody ticked is said in words (the button is not out of date).
    await staff.click(t("pl", "schedule.new.done"))
    assert staff.last.text == t("pl", "schedule.error.attendees")

    await staff.send("osoba 1")  # 01 and 10-19
    assert len(_people(staff)) == 10
    assert t("pl", "participants.page", page=1, pages=2) in (staff.last.text or "")
    # The first list's buttons belong to a list that is not on screen any more.
    answer = await staff.click("▶", in_message=old_list)
    assert answer is not None
    assert answer.text == t("pl", "button.stale")
    answer = await staff.click("Osoba 03", in_message=old_list)
    assert answer is not None
    assert answer.text == t("pl", "button.stale")
    # A page that does not exist, and data that is not a page at all.
    current = _page_data(staff).split(":")[2]
    for forged in (f"1:zg:{current}:7", f"1:zg:{current}:x", old_page + "0", "1:zg:"):
        answer = await staff.click_data(forged)
        assert answer is not None
        assert answer.text == t("pl", "button.stale"), forged

    # Four thousand characters: a search that finds no one, said briefly, nothing stored lost.
    await staff.click("Osoba 12")
    await staff.send("ż" * 4000)
    text = staff.last.text or ""
    assert t("pl", "schedule.pick.none", query="ż" * 40) in text
    assert len(text) < 600
    await staff.click(t("pl", "schedule.pick.everyone"))
    await staff.click("▶")
    assert f"✓ Osoba 12 #{ids['Osoba 12']}" in _people(staff)
    await staff.click(t("pl", "schedule.new.done"))
    await staff.click(t("pl", "schedule.repeat.once"))
    await staff.click(t("pl", "schedule.new.create"))
    assert await _attendees(kisbot) == [ids["Osoba 12"]]


async def test_a_list_of_an_abandoned_plan_ticks_nobody_in_the_next_one(kisbot: Kisbot) -> None:
    ids = await _club_of(kisbot, 3)
    staff = await staff_member(kisbot)
    await _up_to_who(staff, "chosen")
    abandoned = staff.last
    await staff.send("/cancel")
    await _up_to_who(staff, "chosen")
    for label in ("Osoba 01", t("pl", "schedule.new.done")):
        answer = await staff.click(label, in_message=abandoned)
        assert answer is not None
        assert answer.text == t("pl", "button.stale"), label
    assert _people(staff) == [f"Osoba {n:02} #{ids[f'Osoba {n:02}']}" for n in range(1, 4)]
    await staff.click("Osoba 02")
    await staff.click(t("pl", "schedule.new.done"))
    await staff.click(t("pl", "schedule.repeat.once"))
    await staff.click(t("pl", "schedule.new.create"))
    assert await _attendees(kisbot) == [ids["Osoba 02"]]
