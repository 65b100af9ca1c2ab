"""A person who blocks the bot is marked unreachable and staff are told once; reachable again
when they unblock it or write. The bot learns of a block from Telegram's my_chat_member
update, or from a message refused with 403."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.harness import Kisbot
from tests.intake_helpers import join, participant, staff_member, texts
from tests.plugins.bot_errors import Watch

TOLD = "nie docierają"


def told(staff_texts: list[str]) -> int:
    return sum(TOLD in text for text in staff_texts)


@pytest.mark.over_http  # 403 answers to replies are handled by the adapter's dispatch
async def test_blocking_during_a_step_marks_the_participant_unreachable(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot)
    person, participant_id = await join(kisbot, 3101)
    person.block()
    # The bot's reply is a call about this chat, refused with 403: the waiter counts it.
    await person.send("/help")
    # The last call about this chat (the bot may already be polling again).
    assert [c for c in kisbot.server.calls if c.chat_id == person.chat_id][-1].status == 403
    assert (await participant(kisbot, participant_id)).unreachable
    await kisbot.run_outbox()
    assert told(texts(staff)) == 1
    person.unblock()
    await person.send("/help")
    assert not (await participant(kisbot, participant_id)).unreachable


@pytest.mark.over_http
async def test_blocking_in_a_group_is_not_the_persons_chat(kisbot: Kisbot) -> None:
    person, participant_id = await join(kisbot, 3102)
    group = kisbot.server.group(-3102, "Grupa")
    kisbot.server.world.blocked.add(group.chat_id)
    await person.in_chat(group).send("/help")
    assert any(c.chat_id == group.chat_id and c.status == 403 for c in kisbot.server.calls)
    assert not (await participant(kisbot, participant_id)).unreachable


@pytest.mark.over_http  # the real Application must be given my_chat_member updates
async def test_telegrams_word_of_a_block_reaches_the_running_bot(kisbot: Kisbot) -> None:
    person, participant_id = await join(kisbot, 3103)
    await person.blocks_the_bot()
    assert (await participant(kisbot, participant_id)).unreachable
    await person.unblocks_the_bot()
    assert not (await participant(kisbot, participant_id)).unreachable


async def test_a_block_is_known_without_any_message_refused(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot)
    person, participant_id = await join(kisbot, 3104)
    calls_before = len(kisbot.server.calls)
    await person.blocks_the_bot()
    assert (await participant(kisbot, participant_id)).unreachable
    # Nothing was sent to the blocked chat to find out.
    assert not [c for c in kisbot.server.calls[calls_before:] if c.chat_id == person.chat_id]
    await kisbot.run_outbox()
    assert told(texts(staff)) == 1
    # A reply refused later is no news: the staff are not told twice.
    await person.send("/help", expect_reply=False)
    await kisbot.run_outbox()
    assert told(texts(staff)) == 1


@pytest.mark.over_http  # a 500 on a reply is the adapter's error handler's
async def test_a_step_sent_before_the_block_does_not_undo_it(
    kisbot: Kisbot, bot_errors: Watch
) -> None:
    """The person pressed and then blocked; the reply to the press met a network fault, so no
    403 said anything. Telegram's update, which comes after the press, still marks them."""
    person, participant_id = await join(kisbot, 3105)
    person.block()
    kisbot.server.inject("sendMessage", status=500, chat_id=person.chat_id, times=None)
    await person.send("/help", expect_reply=False)
    assert not (await participant(kisbot, participant_id)).unreachable  # the bot cannot know
    assert [r.name for r in bot_errors.errors] == ["bot.errors"]  # the 500, as for anyone
    await person.blocks_the_bot()
    assert (await participant(kisbot, participant_id)).unreachable


async def test_unblocking_makes_the_person_reachable_again(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot)
    person, participant_id = await join(kisbot, 3106)
    await person.blocks_the_bot()
    await person.unblocks_the_bot()
    assert not (await participant(kisbot, participant_id)).unreachable
    # Blocking again the same day does not flood the staff; on another day it is news again.
    await person.blocks_the_bot()
    await person.unblocks_the_bot()
    kisbot.clock.advance(timedelta(hours=2))
    await person.blocks_the_bot()
    await kisbot.run_outbox()
    assert told(texts(staff)) == 1
    await person.unblocks_the_bot()
    kisbot.clock.advance(timedelta(days=1))
    await person.blocks_the_bot()
    await kisbot.run_outbox()
    assert told(texts(staff)) == 2


async def test_someone_who_left_the_programme_is_marked_without_alerting_staff(
    kisbot: Kisbot,
) -> None:
    staff = await staff_member(kisbot)
    person, participant_id = await join(kisbot, 3109)
    async with kisbot.db.transaction() as tx:
        await tx.participants.set_status(await kisbot.club(), participant_id, "left")
    await person.blocks_the_bot()
    assert (await participant(kisbot, participant_id)).unreachable  # the card still says so
    await kisbot.run_outbox()
    assert told(texts(staff)) == 0


async def test_the_same_update_twice_changes_nothing_more(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot)
    person, participant_id = await join(kisbot, 3107)
    await person.blocks_the_bot()
    await person.unblocks_the_bot()
    kicked = next(u for u in kisbot.server.queue.all if "my_chat_member" in u)
    await kisbot.server.deliver_again(kicked)
    assert not (await participant(kisbot, participant_id)).unreachable
    await kisbot.run_outbox()
    assert told(texts(staff)) == 1


async def test_someone_unknown_who_blocks_leaves_no_trace(kisbot: Kisbot) -> None:
    stranger = kisbot.server.user(3108, "Obcy", language_code="pl")
    await stranger.blocks_the_bot()
    async with kisbot.db.transaction() as tx:
        rows = await tx.accounts._all("SELECT telegram_id FROM accounts", ())
    assert 3108 not in [r["telegram_id"] for r in rows]
