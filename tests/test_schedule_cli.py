"""`kisbot session ...`: create, list, cancel, a series' last day, import and export, with
--json for scripts."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main

ICS = b"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:abc-1@example.org
DTSTART;TZID=Europe/Warsaw:20990302T100000
DTEND;TZID=Europe/Warsaw:20990302T113000
SUMMARY:Spotkanie w klubie
LOCATION:sala 1
CATEGORIES:group_workshop
RRULE:FREQ=WEEKLY;COUNT=3
END:VEVENT
END:VCALENDAR
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def club(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    monkeypatch.setenv("KISBOT_DB_PATH", str(tmp_path / "cli.sqlite3"))
    code, out, _ = run("club", "create", "KIS Test", "--kind", "KIS", "--json")
    assert code == 0
    return str(json.loads(out)["id"])


def test_create_list_cancel(club: str) -> None:
    code, out, err = run(
        "session", "create", "--club", club, "--kind", "group_workshop", "--title", "Spotkanie",
        "--start", "05.03.2099 10:00", "--duration", "90", "--place", "sala 2",
        "--weekly-until", "19.03.2099", "--json",
    )  # fmt: skip
    assert code == 0, err
    made = json.loads(out)["sessions"]
    assert [s["local"] for s in made] == [
        "05.03.2099 10:00",
        "12.03.2099 10:00",
        "19.03.2099 10:00",
    ]
    code, out, _ = run("session", "cancel", str(made[1]["id"]), "--club", club, "--json")
    assert json.loads(out) == {"cancelled": [made[1]["id"]]}
    soon = (datetime.now(UTC) + timedelta(days=3)).strftime("%d.%m.%Y")
    code, out, err = run(
        "session", "create", "--club", club, "--kind", "vocational", "--title", "Praca",
        "--start", f"{soon} 12:00", "--duration", "60", "--place", "warsztat", "--participant",
        "1",
    )  # fmt: skip
    assert code == 1
    assert err.strip() == "session: schedule.error.attendees"  # no participant 1 in the club
    run(
        "session", "create", "--club", club, "--kind", "vocational", "--title", "Praca",
        "--start", f"{soon} 12:00", "--duration", "60", "--place", "warsztat",
    )  # fmt: skip
    code, out, _ = run("session", "list", "--club", club, "--json")
    assert code == 0
    assert [(s["title"], s["status"]) for s in json.loads(out)["sessions"]] == [
        ("Praca", "planned")
    ]
    code, _, err = run("session", "cancel", "999", "--club", club)
    assert code == 1
    assert err.startswith("SESSION_ID: no planned session 999")


def test_bad_input_names_the_option(club: str) -> None:
    code, _, err = run(
        "session", "create", "--club", club, "--kind", "group_workshop", "--title", "X",
        "--start", "5 marca", "--duration", "60", "--place", "sala",
    )  # fmt: skip
    assert code == 1
    assert err.strip() == "--start: write the date and time as 'DD.MM.RRRR GG:MM'"
    code, _, err = run(
        "session", "create", "--club", club, "--kind", "nope", "--title", "X",
        "--start", "05.03.2099 10:00", "--duration", "60", "--place", "sala",
    )  # fmt: skip
    assert code == 1
    assert err.strip() == "session: schedule.error.kind"


def test_import_an_ics_file_once(club: str, tmp_path: Path) -> None:
    path = tmp_path / "plan.ics"
    path.write_bytes(ICS)
    code, out, err = run("session", "import", str(path), "--club", club, "--json")
    assert code == 0, err
    result = json.loads(out)
    assert [s["local"] for s in result["sessions"]] == [
        "02.03.2099 10:00",
        "09.03.2099 10:00",
        "16.03.2099 10:00",
    ]
    assert {s["kind"] for s in result["sessions"]} == {"group_workshop"}
    assert {s["duration_minutes"] for s in result["sessions"]} == {90}
    code, out, _ = run("session", "import", str(path), "--club", club, "--json")
    assert json.loads(out)["skipped"] == 1
    code, out, _ = run("session", "export", "--club", club)
    assert code == 0
    assert out.count("BEGIN:VEVENT") == 0  # only the next 120 days are exported


def test_a_series_last_day_moves(club: str) -> None:
    code, out, err = run(
        "session", "create", "--club", club, "--kind", "group_workshop", "--title", "Spotkanie",
        "--start", "05.03.2099 10:00", "--duration", "90", "--place", "sala 2",
        "--weekly-until", "19.03.2099", "--json",
    )  # fmt: skip
    assert code == 0, err
    first = json.loads(out)["sessions"][0]["id"]
    code, out, err = run("session", "until", str(first), "02.04.2099", "--club", club, "--json")
    assert code == 0, err
    assert json.loads(out) == {"added": 2, "cancelled": 0}
    code, out, err = run("session", "until", str(first), "12.03.2099", "--club", club, "--json")
    assert json.loads(out) == {"added": 0, "cancelled": 3}  # 19.03, 26.03 and 02.04
    code, _, err = run("session", "until", str(first), "01.03.2099", "--club", club)
    assert (code, err.strip()) == (1, "session: schedule.error.until_start date=05.03.2099")
    code, _, err = run("session", "until", str(first), "w marcu", "--club", club)
    assert (code, err.strip()) == (2, "LAST_DAY: write the date as DD.MM.RRRR")
    code, _, err = run("session", "until", "999", "12.03.2099", "--club", club)
    assert (code, err.strip()) == (1, "SESSION_ID: no session 999 in club " + club)
