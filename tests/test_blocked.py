"""A person who blocks the bot is marked unreachable, and reachable again when they write."""

from __future__ import annotations

import pytest

from tests.harness import Kisbot
from tests.intake_helpers import join, participant

# Over HTTP: 403 answers to replies are handled by the adapter's dispatch.
pytestmark = pytest.mark.over_http


async def test_blocking_during_a_step_marks_the_participant_unreachable(kisbot: Kisbot) -> None:
    person, participant_id = await join(kisbot, 3101)
    person.block()
    # The bot's reply is a call about this chat, refused with 403: the waiter counts it.
    await person.send("/help")
    # The last call about this chat (the bot may already be polling again).
    assert [c for c in kisbot.server.calls if c.chat_id == person.chat_id][-1].status == 403
    assert (await participant(kisbot, participant_id)).unreachable
    person.unblock()
    await person.send("/help")
    assert not (await participant(kisbot, participant_id)).unreachable


async def test_blocking_in_a_group_is_not_the_persons_chat(kisbot: Kisbot) -> None:
    person, participant_id = await join(kisbot, 3102)
    group = kisbot.server.group(-3102, "Grupa")
    kisbot.server.world.blocked.add(group.chat_id)
    await person.in_chat(group).send("/help")
    assert any(c.chat_id == group.chat_id and c.status == 403 for c in kisbot.server.calls)
    assert not (await participant(kisbot, participant_id)).unreachable
