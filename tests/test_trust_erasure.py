"""Erasure (GDPR art. 17) and retention (art. 5(1)(e)): what goes leaves the database file;
what the club must keep stays under a pseudonym."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bot.cli import main
from storage import club_rules
from storage.db import Database
from storage.privacy.erasure import purge_daily
from storage.repos.erasure import PARTICIPANT_TABLES
from tests.harness import Kisbot
from tests.intake_helpers import STAFF_ID, short_talk_submitted, t
from tests.schedule_helpers import at, plan, reminders, utc

NAME = "Zenobia Wrzosowska"
PRIVATE = (
    "Wrzosowska",
    "szydełkowanie-kaktusów",  # typed answer
    "nocne-koszmary-notatka",  # case note
    "kurator-Bożydar",  # a person around the case
    "skierowanie-MOPS-77",  # referral number
    "zapalenie-zatok",  # absence reason the participant gave
    "wizyta-w-sadzie",  # absence reason staff recorded
)


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


async def ainvoke(*args: str) -> tuple[int, str, str]:
    """The command line from an async test (it runs its own event loop)."""
    return await asyncio.to_thread(invoke, *args)


def file_bytes(db: Path) -> bytes:
    """The database as it lies on disk, with its WAL and shared-memory files."""
    return b"".join(
        p.read_bytes() for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")) if p.exists()
    )


async def _a_participant_with_everything(
    kisbot: Kisbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> int:
    await kisbot.add_staff(STAFF_ID, "Pani Ewa")
    kisbot.server.user(STAFF_ID, "Ewa", language_code="pl")
    person, participant_id, _ = await short_talk_submitted(
        kisbot, monkeypatch, tmp_path, NAME, PRIVATE[1]
    )
    await plan(kisbot, "25.11.2026 10:00")
    await at(kisbot, utc(2026, 11, 24, 17, 0))
    await person.click("Nie mogę przyjść", in_message=reminders(person)[0])
    await person.send(PRIVATE[5])
    await person.send("/delete")
    await person.click(person.last.buttons[0][0])  # yes, delete my data
    club_id = await kisbot.club()
    now = kisbot.clock.now()
    async with kisbot.db.transaction() as tx:
        staff = await tx.staff.membership(club_id, STAFF_ID)
        assert staff is not None
        await tx.notes.add(club_id, participant_id, staff.id, PRIVATE[2], None, now)
        await tx.partners.add_case_person(
            club_id, participant_id, "probation_officer", PRIVATE[3], now
        )
        enrolment = await tx.enrolments.current(club_id, participant_id)
        assert enrolment is not None
        await tx.enrolments.set_detail(club_id, enrolment.id, "referral_number", PRIVATE[4])
        await tx.attendance.record(
            club_id, 1, participant_id, "excused", minutes=0, reason=PRIVATE[6],
            staff_id=staff.id, now=now,
        )  # fmt: skip
    return participant_id


@pytest.mark.sqlite_file
async def test_erasure_removes_the_person_from_the_file_and_keeps_the_record(
    kisbot: Kisbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    participant_id = await _a_participant_with_everything(kisbot, monkeypatch, tmp_path)
    await kisbot.run_outbox()  # staff were told of the deletion request, by name
    await kisbot.stop()
    db = Path(kisbot.settings.db_path)
    monkeypatch.setenv("KISBOT_DB_PATH", str(db))
    for secret in PRIVATE:
        assert secret.encode() in file_bytes(db), secret  # the test would notice them

    code, out, err = await ainvoke(
        "participant", "erase", "--participant", str(participant_id), "--dry-run", "--json"
    )
    assert code == 0, err
    listed = json.loads(out)["counts"]
    assert listed["answers"] >= 2
    assert listed["case_notes"] == 1
    assert listed["case_people"] == 1
    assert listed["absence_reasons"] == 1
    assert listed["enrolment_texts"] == 1
    assert NAME.encode() in file_bytes(db)  # a dry run changes nothing

    code, out, err = await ainvoke(
        "participant", "erase", "--participant", str(participant_id), "--yes"
    )
    assert code == 0, err
    assert f"kept as P{participant_id}" in out
    on_disk = file_bytes(db)
    for secret in PRIVATE:
        assert secret.encode() not in on_disk, secret
        assert secret.encode("utf-16-le") not in on_disk, secret

    with sqlite3.connect(db) as conn:
        _assert_kept_under_the_pseudonym(conn, participant_id, "?")
    conn.close()


def _assert_kept_under_the_pseudonym(conn: Any, participant_id: int, mark: str) -> None:
    """What the club must keep is there, under P<id>, and the erasure is audit-logged (conn: a
    sqlite3 or psycopg connection; mark: its parameter placeholder)."""

    def ask(sql: str, *params: object) -> Any:
        return conn.execute(sql.replace("?", mark), params)

    row = ask(
        "SELECT display_name, telegram_id, erased_at FROM participants WHERE id = ?",
        participant_id,
    ).fetchone()
    enrolments = ask(
        "SELECT admitted_on FROM enrolments WHERE participant_id = ?", participant_id
    ).fetchall()
    attended = ask(
        "SELECT rsvp, presence FROM session_attendees WHERE participant_id = ?", participant_id
    ).fetchall()
    logged = ask("SELECT detail FROM audit_log WHERE action = 'participant.erased'").fetchall()
    assert row[0] == f"P{participant_id}"
    assert row[1] is None
    assert row[2] is not None
    assert enrolments  # the programme's dates stay for the club's records
    assert [tuple(a) for a in attended] == [("no", "excused")]  # attendance, without reasons
    assert len(logged) == 1
    assert json.loads(logged[0][0])["case_notes"] == 1  # counts only


@pytest.mark.sqlite_file
async def test_every_table_with_a_participant_is_covered_by_erasure(db: Database) -> None:
    tables = []
    async with db.connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'") as cur:
        names = [r[0] for r in await cur.fetchall()]
    for name in names:
        async with db.connection.execute(f"PRAGMA table_info({name})") as cur:
            if "participant_id" in [r[1] for r in await cur.fetchall()]:
                tables.append(name)
    missing = sorted(set(tables) - set(PARTICIPANT_TABLES))
    assert not missing, f"storage/repos/erasure.py does not erase {missing}"
    assert not set(PARTICIPANT_TABLES) - set(tables)


def _postgres_rows(url: str) -> dict[str, bytes]:
    """Every table's rows as PostgreSQL hands them out (COPY's text format)."""
    import psycopg

    rows = {}
    with psycopg.connect(url) as conn:
        tables = conn.execute(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        ).fetchall()
        for (table,) in tables:
            data = bytearray()
            with conn.cursor().copy(f'COPY "{table}" TO STDOUT') as copy:
                for chunk in copy:
                    data += chunk
            rows[table] = bytes(data)
    return rows


@pytest.mark.postgres_only
async def test_erasure_on_postgresql_leaves_no_trace_in_any_table_and_keeps_the_record(
    kisbot: Kisbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, database_url: str
) -> None:
    import psycopg

    participant_id = await _a_participant_with_everything(kisbot, monkeypatch, tmp_path)
    await kisbot.run_outbox()
    await kisbot.stop()
    with psycopg.connect(database_url) as conn:
        columns = conn.execute(
            "SELECT table_name FROM information_schema.columns"
            " WHERE table_schema = 'public' AND column_name = 'participant_id'"
        ).fetchall()
    assert {table for (table,) in columns} == set(PARTICIPANT_TABLES)
    before = b"".join(_postgres_rows(database_url).values())
    for secret in PRIVATE:
        assert secret.encode() in before, secret  # the test would notice them
    monkeypatch.setenv("KISBOT_DATABASE_URL", database_url)

    code, out, err = await ainvoke(
        "participant", "erase", "--participant", str(participant_id), "--yes"
    )
    assert code == 0, err
    assert f"kept as P{participant_id}" in out
    for table, data in _postgres_rows(database_url).items():
        for secret in PRIVATE:
            assert secret.encode() not in data, (table, secret)
    with psycopg.connect(database_url) as conn:
        _assert_kept_under_the_pseudonym(conn, participant_id, "%s")


def test_erasing_someone_unknown_says_so(tmp_path: Path) -> None:
    code, _, err = invoke("participant", "erase", "--participant", "99", "--yes")
    assert code == 1
    assert "there is no participant 99" in err


@pytest.mark.sqlite_file
async def test_retention_anonymises_only_people_past_the_clubs_period(
    kisbot: Kisbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    club_id = await kisbot.club()
    now = kisbot.clock.now()
    today = now.date()
    async with kisbot.db.transaction() as tx:
        await club_rules.change(tx, club_id, "KIS", "retention_months", "12")
    people = {}
    for name, ended in (
        ("Stara Absolwentka", today - timedelta(days=400)),
        ("Świeża Absolwentka", today - timedelta(days=300)),
        ("Wciąż Uczestniczka", None),
    ):
        pid, _ = await kisbot.invite(name)
        people[name] = pid
        if ended is not None:
            async with kisbot.db.transaction() as tx:
                await tx.enrolments.finish(club_id, pid, "graduated", on=ended)
    await kisbot.stop()
    monkeypatch.setenv("KISBOT_DB_PATH", kisbot.settings.db_path)
    code, out, _ = await ainvoke("privacy", "purge", "--dry-run", "--json")
    assert code == 0
    assert json.loads(out)["participants"] == [people["Stara Absolwentka"]]
    assert b"Stara Absolwentka" in file_bytes(Path(kisbot.settings.db_path))
    # The bot runs the purge itself, once a day, in its outbox loop: it ran on the first day
    # already (before these people were there), so it runs again the next day.
    kisbot.clock.advance(timedelta(days=1))
    now = kisbot.clock.now()
    await kisbot.start()
    await kisbot.run_outbox()
    await kisbot.run_outbox()
    async with kisbot.db.transaction() as tx:
        names = {}
        for pid in people.values():
            found = await tx.participants.get(club_id, pid)
            assert found is not None
            names[pid] = found.display_name
        entries = [
            e
            for e in await tx.audit.for_subject(
                club_id, f"participant:{people['Stara Absolwentka']}"
            )
            if e.action == "participant.erased"
        ]
        again = await purge_daily(tx, now)
    assert names[people["Stara Absolwentka"]] == f"P{people['Stara Absolwentka']}"
    assert names[people["Świeża Absolwentka"]] == "Świeża Absolwentka"
    assert names[people["Wciąż Uczestniczka"]] == "Wciąż Uczestniczka"
    assert len(entries) == 1
    assert json.loads(entries[0].detail or "{}")["reason"] == "retention"
    assert again is None  # already done today
    await kisbot.stop()
    conn = sqlite3.connect(kisbot.settings.db_path)
    runs = conn.execute("SELECT detail FROM audit_log WHERE action = 'privacy.purged'").fetchall()
    conn.close()
    assert [json.loads(r[0])["participants"] for r in runs] == [0, 1]  # one run a day
    assert all("Absolwentka" not in r[0] for r in runs)
    assert b"Stara Absolwentka" not in file_bytes(Path(kisbot.settings.db_path))


@pytest.mark.sqlite_file
async def test_a_leader_erases_on_request_in_the_bot_after_two_confirmations(
    kisbot: Kisbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from tests.case_helpers import open_card, specialist

    participant_id = await _a_participant_with_everything(kisbot, monkeypatch, tmp_path)
    leader = kisbot.server.user(STAFF_ID, "Ewa", language_code="pl")
    helper = await specialist(kisbot, 9005, "Kasia", "social_worker")
    # Only a leader is offered the erasure, and a forged press by anyone else does nothing.
    card = await open_card(helper, NAME, participant_id)
    assert not any("Usuń dane" in label for row in card.buttons for label in row)
    await helper.click_data(f"1:xy:{participant_id}")
    assert helper.last.text == t("pl", "access.not_available")
    card = await open_card(leader, NAME, participant_id)
    await leader.click("Usuń dane (prośba z 24.11.2026)", in_message=card)
    explained = leader.last.text or ""
    assert "Co zniknie" in explained
    assert "Co klub zachowa, bo wymaga tego prawo" in explained
    await leader.click("Nie usuwaj")
    assert leader.last.text == "Nic nie usunięto."
    await leader.click("Usuń dane (prośba z 24.11.2026)", in_message=card)
    await leader.click("Dalej")
    assert leader.last.text == f"Ostatnie sprawdzenie: usunąć teraz na zawsze dane osoby {NAME}?"
    await leader.click("Tak, usuń na zawsze")
    assert (
        leader.last.text == f"Usunięto. W dokumentacji klubu ta osoba to teraz P{participant_id}."
    )
    on_disk = file_bytes(Path(kisbot.settings.db_path))
    for secret in PRIVATE:
        assert secret.encode() not in on_disk, secret
    await leader.click_data(f"1:xy:{participant_id}")  # again: nothing left to erase
    assert leader.last.text == t("pl", "access.not_available")
