"""Exports built in worker processes (KISBOT_EXPORT_WORKERS), not in the bot's own.

Python runs one thread of a process at a time: an export built in a thread of the bot takes
the interpreter from the event loop for up to 5 ms each time the loop waits on the network,
and every participant's step waits that many slices (BENCHMARKS.md, "Steps while a leader
exports"). A worker is a fresh interpreter (`python -c` running bot.export_worker.main from
this checkout, started with exec: nothing of the bot's threads, event loop or sockets is
copied, and no secret setting is in its environment), started at the first export and kept
for the next while exports come (IDLE_STOP); it opens a read-only snapshot of its own, builds,
draws the documents and sends their bytes back.

Exports only read, so a worker that ended before it began to answer (killed while idle or
mid-export, out of memory) costs one retry on a new worker; when that one ends too, or an
export runs over EXPORT_TIMEOUT, the leader is told to try again (flows/later.complete). A
worker ends by itself when the bot is gone, even one killed with SIGKILL (bot/export_worker.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import pickle
import sys
from pathlib import Path
from typing import get_args

from pydantic import SecretStr

from bot.export_worker import HEADER, frame
from bot.settings import Settings
from flows.later import ExportFailed, Opener
from flows.reply import Export, Reply

log = logging.getLogger(__name__)

# A 1,000-person club's dataset takes about 2 s; an export still running after this long is
# stuck (a lock that never comes, a loop in a builder), and its worker is stopped.
EXPORT_TIMEOUT = 300.0
# How long a worker gets to end by itself when the bot stops.
STOP_GRACE = 1.0
# A warm worker holds about 107 MiB (BENCHMARKS.md); a club exports a few times a day, in
# bursts (a leader's /report, then the summaries): after this long without an export the
# worker ends, and the next export starts one again (about a second).
IDLE_STOP = 600.0
# Settings a worker never needs (it gets its database in each job): kept out of its
# environment, so that nothing it runs can read or print them.
SECRETS = frozenset(
    field.alias or name
    for name, field in Settings.model_fields.items()
    if SecretStr in (field.annotation, *get_args(field.annotation))
)
# The folder that holds the bot package: the worker runs this same code.
ROOT = str(Path(__file__).resolve().parents[1])
_START = "import sys; sys.path.insert(0, sys.argv[1]); from bot.export_worker import main; main()"


class _Worker:
    """One worker process and its two pipes."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.busy = False  # a job sent, its answer not read yet
        self.stopping = False  # idle too long: ending, never given a job again
        self.idle_timer: asyncio.TimerHandle | None = None

    @classmethod
    async def start(cls, log_level: str) -> _Worker:
        env = {k: v for k, v in os.environ.items() if k not in SECRETS}
        env["KISBOT_LOG_LEVEL"] = log_level
        try:
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-c",
                _START,
                ROOT,
                str(os.getpid()),
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                env=env,
            )
        except OSError as exc:
            raise ExportFailed(f"an export worker could not start: {exc}") from None
        return cls(process)

    @property
    def running(self) -> bool:
        return self.process.returncode is None

    @property
    def usable(self) -> bool:
        return self.running and not self.stopping

    async def call(self, message: bytes) -> object:
        """Send one job and read its answer; _Ended when the worker has ended."""
        stdin, stdout = self.process.stdin, self.process.stdout
        if stdin is None or stdout is None:  # started without pipes: cannot happen here
            raise _Ended(answering=False)
        answering = False
        try:
            stdin.write(message)
            await stdin.drain()
            self.busy = True
            size = int.from_bytes(await stdout.readexactly(HEADER), "big")
            answering = True
            body = await stdout.readexactly(size)
        except (asyncio.IncompleteReadError, ConnectionError) as exc:
            raise _Ended(answering) from exc
        finally:
            self.busy = False
        return pickle.loads(body)  # noqa: S301 - from the worker this process started

    async def kill(self) -> int | None:
        if self.running:
            with contextlib.suppress(ProcessLookupError):
                self.process.kill()
        return await self.process.wait()

    async def stop(self) -> None:
        """Close its jobs pipe, which ends it; kill it if it does not end soon."""
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            await asyncio.wait_for(self.process.wait(), STOP_GRACE)
        except TimeoutError:
            await self.kill()


class _Ended(Exception):
    """The worker ended before its answer was read; `answering`: it had begun sending one."""

    def __init__(self, answering: bool) -> None:
        super().__init__()
        self.answering = answering


class ExportWorkers:
    """`size` worker processes, each building one export at a time; an export waits for a
    free one. Started lazily, kept for the next export until idle for `idle` seconds."""

    def __init__(
        self,
        size: int,
        *,
        timeout: float = EXPORT_TIMEOUT,
        idle: float = IDLE_STOP,
        log_level: str = "WARNING",
    ) -> None:
        self.timeout = timeout
        self.idle = idle
        self.log_level = log_level
        # A free slot: its running worker, or None when it has none yet (or it ended).
        self._free: asyncio.Queue[_Worker | None] = asyncio.Queue()
        for _ in range(size):
            self._free.put_nowait(None)
        self._all: set[_Worker] = set()
        self._stops: set[asyncio.Task[None]] = set()  # idle workers ending
        self._closed = False

    @property
    def exporting(self) -> int:
        """How many exports are with a worker now."""
        return sum(w.busy for w in self._all)

    @property
    def pids(self) -> list[int]:
        """The running workers' process ids."""
        return [w.process.pid for w in self._all if w.running]

    async def warm(self) -> None:
        """Start one worker now, so that the first export does not wait for it."""
        worker = await self._take()
        try:
            if worker is None or not worker.usable:
                worker = await self._started()
        finally:
            self._put_back(worker)

    async def run(self, opener: Opener, job: Export) -> list[Reply]:
        """The job's replies, built in a worker; ExportFailed when no answer came."""
        # A job that does not pickle is a bug in the flow: it fails here, as it would in a thread.
        message = frame((opener, job))
        worker = await self._take()
        try:
            if self._closed:
                raise ExportFailed("the bot is stopping")
            answer = None
            for retries in (1, 0):
                if worker is None or not worker.usable:
                    worker = await self._started()
                try:
                    answer = await self._answer(worker, message)
                    break
                except _Ended as ended:
                    code = await worker.kill()
                    self._all.discard(worker)
                    worker = None
                    if ended.answering or not retries:
                        raise ExportFailed(
                            f"the export worker ended during an export ({_ended(code)})"
                        ) from None
                    # Exports only read: building it again on a new worker repeats nothing.
                    log.warning(
                        "an export worker ended before answering (%s); retrying on a new one",
                        _ended(code),
                    )
        except BaseException:
            if worker is not None and not worker.running:
                self._all.discard(worker)
                worker = None
            raise
        finally:
            self._put_back(worker)
        if not isinstance(answer, tuple) or answer[0] != "ok":
            what, frames = answer[1:] if isinstance(answer, tuple) else ("?", "")
            raise ExportFailed(f"{job.build.__qualname__} raised {what}\n{frames}")
        replies: list[Reply] = answer[1]
        return replies

    async def _take(self) -> _Worker | None:
        worker = await self._free.get()
        if worker is not None and worker.idle_timer is not None:
            worker.idle_timer.cancel()
            worker.idle_timer = None
        return worker

    def _put_back(self, worker: _Worker | None) -> None:
        if worker is not None and worker.usable and not self._closed:
            worker.idle_timer = asyncio.get_running_loop().call_later(
                self.idle, self._stop_idle, worker
            )
        self._free.put_nowait(worker)

    def _stop_idle(self, worker: _Worker) -> None:
        # It stays in its slot, marked: the next export there starts a new worker.
        worker.idle_timer = None
        worker.stopping = True
        self._all.discard(worker)
        stop = asyncio.get_running_loop().create_task(worker.stop())
        self._stops.add(stop)
        stop.add_done_callback(self._stops.discard)

    async def _started(self) -> _Worker:
        worker = await _Worker.start(self.log_level)
        self._all.add(worker)
        return worker

    async def _answer(self, worker: _Worker, message: bytes) -> object:
        try:
            async with asyncio.timeout(self.timeout):
                return await worker.call(message)
        except TimeoutError:
            await worker.kill()
            raise ExportFailed(
                f"an export ran over {self.timeout:.0f} s; its worker was stopped"
            ) from None
        except _Ended:
            raise
        except BaseException:
            # Cancelled mid-export (the bot is stopping): its answer would come into nobody's
            # hands and the next job would read it, so the worker goes.
            await worker.kill()
            raise

    async def close(self) -> None:
        """Stop every worker (those building are killed: their leader's step is ending too)."""
        self._closed = True
        drained = 0
        idle = []
        while not self._free.empty():
            worker = await self._take()
            drained += 1
            if worker is not None and not worker.stopping:
                idle.append(worker)
        busy = [w for w in self._all if w not in idle]
        await asyncio.gather(
            *(w.stop() for w in idle), *(w.kill() for w in busy), *list(self._stops)
        )
        self._all.clear()
        for _ in range(drained):
            self._free.put_nowait(None)  # an export still waiting for a worker hears it now


def _ended(code: int | None) -> str:
    if code is not None and code < 0:
        return f"killed by signal {-code}"
    return f"exit code {code}"
