"""Clubs and teams: operators create clubs, leaders invite and deactivate staff, and nobody
outside a club reaches anything of it (the access-control matrix of the staff issue)."""

from __future__ import annotations

from datetime import timedelta

from tests.harness import Kisbot
from tests.team_helpers import (
    LINK,
    NOT_AVAILABLE,
    a_leader_removed_with_a_spare_link,
    join_as_staff,
    new_club,
    operator_bot,
    staff_link,
)

__all__ = ["operator_bot"]  # the fixture, for pytest


async def test_operator_creates_club_and_its_leader_joins(operator_bot: Kisbot) -> None:
    _, code = await new_club(operator_bot, "KIS Słoneczko")
    ewa = operator_bot.server.user(3001, "Ewa", language_code="pl")
    await ewa.start_link(code)
    assert "Witamy w zespole: KIS Słoneczko." in (ewa.last.text or "")
    await ewa.send("Ewa Nowak")
    assert "Lider klubu ustali Twoją specjalność" in (ewa.messages[-2].text or "")
    await ewa.send("/team")
    assert "Ewa Nowak · lider" in (ewa.last.text or "")
    # The link works once.
    other = operator_bot.server.user(3002, "Obcy", language_code="pl")
    await other.start_link(code)
    assert "został już użyty" in (other.last.text or "")


async def test_leader_invites_a_specialist_and_deactivates_them(operator_bot: Kisbot) -> None:
    _, code = await new_club(operator_bot, "KIS Zdrój")
    leader = operator_bot.server.user(3011, "Lider", language_code="pl")
    await join_as_staff(operator_bot, leader, code, "Anna Lider")
    specialist = operator_bot.server.user(3012, "Spec", language_code="pl")
    await join_as_staff(
        operator_bot, specialist, await staff_link(leader, "specjalista", "Psycholog"), "Jan Spec"
    )
    await specialist.send("/club")
    assert specialist.last.text == "Pracujesz teraz w: KIS Zdrój."
    # A specialist may not manage the team.
    await specialist.send("/team")
    assert specialist.last.text == NOT_AVAILABLE
    await leader.send("/team")
    await leader.click("Odbierz dostęp: Jan Spec")
    await leader.click("Tak, odbierz dostęp")
    assert leader.last.text == "Jan Spec nie ma już dostępu."
    await operator_bot.run_outbox()
    assert specialist.last.text == "Twój dostęp do klubu KIS Zdrój został zakończony."
    # Access ends at once.
    await specialist.send("/club")
    assert specialist.last.text == NOT_AVAILABLE


async def test_staff_of_two_clubs_choose_where_they_work(operator_bot: Kisbot) -> None:
    _, first = await new_club(operator_bot, "KIS Jeden")
    _, second = await new_club(operator_bot, "CIS Dwa")
    ola = operator_bot.server.user(3021, "Ola", language_code="pl")
    await join_as_staff(operator_bot, ola, first, "Ola A")
    await join_as_staff(operator_bot, ola, second, "Ola A")
    await ola.send("/club")
    assert ola.last.buttons == [["KIS Jeden"], ["✓ CIS Dwa"]]
    await ola.click("KIS Jeden")
    assert ola.last.text == "Pracujesz teraz w: KIS Jeden."


async def test_the_access_matrix(operator_bot: Kisbot) -> None:
    """Every staff command and button, for: the right staff, staff of another club, a
    deactivated member, a participant and a stranger."""
    bot = operator_bot
    _, code_a = await new_club(bot, "KIS A")
    _, code_b = await new_club(bot, "KIS B")
    leader_a = bot.server.user(3031, "LA", language_code="pl")
    await join_as_staff(bot, leader_a, code_a, "Leader A")
    leader_b = bot.server.user(3032, "LB", language_code="pl")
    await join_as_staff(bot, leader_b, code_b, "Leader B")
    gone = bot.server.user(3033, "Gone", language_code="pl")
    await join_as_staff(bot, gone, await staff_link(leader_a, "specjalista", "Psycholog"), "Gone A")
    await leader_a.send("/team")
    await leader_a.click("Odbierz dostęp: Gone A")
    await leader_a.click("Tak, odbierz dostęp")
    _, participant_code = await bot.invite("Uczestnik")
    participant = bot.server.user(3034, "Part", language_code="pl")
    await participant.start_link(participant_code)
    stranger = bot.server.user(3035, "Stranger", language_code="pl")

    # Commands: only the right people get anything but the neutral answer.
    for person in (gone, participant, stranger):
        for command in ("/team", "/club", "/staffinvite", "/newclub"):
            await person.send(command)
            assert person.last.text == NOT_AVAILABLE, (person.user["first_name"], command)
    await leader_b.send("/newclub")
    assert leader_b.last.text == NOT_AVAILABLE

    # Buttons of club A pressed by others: forged club and staff ids change nothing.
    async with bot.db.transaction() as tx:
        leader_a_id = (await tx.staff.memberships(leader_a.id))[0].id
        club_a = (await tx.staff.memberships(leader_a.id))[0].club_id
    forged = [f"1:si:{club_a}:l", f"1:sdy:{leader_a_id}", f"1:sd:{leader_a_id}", f"1:sc:{club_a}"]
    for person in (leader_b, gone, participant, stranger):
        for data in forged:
            await person.click_data(data)
            assert not LINK.search(person.last.text or ""), (person.user["first_name"], data)
    await leader_a.send("/club")
    assert leader_a.last.text == "Pracujesz teraz w: KIS A."  # still has access
    await leader_b.send("/club")
    assert leader_b.last.text == "Pracujesz teraz w: KIS B."  # did not switch into A
    async with bot.db.transaction() as tx:
        assert [m.display_name for m in await tx.staff.active_in_club(club_a)] == ["Leader A"]


async def test_a_forged_specialism_press_changes_nothing(
    operator_bot: Kisbot,
) -> None:
    _, code = await new_club(operator_bot, "KIS Notatki")
    jan = operator_bot.server.user(3041, "Jan", language_code="pl")
    await join_as_staff(operator_bot, jan, code, "Jan Doradca")  # the link carried none
    await jan.click_data("1:ss:cc")  # forged: the old "my specialism" button
    async with operator_bot.db.transaction() as tx:
        member = (await tx.staff.memberships(jan.id))[0]
    assert member.specialism is None


async def test_a_link_made_before_deactivation_does_not_give_access_back(
    operator_bot: Kisbot,
) -> None:
    anna, _, spare = await a_leader_removed_with_a_spare_link(operator_bot, "Psycholog")
    operator_bot.clock.advance(timedelta(minutes=5))
    await anna.start_link(spare)
    # Revoked when she lost access (and refused anyway as made before it).
    assert anna.last.text == "Ten link jest już nieważny. Poproś pracownika klubu o nowy."
    await anna.send("/team")
    assert anna.last.text == NOT_AVAILABLE


async def test_alerts_waiting_in_the_outbox_do_not_reach_someone_who_lost_access(
    operator_bot: Kisbot,
) -> None:
    _, code = await new_club(operator_bot, "KIS Cisza")
    anna = operator_bot.server.user(3061, "Anna", language_code="pl")
    await join_as_staff(operator_bot, anna, code, "Anna Lider")
    jan = operator_bot.server.user(3062, "Jan", language_code="pl")
    await join_as_staff(
        operator_bot, jan, await staff_link(anna, "specjalista", "Psycholog"), "Jan Spec"
    )
    # An alert about a participant, held until later (as quiet hours or an outage would).
    later = operator_bot.clock.now() + timedelta(hours=1)
    for person in (anna, jan):
        async with operator_bot.db.transaction() as tx:
            await tx.outbox.enqueue(
                person.id,
                "staff_alert",
                "staff_alert.submitted",
                {"name": "Ola", "id": 1},
                "pl",
                due_at=later,
                now=operator_bot.clock.now(),
            )
    await anna.send("/team")
    await anna.click("Odbierz dostęp: Jan Spec")
    await anna.click("Tak, odbierz dostęp")
    operator_bot.clock.set(later)
    await operator_bot.run_outbox()
    assert any("Ola" in (m.text or "") for m in anna.messages)
    assert not any("Ola" in (m.text or "") for m in jan.messages)
    assert jan.last.text == "Twój dostęp do klubu KIS Cisza został zakończony."


async def test_staff_get_their_menu_and_lose_it_with_their_access(operator_bot: Kisbot) -> None:
    _, code = await new_club(operator_bot, "KIS Menu")
    anna = operator_bot.server.user(3071, "Anna", language_code="pl")
    await join_as_staff(operator_bot, anna, code, "Anna Lider")
    jan = operator_bot.server.user(3072, "Jan", language_code="pl")
    await join_as_staff(
        operator_bot, jan, await staff_link(anna, "specjalista", "Psycholog"), "Jan Spec"
    )
    menus = [
        c
        for c in operator_bot.server.calls
        if c.method == "setMyCommands" and c.params.get("scope", {}).get("chat_id") == jan.id
    ]
    assert menus
    names = [c["command"] for c in menus[-1].params["commands"]]
    assert names[:3] == ["participants", "invite", "today"]
    await anna.send("/team")
    await anna.click("Odbierz dostęp: Jan Spec")
    await anna.click("Tak, odbierz dostęp")
    removed = [
        c
        for c in operator_bot.server.calls
        if c.method == "deleteMyCommands" and c.params.get("scope", {}).get("chat_id") == jan.id
    ]
    assert len(removed) == 1
