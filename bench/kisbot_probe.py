"""Diagnostic only: `kisbot run` that records where each update's time goes.

    KISBOT_PROBE_OUT=/tmp/probe.txt python -m bench.kisbot_probe run

(`python -m bench.intake_load --probe FILE` runs kisbot this way.) Nothing of the bot changes;
around it this records, and writes to KISBOT_PROBE_OUT when the process stops:

- the event loop's lag: a task that sleeps 10 ms and notes how late it wakes, with the main
  thread's own CPU time over the same stretch (late with CPU spent: the loop was busy; late
  without: the process waited for a core, for the disk or for the GIL);
- stalls: a watchdog thread that, when the loop has not ticked for 100 ms, takes the main
  thread's stack (what blocks it), and the run-queue wait of the main thread (/proc schedstat:
  time it was ready to run but had no core);
- each update's phases: fetched by getUpdates, handler entered, step started (both locks and
  the update claim held), step committed, replies started, first reply call answered, done;
- every SQLite statement batch run on the loop's thread that took over 20 ms.

It is not a way to deploy.
"""

from __future__ import annotations

import asyncio
import contextvars
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from bench.stats import percentile
from bot import app as app_module
from bot import dispatch
from bot.cli import main
from bot.transport import AiohttpRequest
from storage import conn as conn_module

TICK = 0.010
STALL = 0.100
SLOW_SQL = 0.020

CURRENT: contextvars.ContextVar[int | None] = contextvars.ContextVar("probe_update", default=None)


def schedstat(tid: int | None = None) -> tuple[float, float]:
    """(seconds on a CPU, seconds runnable but waiting for one) of a thread (Linux)."""
    path = f"/proc/self/task/{tid}/schedstat" if tid else "/proc/self/schedstat"
    run_ns, wait_ns, _ = Path(path).read_text(encoding="ascii").split()
    return int(run_ns) / 1e9, int(wait_ns) / 1e9


@dataclass
class Stall:
    beat: float
    stack: list[str]
    seconds: float = 0.0
    cpu: float = 0.0


@dataclass
class Probe:
    lags: list[float] = field(default_factory=list)
    lag_cpu: list[tuple[float, float]] = field(default_factory=list)  # (late s, main CPU s)
    stalls: dict[float, Stall] = field(default_factory=dict)
    updates: dict[int, dict[str, float]] = field(default_factory=dict)
    kinds: dict[int, str] = field(default_factory=dict)
    http: dict[str, list[float]] = field(default_factory=dict)
    slow_sql: list[tuple[float, float, str]] = field(default_factory=list)
    sql_total: float = 0.0
    sql_batches: int = 0
    beat: float = field(default_factory=time.monotonic)
    started: float = field(default_factory=time.monotonic)
    sched_start: tuple[float, float] = (0.0, 0.0)
    main_tid: int = 0
    loop_task: asyncio.Task[None] | None = None
    request: Any = None  # the Bot's request object for everything but getUpdates
    pooled: list[int] = field(default_factory=list)  # its connections, at every tick

    def mark(self, name: str, update_id: int | None = None) -> None:
        uid = CURRENT.get() if update_id is None else update_id
        if uid is not None:
            self.updates.setdefault(uid, {}).setdefault(name, time.monotonic())

    async def sample(self) -> None:
        cpu = time.thread_time()
        while True:
            before = time.monotonic()
            await asyncio.sleep(TICK)
            now = time.monotonic()
            late = now - before - TICK
            cpu_now = time.thread_time()
            self.lags.append(late)
            if self.request is not None:
                self.pooled.append(_connections(self.request))
            self.lag_cpu.append((late, cpu_now - cpu))
            stall = self.stalls.get(self.beat)
            if stall is not None:
                stall.seconds = now - self.beat
                stall.cpu = cpu_now - cpu
            cpu = cpu_now
            self.beat = now

    def watch(self) -> None:
        main_id = threading.main_thread().ident
        while True:
            time.sleep(0.02)
            beat = self.beat
            if time.monotonic() - beat > STALL and beat not in self.stalls:
                frame = sys._current_frames().get(main_id or 0)
                stack = traceback.format_stack(frame, limit=40) if frame else []
                self.stalls[beat] = Stall(beat, stack)

    def report(self) -> str:
        lines: list[str] = []
        wall = time.monotonic() - self.started
        run, wait = schedstat(self.main_tid)
        run0, wait0 = self.sched_start
        lines.append(
            f"process up {wall:.1f} s; main thread on a CPU {run - run0:.1f} s, "
            f"runnable but waiting for a CPU {wait - wait0:.1f} s"
        )
        late = self.lags
        if late:
            ms = [x * 1000 for x in late]
            lines.append(
                f"loop lag (sleep 10 ms, how late): n={len(ms)} p50={percentile(ms, 50):.1f} "
                f"p95={percentile(ms, 95):.1f} p99={percentile(ms, 99):.1f} max={max(ms):.1f} ms"
            )
            for bound in (0.05, 0.1, 0.5, 1.0):
                over = [(lt, c) for lt, c in self.lag_cpu if lt > bound]
                lines.append(
                    f"  ticks late over {bound * 1000:.0f} ms: {len(over)}, "
                    f"late {sum(lt for lt, _ in over):.2f} s, "
                    f"main thread CPU in them {sum(c for _, c in over):.2f} s"
                )
        if self.pooled:
            mean = sum(self.pooled) / len(self.pooled)
            lines.append(
                f"Bot API connections open ({type(self.request).__name__}): "
                f"mean {mean:.1f}, max {max(self.pooled)}"
            )
        lines.append(
            f"SQLite on the loop thread: {self.sql_batches} batches, {self.sql_total:.2f} s; "
            f"over {SLOW_SQL * 1000:.0f} ms: {len(self.slow_sql)}"
        )
        for at, took, sql in sorted(self.slow_sql, key=lambda s: -s[1])[:10]:
            lines.append(f"  +{at - self.started:.1f} s {took * 1000:.0f} ms {sql}")
        lines.append("HTTP calls (send to answer, ms):")
        for method, calls in sorted(self.http.items()):
            ms = [x * 1000 for x in calls]
            lines.append(
                f"  {method:22} n={len(ms):6} p50={percentile(ms, 50):7.1f} "
                f"p95={percentile(ms, 95):7.1f} p99={percentile(ms, 99):7.1f} max={max(ms):7.1f}"
            )
        lines += self._phases()
        stalls = sorted(self.stalls.values(), key=lambda s: -s.seconds)
        lines.append(f"stalls over {STALL * 1000:.0f} ms: {len(stalls)}")
        for stall in stalls[:8]:
            lines.append(
                f"--- +{stall.beat - self.started:.1f} s: {stall.seconds * 1000:.0f} ms, "
                f"main thread CPU {stall.cpu * 1000:.0f} ms; stack at {STALL * 1000:.0f} ms:"
            )
            lines += ["    " + s.rstrip().replace("\n", "\n    ") for s in _shown(stall.stack)]
        return "\n".join(lines) + "\n"

    def _phases(self) -> list[str]:
        steps = [
            ("fetched", "entered", "getUpdates answered -> handler entered"),
            ("entered", "step", "handler entered -> step started (locks, claim)"),
            ("step", "stepped", "step (perform)"),
            ("stepped", "replying", "step done -> replies start (commit, complete)"),
            ("replying", "first_sent", "replies start -> first call answered"),
            ("entered", "done", "handler entered -> handler done"),
            ("fetched", "first_sent", "getUpdates answered -> first call answered"),
        ]
        first = min((r["fetched"] for r in self.updates.values() if "fetched" in r), default=0.0)
        lines: list[str] = []
        chosen: list[tuple[str, Callable[[int, dict[str, float]], bool]]] = [
            ("all updates", lambda uid, r: True),
            ("messages", lambda uid, r: self.kinds.get(uid) == "message"),
            ("presses", lambda uid, r: self.kinds.get(uid) == "press"),
            ("fetched 0-10 s", lambda uid, r: r.get("fetched", 0.0) - first < 10),
            ("fetched after 10 s", lambda uid, r: r.get("fetched", 0.0) - first >= 10),
        ]
        for title, keep in chosen:
            lines.append(f"update phases, {title} (ms):")
            records = [r for uid, r in self.updates.items() if keep(uid, r)]
            for a, b, label in steps:
                ms = [(r[b] - r[a]) * 1000 for r in records if a in r and b in r]
                if ms:
                    lines.append(
                        f"  {label:46} n={len(ms):6} p50={percentile(ms, 50):7.1f} "
                        f"p95={percentile(ms, 95):7.1f} p99={percentile(ms, 99):7.1f} "
                        f"max={max(ms):7.1f}"
                    )
        return lines


PROBE = Probe()
OURS = tuple(
    f"/{name}/" for name in ("bot", "flows", "storage", "questionnaires", "base", "exports")
)


def _shown(stack: list[str]) -> list[str]:
    """kisbot's own frames (who called) and the innermost three (what was running)."""
    ours = [s for s in stack[:-3] if any(part in s for part in OURS) and "site-packages" not in s]
    return ours + stack[-3:]


def _wrap_async(module: Any, name: str, before: str, after: str | None = None) -> None:
    original = getattr(module, name)

    async def wrapped(*args: Any, **kwargs: Any) -> Any:
        PROBE.mark(before)
        try:
            return await original(*args, **kwargs)
        finally:
            if after:
                PROBE.mark(after)

    setattr(module, name, wrapped)


def _connections(request: Any) -> int:
    """Connections open in a request object's pool (private attributes: diagnostic only)."""
    if isinstance(request, AiohttpRequest):
        connector = request._session.connector if request._session else None
        if connector is None:
            return 0
        idle = sum(len(c) for c in connector._conns.values())
        return idle + len(connector._acquired)
    return len(request._client._transport._pool.connections)


def _time_requests(request_class: Any) -> None:
    original = request_class.do_request

    async def do_request(self: Any, url: str, *args: Any, **kwargs: Any) -> Any:
        start = time.monotonic()
        try:
            return await original(self, url, *args, **kwargs)
        finally:
            method = url.rsplit("/", 1)[-1]
            PROBE.http.setdefault(method, []).append(time.monotonic() - start)
            if method != "getUpdates":
                PROBE.mark("first_sent")

    request_class.do_request = do_request


def install() -> None:
    # BENCH_PROBE_HTTPX=256,1: replies through PTB's own httpx client with that pool size and
    # pool timeout (PTB's defaults: 256, 1 s), to compare with kisbot's on the same code.
    httpx_pool = os.environ.get("BENCH_PROBE_HTTPX")
    if httpx_pool:
        size, wait = httpx_pool.split(",")

        def httpx_request() -> HTTPXRequest:
            return HTTPXRequest(connection_pool_size=int(size), pool_timeout=float(wait))

        app_module.AiohttpRequest = httpx_request  # type: ignore[attr-defined,assignment]
    original_on_update = dispatch.on_update

    async def on_update(update: Any, context: Any) -> None:
        CURRENT.set(update.update_id)
        PROBE.kinds[update.update_id] = "press" if update.callback_query else "message"
        PROBE.mark("entered")
        try:
            await original_on_update(update, context)
        finally:
            PROBE.mark("done")

    # The name bot.app hands to its TypeHandler when it builds the Application.
    app_module.on_update = on_update  # type: ignore[attr-defined]
    _wrap_async(dispatch, "perform", "step", "stepped")
    _wrap_async(dispatch, "send_replies", "replying")

    original_get_updates = ExtBot.get_updates

    async def get_updates(self: Any, *args: Any, **kwargs: Any) -> Any:
        updates = await original_get_updates(self, *args, **kwargs)
        for update in updates:
            PROBE.mark("fetched", update.update_id)
        return updates

    ExtBot.get_updates = get_updates  # type: ignore[method-assign]

    for request_class in (HTTPXRequest, AiohttpRequest):
        _time_requests(request_class)

    original_in_thread = conn_module._in_thread

    async def in_thread(conn: Any, work: Callable[[], Any]) -> Any:
        start = time.monotonic()
        try:
            return await original_in_thread(conn, work)
        finally:
            took = time.monotonic() - start
            PROBE.sql_total += took
            PROBE.sql_batches += 1
            if took > SLOW_SQL:
                code = getattr(work, "__qualname__", "?")
                PROBE.slow_sql.append((start, took, code))

    conn_module._in_thread = in_thread

    original_post_init = app_module._post_init

    async def post_init(app: Any) -> None:
        await original_post_init(app)
        PROBE.main_tid = threading.get_native_id()
        PROBE.sched_start = schedstat(PROBE.main_tid)
        PROBE.started = time.monotonic()
        # Private attributes: diagnostic only (PTB 22, httpx 0.28, httpcore 1.0).
        PROBE.request = app.bot._request[1]
        PROBE.loop_task = asyncio.create_task(PROBE.sample())
        threading.Thread(target=PROBE.watch, daemon=True, name="probe-watchdog").start()

    app_module._post_init = post_init


if __name__ == "__main__":
    install()
    try:
        main()
    finally:
        out = os.environ.get("KISBOT_PROBE_OUT")
        if out:
            Path(out).write_text(PROBE.report(), encoding="utf-8")
