"""Clubs and their teams as operators and leaders make them in the chat, shared by
tests/test_staff_team.py and tests/test_trust_privileges.py."""

from __future__ import annotations

import re

import pytest

from tests.fakebot.users import FakeUser
from tests.harness import Kisbot

OPERATOR = 9001
NOT_AVAILABLE = "To polecenie nie jest dostępne."
LINK = re.compile(r"https://t\.me/\w+\?start=([A-Za-z0-9_-]+)")


@pytest.fixture
async def operator_bot(kisbot: Kisbot) -> Kisbot:
    """kisbot with OPERATOR among its operators (KISBOT_ADMIN_IDS)."""
    await kisbot.stop()
    kisbot.settings = kisbot.settings.model_copy(update={"admin_ids": frozenset({OPERATOR})})
    await kisbot.start()
    return kisbot


def link_code(user: FakeUser) -> str:
    """The code of the last invite link the bot showed this person."""
    for message in reversed(user.messages):
        found = LINK.search(message.text or "")
        if found:
            return found.group(1)
    raise AssertionError("no invite link was shown")


async def new_club(bot: Kisbot, name: str) -> tuple[FakeUser, str]:
    """The operator creates a KIS: the operator and the code of its first leader's link."""
    op = bot.server.user(OPERATOR, "Operator", language_code="pl")
    await op.send("/newclub")
    assert op.last.text == "Napisz nazwę nowego klubu."
    await op.send(name)
    await op.click("KIS")
    assert f"Utworzono: {name} (KIS)." in [m.text for m in op.messages]
    return op, link_code(op)


async def join_as_staff(bot: Kisbot, user: FakeUser, code: str, name: str) -> None:
    """The person opens a staff link and gives their name: the staff panel is shown."""
    await user.start_link(code)
    await user.send(name)
    assert "Panel pracownika klubu." in (user.last.text or "")


async def staff_link(leader: FakeUser, role: str, specialism: str) -> str:
    """A leader makes a staff link (`role` and `specialism` as the buttons say): its code."""
    await leader.send("/staffinvite")
    await leader.click(role)
    await leader.click(specialism)  # the specialism, chosen by who invites
    return link_code(leader)


async def a_leader_removed_with_a_spare_link(
    bot: Kisbot, specialism: str
) -> tuple[FakeUser, FakeUser, str]:
    """Anna leads KIS Zamek and makes a leader link nobody uses; Bea joins as leader by another
    of Anna's links and takes Anna's access away. Anna, Bea and the unused link's code."""
    _, code = await new_club(bot, "KIS Zamek")
    anna = bot.server.user(3051, "Anna", language_code="pl")
    await join_as_staff(bot, anna, code, "Anna Lider")
    spare = await staff_link(anna, "lider", specialism)
    bea = bot.server.user(3052, "Bea", language_code="pl")
    await join_as_staff(bot, bea, await staff_link(anna, "lider", specialism), "Bea Lider")
    await bea.send("/team")
    await bea.click("Odbierz dostęp: Anna Lider")
    await bea.click("Tak, odbierz dostęp")
    return anna, bea, spare
