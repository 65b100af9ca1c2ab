"""Two workers behind one webhook on PostgreSQL: one person's steps in order, each once."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest

from base.clock import ManualClock
from bot.services import services_of
from questionnaires.model import Answer
from storage.timefmt import from_db
from tests.backends import postgres_database
from tests.fakebot.server import FakeBotApi
from tests.fakebot.users import FakeUser
from tests.intake_helpers import (
    answer_with_buttons,
    answers_of,
    bundled,
    join,
    on_screen,
    reading_of,
    safe_option,
    t,
)
from tests.workers_helpers import SECRET, postgres_url, webhook_workers


@pytest.fixture
def pg_url() -> Iterator[str]:
    postgres_url()
    with postgres_database() as url:
        yield url


async def walk_to_review(person: FakeUser) -> list[int]:
    """Answer every question with a safe option; the positions of the questions answered."""
    q = bundled()
    positions: list[int] = []
    while on_screen(person) is not None:
        shown = await answer_with_buttons(
            person, q, lambda item: safe_option(q, item, 1 + len(positions) % 2)
        )
        positions.append(shown.position)
    return positions


async def test_one_persons_updates_alternate_between_workers_in_order_and_once(
    fake_telegram: FakeBotApi, pg_url: str, clock: ManualClock
) -> None:
    async with webhook_workers(fake_telegram, pg_url, clock) as kisbot:
        ala, participant_id = await join(kisbot, 1001)
        positions = await walk_to_review(ala)
        # The questions came in the questionnaire's order, each once.
        assert positions == sorted(set(positions))
        assert (ala.last.text or "").startswith(t("pl", "review.intro"))
        await ala.click(t("pl", "review.submit"))
        assert ala.last.text == t("pl", "review.thanks")

        assert kisbot.pusher is not None
        answered = kisbot.pusher.answered
        # Every update was answered once (the pusher sends them to the workers in turn).
        assert set(answered.values()) == {1}
        assert len(answered) == len(fake_telegram.updates) >= 12
        reading = await reading_of(kisbot, participant_id)
        assert reading.status == "submitted"
        answers = await answers_of(kisbot, participant_id)
        q = bundled()
        assert set(answers) == {q.items[p].id for p in positions}
        assert all(isinstance(a, Answer) and a.status == "answered" for a in answers.values())
        async with kisbot.db.transaction() as tx:
            claims = await tx.conn.one("SELECT COUNT(*) FROM processed_updates")
        assert claims is not None
        assert claims[0] == len(fake_telegram.updates)


async def test_a_redelivery_to_both_workers_at_once_is_handled_once(
    fake_telegram: FakeBotApi, pg_url: str, clock: ManualClock
) -> None:
    async with webhook_workers(fake_telegram, pg_url, clock) as kisbot:
        ala, participant_id = await join(kisbot, 1001)
        q = bundled()
        before = len(ala.messages)
        await answer_with_buttons(ala, q, lambda item: safe_option(q, item, 1))
        first = [dict(u) for u in fake_telegram.updates][-1]
        replies = len(ala.messages) - before
        # Telegram gave up waiting and sent the same update again, to both workers at once.
        async with aiohttp.ClientSession() as session:
            statuses = await asyncio.gather(
                *(
                    _post(session, f"http://127.0.0.1:{port}/hook", first)
                    for port in (*kisbot.ports, *kisbot.ports)
                )
            )
        await fake_telegram.settled()
        assert statuses == [200, 200, 200, 200]
        assert len(ala.messages) - before == replies  # no second reply
        answers = await answers_of(kisbot, participant_id)
        assert len(answers) == 1
        async with kisbot.db.transaction() as tx:
            claimed = await tx.conn.one(
                "SELECT COUNT(*) FROM processed_updates WHERE update_id = ?", (first["update_id"],)
            )
        assert claimed is not None
        assert claimed[0] == 1


async def _post(session: aiohttp.ClientSession, url: str, update: dict[str, object]) -> int:
    async with session.post(
        url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
    ) as response:
        return response.status


async def test_each_outbox_row_goes_out_from_one_worker_at_one_shared_pace(
    fake_telegram: FakeBotApi, pg_url: str, clock: ManualClock
) -> None:
    async with webhook_workers(fake_telegram, pg_url, clock) as kisbot:
        people = [9001 + n for n in range(30)]
        for telegram_id in people:
            fake_telegram.user(telegram_id, f"Staff {telegram_id}")
            await kisbot.add_staff(telegram_id)
        async with kisbot.db.transaction() as tx:
            for n, telegram_id in enumerate(people):
                await tx.outbox.enqueue(
                    telegram_id,
                    "alert",
                    "staff_alert.consent_question",
                    {"name": f"P{n}", "id": n},
                    "pl",
                    clock.now(),
                    clock.now(),
                    f"k{n}",
                )
        started = datetime.now(UTC)
        # Both workers' rounds race for the same rows (their loops run too).
        await asyncio.gather(*(services_of(app).outbox.run_once() for app in kisbot.apps))
        for _ in range(400):
            async with kisbot.db.transaction() as tx:
                left = await tx.conn.one(
                    "SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending')"
                )
            if left is not None and left[0] == 0:
                break
            await asyncio.sleep(0.05)
        await fake_telegram.settled()
        texts = [c.params["text"] for c in fake_telegram.calls if c.method == "sendMessage"]
        assert len(texts) == 30
        assert len(set(texts)) == 30  # each alert once, none twice
        async with kisbot.db.transaction() as tx:
            statuses = await tx.conn.all("SELECT status, COUNT(*) FROM outbox GROUP BY status")
            pace = await tx.meta.get("send_pace_next_at")
        assert [tuple(r) for r in statuses] == [("sent", 30)]
        # Every send took its own slot from the one pace row both workers share.
        assert pace is not None
        gap = timedelta(seconds=1 / kisbot.settings.send_rate_per_second)
        assert from_db(pace) - started >= 30 * gap


async def test_a_nudge_goes_out_once_when_both_workers_look_for_due_ones(
    fake_telegram: FakeBotApi, pg_url: str, clock: ManualClock
) -> None:
    async with webhook_workers(fake_telegram, pg_url, clock) as kisbot:
        ala, _ = await join(kisbot, 1001)
        q = bundled()
        await answer_with_buttons(ala, q, lambda item: safe_option(q, item, 1))
        before = len(ala.messages)
        clock.advance(timedelta(hours=25))  # past the first nudge, outside quiet hours
        await asyncio.gather(
            *(services_of(app).outbox.run_once() for app in kisbot.apps for _ in range(3))
        )
        for _ in range(500):  # the loops' own rounds, woken meanwhile, end too
            if not any(services_of(app).outbox.rounds_running for app in kisbot.apps):
                break
            await asyncio.sleep(0.01)
        await fake_telegram.settled()
        assert [m.text for m in ala.messages[before:]] == [t("pl", "nudge.questionnaire")]
        async with kisbot.db.transaction() as tx:
            nudges = await tx.conn.one("SELECT COUNT(*) FROM outbox WHERE kind = 'nudge'")
        assert nudges is not None
        assert nudges[0] == 1
