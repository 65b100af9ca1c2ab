"""Telegram command menus per person, as the fake Bot API server records them: staff see only
the commands their role lets them use (a specialist has no /team, /audit or /report), in their
language; the menu follows a change of language, club or membership; participants get theirs."""

from __future__ import annotations

import json
from typing import Any

from base.i18n import translate
from tests.harness import Kisbot

LEADER, SPECIALIST = 8101, 8102
LEADER_ONLY = {"team", "staffinvite", "audit", "report", "dataset", "annual", "supervision"}
EVERY_STAFF = {"participants", "invite", "card", "assess", "path", "note", "session", "week"}


def _menu(kisbot: Kisbot, chat_id: int | None, language: str = "") -> list[dict[str, Any]] | None:
    """The commands Telegram would show in a chat (None: the chat has no menu of its own)."""
    scope = {"type": "chat", "chat_id": chat_id} if chat_id else {"type": "default"}
    key = json.dumps([scope, language], sort_keys=True)
    return kisbot.server.world.commands.get(key)


def _names(menu: list[dict[str, Any]] | None) -> list[str]:
    assert menu is not None
    return [c["command"] for c in menu]


async def _team(kisbot: Kisbot) -> int:
    club = await kisbot.club()
    await kisbot.add_staff(LEADER, "Anna Lider")
    async with kisbot.db.transaction() as tx:
        await tx.staff.add(club, SPECIALIST, "Jan Spec", "specialist", kisbot.clock.now())
    return club


async def test_each_role_sees_only_the_commands_it_may_use(kisbot: Kisbot) -> None:
    await _team(kisbot)
    leader = kisbot.server.user(LEADER, "Anna", language_code="pl")
    specialist = kisbot.server.user(SPECIALIST, "Jan", language_code="pl")
    await leader.send("/start")
    await specialist.send("/start")
    led, spec = _names(_menu(kisbot, LEADER)), _names(_menu(kisbot, SPECIALIST))
    assert set(led) >= LEADER_ONLY | EVERY_STAFF
    assert set(spec) >= EVERY_STAFF
    assert not LEADER_ONLY & set(spec)
    # Operators' commands are for operators only; everyone's commands come last.
    assert "newclub" not in led
    assert led[-3:] == spec[-3:] == ["help", "language", "cancel"]
    # In the person's language, with the catalogue's description.
    first = _menu(kisbot, SPECIALIST)[0]  # type: ignore[index]
    assert first["description"] == translate("pl", f"commands.{first['command']}")
    # What the menu leaves out, the bot refuses too.
    await specialist.send("/audit 1")
    assert specialist.last.text == translate("pl", "access.not_available")
    await specialist.send("/dataset")
    assert specialist.last.text == translate("pl", "access.not_available")


async def test_the_menu_follows_language_and_membership(kisbot: Kisbot) -> None:
    await _team(kisbot)
    specialist = kisbot.server.user(SPECIALIST, "Jan", language_code="pl")
    await specialist.send("/language")
    await specialist.click("English")
    menu = _menu(kisbot, SPECIALIST)
    assert menu is not None
    assert {c["description"] for c in menu} == {
        translate("en", f"commands.{c['command']}") for c in menu
    }
    # The leader ends the specialist's access: their menu is the participants' one again.
    leader = kisbot.server.user(LEADER, "Anna", language_code="pl")
    await leader.send("/team")
    await leader.click("Odbierz dostęp: Jan Spec")
    await leader.click("Tak, odbierz dostęp")
    assert _menu(kisbot, SPECIALIST) is None


async def test_participants_get_their_menu_in_each_language(kisbot: Kisbot) -> None:
    for language in ("pl", "uk", "en"):
        names = _names(_menu(kisbot, None, language))
        assert names[0] == "start"
        assert {"schedule", "privacy", "mydata", "delete", "help", "language"} <= set(names)
        assert not EVERY_STAFF & set(names)


async def test_the_menu_follows_the_club_one_works_in(kisbot: Kisbot) -> None:
    """A leader of one club who is a specialist in another gets the other club's menu there."""
    await _team(kisbot)
    async with kisbot.db.transaction() as tx:
        other = await tx.clubs.create("CIS Dwa", "CIS", "Europe/Warsaw", kisbot.clock.now())
        await tx.staff.add(other.id, LEADER, "Anna Lider", "specialist", kisbot.clock.now())
    leader = kisbot.server.user(LEADER, "Anna", language_code="pl")
    await leader.send("/club")
    await leader.click("CIS Dwa")
    assert not LEADER_ONLY & set(_names(_menu(kisbot, LEADER)))
    await leader.send("/club")
    await leader.click(next(b for row in leader.last.buttons for b in row if b != "✓ CIS Dwa"))
    assert set(_names(_menu(kisbot, LEADER))) >= LEADER_ONLY


async def test_the_help_lists_only_what_the_person_may_use(kisbot: Kisbot) -> None:
    await _team(kisbot)
    leader = kisbot.server.user(LEADER, "Anna", language_code="pl")
    specialist = kisbot.server.user(SPECIALIST, "Jan", language_code="pl")
    await leader.send("/help")
    await specialist.send("/help")
    led, spec = leader.last.text or "", specialist.last.text or ""
    assert led.splitlines()[0] == spec.splitlines()[0] == "Panel pracownika klubu."
    for name in ("participants", "card", "session", "language", "cancel"):
        assert f"\n/{name}" in led, name
        assert f"\n/{name}" in spec, name
    for name in ("team", "audit", "report", "staffinvite"):
        assert f"\n/{name}" in led, name
        assert f"\n/{name}" not in spec, name
    assert "/newclub" not in led  # operators only
