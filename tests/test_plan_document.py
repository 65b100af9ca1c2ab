"""The plan document and the completion certificate of a demo-data graduate, in every format:
the fields a club files (IPZS / social contract annex) are there, read back from DOCX and
printed by headless Chromium."""

from __future__ import annotations

import io
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

import docx
import pytest
from click.testing import CliRunner

from bot.cli import main
from exports.certificate import NotGraduated, build_certificate
from exports.plan import PlanDoc, build_plan
from exports.render import certificate_bytes, plan_bytes
from flows.demo_data import seed_demo
from storage.club_rules import change
from storage.db import Database
from storage.repos.exports import ExportParticipant, exports_of
from tests.browser import Browser
from tests.intake_helpers import t

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


class Person(NamedTuple):
    """A participant as the command line test reads them back."""

    id: int
    display_name: str
    status: str


TODAY = date(2026, 11, 24)
ZONE = ZoneInfo("Europe/Warsaw")


async def _graduate(db: Database) -> tuple[ExportParticipant, PlanDoc]:
    """The first demo participant who graduated under a social contract, and their plan."""
    async with db.transaction() as tx:
        club_id = (await seed_demo(tx, NOW, "Europe/Warsaw")).club_id
        for person in await exports_of(tx).participants(club_id):
            enrolment = await tx.enrolments.current(club_id, person.id)
            assert enrolment is not None
            if enrolment.end_kind == "graduated" and enrolment.basis_kind == "social_contract":
                return person, await build_plan(tx, person, "pl", ZONE, TODAY)
    raise AssertionError("the demo club has no graduate under a social contract")


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for table in document.tables for row in table.rows for c in row.cells]
    return "\n".join(parts)


def _expected(doc: PlanDoc) -> list[str]:
    """What a social worker looks for in the plan, as the document's own words and values."""
    assert doc.enrolment is not None
    return [
        t("pl", "doc.plan.title_contract"),
        doc.participant,
        t("pl", "doc.enrol.basis_heading"),
        t("pl", "basis.social_contract"),
        *(r.value for r in doc.enrolment.basis),
        t("pl", "doc.enrol.period_heading"),
        *(r.value for r in doc.enrolment.period),
        *(r.value for r in doc.enrolment.details),
        t("pl", "doc.case.heading"),
        "Joanna Wzorowa",
        t("pl", "doc.plan.diagnosis"),
        t("pl", "doc.goal.indicator"),
        *(g.goal for g in doc.goals),
        *(g.indicator for g in doc.goals),
        *(g.due for g in doc.goals),
        t("pl", "doc.week.hours_academy"),
        t("pl", "doc.week.share", share=doc.week.share),
        t("pl", "doc.plan.start"),
        *(i.partner for s in doc.spheres for i in s.items),
        *(i.responsible for s in doc.spheres for i in s.items),
        t("pl", "doc.plan.club_obligations"),
        t("pl", "obligation.counselling"),
        t("pl", "doc.plan.end_conditions"),
        *(r.changes for r in doc.reviews),
        *(r.date for r in doc.reviews),
        t("pl", "doc.review.final"),
        doc.final_assessment,
        t("pl", "doc.sign.participant"),
        t("pl", "doc.sign.social_worker"),
        t("pl", "doc.sign.leader"),
        t("pl", "doc.sign.ops"),
        t("pl", "doc.sign.date"),
    ]


async def test_a_graduates_plan_holds_every_field_in_every_format(db: Database) -> None:
    _, doc = await _graduate(db)
    # The demo graduate has the facts the document is for.
    assert doc.enrolment is not None
    assert doc.goals
    assert doc.reviews
    assert doc.week.agreed
    assert doc.week.meets_rule
    assert doc.final_assessment != t("pl", "doc.not_recorded")
    assert len(doc.signatures) == 4
    expected = [e for e in _expected(doc) if e]
    html = plan_bytes(doc, "html").decode()
    md = plan_bytes(doc, "md").decode()
    word = _docx_text(plan_bytes(doc, "docx"))
    for fmt, text in (("docx", word), ("html", html), ("md", md)):
        plain = text.replace("\\", "")
        missing = [e for e in expected if e not in plain and e.replace("&", "&amp;") not in plain]
        assert not missing, (fmt, missing)
    # One date line per signer.
    line = t("pl", "doc.sign.date") + " ____"
    assert word.count(line) == md.count(line) == html.count(line) == 4


async def test_the_ops_line_follows_the_basis_and_the_club_setting(db: Database) -> None:
    person, doc = await _graduate(db)
    assert t("pl", "doc.sign.ops") in doc.signatures
    async with db.transaction() as tx:
        club = await tx.clubs.get(person.club_id)
        assert club is not None
        await change(tx, club.id, club.kind, "ops_signs_social_contract", "no")
        without = await build_plan(tx, person, "pl", ZONE, TODAY)
        assert t("pl", "doc.sign.ops") not in without.signatures
        await change(tx, club.id, club.kind, "ops_signs_social_contract", "")
        enrolment = await tx.enrolments.current(club.id, person.id)
        assert enrolment is not None
        await tx.enrolments.set_detail(club.id, enrolment.id, "basis_kind", "ipzs")
        ipzs = await build_plan(tx, person, "pl", ZONE, TODAY)
    assert t("pl", "doc.sign.ops") not in ipzs.signatures
    assert ipzs.title == t("pl", "doc.plan.title_ipzs")


async def test_the_certificate_of_a_graduate_and_none_for_others(db: Database) -> None:
    person, _ = await _graduate(db)
    async with db.transaction() as tx:
        certificate = await build_certificate(tx, person, "pl", TODAY)
        enrolment = await tx.enrolments.current(person.club_id, person.id)
        others = await exports_of(tx).participants(person.club_id)
        still_in = next(p for p in others if p.status not in ("graduated", "left"))
        with pytest.raises(NotGraduated):
            await build_certificate(tx, still_in, "pl", TODAY)
    assert enrolment is not None
    assert enrolment.ended_on is not None
    word = _docx_text(certificate_bytes(certificate, "docx"))
    html = certificate_bytes(certificate, "html").decode()
    for text in (word, html.replace("&#34;", '"')):
        assert t("pl", "doc.certificate.title") in text
        assert person.display_name in text
        assert certificate.period_end in text
        assert certificate.period_start in text
        assert certificate.outcome in text
        assert "o zatrudnieniu socjalnym" in text
        assert t("pl", "doc.certificate.leader") in text
        assert f"{person.club_id}/{enrolment.id}/{enrolment.ended_on.year}" in text


def test_export_certificate_from_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "kisbot.sqlite3"
    runner = CliRunner()
    env = {"KISBOT_DB_PATH": str(path)}
    assert runner.invoke(main, ["demo-data"], env=env).exit_code == 0
    with sqlite3.connect(path) as conn:
        people = conn.execute("SELECT id, display_name, status FROM participants").fetchall()
    graduate = Person(*next(p for p in people if p[2] == "graduated"))
    active = Person(*next(p for p in people if p[2] == "active"))
    out = tmp_path / "cert.docx"
    done = runner.invoke(
        main, ["export", "certificate", "--participant", str(graduate.id), "-o", str(out)], env=env
    )
    assert done.exit_code == 0, done.output
    assert graduate.display_name in _docx_text(out.read_bytes())
    html = tmp_path / "cert.html"
    done = runner.invoke(
        main,
        [
            "export",
            "certificate",
            "--participant",
            str(graduate.id),
            "--format",
            "html",
            "--language",
            "uk",
            "-o",
            str(html),
        ],
        env=env,
    )
    assert done.exit_code == 0, done.output
    assert t("uk", "doc.certificate.title") in html.read_text()
    refused = runner.invoke(
        main, ["export", "certificate", "--participant", str(active.id), "-o", str(out)], env=env
    )
    assert refused.exit_code == 1
    assert f"participant {active.id} has not graduated" in refused.output


async def test_the_plan_and_certificate_print_in_headless_chromium(
    db: Database, tmp_path: Path, browser: Browser
) -> None:
    """Both HTML documents print to PDF and to a screenshot a person can look at."""
    person, doc = await _graduate(db)
    async with db.transaction() as tx:
        certificate = await build_certificate(tx, person, "pl", TODAY)
    for name, data in (
        ("plan.html", plan_bytes(doc, "html")),
        ("certificate.html", certificate_bytes(certificate, "html")),
    ):
        page = tmp_path / name
        page.write_bytes(data)
        assert browser.pdf(page).startswith(b"%PDF")
        assert browser.screenshot(page).startswith(b"\x89PNG")


def test_club_rules_show_defaults_and_refuse_a_bad_value_by_name(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"KISBOT_DB_PATH": str(tmp_path / "kisbot.sqlite3")}
    made = runner.invoke(main, ["club", "create", "CIS Most", "--kind", "CIS"], env=env)
    assert made.exit_code == 0, made.output
    shown = runner.invoke(main, ["club", "rules", "1"], env=env)
    assert "programme_months = 11  (default)" in shown.output
    assert "follow_up_months = 3,6  (default)" in shown.output
    changed = runner.invoke(main, ["club", "rules", "1", "--set", "follow_up_months=6,12"], env=env)
    assert "follow_up_months = 6,12\n" in changed.output
    bad = runner.invoke(
        main, ["club", "rules", "1", "--set", "trial_months=2", "--set", "art12_groups=x"], env=env
    )
    assert bad.exit_code == 2
    assert "art12_groups: unknown x" in bad.output
    # Nothing of a refused command is kept.
    again = runner.invoke(main, ["club", "rules", "1"], env=env)
    assert "trial_months = 1  (default)" in again.output
