"""A network's report: the clubs' figures added up and compared, counts only (no person's
name or id anywhere in any format); the CLI refuses unknown networks and clubs."""

from __future__ import annotations

import asyncio
import io
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
import pytest
from click.testing import CliRunner

from base.i18n import translate
from bot.cli import main
from exports.attendance import kind_name
from exports.network import network_sheet
from exports.periods import month_period
from exports.render import sheet_bytes
from exports.sheet import Sheet
from storage.club_rules import change
from storage.db import Database, open_database
from tests.attendance_helpers import december

ZONE = ZoneInfo("Europe/Warsaw")
NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


async def _network(db: Database) -> int:
    first = await december(db)
    second = await december(db, kind="KIS", name="KIS Most")
    async with db.transaction() as tx:
        network = await tx.networks.create("Sieć Mazowsze", NOW)
        for club_id in (first.club_id, second.club_id):
            assert await tx.networks.add_club(network.id, club_id, NOW)
        assert not await tx.networks.add_club(network.id, first.club_id, NOW)
    return network.id


async def _sheet(db: Database, network_id: int, lang: str = "en") -> Sheet:
    async with db.transaction() as tx:
        network = await tx.networks.get(network_id)
        assert network is not None
        return await network_sheet(
            tx, network, month_period(2026, 12, ZONE), lang, date(2027, 1, 5)
        )


async def _min_count(db: Database, network_id: int, *values: str) -> None:
    async with db.transaction() as tx:
        club_ids = await tx.networks.club_ids(network_id)
        for club_id, value in zip(club_ids, values, strict=True):
            await change(tx, club_id, "CIS", "network_min_count", value)


async def test_the_clubs_are_compared_on_counts(db: Database) -> None:
    network_id = await _network(db)
    await _min_count(db, network_id, "3", "3")  # three people per club may be shown
    sheet = await _sheet(db, network_id)
    summary = dict(sheet.sections[0].tables[0].rows)
    assert summary["Clubs in the network"] == "2"
    assert summary["People in the programme in the period"] == "6"
    assert summary["Admitted in the period"] == "<3"  # Basia in each club: 2
    # Per club: Ala 6.5 h + Basia 6 h + Olek 2 h = 14.5 h; 7 of 12 records present or late.
    assert summary["Participant-hours"] == "29"
    comparison = sheet.sections[1].tables[0].rows
    assert comparison == (
        ("CIS Przystań", "CIS", "3", "<3", "0", "0", "0", "14.5", "58%", ""),
        ("KIS Most", "KIS", "3", "<3", "0", "0", "0", "14.5", "58%", ""),
    )


async def test_small_counts_are_hidden_by_the_strictest_club(db: Database) -> None:
    network_id = await _network(db)
    await _min_count(db, network_id, "3", "")  # the second club keeps the default, 5
    sheet = await _sheet(db, network_id)
    summary = dict(sheet.sections[0].tables[0].rows)
    assert summary["People in the programme in the period"] == "6"
    assert summary["Admitted in the period"] == "<5"
    assert summary["Completed in the period"] == "0"  # zero names nobody
    # Three people per club: counts hidden, and their hours and shares withheld.
    assert sheet.sections[1].tables[0].rows == (
        ("CIS Przystań", "CIS", "<5", "<5", "0", "0", "0", "", "", ""),
        ("KIS Most", "KIS", "<5", "<5", "0", "0", "0", "", "", ""),
    )
    assert sheet.sections[1].bars == ()  # a bar's length would give the count away
    assert 'shown as "<5"' in " ".join(sheet.sections[0].notes)
    # Vocational sessions: Ala in each club, 2 people, so their hours are withheld too.
    dose = {row[0]: row[3:] for row in sheet.sections[4].tables[0].rows}
    assert dose[kind_name("en", "vocational")] == ("<5", "")
    groups = sheet.sections[2].tables[0].rows
    assert groups
    assert all(count in ("<5", "6") for _, count in groups)


async def test_no_person_appears_in_any_format(db: Database) -> None:
    network_id = await _network(db)
    async with db.transaction() as tx:
        network = await tx.networks.get(network_id)
        assert network is not None
        sheet = await network_sheet(
            tx, network, month_period(2026, 12, ZONE), "pl", date(2027, 1, 5)
        )
    html = sheet_bytes(sheet, "html").decode("utf-8")
    csv_text = sheet_bytes(sheet, "csv").decode("utf-8-sig")
    document = docx.Document(io.BytesIO(sheet_bytes(sheet, "docx")))
    cells = " ".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    for name in ("Ala", "Basia", "Olek", "wizyta u lekarza"):
        assert name not in html
        assert name not in csv_text
        assert name not in cells
    assert "KIS Most" in cells


async def _seed(path: Path) -> None:
    database = await open_database(str(path))
    try:
        await december(database)
    finally:
        await database.close()


def test_network_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asyncio.run(_seed(tmp_path / "k.sqlite3"))
    monkeypatch.setenv("KISBOT_DB_PATH", str(tmp_path / "k.sqlite3"))
    runner = CliRunner()
    made = runner.invoke(main, ["network", "create", "Sieć"])
    assert made.stdout.strip() == "Network 1 created: Sieć"
    assert (
        runner.invoke(main, ["network", "add-club", "--network", "1", "--club", "1"]).exit_code == 0
    )
    bad = runner.invoke(main, ["network", "add-club", "--network", "7", "--club", "1"])
    assert bad.exit_code == 1
    assert "--network: there is no network 7" in bad.stderr
    bad = runner.invoke(main, ["network", "add-club", "--network", "1", "--club", "9"])
    assert "--club: there is no club 9" in bad.stderr
    out = tmp_path / "net.docx"
    done = runner.invoke(
        main,
        [
            "export",
            "report",
            "--network",
            "1",
            "--year",
            "2026",
            "--format",
            "docx",
            "-o",
            str(out),
        ],
    )
    assert done.exit_code == 0, done.output
    document = docx.Document(str(out))
    assert any("Sieć" in p.text for p in document.paragraphs)
    # The club report in Word too (--format docx), audit-logged like its other forms.
    word = tmp_path / "club.docx"
    args = ["export", "report", "--club", "1", "--format", "docx", "--language", "en"]
    done = runner.invoke(main, [*args, "-o", str(word)])
    assert done.exit_code == 0, done.output
    assert docx.Document(str(word)).paragraphs[0].text == translate("en", "doc.report.title")
    with sqlite3.connect(tmp_path / "k.sqlite3") as conn:
        logged = conn.execute(
            "SELECT actor, detail FROM audit_log WHERE action = 'export.report'"
        ).fetchall()
    assert logged == [("cli", "docx")]
    invited = runner.invoke(main, ["network", "invite", "--network", "1"])
    assert invited.exit_code == 0, invited.output
    assert "Coordinator of network 1. Single use" in invited.stdout
    bad = runner.invoke(main, ["network", "invite", "--network", "5"])
    assert "--network: there is no network 5" in bad.stderr
    bad = runner.invoke(main, ["export", "report", "--statutory", "--club", "1", "-o", "x"])
    assert "--statutory: needs --club and --year" in bad.stderr
