"""Every free text that reaches another person goes through the one cleaner (base/clean.py),
from the bot and from the command line: no direction-changing or invisible characters."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from tests.harness import Kisbot
from tests.schedule_helpers import at, join, plan, reminders, staff_member, t, texts, utc

RLO, ZWSP = "\u202e", "\u200b"


def _clean(text: str) -> bool:
    return RLO not in text and ZWSP not in text


async def test_session_title_and_place_typed_in_the_bot_are_cleaned(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot)
    await join(kisbot, 4721, "Bartek")
    await staff.send("/session")
    await staff.click("Grupowe warsztaty integracyjne")
    await staff.send(f"Spotkanie{RLO}gnitaeM")
    await staff.send("26.11.2026 10:00")
    await staff.click("90 minut")
    await staff.send(f"sala{ZWSP} 2")
    await staff.click("Wybrani uczestnicy")
    await staff.click("Bartek")
    await staff.click("Gotowe")
    await staff.click(t("pl", "schedule.repeat.once"))
    assert "SpotkaniegnitaeM" in (staff.last.text or "")
    assert "Miejsce: sala 2" in (staff.last.text or "")
    await staff.click("Zaplanuj")
    async with kisbot.db.transaction() as tx:
        session = await tx.schedule.get(await kisbot.club(), 1)
    assert session is not None
    assert (session.title, session.place) == ("SpotkaniegnitaeM", "sala 2")
    # Changed later from /session <id>: the same cleaning.
    await staff.send("/session 1")
    await staff.click(t("pl", "schedule.button.title"))
    await staff.send(f"Nowy{ZWSP} tytuł{RLO}")
    await staff.send("/session 1")
    await staff.click(t("pl", "schedule.button.place"))
    await staff.send(f"{RLO}sala 3")
    async with kisbot.db.transaction() as tx:
        session = await tx.schedule.get(await kisbot.club(), 1)
    assert session is not None
    assert (session.title, session.place) == ("Nowy tytuł", "sala 3")


async def test_an_absence_reason_reaches_staff_cleaned(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot)
    bartek, _ = await join(kisbot, 4721, "Bartek")
    await plan(kisbot, "25.11.2026 10:00")
    await at(kisbot, utc(2026, 11, 24, 17, 0))
    await bartek.click("Nie mogę przyjść", in_message=reminders(bartek)[0])
    await bartek.send(f"choroba{RLO} dziecka{ZWSP}")
    await kisbot.run_outbox()
    told = [text for text in texts(staff) if "choroba" in text]
    assert told
    assert all(_clean(text) and "choroba dziecka" in text for text in told)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_names_titles_and_places_given_on_the_command_line_are_cleaned(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    db = tmp_path / "cli.sqlite3"
    monkeypatch.setenv("KISBOT_DB_PATH", str(db))
    code, out, err = run("club", "create", f"KIS{RLO} Sosnowa{ZWSP}", "--kind", "KIS", "--json")
    assert code == 0, err
    club = str(json.loads(out)["id"])
    code, out, err = run(
        "participant", "invite", "--club", club, "--name", f"Ewa{ZWSP} Nowak{RLO}", "--json"
    )
    assert code == 0, err
    code, _, err = run(
        "session", "create", "--club", club, "--kind", "group_workshop",
        "--title", f"Spotkanie{RLO}gnitaeM", "--start", "05.03.2099 10:00",
        "--duration", "90", "--place", f"sala{ZWSP} 2",
    )  # fmt: skip
    assert code == 0, err
    ics = tmp_path / "plan.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        "UID:abc-1@example.org\r\nDTSTART;TZID=Europe/Warsaw:20990302T100000\r\n"
        f"DTEND;TZID=Europe/Warsaw:20990302T113000\r\nSUMMARY:Warsztat{RLO}y\r\n"
        f"LOCATION:sala{ZWSP} 5\r\nCATEGORIES:group_workshop\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    code, _, err = run("session", "import", str(ics), "--club", club)
    assert code == 0, err
    with sqlite3.connect(db) as conn:
        club_name = conn.execute("SELECT name FROM clubs").fetchone()[0]
        person = conn.execute("SELECT display_name FROM participants").fetchone()[0]
        sessions = conn.execute("SELECT title, place FROM sessions ORDER BY id").fetchall()
    conn.close()
    assert club_name == "KIS Sosnowa"
    assert person == "Ewa Nowak"
    assert sessions == [("SpotkaniegnitaeM", "sala 2"), ("Warsztaty", "sala 5")]


async def test_names_and_notes_typed_by_staff_in_the_bot_are_cleaned(kisbot: Kisbot) -> None:
    await kisbot.add_staff(4001, "Ewa")
    ala_id, _ = await kisbot.invite("Ala")
    ewa = kisbot.server.user(4001, "Ewa", language_code="pl")
    await ewa.send(f"/note {ala_id}")
    await ewa.send(f"Przyszedł{ZWSP} punktualnie{RLO}")
    await ewa.send("/invite")
    await ewa.send(f"Marek{RLO} K.{ZWSP}")
    assert (ewa.last.text or "").startswith("Marek K.: grupa z art. 1")
    club_id = await kisbot.club()
    async with kisbot.db.transaction() as tx:
        member = await tx.staff.membership(club_id, 4001)
        assert member is not None
        notes = await tx.notes.visible(club_id, ala_id, member.id, None, 10)
    assert [n.body for n in notes] == ["Przyszedł punktualnie"]


def test_club_rules_networks_and_report_figures_from_the_cli_are_cleaned(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    db = tmp_path / "cli.sqlite3"
    monkeypatch.setenv("KISBOT_DB_PATH", str(db))
    code, out, err = run("club", "create", "KIS Sosnowa", "--kind", "CIS", "--json")
    assert code == 0, err
    club = str(json.loads(out)["id"])
    code, _, err = run(
        "club", "rules", club, "--set", f"certificate_basis=ustawa{RLO} o{ZWSP} z.s."
    )
    assert code == 0, err
    code, _, err = run("network", "create", f"Sieć{RLO} Mazowsze")
    assert code == 0, err
    with sqlite3.connect(db) as conn:
        basis = conn.execute(
            "SELECT value FROM club_settings WHERE key = 'certificate_basis'"
        ).fetchone()[0]
        network = conn.execute("SELECT name FROM networks").fetchone()[0]
    conn.close()
    assert basis == "ustawa o z.s."
    assert network == "Sieć Mazowsze"
