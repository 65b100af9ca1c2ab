"""Database invariants that must hold after any sequence of updates.

1. A participant has at most one unfinished (open or review) reading of each respondent.
2. Answers name only items of their reading's questionnaire version.
3. No orphan rows: PRAGMA foreign_key_check is empty.
4. Answers only for items that are shown, or were shown when answered. The database keeps
   no history, so the checkable form is: an answer to an item hidden under the stored
   answers must belong to a conditional item (show_if). Such an item was shown when it was
   answered and hidden later by a changed earlier answer (Back, or the review); an item
   without a condition is always shown, so it cannot be hidden. Unconditional items are
   answerable only when current, which flows check against the reading's position.
5. An open reading stands at a known item that is not hidden under its answers (it may
   be answered already: Back and the review move to answered items); a submitted reading
   stands nowhere.
6. Unconfirmed multiple-choice toggles (pending_choices) exist only while the current
   item is a multiple-choice question, and name its options.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from questionnaires import engine
from questionnaires.loader import load_bundled
from questionnaires.model import Answer, MultipleItem
from storage.db import Database, SqliteDatabase

_DUPLICATES = (
    "SELECT participant_id, respondent, count(*) FROM readings "
    "WHERE status != 'submitted' GROUP BY participant_id, respondent HAVING count(*) > 1"
)
_READINGS = (
    "SELECT id, questionnaire_id, questionnaire_version, status, current_item, "
    "pending_choices FROM readings"
)
_ANSWERS = "SELECT reading_id, item_id, status, value FROM answers"


def problems(db_path: Path | str) -> list[str]:
    """Every broken invariant of a SQLite file, one line each; empty when all hold."""
    db = sqlite3.connect(str(db_path))
    try:
        orphans = [f"orphan row: {row}" for row in db.execute("PRAGMA foreign_key_check")]
        return orphans + _problems(
            db.execute(_DUPLICATES).fetchall(),
            db.execute(_READINGS).fetchall(),
            db.execute(_ANSWERS).fetchall(),
        )
    finally:
        db.close()


async def problems_in(database: Database) -> list[str]:
    """The same on an open database of either kind (PostgreSQL enforces foreign keys itself)."""
    async with database.transaction() as tx:
        duplicates = [tuple(r) for r in await tx.conn.all(_DUPLICATES)]
        readings = [tuple(r) for r in await tx.conn.all(_READINGS)]
        answers = [tuple(r) for r in await tx.conn.all(_ANSWERS)]
    if isinstance(database, SqliteDatabase):
        async with database.connection.execute("PRAGMA foreign_key_check") as cur:
            orphans = [f"orphan row: {tuple(r)}" for r in await cur.fetchall()]
    else:
        orphans = []
    return orphans + _problems(duplicates, readings, answers)


def _problems(
    duplicates: list[tuple[Any, ...]],
    readings: list[tuple[Any, ...]],
    answers: list[tuple[Any, ...]],
) -> list[str]:
    found = [
        f"participant {participant}: {n} unfinished {respondent} readings"
        for participant, respondent, n in duplicates
    ]
    by_reading: dict[int, list[tuple[str, str, str | None]]] = {}
    for reading_id, item_id, status, value in answers:
        by_reading.setdefault(reading_id, []).append((item_id, status, value))
    for reading in readings:
        found += _reading_problems(by_reading.get(reading[0], []), *reading)
    return found


def _reading_problems(
    rows: list[tuple[str, str, str | None]],
    reading_id: int,
    questionnaire_id: str,
    version: int,
    status: str,
    current: str | None,
    pending: str | None,
) -> list[str]:
    q = load_bundled(questionnaire_id, version)
    ids = {item.id for item in q.items}
    answers = {item: Answer(status=s, value=json.loads(v) if v else None) for item, s, v in rows}
    out = [f"reading {reading_id}: answer to unknown item {i}" for i in answers if i not in ids]
    known = {i: a for i, a in answers.items() if i in ids}
    shown = engine.visibility(q, known)
    for item_id in known:
        if shown[item_id] is not True and q.item(item_id).show_if is None:
            out.append(f"reading {reading_id}: answer to never-shown item {item_id}")
    if status == "open":
        if current not in ids:
            out.append(f"reading {reading_id}: open at unknown item {current}")
        elif shown[current] is False:
            out.append(f"reading {reading_id}: open at hidden item {current}")
    elif current is not None and status == "submitted":
        out.append(f"reading {reading_id}: submitted but positioned at {current}")
    if pending is not None:
        item = q.item(current) if current in ids else None
        values = {str(c.value) for c in engine.choices(q, item)} if item else set()
        if not isinstance(item, MultipleItem) or not set(json.loads(pending)) <= values:
            out.append(f"reading {reading_id}: pending choices {pending} at {current}")
    return out
