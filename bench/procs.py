"""Bots as subprocesses against the fake server: start, time to first getUpdates, kill."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.fakebot.server import FakeBotApi


def bot_env(server: FakeBotApi, db_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a bot process: no developer settings leak in, logs at WARNING."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KISBOT_", "TELEGRAM_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=server.token,
        TELEGRAM_API_BASE_URL=server.url,
        KISBOT_DB_PATH=str(db_path),
        KISBOT_LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


@dataclass
class BotProcess:
    """One running bot process; its stderr goes to a file so a full pipe never blocks it."""

    process: asyncio.subprocess.Process
    started_at: float
    log_path: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    async def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as in a power cut of the process."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGKILL)
        await self.process.wait()

    async def terminate(self, grace: float = 15.0) -> int:
        """SIGTERM and wait; SIGKILL if it does not stop in time."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), grace)
            except TimeoutError:
                await self.kill()
        return self.process.returncode or 0

    def cpu_seconds(self) -> float:
        """CPU time the process has used so far, user and system, all its threads: the
        kernel's account of it (/proc/PID/stat, what getrusage(RUSAGE_SELF) reports inside)."""
        stat = Path(f"/proc/{self.pid}/stat").read_text(encoding="ascii")
        # Fields after the command name (which may hold spaces) start at field 3 (state).
        fields = stat[stat.rindex(")") + 2 :].split()
        utime, stime = int(fields[11]), int(fields[12])
        return (utime + stime) / os.sysconf("SC_CLK_TCK")

    def run_queue_wait(self) -> float:
        """Seconds the process's main thread was ready to run but waited for a core (the
        kernel's schedstat, Linux): how much of its latency the other processes on the
        machine caused."""
        fields = Path(f"/proc/{self.pid}/schedstat").read_text(encoding="ascii").split()
        return int(fields[1]) / 1e9

    def rss_kib(self) -> int:
        """Resident set size from /proc (Linux), in KiB."""
        return rss_kib(self.pid)


def rss_kib(pid: int) -> int:
    """A process's resident set size from /proc (Linux), in KiB."""
    status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    line = next(x for x in status.splitlines() if x.startswith("VmRSS:"))
    return int(line.split()[1])


def children(pid: int) -> list[int]:
    """The processes whose parent is pid, from /proc (Linux)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text(encoding="ascii", errors="replace")
        except OSError:
            continue  # ended meanwhile
        # Fields after the command name (which may hold spaces): state, then the parent.
        if int(stat[stat.rindex(")") + 2 :].split()[1]) == pid:
            found.append(int(entry.name))
    return found


async def start_bot(
    module_args: list[str], env: dict[str, str], log_path: Path, cwd: Path | None = None
) -> BotProcess:
    """`python -m <module_args>` with env (in cwd: `-m` finds the module there before
    PYTHONPATH); stdout and stderr appended to log_path."""
    log = log_path.open("ab")
    try:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", *module_args, env=env, stdout=log, stderr=log, cwd=cwd
        )
    finally:
        log.close()  # the child has its own descriptor
    return BotProcess(process, time.monotonic(), log_path)


def free_port() -> int:
    """A loopback port nothing listens on now (for a process to bind next)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def listening(port: int, within: float = 60.0) -> None:
    """Wait until something accepts connections on the loopback port."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.05)
            continue
        writer.close()
        await writer.wait_closed()
        return
    raise TimeoutError(f"no worker listening on port {port}")


async def start_webhook_worker(
    port: int, env: dict[str, str], log_path: Path, webhook_url: str, secret: str
) -> BotProcess:
    """`kisbot run` in webhook mode on a loopback port (wait for it with listening())."""
    args = ["bot", "run", "--webhook-url", webhook_url, "--listen", "127.0.0.1"]
    args += ["--port", str(port), "--secret-token", secret]
    return await start_bot(args, env, log_path)


async def first_poll(server: FakeBotApi, since_call: int, within: float = 60.0) -> float:
    """Wait for the first getUpdates after call index since_call; its arrival time."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        for call in server.calls[since_call:]:
            if call.method == "getUpdates":
                return call.at
        await asyncio.sleep(0.005)
    raise TimeoutError("the bot never polled getUpdates")


KISBOT = ["bot", "run"]
ECHO = ["bench.echo_bot"]
PEER = ["bench.peer_bot"]
