"""Exports built in a worker process (KISBOT_EXPORT_WORKERS, bot/export_workers.py): the
leader gets the same documents; a worker killed or stuck mid-export gets the leader a clear
answer and the next export works; a bot killed with SIGKILL leaves no worker behind."""

from __future__ import annotations

import asyncio
import io
import os
import signal
import sys
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from pathlib import Path

import docx
import openpyxl
import pytest

from base.clock import ManualClock
from bench.procs import children
from bot.export_workers import EXPORT_TIMEOUT, ExportWorkers, _Worker
from flows.context import FlowSettings
from flows.later import ExportFailed
from flows.reply import Export, Reply
from storage.db import open_database
from storage.tx import Tx
from tests.case_helpers import open_card, submitted
from tests.chatbot import ChatBot
from tests.fakebot.server import FakeBotApi
from tests.intake_helpers import staff_member, t
from tests.plugins.bot_errors import Watch
from tests.test_network_coordinator import _network_with_invite
from tests.test_processes import ROOT, _env

GENERIC = t("pl", "error.generic")


# kisbot in-process with one export worker process, as a bot runs by default.
pytestmark = pytest.mark.settings(KISBOT_EXPORT_WORKERS="1")


def _workers(kisbot: ChatBot) -> ExportWorkers:
    assert kisbot.services is not None
    assert kisbot.services.exports is not None
    return kisbot.services.exports


async def test_every_export_reaches_the_leader_from_the_worker(kisbot: ChatBot) -> None:
    leader = await staff_member(kisbot, 9001)
    participant_id, _ = await kisbot.invite("Ala Nowak")
    await submitted(kisbot, participant_id)
    workers = _workers(kisbot)
    assert workers.pids == []  # started by the first export, not before

    await leader.send("/dataset")
    dataset = leader.documents[-1]
    assert dataset.filename == f"dataset-club-{await kisbot.club()}.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(dataset.content), read_only=True)
    cells = {str(c) for row in book.worksheets[0].iter_rows(values_only=True) for c in row}
    assert f"P{participant_id}" in cells
    assert "Ala Nowak" not in cells  # pseudonymised, as in a thread
    (worker,) = workers.pids
    assert worker != os.getpid()

    await leader.send("/report")
    html, word, figures = leader.documents[-3:]
    assert html.content.startswith(b"<!DOCTYPE html>")
    heading = docx.Document(io.BytesIO(word.content)).paragraphs[0].text
    assert heading == t("pl", "doc.report.title")  # the Word form, made in the worker too
    assert figures.filename.endswith(".csv")
    assert workers.pids == [worker]  # the same worker, kept warm

    card = await open_card(leader, "Ala Nowak", participant_id)
    await leader.click(t("pl", "exports.button"), in_message=card)
    label = t("pl", "exports.summary", format=t("pl", "exports.format.docx"))
    await leader.click(label)
    summary = leader.documents[-1]
    assert summary.filename == f"summary-{participant_id}.docx"
    assert summary.caption == t("pl", "exports.summary_caption", name="Ala Nowak")
    word = docx.Document(io.BytesIO(summary.content))
    cells = {c.text for table in word.tables for row in table.rows for c in row.cells}
    assert any(c.endswith("/100 (Potrzebne wsparcie)") for c in cells)  # her sphere scores

    await leader.send("/annual 2026")
    await leader.click(t("pl", "annual.send"))
    page, word = leader.documents[-2:]
    assert page.filename == f"annual-report-2026-club-{await kisbot.club()}.html"
    assert word.content.startswith(b"PK")

    _, code = await _network_with_invite(kisbot)
    coordinator = kisbot.server.user(4810, "Koordynatorka", language_code="pl")
    await coordinator.start_link(code)
    await coordinator.send("/report")
    page, sheet = coordinator.documents[-2:]
    assert "KIS Most" in page.content.decode()
    assert sheet.filename.endswith(".docx")
    assert workers.pids == [worker]


async def _stopped_mid_export(kisbot: ChatBot, leader_id: int) -> asyncio.Task[None]:
    """/dataset sent while the worker is stopped (SIGSTOP): the job is with the worker and
    no answer can come until the test lets it."""
    workers = _workers(kisbot)
    await workers.warm()
    (worker,) = workers.pids
    os.kill(worker, signal.SIGSTOP)
    leader = kisbot.server.user(leader_id, "Ewa", language_code="pl")
    export = asyncio.create_task(leader.send("/dataset"))
    while not workers.exporting:
        assert not export.done()
        await asyncio.sleep(0.01)
    return export


async def test_a_worker_killed_mid_export_is_replaced_and_the_export_built(
    kisbot: ChatBot, bot_errors: Watch
) -> None:
    leader = await staff_member(kisbot, 9001)
    participant_id, _ = await kisbot.invite("Ala")
    await submitted(kisbot, participant_id)
    export = await _stopped_mid_export(kisbot, 9001)
    (killed,) = _workers(kisbot).pids
    os.kill(killed, signal.SIGKILL)  # as the kernel's out-of-memory killer would
    await export
    assert leader.documents[-1].filename.endswith(".xlsx")  # built again on a new worker
    assert _workers(kisbot).pids not in ([], [killed])
    assert not bot_errors.errors


async def test_a_worker_killed_while_idle_costs_the_leader_nothing(
    kisbot: ChatBot, bot_errors: Watch
) -> None:
    leader = await staff_member(kisbot, 9001)
    workers = _workers(kisbot)
    await workers.warm()
    (killed,) = workers.pids
    os.kill(killed, signal.SIGKILL)
    await leader.send("/report")  # at once: the bot may not have noticed the death yet
    assert leader.documents[-1].filename.endswith(".csv")
    assert workers.pids not in ([], [killed])
    assert not bot_errors.errors


async def test_a_worker_ending_twice_gets_the_leader_a_clear_answer(
    kisbot: ChatBot, bot_errors: Watch, monkeypatch: pytest.MonkeyPatch
) -> None:
    leader = await staff_member(kisbot, 9001)
    participant_id, _ = await kisbot.invite("Ala")
    await submitted(kisbot, participant_id)
    export = await _stopped_mid_export(kisbot, 9001)
    start = _Worker.start

    async def dying(log_level: str) -> _Worker:  # its replacement dies too (out of memory)
        worker = await start(log_level)
        worker.process.kill()
        return worker

    monkeypatch.setattr(_Worker, "start", dying)
    os.kill(_workers(kisbot).pids[0], signal.SIGKILL)
    await export
    assert leader.last.text == GENERIC
    assert not leader.documents
    logged = "\n".join(r.getMessage() for r in bot_errors.errors)
    assert "worker ended during an export" in logged
    assert "Ala" not in logged

    monkeypatch.undo()
    await leader.send("/dataset")  # a new worker builds it
    assert leader.documents[-1].filename.endswith(".xlsx")


async def test_an_idle_worker_ends_and_the_next_export_starts_one(kisbot: ChatBot) -> None:
    leader = await staff_member(kisbot, 9001)
    assert kisbot.services is not None
    await _workers(kisbot).close()
    workers = kisbot.services.exports = ExportWorkers(1, idle=0.2)
    await leader.send("/report")
    assert leader.documents[-1].filename.endswith(".csv")
    (first,) = workers.pids
    for _ in range(400):  # it ends by itself, its memory given back
        if not _running(first):
            break
        await asyncio.sleep(0.05)
    else:
        pytest.fail(f"idle export worker {first} still runs 20 s after its idle limit")
    assert workers.pids == []

    workers.idle = EXPORT_TIMEOUT  # the next one stays for the test's checks
    await leader.send("/report")
    assert leader.documents[-1].filename.endswith(".csv")
    assert workers.pids not in ([], [first])


async def test_an_export_waiting_when_the_bot_stops_is_told_so() -> None:
    workers = ExportWorkers(1)
    await workers.close()  # no worker was ever started: its slot is empty
    with pytest.raises(ExportFailed, match="stopping"):
        # The bound only stops a broken close() hanging the suite; nothing is timed.
        await asyncio.wait_for(workers.run(_no_snapshot, _unused_job()), 60)


def _no_snapshot() -> AbstractAsyncContextManager[Tx]:
    raise AssertionError("a stopped bot opens no snapshot")


def _unused_job() -> Export:
    return Export(_never_built, (), {}, datetime(2026, 1, 1, tzinfo=UTC), FlowSettings(), "", "pl")


async def _never_built(ctx: object) -> list[Reply]:
    raise AssertionError("a stopped bot builds no export")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
async def test_the_worker_gets_no_secret_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:token-the-worker-never-needs")
    monkeypatch.setenv("KISBOT_WEBHOOK_SECRET", "webhook-secret-value")
    monkeypatch.setenv("KISBOT_DATABASE_URL", "postgresql://kis:password@db/kis")
    workers = ExportWorkers(1, log_level="DEBUG")
    try:
        await workers.warm()
        (worker,) = workers.pids
        environ = (await asyncio.to_thread(Path(f"/proc/{worker}/environ").read_bytes)).split(b"\0")
    finally:
        await workers.close()
    names = {entry.partition(b"=")[0] for entry in environ}
    assert not names & {b"TELEGRAM_BOT_TOKEN", b"KISBOT_WEBHOOK_SECRET", b"KISBOT_DATABASE_URL"}
    assert b"token-the-worker-never-needs" not in b"".join(environ)
    assert b"KISBOT_LOG_LEVEL=DEBUG" in environ  # it logs at the bot's level


async def test_a_stuck_export_is_stopped_after_its_time(kisbot: ChatBot, bot_errors: Watch) -> None:
    leader = await staff_member(kisbot, 9001)
    assert kisbot.services is not None
    await _workers(kisbot).close()
    workers = kisbot.services.exports = ExportWorkers(1, timeout=1.0)
    export = await _stopped_mid_export(kisbot, 9001)
    await export
    assert leader.last.text == GENERIC
    assert "ran over" in "\n".join(r.getMessage() for r in bot_errors.errors)

    workers.timeout = EXPORT_TIMEOUT  # a new worker's first export may take seconds here
    await leader.send("/report")
    assert leader.documents[-1].filename.endswith(".csv")


def _running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"  # a zombie has ended; only its entry is left


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
async def test_no_worker_outlives_a_bot_killed_with_sigkill(
    fake_telegram: FakeBotApi, database_url: str, clock: ManualClock, tmp_path: Path
) -> None:
    db = await open_database(database_url)
    try:
        async with db.transaction() as tx:
            club = await tx.clubs.create("KIS", "KIS", "Europe/Warsaw", clock.now())
            await tx.staff.add(club.id, 9001, "Ewa", "leader", clock.now())
    finally:
        await db.close()
    variable = "KISBOT_DATABASE_URL" if "://" in database_url else "KISBOT_DB_PATH"
    env = _env(
        TELEGRAM_BOT_TOKEN=fake_telegram.token,
        TELEGRAM_API_BASE_URL=fake_telegram.url,
        KISBOT_EXPORT_WORKERS="1",
        **{variable: database_url},
    )
    log = tmp_path / "bot.log"
    with log.open("wb") as stderr:
        bot = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=ROOT, env=env, stderr=stderr
        )
    try:
        leader = fake_telegram.user(9001, "Ewa", language_code="pl")
        try:
            await leader.send("/dataset", within=60)
            await fake_telegram.until(lambda: bool(leader.documents), within=60)
            (worker,) = children(bot.pid)
        except (AssertionError, TimeoutError, ValueError) as exc:
            pytest.fail(f"{exc!r}; the bot's log:\n{log.read_text(errors='replace')}")
    finally:
        bot.kill()
        await bot.wait()
    # The worker notices that the bot is gone (its jobs pipe closes) and ends.
    for _ in range(400):
        if not _running(worker):
            return
        await asyncio.sleep(0.05)
    pytest.fail(f"export worker {worker} still runs 20 s after its bot was killed")
