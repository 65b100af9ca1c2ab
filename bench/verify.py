"""What the bot acknowledged on Telegram, checked against what the database holds."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench.loadserver import LoadServer, keyboard_data
from questionnaires import engine
from questionnaires.loader import load_bundled
from questionnaires.model import Answer

CHECK = "✓ "


@dataclass
class Verdict:
    acknowledged: int = 0
    found: int = 0
    duplicated: int = 0
    misplaced: int = 0
    readings: int = 0

    def line(self) -> str:
        return (
            f"answers acknowledged: {self.acknowledged}, found: {self.found}, "
            f"duplicated: {self.duplicated}, misplaced: {self.misplaced} "
            f"(of {self.readings} readings)"
        )


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


def verify(server: LoadServer, db_path: Path) -> Verdict:
    """Every acknowledged answer stored once; every reading positioned where the engine says."""
    q = load_bundled("diagnosis_participant")
    acks = acknowledged(server)
    verdict = Verdict(acknowledged=len(acks))
    # A step confirmed twice would mean it ran twice (a redelivery not ignored).
    verdict.duplicated = sum(n - 1 for n in acks.values())
    db = sqlite3.connect(db_path)
    try:
        stored = {
            (r, q.position(i)): s
            for r, i, s in db.execute("SELECT reading_id, item_id, status FROM answers")
        }
        verdict.duplicated += db.execute(
            "SELECT count(*) FROM (SELECT 1 FROM answers GROUP BY reading_id, item_id "
            "HAVING count(*) > 1)"
        ).fetchone()[0]
        verdict.found = sum(1 for key in acks if stored.get(key) == "answered")
        readings = db.execute(
            "SELECT id, status, current_item, return_to_review FROM readings "
            "WHERE respondent = 'participant'"
        ).fetchall()
        verdict.readings = len(readings)
        for reading_id, status, current_item, to_review in readings:
            answers = _answers(db, reading_id)
            expected = engine.next_item(q, answers)
            if to_review:
                continue  # positioned by the review, not by the order (the walk never does it)
            wanted = expected.id if expected is not None else None
            actual = current_item if status == "open" else None
            if wanted != actual:
                verdict.misplaced += 1
    finally:
        db.close()
    return verdict


def _answers(db: sqlite3.Connection, reading_id: int) -> dict[str, Answer]:
    rows = db.execute(
        "SELECT item_id, status, value FROM answers WHERE reading_id = ?", (reading_id,)
    )
    return {
        item: Answer(status=status, value=json.loads(value) if value else None)
        for item, status, value in rows
    }
