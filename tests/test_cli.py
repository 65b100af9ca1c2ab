"""The kisbot command line: exit codes, messages for operators, JSON for scripts."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main

TOKEN = "123456789:AAHfakefakefakefakefakefakefakefake"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    code, out, _ = invoke("--version")
    assert code == 0
    assert out.startswith("kisbot, version ")


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["run"],
        ["chat"],
        ["check"],
        ["migrate"],
        ["backup"],
        ["questionnaire"],
        ["questionnaire", "check"],
        ["questionnaire", "schema"],
        ["club"],
        ["club", "create"],
        ["participant"],
        ["participant", "invite"],
    ],
)
def test_every_command_has_help(command: list[str]) -> None:
    code, out, _ = invoke(*command, "--help")
    assert code == 0
    assert "Usage: " in out


def test_run_without_token_explains_and_exits_2() -> None:
    code, _, err = invoke("run")
    assert code == 2
    assert "TELEGRAM_BOT_TOKEN is not set" in err
    assert "@BotFather" in err
    assert "kisbot chat" in err


def test_run_with_bad_setting_names_it_and_exits_2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("KISBOT_TIMEZONE", "Atlantis/Capital")
    code, _, err = invoke("run")
    assert code == 2
    assert err.strip().splitlines() == [
        "KISBOT_TIMEZONE: 'Atlantis/Capital' is not a known time zone (e.g. Europe/Warsaw)"
    ]
    assert "Traceback" not in err


def test_check_lists_problems_of_a_broken_env_file(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        "TELEGRAM_BOT_TOKEN=not-a-token\nKISBOT_ADMIN_IDS=12,ab\nKISBOT_DEFAULT_LANGUAGE=fr\n",
        encoding="utf-8",
    )
    code, out, _ = invoke("check")
    assert code == 1
    assert "TELEGRAM_BOT_TOKEN: does not look like a token" in out
    assert "KISBOT_ADMIN_IDS: must be Telegram user ids" in out
    assert "KISBOT_DEFAULT_LANGUAGE:" in out
    assert "not-a-token" not in out
    assert "3 problem(s) found." in out


def test_check_passes_on_a_good_setup(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(f"TELEGRAM_BOT_TOKEN={TOKEN}\n", encoding="utf-8")
    assert invoke("migrate")[0] == 0
    code, out, _ = invoke("check")
    assert (code, out.strip()) == (0, "All checks passed.")


def test_check_warns_when_there_is_no_token() -> None:
    assert invoke("migrate")[0] == 0
    code, out, _ = invoke("check")
    assert code == 0  # kisbot chat works without a token
    assert out.splitlines()[0].startswith("warning: TELEGRAM_BOT_TOKEN is not set")
    assert out.splitlines()[-1] == "All checks passed, 1 warning(s)."


def test_check_finds_a_damaged_database(tmp_path: Path) -> None:
    (tmp_path / "kisbot.sqlite3").write_bytes(b"this is not a database at all" * 100)
    code, out, _ = invoke("check")
    assert code == 1
    assert "KISBOT_DB_PATH: kisbot.sqlite3: not a usable SQLite database" in out


def test_check_reports_a_broken_crisis_lines_file_by_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.intake import helplines

    good = helplines.HELPLINES_FILE.read_text(encoding="utf-8")
    broken = tmp_path / "helplines.yaml"
    monkeypatch.setattr(helplines, "HELPLINES_FILE", broken)
    (tmp_path / ".env").write_text(f"TELEGRAM_BOT_TOKEN={TOKEN}\n", encoding="utf-8")
    assert invoke("migrate")[0] == 0

    def check(text: str) -> tuple[int, list[str]]:
        broken.write_text(text, encoding="utf-8")
        code, out, _ = invoke("check")
        assert "Traceback" not in out
        return code, out.strip().splitlines()

    def at(text: str) -> str:
        lines = broken.read_text(encoding="utf-8").splitlines()
        return f"{broken}:{next(n for n, line in enumerate(lines, start=1) if text in line)}"

    # A misspelt key: the line is named, and the number it lacks.
    code, out = check(good.replace('number: "116 123"', 'nummer: "116 123"'))
    assert code == 1
    assert out == [
        f"{at('- id: crisis_adults')}: crisis_adults: `number` is missing",
        f"{at('nummer:')}: crisis_adults: unknown key `nummer`",
        "2 problem(s) found.",
    ]
    # A line nobody defined, an answer the question does not have, an item that does not exist.
    code, out = check(
        good.replace("violence: [niebieska_linia, emergency]", "violence: [niebieska, emergency]")
        .replace("answers: [sometimes, often, now]", "answers: [sometimes, often, never]")
        .replace("safe_at_home:", "safe_at_hom:")
    )
    assert code == 1
    assert out == [
        f"{at('violence: [niebieska,')}: -: no line has the id `niebieska`",
        f"{at('answers: [sometimes, often, never]')}: -: `never` is not an answer of "
        "`life_worth` (no, now, often, sometimes)",
        f"{at('safe_at_hom:')}: -: `safe_at_hom` is an item of no version of the participant "
        "questionnaire",
        "3 problem(s) found.",
    ]
    # Malformed YAML, at its line.
    code, out = check(good.replace("kinds:\n", "kinds: [\n"))
    assert code == 1
    assert out[0].startswith(f"{at('violence: [niebieska_linia')}: -: malformed YAML:")


def test_migrate_then_up_to_date() -> None:
    code, out, _ = invoke("migrate")
    assert code == 0
    assert out.startswith("Applied: 001_foundation.sql")
    assert invoke("migrate")[1].strip() == "Already up to date."


def test_backup_copies_the_database(tmp_path: Path) -> None:
    invoke("club", "create", "KIS Zapas", "--kind", "KIS")
    code, out, _ = invoke("backup", str(tmp_path / "copy.sqlite3"))
    assert code == 0, out
    with sqlite3.connect(tmp_path / "copy.sqlite3") as copy:
        assert copy.execute("SELECT name FROM clubs").fetchall() == [("KIS Zapas",)]


def test_backup_of_missing_database_fails_clearly() -> None:
    code, _, err = invoke("backup", "copy.sqlite3")
    assert code == 1
    assert "KISBOT_DB_PATH: kisbot.sqlite3 does not exist" in err


def test_club_and_participant_invite_as_json() -> None:
    code, out, _ = invoke("club", "create", "CIS Nadzieja", "--kind", "CIS", "--json")
    assert code == 0
    club = json.loads(out)
    assert (club["name"], club["kind"], club["timezone"]) == (
        "CIS Nadzieja",
        "CIS",
        "Europe/Warsaw",
    )
    code, out, _ = invoke(
        "participant", "invite", "--club", str(club["id"]), "--name", "Jan", "--json"
    )
    assert code == 0
    made = json.loads(out)
    assert made["club_id"] == club["id"]
    assert len(made["code"]) >= 16
    assert made["link"] is None  # the bot has not met Telegram yet, so its username is unknown
    with sqlite3.connect("kisbot.sqlite3") as conn:
        stored = conn.execute("SELECT code_hash FROM invites").fetchall()
    assert made["code"] not in {row[0] for row in stored}  # only the hash is stored


def test_invite_to_unknown_club_fails_clearly() -> None:
    code, _, err = invoke("participant", "invite", "--club", "99", "--name", "Jan")
    assert code == 1
    assert "--club: there is no club 99" in err


def test_questionnaire_check_of_bundled_files_passes() -> None:
    code, _, err = invoke("questionnaire", "check")
    assert code == 0
    assert " 0 error(s)" in err


def test_questionnaire_check_reports_file_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\nversion: 1\nsections: [\n", encoding="utf-8")
    code, out, _ = invoke("questionnaire", "check", str(broken))
    assert code == 1
    assert out.startswith(f"{broken}:")
    assert "Traceback" not in out


def test_questionnaire_schema_is_json() -> None:
    code, out, _ = invoke("questionnaire", "schema")
    assert code == 0
    schema = json.loads(out)
    assert "sections" in schema["properties"]


def test_staff_invite_as_json() -> None:
    club = json.loads(invoke("club", "create", "KIS Kadra", "--kind", "KIS", "--json")[1])
    code, out, _ = invoke(
        "staff", "invite", "--club", str(club["id"]), "--role", "leader", "--json"
    )
    assert code == 0
    made = json.loads(out)
    assert (made["club_id"], made["role"]) == (club["id"], "leader")
    with sqlite3.connect("kisbot.sqlite3") as conn:
        roles = conn.execute("SELECT staff_role, participant_id FROM invites").fetchall()
    assert roles == [("leader", None)]


def test_staff_invite_refuses_unknown_role() -> None:
    code, _, err = invoke("staff", "invite", "--club", "1", "--role", "boss")
    assert code == 2
    assert "'boss' is not one of 'leader', 'specialist'" in err


def test_unusable_database_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "kisbot.sqlite3").write_bytes(b"not a database, just bytes" * 200)
    code, _, err = invoke("club", "create", "KIS X", "--kind", "KIS")
    assert code == 1
    assert err.startswith("KISBOT_DB_PATH: kisbot.sqlite3: file is not a database")
    assert "Traceback" not in err


def test_club_settings_show_change_and_switch_off() -> None:
    club = json.loads(invoke("club", "create", "KIS Godziny", "--kind", "KIS", "--json")[1])
    code, out, _ = invoke("club", "settings", str(club["id"]))
    assert code == 0
    assert "day-before reminder: 18:00" in out
    code, out, _ = invoke(
        "club",
        "settings",
        str(club["id"]),
        "--day-before-hour",
        "17",
        "--digest-hour",
        "off",
        "--json",
    )
    assert code == 0
    shown = json.loads(out)
    assert (shown["day_before_hour"], shown["before_minutes"], shown["digest_hour"]) == (
        17,
        60,
        None,
    )
    code, _, err = invoke("club", "settings", str(club["id"]), "--day-before-hour", "25")
    assert code == 2
    assert "25 is not between 0 and 23" in err
    code, _, err = invoke("club", "settings", "999")
    assert code == 1
    assert "there is no club 999" in err
