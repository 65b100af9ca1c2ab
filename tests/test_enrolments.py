"""Enrolments: a database made before them keeps everything; a person can come back."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import aiosqlite

from storage.db import Database, open_database
from storage.migrate import apply_migrations
from storage.repos.exports import ExportsRepo

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
STAMP = "2025-02-03T23:30:00.000000Z"
LATER = "2025-12-19T10:00:00.000000Z"


async def _database_before_enrolments(path: str) -> None:
    """What a deployment at migration 5 holds: three participants in three situations."""
    async with aiosqlite.connect(path, isolation_level=None) as conn:
        await apply_migrations(conn, upto=5)
        await conn.execute(
            "INSERT INTO clubs (id, name, kind, timezone, created_at) "
            "VALUES (1, 'CIS Most', 'CIS', 'Europe/Warsaw', ?)",
            (STAMP,),
        )
        await conn.execute(
            "INSERT INTO staff_members (id, club_id, telegram_id, display_name, role, created_at) "
            "VALUES (3, 1, 900, 'Ewa', 'leader', ?)",
            (STAMP,),
        )
        people = [
            (5, "Ola", "graduated", "unemployed", "ops", "KS/7/2025", "2025-02-01",
             "employment_coop", None),
            (6, "Jan", "left", "alcohol", "self", None, None, None, "Przeprowadzka do Gdańska"),
            (7, "Iza", "plan_agreed", None, None, None, None, None, None),
        ]  # fmt: skip
        for pid, name, status, group, referral, number, day, outcome, reason in people:
            await conn.execute(
                "INSERT INTO participants (id, club_id, display_name, telegram_id, status, "
                "consent, created_at, art12_group, referral_source, social_contract_number, "
                "social_contract_date, outcome, left_reason, status_changed_at) "
                "VALUES (?, 1, ?, ?, ?, 'given', ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    pid,
                    name,
                    700 + pid,
                    status,
                    STAMP,
                    group,
                    referral,
                    number,
                    day,
                    outcome,
                    reason,
                    LATER if status in ("graduated", "left") else None,
                ),
            )
            await conn.execute(
                "INSERT INTO readings (id, participant_id, kind, respondent, questionnaire_id, "
                "questionnaire_version, status, started_at, last_activity_at, submitted_at) "
                "VALUES (?, ?, 'entry', 'participant', 'diagnosis_participant', 1, 'submitted', "
                "?, ?, ?)",
                (pid * 10, pid, STAMP, STAMP, STAMP),
            )
        await conn.execute(
            "INSERT INTO support_paths (id, club_id, participant_id, social_goals, agreed_at, "
            "created_at) VALUES (4, 1, 5, 'Praca w spółdzielni', '2025-03-01', ?)",
            (STAMP,),
        )
        await conn.execute(
            "INSERT INTO support_items (id, path_id, instrument_id, sphere, partner, status, "
            "created_at) VALUES (8, 4, 'career_counselling', 'vocational', 'PUP Most', 'done', ?)",
            (STAMP,),
        )
        await conn.execute(
            "INSERT INTO support_annexes (path_id, number, author_staff_id, summary, snapshot, "
            "created_at) VALUES (4, 0, 3, 'agreed', '{}', ?)",
            (STAMP,),
        )


async def test_every_participant_is_carried_into_one_enrolment_with_nothing_lost(
    tmp_path: Path,
) -> None:
    path = str(tmp_path / "before.sqlite3")
    await _database_before_enrolments(path)
    database = await open_database(path)
    try:
        async with database.transaction() as tx:
            assert [len(await tx.enrolments.all_of(1, pid)) for pid in (5, 6, 7)] == [1, 1, 1]
            ola_e = (await tx.enrolments.all_of(1, 5))[0]
            # Admitted on the day the participant was created (UTC date of the stored moment).
            assert ola_e.admitted_on == date(2025, 2, 3)
            assert ola_e.groups == ("unemployed",)
            assert (ola_e.referral_kind, ola_e.basis_kind) == ("ops", "social_contract")
            assert (ola_e.basis_number, ola_e.basis_date) == ("KS/7/2025", date(2025, 2, 1))
            assert (ola_e.end_kind, ola_e.outcome) == ("graduated", "employment_coop")
            assert ola_e.ended_on == date(2025, 12, 19)
            jan_e = (await tx.enrolments.all_of(1, 6))[0]
            assert (jan_e.end_kind, jan_e.leaving_reason) == ("left", "other")
            assert jan_e.leaving_text == "Przeprowadzka do Gdańska"
            assert jan_e.groups == ("alcohol",)
            iza_e = (await tx.enrolments.all_of(1, 7))[0]
            assert (iza_e.ended_on, iza_e.end_kind, iza_e.groups) == (None, None, ())
            # The plan, its item and its annex are the enrolment's now.
            plan = await tx.support_paths.get(1, 5)
            assert plan is not None
            assert (plan.enrolment_id, plan.social_goals) == (ola_e.id, "Praca w spółdzielni")
            items = await tx.support_paths.items(1, plan.id)
            assert [(i.instrument_id, i.partner, i.status) for i in items] == [
                ("career_counselling", "PUP Most", "done")
            ]
            assert [a.author_name for a in await tx.support_paths.annexes(1, plan.id)] == ["Ewa"]
            reading = await tx.readings.latest(5, "participant", submitted_only=True)
            assert reading is not None
            assert (reading.id, reading.enrolment_id) == (50, ola_e.id)
            # Documents read the enrolment under the names they used before.
            exported = await ExportsRepo(tx.conn).participant(5)
            assert exported is not None
            assert (exported.art12_group, exported.referral_source) == ("unemployed", "ops")
            assert exported.social_contract_number == "KS/7/2025"
            assert exported.outcome == "employment_coop"
    finally:
        await database.close()


async def test_a_returning_person_gets_a_new_enrolment_readings_and_plan(tmp_path: Path) -> None:
    path = str(tmp_path / "before.sqlite3")
    await _database_before_enrolments(path)
    database = await open_database(path)
    try:
        async with database.transaction() as tx:
            # Still in the programme: no second enrolment.
            assert await tx.participants.reenrol(1, 7, NOW) is None
            new_id = await tx.participants.reenrol(1, 5, NOW)
            assert new_id is not None
            assert await tx.participants.reenrol(1, 5, NOW) is None
            ola = await tx.participants.get(1, 5)
            assert ola is not None
            assert ola.status == "consented"
            first, second = await tx.enrolments.all_of(1, 5)
            assert (first.number, second.number) == (1, 2)
            assert second.id == new_id
            assert second.admitted_on == date(2026, 11, 24)
            assert (second.ended_on, second.outcome) == (None, None)
            # The earlier plan and reading stay readable; the new enrolment starts afresh.
            assert await tx.support_paths.get(1, 5) is None
            old_plan = await tx.support_paths.of_enrolment(1, first.id)
            assert old_plan is not None
            assert old_plan.social_goals == "Praca w spółdzielni"
            new_plan = await tx.support_paths.create(1, 5, NOW)
            assert new_plan.enrolment_id == second.id
            assert await tx.readings.latest(5, "participant") is None
            assert [r.id for r in await tx.readings.for_participant(5)] == [50]
            opened = await tx.readings.create(
                5, "entry", "participant", "diagnosis_participant", 1, None, NOW
            )
            assert opened.enrolment_id == second.id
            assert await tx.readings.unfinished(5, "participant") == opened
            # Another club's staff cannot reach the enrolments.
            assert await tx.enrolments.all_of(2, 5) == []
            assert await tx.participants.reenrol(2, 6, NOW) is None
    finally:
        await database.close()


async def test_a_new_participant_starts_with_an_enrolment_dated_in_club_time(
    db: Database,
) -> None:
    late_evening = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)  # 00:30 on the 25th in Warsaw
    async with db.transaction() as tx:
        club = await tx.clubs.create("KIS", "KIS", "Europe/Warsaw", NOW)
        person = await tx.participants.create(club.id, "Ala", late_evening)
        found = await tx.enrolments.current(club.id, person.id)
        assert found is not None
        assert found.admitted_on == date(2026, 11, 25)
        assert await tx.participants.finish(
            club.id, person.id, "left", outcome=None, left_reason=None, now=NOW,
            reason_code="moved",
        )  # fmt: skip
        ended = await tx.enrolments.current(club.id, person.id)
        assert ended is not None
        assert (ended.end_kind, ended.leaving_reason, ended.ended_on) == (
            "left",
            "moved",
            date(2026, 11, 24),
        )
