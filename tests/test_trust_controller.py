"""The club as data controller (CLI), and the draft DPIA filled from the deployment."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from bot.cli import main
from tests.harness import Kisbot


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def club(tmp_path: Path) -> str:
    code, out, err = invoke("club", "create", "KIS Sosnowa", "--kind", "KIS", "--json")
    assert code == 0, err
    return str(json.loads(out)["id"])


def test_a_club_records_its_controller_details_and_retention(club: str, tmp_path: Path) -> None:
    code, out, _ = invoke("club", "privacy", club)
    assert code == 0
    assert "data controller: (not set" in out
    assert "retention after a participant's end: 60 months" in out
    code, out, err = invoke(
        "club", "privacy", club,
        "--legal-name", "Stowarzyszenie\u202e Sosnowa",
        "--address", "ul. Leśna 1, 00-001 Warszawa",
        "--contact", "iod@sosnowa.example",
        "--retention-months", "36", "--json",
    )  # fmt: skip
    assert code == 0, err
    shown = json.loads(out)
    assert shown["legal_name"] == "Stowarzyszenie Sosnowa"  # cleaned like every free text
    assert shown["contact"] == "iod@sosnowa.example"
    assert shown["retention_months"] == 36
    code, _, err = invoke("club", "privacy", club, "--legal-name", "x" * 201)
    assert code == 2
    assert "--legal-name: at most 200 characters" in err
    assert invoke("club", "privacy", "99")[0] == 1
    conn = sqlite3.connect(tmp_path / "kisbot.sqlite3")
    actions = [r[0] for r in conn.execute("SELECT action FROM audit_log ORDER BY id")]
    conn.close()
    assert "club.controller_set" in actions
    assert "club.retention_set" in actions


def test_the_dpia_draft_names_the_deployments_real_settings(
    club: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    invoke("club", "privacy", club, "--legal-name", "Stowarzyszenie Sosnowa",
           "--contact", "iod@sosnowa.example", "--retention-months", "36")  # fmt: skip
    monkeypatch.setenv("KISBOT_INVITE_VALID_DAYS", "7")
    code, _, err = invoke("privacy", "dpia", "-o", "dpia.md", "--language", "en")
    assert code == 0, err
    text = (tmp_path / "dpia.md").read_text("utf-8")
    assert "Stowarzyszenie Sosnowa" in text
    assert "iod@sosnowa.example" in text
    assert "36 months" in text
    assert "valid 7 days" in text
    assert "outside the EEA" in text
    assert "Money and housing" in text  # the questionnaire's spheres, counted
    code, _, err = invoke("privacy", "dpia", "-o", "dpia.docx")
    assert code == 0, err
    words = "\n".join(p.text for p in Document(str(tmp_path / "dpia.docx")).paragraphs)
    assert "Projekt oceny skutków dla ochrony danych" in words
    assert "inspektor ochrony danych" in words


async def test_a_leader_sets_the_controller_and_participants_see_it(
    kisbot: Kisbot,
) -> None:
    from tests.intake_helpers import join, staff_member

    leader = await staff_member(kisbot)
    await leader.send("/team")
    await leader.click("Administrator danych (co widzą uczestnicy)")
    assert "Nazwa: nie ustawiono" in (leader.last.text or "")
    for button, typed in (
        ("Zmień nazwę", "Stowarzyszenie\u202e Sosnowa"),
        ("Zmień adres", "ul. Leśna 1, 00-001 Warszawa"),
        ("Zmień kontakt", "iod@sosnowa.example"),
    ):
        await leader.click(button)
        await leader.send(typed)
    assert "Nazwa: Stowarzyszenie Sosnowa" in (leader.last.text or "")
    await leader.click("Zmień kontakt")
    await leader.send("x" * 201)
    assert leader.last.text == "Napisz najwyżej 200 znaków."
    person, _ = await join(kisbot, 1001, "Ala", lang="en")
    await person.send("/privacy")
    shown = "\n".join(m.text or "" for m in person.messages[-4:-1])  # the question comes last
    assert (
        "Responsible for your data: Stowarzyszenie Sosnowa, ul. Leśna 1, 00-001 Warszawa. "
        "Questions about your data: iod@sosnowa.example." in shown
    )
    ola, _ = await join(kisbot, 1002, "Ola", lang="uk")
    consent_screen = "\n".join(m.text or "" for m in ola.messages)
    assert "Відповідальний за ваші дані: Stowarzyszenie Sosnowa" in consent_screen


async def test_a_leader_sets_the_retention_period_in_the_bot(kisbot: Kisbot) -> None:
    from storage.club_rules import rules_of
    from tests.intake_helpers import staff_member

    leader = await staff_member(kisbot)
    await leader.send("/team")
    await leader.click("Administrator danych (co widzą uczestnicy)")
    assert "Przechowywanie po zakończeniu udziału: 60 miesięcy" in (leader.last.text or "")
    await leader.click("Zmień okres przechowywania")
    await leader.click("36 miesięcy")
    club_id = await kisbot.club()
    await leader.click_data(f"1:dcr:{club_id}:7")  # forged: a period not offered
    async with kisbot.db.transaction() as tx:
        months = (await rules_of(tx, club_id)).retention_months
    assert months == 36
