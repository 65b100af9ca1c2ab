"""Two `kisbot run` worker processes on PostgreSQL; one is killed (SIGKILL) mid-intake."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bench.procs import BotProcess, bot_env, free_port, listening, start_webhook_worker
from flows.common import LANGUAGE_NAMES
from flows.invites import invite_participant
from storage.db import open_database
from tests.backends import postgres_database
from tests.fakebot.server import FakeBotApi
from tests.fakebot.webhook import WebhookPusher
from tests.intake_helpers import answer_with_buttons, bundled, on_screen, safe_option, t
from tests.workers_helpers import HOOK, SECRET, postgres_url

NOW_CLUB = "KIS Dwa"


@pytest.fixture
def pg_url() -> Iterator[str]:
    postgres_url()
    with postgres_database() as url:
        yield url


async def test_a_whole_intake_goes_on_when_a_worker_is_killed_mid_way(
    fake_telegram: FakeBotApi, pg_url: str, tmp_path: Path
) -> None:
    ports = [free_port(), free_port()]
    env = bot_env(fake_telegram, tmp_path / "unused.sqlite3", KISBOT_DATABASE_URL=pg_url)
    workers: list[BotProcess] = []
    try:
        for n, port in enumerate(ports):
            log = tmp_path / f"worker{n}.log"
            workers.append(await start_webhook_worker(port, env, log, HOOK.url, SECRET))
        for port in ports:
            await listening(port)
        database = await open_database(pg_url)
        try:
            async with database.transaction() as tx:
                club = await tx.clubs.create(NOW_CLUB, "KIS", "Europe/Warsaw", _now())
                made = await invite_participant(tx, club.id, "Ala", _now(), 14)
        finally:
            await database.close()
        endpoints = [f"http://127.0.0.1:{port}/hook" for port in ports]
        async with WebhookPusher(fake_telegram, endpoints, SECRET) as pusher:
            fake_telegram.waiter.busy = lambda: bool(pusher.in_flight)
            ala = fake_telegram.user(1001, "Ala", language_code="pl")
            await ala.start_link(made.code, within=30)
            await ala.click(LANGUAGE_NAMES["pl"])
            await ala.click(t("pl", "consent.agree"))
            q = bundled()
            positions: list[int] = []
            while on_screen(ala) is not None:
                if len(positions) == 4:
                    await workers[0].kill()  # power cut: no shutdown code runs
                shown = await answer_with_buttons(ala, q, lambda item: safe_option(q, item, 1))
                positions.append(shown.position)
            await ala.click(t("pl", "review.submit"))
            assert ala.last.text == t("pl", "review.thanks")
            fake_telegram.waiter.busy = None
            assert set(pusher.answered.values()) == {1}
        assert workers[0].process.returncode is not None  # it really was killed
        database = await open_database(pg_url)
        try:
            async with database.transaction() as tx:
                found = await tx.participants.by_telegram(1001)
                assert found is not None
                readings = await tx.readings.for_participant(found.id)
                assert [r.status for r in readings] == ["submitted"]
                answers = await tx.readings.answers(readings[0].id)
                claims = await tx.conn.one("SELECT COUNT(*) FROM processed_updates")
        finally:
            await database.close()
        assert positions == sorted(set(positions))
        assert set(answers) == {q.items[p].id for p in positions}
        assert claims is not None
        assert claims[0] == len(fake_telegram.updates)
    finally:
        for worker in workers:
            await worker.terminate()


def _now() -> datetime:
    return datetime.now(UTC)
