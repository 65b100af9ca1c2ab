"""Telegram faults: the fake server answers a share of the bot's calls with 429
(retry_after), 500 or only after a delay longer than the bot's read timeout, and some
people block the bot mid-questionnaire (403 from then on, and Telegram's my_chat_member
update, queued behind their last press). Meanwhile a second club's session falls due: a
burst of one-hour reminders, a larger share of them faulted, to people some of whom blocked
the bot before it (their update left out, as for a block the bot has not heard of yet, so
that the reminders' 403 path is what marks them).

    python -m bench.telegram_faults --participants 40 --share 0.08 --blocking 4 \
        --reminded 60 --reminder-share 0.3 --reminded-blocking 5 --seed 1

Checks: every answer the bot acknowledged is stored once and readings stand where the
engine says and end submitted (as in bench.crash_restart); after a 429 the bot calls that
method for that chat again only after retry_after; people who blocked the bot are marked
unreachable, whatever faults met the bot's replies to their last steps. Reminders: each
person's chat shows their reminder at most once, none that was due to a reachable person is
lost (a call that timed out was still carried out, as Telegram does, so it is shown), and
people who blocked the bot are marked unreachable.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.loadserver import LoadServer
from bench.people import Person
from bench.population import FIRST_TELEGRAM_ID, Invited, invite_many, reminded_club
from bench.procs import KISBOT, bot_env, first_poll, start_bot
from bench.verify import verify
from bench.walker import WalkResult, decide, walk
from questionnaires.loader import load_bundled
from questionnaires.model import Questionnaire
from tests.fakebot.spec import Violation
from tests.fakebot.state import ApiError, Call

RETRY_AFTER = 1  # seconds; Telegram sends whole seconds
TIMEOUT_DELAY = 6.0  # longer than PTB's default 5 s read timeout
REMINDED_FIRST_ID = 7_000_000  # the walkers' ids (bench.population) are far above
REMINDER_DUE_AFTER = 20.0  # seconds after the bot starts: during the walks


class FaultServer(LoadServer):
    """Fails a random share of calls (a larger one to the reminded people); what was
    injected is counted by kind, the reminders' apart."""

    def __init__(
        self, share: float, seed: int, reminded: set[int], reminder_share: float, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.share = share
        self.rng = random.Random(seed)
        self.reminded = reminded
        self.reminder_share = reminder_share
        self.injected = {"429": 0, "500": 0, "timeout": 0}
        self.injected_reminders = {"429": 0, "500": 0, "timeout": 0}
        self._drawn: dict[int, str | None] = {}  # id(call) -> the fault drawn for it

    def _draw(self, call: Call) -> str | None:
        """Whether this call fails, and how (counted)."""
        to_reminded = call.params.get("chat_id") in self.reminded
        if self.rng.random() >= (self.reminder_share if to_reminded else self.share):
            return None
        kind = self.rng.choice(["429", "500", "timeout"])
        if kind == "timeout" and call.method == "getUpdates":
            kind = "500"  # a long poll has its own, longer timeout
        (self.injected_reminders if to_reminded else self.injected)[kind] += 1
        return kind

    async def _answer(
        self, call: Call, type_errors: list[Violation], spec: dict[str, Any] | None
    ) -> Any:
        kind = self._drawn[id(call)] = self._draw(call)
        result = await super()._answer(call, type_errors, spec)  # a 429 or 500 is raised here
        if kind == "timeout":
            # Telegram carries the call out (the person sees the message) but answers after
            # the bot stopped waiting; the bot then closes the connection.
            await asyncio.sleep(TIMEOUT_DELAY)
        return result

    async def _apply_fault(self, call: Call) -> None:
        # Drawn in _answer; getUpdates comes here directly and is drawn now.
        kind = self._drawn.pop(id(call)) if id(call) in self._drawn else self._draw(call)
        if kind == "429":
            raise ApiError(
                429,
                f"Too Many Requests: retry after {RETRY_AFTER}",
                {"retry_after": RETRY_AFTER},
            )
        if kind == "500":
            raise ApiError(500, "Internal Server Error")
        await super()._apply_fault(call)


IN_FLIGHT = 0.05  # s: a call arriving this soon after a 429 was sent before the bot had it


def early_retries(server: LoadServer) -> tuple[int, list[float], list[float]]:
    """429s answered; then, for the next call of the same method to the same chat (by
    arrival) that came sooner than retry_after, how long after the 429 (seconds): the same
    call again at any time (a retry), or another call once IN_FLIGHT had passed. And the
    other calls that arrived within IN_FLIGHT: sent concurrently, before the 429 was known."""
    answered = 0
    early: list[float] = []
    concurrent: list[float] = []
    for inbox in server.inboxes.values():
        for call in inbox.calls:
            if call.status != 429:
                continue
            answered += 1
            # Calls are listed as they finish; one that arrived first may finish later.
            later = [c for c in inbox.calls if c.method == call.method and c.at > call.at]
            again = min(later, key=lambda c: c.at, default=None)
            if again is None or again.at >= call.at + RETRY_AFTER:
                continue
            gap = again.at - call.at
            if again.params == call.params or gap >= IN_FLIGHT:
                early.append(gap)
            else:
                concurrent.append(gap)
    return answered, early, concurrent


async def walk_then_block(
    person: Person, invited: Invited, q: Questionnaire, steps: int, deadline: float
) -> WalkResult:
    """Answer `steps` questions, then block the bot right after pressing the next button."""
    result = await walk(person, invited, q, step_timeout=8.0, deadline=deadline, max_steps=steps)
    message = person.keyboard_message()
    if message is not None:
        data = decide(q, message, "pl")
        if data is not None:
            person.press(message, data)
    person.blocks_the_bot()
    return result


async def main_async(args: argparse.Namespace) -> int:
    q = load_bundled("diagnosis_participant")
    with tempfile.TemporaryDirectory(prefix="kisbot-faults-") as tmp:
        db_path = Path(tmp) / "faults.sqlite3"
        invited = await invite_many(db_path, args.participants)
        blockers = {inv.telegram_id for inv in invited[: args.blocking]}
        reminded = await reminded_club(
            db_path, REMINDED_FIRST_ID, args.reminded, REMINDER_DUE_AFTER
        )
        blocked_reminded = set(reminded[: args.reminded_blocking])
        server = FaultServer(args.share, args.seed, set(reminded), args.reminder_share)
        async with server:
            for telegram_id in reminded:
                user = server.user(telegram_id, f"R{telegram_id}", language_code="pl")
                if telegram_id in blocked_reminded:
                    user.block()  # blocked the bot before the session's reminder
            bot = await start_bot(KISBOT, bot_env(server, db_path), Path(tmp) / "bot.log")
            try:
                await first_poll(server, 0)
                reminders_due = time.monotonic() + REMINDER_DUE_AFTER
                people = [Person.create(server, inv.telegram_id) for inv in invited]
                deadline = time.monotonic() + args.duration
                results = await asyncio.gather(
                    *(
                        walk_then_block(p, inv, q, 6, deadline)
                        if inv.telegram_id in blockers
                        else walk(p, inv, q, step_timeout=8.0, deadline=deadline)
                        for p, inv in zip(people, invited, strict=True)
                    )
                )
                await asyncio.sleep(TIMEOUT_DELAY + 2)  # let the last replies to blockers fail
                await _reminders_settled(db_path, reminders_due, args.duration)
            finally:
                await bot.terminate()
            verdict = verify(server, db_path)
            shown = _reminders_shown(server, set(reminded))
        unreachable = _unreachable(db_path)
        statuses = _reminder_rows(db_path)
        answered_429, early, concurrent = early_retries(server)
        told = _refused_with_403(server)
        walkers = [
            r for r, inv in zip(results, invited, strict=True) if inv.telegram_id not in blockers
        ]
        reachable = [t for t in reminded if t not in blocked_reminded]
        twice = sum(1 for t in reminded if shown[t] > 1)
        lost = sum(1 for t in reachable if shown[t] == 0)
        reminded_marked = len(blocked_reminded & unreachable)
        print(f"faults injected: {server.injected} (share {args.share} of all calls)")
        print(
            f"participants: {len(walkers)} walking, finished: {sum(r.finished for r in walkers)}, "
            f"/start after a lost reply: {sum(r.timeouts for r in walkers)}"
        )
        print(verdict.line())
        print(
            f"429 answered: {answered_429}, retried sooner than retry_after: {len(early)}"
            + (
                f" (after {', '.join(f'{g * 1000:.0f} ms' for g in sorted(early))})"
                if early
                else ""
            )
            + f"; another call already on its way (under {IN_FLIGHT * 1000:.0f} ms): "
            + str(len(concurrent))
        )
        marked = len(blockers & unreachable)
        print(
            f"blocked the bot: {len(blockers)}, of them answered 403 at least once (the bot "
            f"was told): {len(blockers & told)}, marked unreachable: {marked}, "
            f"others marked unreachable: {len(unreachable - blockers - blocked_reminded)}"
        )
        print(
            f"reminders: {len(reminded)} people, faults injected on their calls: "
            f"{server.injected_reminders} (share {args.reminder_share})"
        )
        print(
            f"reminders shown: once {sum(1 for t in reminded if shown[t] == 1)}, more than once "
            f"{twice}, due to a reachable person and never shown (lost): {lost} of "
            f"{len(reachable)}; outbox rows: {dict(sorted(statuses.items()))}"
        )
        print(
            f"blocked the bot before the reminder: {len(blocked_reminded)}, "
            f"marked unreachable: {reminded_marked}"
        )
        ok = (
            verdict.found == verdict.acknowledged
            and verdict.duplicated == 0
            and verdict.misplaced == 0
            and verdict.ends_submitted(sum(r.finished for r in walkers))
            and not early
            and blockers <= unreachable
            and not unreachable - blockers - blocked_reminded
            and twice == 0
            and lost == 0
            and reminded_marked == len(blocked_reminded)
        )
        print("result:", "OK" if ok else "FAILED")
        return 0 if ok else 1


async def _reminders_settled(db_path: Path, due: float, within: float) -> None:
    """Wait until the reminders have fallen due and none is waiting or on the wire."""
    deadline = time.monotonic() + within
    await asyncio.sleep(max(0.0, due - time.monotonic()) + 1)
    while time.monotonic() < deadline:
        db = sqlite3.connect(db_path)
        try:
            left = db.execute(
                "SELECT count(*) FROM outbox WHERE chat_id >= ? AND chat_id < ? "
                "AND status IN ('pending', 'sending')",
                (REMINDED_FIRST_ID, FIRST_TELEGRAM_ID),
            ).fetchone()[0]
        finally:
            db.close()
        if not left:
            return
        await asyncio.sleep(0.5)


def _reminders_shown(server: LoadServer, reminded: set[int]) -> Counter[int]:
    """Per reminded person, how many messages from the bot their chat shows (they get no
    other message than the reminder in this run)."""
    return Counter({t: len(server.world.bot_messages(t)) for t in reminded})


def _refused_with_403(server: LoadServer) -> set[int]:
    """Chats of which the bot got a 403 at least once (a blocked person's reply or send may
    instead have met a 500 or a timeout, and then the bot could not know)."""
    return {
        int(c.params["chat_id"])
        for c in server.calls
        if c.status == 403 and isinstance(c.params.get("chat_id"), int)
    }


def _reminder_rows(db_path: Path) -> Counter[str]:
    """The statuses of the reminded people's outbox rows."""
    db = sqlite3.connect(db_path)
    try:
        rows = db.execute(
            "SELECT status FROM outbox WHERE chat_id >= ? AND chat_id < ?",
            (REMINDED_FIRST_ID, FIRST_TELEGRAM_ID),
        )
        return Counter(str(r[0]) for r in rows)
    finally:
        db.close()


def _unreachable(db_path: Path) -> set[int]:
    db = sqlite3.connect(db_path)
    try:
        rows = db.execute("SELECT telegram_id FROM participants WHERE unreachable = 1")
        return {int(r[0]) for r in rows}
    finally:
        db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=40)
    parser.add_argument("--share", type=float, default=0.08, help="share of calls that fail")
    parser.add_argument("--blocking", type=int, default=4, help="people who block the bot")
    parser.add_argument("--reminded", type=int, default=60, help="people reminded of a session")
    parser.add_argument(
        "--reminder-share", type=float, default=0.3, help="share of calls to them that fail"
    )
    parser.add_argument(
        "--reminded-blocking", type=int, default=5, help="of them, who blocked the bot before"
    )
    parser.add_argument("--duration", type=float, default=600.0, help="upper bound, s")
    parser.add_argument("--seed", type=int, default=1)
    raise SystemExit(asyncio.run(main_async(parser.parse_args())))


if __name__ == "__main__":
    main()
