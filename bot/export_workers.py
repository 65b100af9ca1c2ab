"""Exports built in worker processes (KISBOT_EXPORT_WORKERS), not in the bot's own.

Python runs one thread of a process at a time: an export built in a thread of the bot takes
the interpreter from the event loop for up to 5 ms each time the loop waits on the network,
and every participant's step waits that many slices (BENCHMARKS.md, "Steps while a leader
exports"). A worker is a fresh interpreter (`python -m bot.export_worker`, started with
exec: nothing of the bot's threads, event loop or sockets is copied), started at the first
export and kept for the next; it opens a read-only snapshot of its own, builds, draws the
documents and sends their bytes back.

A worker that ends during an export (killed, out of memory) or runs over EXPORT_TIMEOUT is
replaced by a new one at the next export, and the leader is told to try again
(flows/later.complete). A worker ends by itself when the bot is gone, even one killed with
SIGKILL (bot/export_worker.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import pickle
import sys
from pathlib import Path

from bot.export_worker import HEADER, frame
from flows.later import ExportFailed, Opener
from flows.reply import Export, Reply

# A 1,000-person club's dataset takes about 2 s; an export still running after this long is
# stuck (a lock that never comes, a loop in a builder), and its worker is stopped.
EXPORT_TIMEOUT = 300.0
# How long a worker gets to end by itself when the bot stops.
STOP_GRACE = 1.0
# The folder that holds the bot package: the worker runs this same code.
ROOT = str(Path(__file__).resolve().parents[1])
_START = "import sys; sys.path.insert(0, sys.argv[1]); from bot.export_worker import main; main()"


class _Worker:
    """One worker process and its two pipes."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.busy = False  # a job sent, its answer not read yet

    @classmethod
    async def start(cls) -> _Worker:
        try:
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-c",
                _START,
                ROOT,
                str(os.getpid()),
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
            )
        except OSError as exc:
            raise ExportFailed(f"an export worker could not start: {exc}") from None
        return cls(process)

    @property
    def running(self) -> bool:
        return self.process.returncode is None

    async def call(self, message: bytes) -> object:
        """Send one job and read its answer; EOFError when the worker has ended."""
        stdin, stdout = self.process.stdin, self.process.stdout
        if stdin is None or stdout is None:  # started without pipes: cannot happen here
            raise EOFError
        try:
            stdin.write(message)
            await stdin.drain()
            self.busy = True
            size = int.from_bytes(await stdout.readexactly(HEADER), "big")
            body = await stdout.readexactly(size)
        except (asyncio.IncompleteReadError, ConnectionError) as exc:
            raise EOFError from exc
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


class ExportWorkers:
    """`size` worker processes, each building one export at a time; an export waits for a
    free one. Started lazily, kept for the next export."""

    def __init__(self, size: int, *, timeout: float = EXPORT_TIMEOUT) -> None:
        self.timeout = timeout
        # A free slot: its running worker, or None when it has none yet (or it ended).
        self._free: asyncio.Queue[_Worker | None] = asyncio.Queue()
        for _ in range(size):
            self._free.put_nowait(None)
        self._all: set[_Worker] = set()
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
        worker = await self._free.get()
        try:
            if worker is None or not worker.running:
                worker = await self._started()
        finally:
            self._free.put_nowait(worker)

    async def run(self, opener: Opener, job: Export) -> list[Reply]:
        """The job's replies, built in a worker; ExportFailed when no answer came."""
        # A job that does not pickle is a bug in the flow: it fails here, as it would in a thread.
        message = frame((opener, job))
        worker = await self._free.get()
        try:
            if self._closed:
                raise ExportFailed("the bot is stopping")
            if worker is None or not worker.running:
                worker = await self._started()
            answer = await self._answer(worker, message)
        except BaseException:
            if worker is not None and not worker.running:
                self._all.discard(worker)
                worker = None
            raise
        finally:
            self._free.put_nowait(worker)
        if not isinstance(answer, tuple) or answer[0] != "ok":
            what, frames = answer[1:] if isinstance(answer, tuple) else ("?", "")
            raise ExportFailed(f"{job.build.__qualname__} raised {what}\n{frames}")
        replies: list[Reply] = answer[1]
        return replies

    async def _started(self) -> _Worker:
        worker = await _Worker.start()
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
        except EOFError:
            code = await worker.kill()
            raise ExportFailed(
                f"the export worker ended during an export ({_ended(code)})"
            ) from None
        except BaseException:
            # Cancelled mid-export (the bot is stopping): its answer would come into nobody's
            # hands and the next job would read it, so the worker goes.
            await worker.kill()
            raise

    async def close(self) -> None:
        """Stop every worker (those building are killed: their leader's step is ending too)."""
        self._closed = True
        idle = []
        while not self._free.empty():
            worker = self._free.get_nowait()
            if worker is not None:
                idle.append(worker)
        busy = [w for w in self._all if w not in idle]
        await asyncio.gather(*(w.stop() for w in idle), *(w.kill() for w in busy))
        self._all.clear()
        for _ in idle:
            self._free.put_nowait(None)  # an export still waiting for a worker hears it now


def _ended(code: int | None) -> str:
    if code is not None and code < 0:
        return f"killed by signal {-code}"
    return f"exit code {code}"
