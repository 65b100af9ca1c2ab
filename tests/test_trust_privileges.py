"""Privileges nobody grants themselves: invites record who made them, and a deactivated
member's unused links stop working for everyone."""

from __future__ import annotations

from datetime import timedelta

from tests.harness import Kisbot
from tests.team_helpers import (
    a_leader_removed_with_a_spare_link,
    join_as_staff,
    link_code,
    new_club,
    operator_bot,
    staff_link,
)

__all__ = ["operator_bot"]


async def test_a_deactivated_leaders_unused_links_stop_working_for_everyone(
    operator_bot: Kisbot,
) -> None:
    _, _, spare = await a_leader_removed_with_a_spare_link(operator_bot, "Brak / ustalę później")
    operator_bot.clock.advance(timedelta(minutes=5))
    # Someone else (a friend Anna gave the link to) opens it after her access ended.
    cezary = operator_bot.server.user(3053, "Cezary", language_code="pl")
    await cezary.start_link(spare)
    assert "Panel pracownika" not in (cezary.last.text or "")
    await cezary.send("/team")
    assert cezary.last.text == "To polecenie nie jest dostępne."
    async with operator_bot.db.transaction() as tx:
        club_id = (await tx.clubs.all())[0].id
        assert await tx.staff.membership(club_id, cezary.id) is None
        made_by_bea = await tx.invites.open_staff_invites(club_id, operator_bot.clock.now())
    assert made_by_bea == []  # Anna's link is not open any more; Bea's was used


async def test_nobody_grants_themselves_a_specialism(operator_bot: Kisbot) -> None:
    from tests.case_helpers import open_card, specialist

    _, code = await new_club(operator_bot, "KIS Notatki")
    anna = operator_bot.server.user(3061, "Anna", language_code="pl")
    await anna.start_link(code)
    await anna.send("Anna Lider")
    # No specialism to pick: the link (made by an operator) carried none.
    assert not any("Psycholog" in label for row in anna.last.buttons for label in row)
    await anna.click_data("1:ss:ps")  # forged: "I am a psychologist"
    operator_bot.club_id = (await _clubs(operator_bot))[0]
    piotr = await specialist(operator_bot, 3062, "Piotr", "psychologist")
    pid, _ = await operator_bot.invite("Ala")
    await piotr.send(f"/note {pid}")
    await piotr.send("Rozmowa o lękach")
    await piotr.click("Tylko: Psycholog")
    card = await open_card(anna, "Ala", pid)
    assert "Rozmowa o lękach" not in (card.text or "")
    async with operator_bot.db.transaction() as tx:
        member = (await tx.staff.memberships(anna.id))[0]
    assert member.specialism is None
    # The leader chooses the specialism when making a specialist's link.
    jan = operator_bot.server.user(3063, "Jan", language_code="pl")
    await jan.start_link(await staff_link(anna, "specjalista", "Psycholog"))
    await jan.send("Jan Psycholog")
    await jan.click_data("1:ss:cc")  # forged: change it
    card = await open_card(jan, "Ala", pid)
    assert "Rozmowa o lękach" in (card.text or "")
    await anna.send("/team")
    assert "Jan Psycholog · specjalista · Psycholog" in (anna.last.text or "")


async def _clubs(bot: Kisbot) -> list[int]:
    async with bot.db.transaction() as tx:
        return [c.id for c in await tx.clubs.all()]


async def test_leaders_see_and_revoke_open_links_and_set_a_members_specialism(
    operator_bot: Kisbot,
) -> None:
    _, code = await new_club(operator_bot, "KIS Linki")
    anna = operator_bot.server.user(3071, "Anna", language_code="pl")
    await join_as_staff(operator_bot, anna, code, "Anna Lider")
    link = await staff_link(anna, "specjalista", "Doradca zawodowy")
    await anna.send("/team")
    team = anna.last.text or ""
    assert "Otwarte linki zaproszeń:" in team
    assert "1. specjalista, Doradca zawodowy, utworzył(a): Anna Lider, ważny do" in team
    await anna.click("Unieważnij link 1")
    assert anna.last.text == "Link już nie działa."
    olek = operator_bot.server.user(3072, "Olek", language_code="pl")
    await olek.start_link(link)
    assert "Panel pracownika" not in (olek.last.text or "")
    await anna.send("/team")
    assert "Otwarte linki" not in (anna.last.text or "")
    # A member without a specialism gets one from a leader (never from themselves).
    await anna.send("/staffinvite")
    await anna.click("specjalista")
    await anna.click("Brak / ustalę później")
    await join_as_staff(operator_bot, olek, link_code(anna), "Olek Nowy")
    await anna.send("/team")
    assert not any("Anna Lider" in label and "specjalność" in label.lower()
                   for row in anna.last.buttons for label in row)  # fmt: skip
    await anna.click("Ustaw specjalność: Olek Nowy")
    await anna.click("Psycholog")
    assert anna.last.text == "Olek Nowy: Psycholog."
    await anna.send("/team")
    assert "Olek Nowy · specjalista · Psycholog" in (anna.last.text or "")
    async with operator_bot.db.transaction() as tx:
        club_id = (await tx.clubs.all())[0].id
        entries = await tx.audit.for_subject(club_id, "staff:2")
    assert [e.detail for e in entries if e.action == "staff.specialism_set"] == ["psychologist"]
