"""Bring stored profiles up to date: score again every submitted reading whose profile is
missing (a database from before profiles were stored) or was scored with another
questionnaire file, catalogue or scoring code than this program's (a new release).

Runs when a database is opened with migrations (`kisbot run`, every command) and with
`kisbot db rescore`; a look at the counts per questionnaire version comes first, so a database
already up to date costs one query. Readers never use an out-of-date profile meanwhile
(storage/repos/profiles.py), so this only restores speed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from base.clock import Clock, SystemClock
from questionnaires.bundled import catalogue, questionnaire_of
from questionnaires.problems import QuestionnaireError
from questionnaires.scoring import scoring_key

if TYPE_CHECKING:
    from storage.database import Database


@dataclass(frozen=True)
class _Version:
    questionnaire_id: str
    questionnaire_version: int


# Readings scored per transaction: short transactions, so a running bot's steps are not held
# up for long when this runs beside it.
BATCH = 200


async def rescore_out_of_date(
    db: Database, *, everything: bool = False, clock: Clock | None = None
) -> int:
    """Score again the submitted readings whose stored profile is not today's (every submitted
    reading when everything is set); how many were scored."""
    async with db.transaction() as tx:
        counts = await tx.profiles.key_counts()
        todo: list[int] = []
        for questionnaire_id, version, key, _ in counts:
            try:
                q = questionnaire_of(_Version(questionnaire_id, version))
                today = scoring_key(q, catalogue())
            except QuestionnaireError:
                # A version this program does not ship: its readings are scored by nobody
                # here; reading them reports the missing file, as before profiles existed.
                continue
            if everything or key != today:
                todo += await tx.profiles.scored_otherwise(
                    questionnaire_id, version, "" if everything else today
                )
    todo = sorted(set(todo))
    for start in range(0, len(todo), BATCH):
        async with db.transaction() as tx:
            now = (clock or SystemClock()).now()
            for reading_id in todo[start : start + BATCH]:
                await tx.readings.rescore(reading_id, now)
    return len(todo)
