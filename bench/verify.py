"""What the bot acknowledged on Telegram, checked against what the database holds."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.loadserver import LoadServer, keyboard_data
from questionnaires import engine
from questionnaires.loader import load_bundled
from questionnaires.model import Answer
from storage.db import Database

CHECK = "✓ "


@dataclass
class Verdict:
    acknowledged: int = 0
    found: int = 0
    duplicated: int = 0
    misplaced: int = 0  # readings standing elsewhere than the engine says (open or review)
    readings: int = 0
    submitted: int = 0
    in_review: int = 0

    def line(self) -> str:
        return (
            f"answers acknowledged: {self.acknowledged}, found: {self.found}, "
            f"duplicated: {self.duplicated}, misplaced readings: {self.misplaced} "
            f"(of {self.readings} readings: {self.submitted} submitted, {self.in_review} in "
            f"review, {self.readings - self.submitted - self.in_review} open)"
        )

    def ends_submitted(self, finished: int) -> bool:
        """Each person who saw the thanks has a submitted reading, and nobody else has."""
        return self.submitted == finished


def acknowledged(server: LoadServer) -> Counter[tuple[int, int]]:
    """(reading id, item position) of every answer the bot confirmed on screen.

    The confirmation is the edit of the pressed question message to its answered form:
    no keyboard and a "✓ answer" line. It is sent only after the step's commit.
    """
    acks: Counter[tuple[int, int]] = Counter()
    for call in server.calls:
        if call.method != "editMessageText" or call.status != 200 or keyboard_data(call.params):
            continue
        if CHECK not in str(call.params.get("text", "")):
            continue
        key = (call.params.get("chat_id"), call.params.get("message_id"))
        data = server.sent_data.get(key)  # type: ignore[arg-type]
        question = next((d for d in data or [] if d.startswith("1:q:")), None)
        if question is not None:
            _, _, reading, position, *_ = question.split(":")
            acks[(int(reading), int(position))] += 1
    return acks


_ANSWERS = "SELECT reading_id, item_id, status, value FROM answers"
_DUPLICATES = (
    "SELECT count(*) FROM (SELECT 1 FROM answers GROUP BY reading_id, item_id "
    "HAVING count(*) > 1) AS twice"
)
_READINGS = (
    "SELECT id, status, current_item, return_to_review FROM readings "
    "WHERE respondent = 'participant'"
)


def verify(server: LoadServer, db_path: Path) -> Verdict:
    """Every acknowledged answer stored once; every reading positioned where the engine says
    (open at the next question, in review with nothing left to ask, submitted nowhere)."""
    db = sqlite3.connect(db_path)
    try:
        return _verdict(
            server,
            db.execute(_ANSWERS).fetchall(),
            int(db.execute(_DUPLICATES).fetchone()[0]),
            db.execute(_READINGS).fetchall(),
        )
    finally:
        db.close()


async def verify_in(server: LoadServer, database: Database) -> Verdict:
    """The same on an open database of either kind."""
    async with database.transaction() as tx:
        answers = [tuple(r) for r in await tx.conn.all(_ANSWERS)]
        twice = await tx.conn.one(_DUPLICATES)
        readings = [tuple(r) for r in await tx.conn.all(_READINGS)]
    return _verdict(server, answers, int(twice[0]) if twice else 0, readings)


def _verdict(
    server: LoadServer,
    answer_rows: list[tuple[Any, ...]],
    twice: int,
    readings: list[tuple[Any, ...]],
) -> Verdict:
    q = load_bundled("diagnosis_participant")
    acks = acknowledged(server)
    verdict = Verdict(acknowledged=len(acks))
    # A step confirmed twice would mean it ran twice (a redelivery not ignored).
    verdict.duplicated = sum(n - 1 for n in acks.values()) + twice
    stored = {(r, q.position(i)): s for r, i, s, _ in answer_rows}
    verdict.found = sum(1 for key in acks if stored.get(key) == "answered")
    by_reading: dict[int, dict[str, Answer]] = {}
    for reading_id, item, status, value in answer_rows:
        by_reading.setdefault(reading_id, {})[item] = Answer(
            status=status, value=json.loads(value) if value else None
        )
    verdict.readings = len(readings)
    for reading_id, status, current_item, to_review in readings:
        answers = by_reading.get(reading_id, {})
        expected = engine.next_item(q, answers)
        verdict.submitted += status == "submitted"
        verdict.in_review += status == "review"
        if status == "review":
            # In review: nothing left that the order asks, and no question current.
            verdict.misplaced += expected is not None or current_item is not None
            continue
        if to_review and status == "open":
            # Sent back from the review to change one answer: it stands at an answered one.
            verdict.misplaced += current_item not in answers
            continue
        wanted = expected.id if expected is not None else None
        actual = current_item if status == "open" else None
        if wanted != actual:
            verdict.misplaced += 1
    return verdict
