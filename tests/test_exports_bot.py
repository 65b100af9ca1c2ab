"""Export in the bot: the card's Export button sends the document as a file, /report is for
leaders, other clubs' participants and non-staff get the neutral answer, every export is logged."""

from __future__ import annotations

import io

import docx
import pytest

from tests.case_helpers import open_card, specialist, submitted
from tests.harness import Kisbot
from tests.intake_helpers import staff_member, t

# Over HTTP: documents sent as files over HTTP.
pytestmark = pytest.mark.over_http

NOT_AVAILABLE = t("pl", "access.not_available")


async def _audit(kisbot: Kisbot, action: str) -> list[str]:
    async with kisbot.db.transaction() as tx:
        rows = await tx.conn.all(
            # In the order written: without ORDER BY, PostgreSQL returns rows as its pages
            # hold them, and a reused test database has free room in earlier pages.
            "SELECT actor, subject, detail FROM audit_log WHERE action = ? ORDER BY id",
            (action,),
        )
    return [f"{r[0]} {r[1]} {r[2]}" for r in rows]


async def test_export_from_the_card_sends_each_format(kisbot: Kisbot) -> None:
    leader = await staff_member(kisbot, 9001)
    participant_id, _ = await kisbot.invite("Ala <b>Nowak</b>")
    await submitted(kisbot, participant_id)
    card = await open_card(leader, "Ala <b>Nowak</b>", participant_id)
    await leader.click(t("pl", "exports.button"), in_message=card)
    assert leader.last.text == t("pl", "exports.choose")
    for fmt, start in (("html", b"<!DOCTYPE html>"), ("docx", b"PK"), ("md", b"# ")):
        label = t("pl", "exports.summary", format=t("pl", f"exports.format.{fmt}"))
        choices = [m for m in leader.messages if m.text == t("pl", "exports.choose")][-1]
        await leader.click(label, in_message=choices)
        sent = leader.documents[-1]
        assert sent.filename == f"summary-{participant_id}.{fmt}"
        assert sent.content.startswith(start)
        assert sent.caption == t("pl", "exports.summary_caption", name="Ala <b>Nowak</b>")
    html = leader.documents[0].content.decode()
    assert "Ala &lt;b&gt;Nowak&lt;/b&gt;" in html
    plan = t("pl", "exports.plan", format=t("pl", "exports.format.md"))
    choices = [m for m in leader.messages if m.text == t("pl", "exports.choose")][-1]
    await leader.click(plan, in_message=choices)
    assert leader.documents[-1].filename == f"plan-{participant_id}.md"
    # The full summary, on request: every answer as well as the short summary's findings.
    full = t("pl", "exports.summary_full", format=t("pl", "exports.format.md"))
    choices = [m for m in leader.messages if m.text == t("pl", "exports.choose")][-1]
    await leader.click(full, in_message=choices)
    sent = leader.documents[-1]
    assert sent.filename == f"summary-full-{participant_id}.md"
    assert sent.caption == t("pl", "exports.summary_full_caption", name="Ala <b>Nowak</b>")
    short = next(d for d in leader.documents if d.filename == f"summary-{participant_id}.md")
    answers = f"## {t('pl', 'doc.summary.answers')}"
    assert answers in sent.content.decode()
    assert answers not in short.content.decode()
    logged = await _audit(kisbot, "export.summary")
    assert len(logged) == 4
    assert logged[-1].endswith("md full")
    assert all(f"participant:{participant_id}" in line for line in logged)
    assert len(await _audit(kisbot, "export.plan")) == 1


async def test_other_clubs_and_non_staff_get_the_neutral_answer(kisbot: Kisbot) -> None:
    await staff_member(kisbot, 9001)
    participant_id, _ = await kisbot.invite("Ala")
    await submitted(kisbot, participant_id)
    async with kisbot.db.transaction() as tx:
        other = await tx.clubs.create("Inny klub", "KIS", "Europe/Warsaw", kisbot.clock.now())
        await tx.staff.add(other.id, 9002, "Obcy", "leader", kisbot.clock.now())
    stranger_leader = kisbot.server.user(9002, "Obcy", language_code="pl")
    await stranger_leader.send("/help")
    await stranger_leader.click_data(f"1:ex:{participant_id}:s:h")
    assert stranger_leader.last.text == NOT_AVAILABLE
    stranger = kisbot.server.user(9003, "Nikt", language_code="pl")
    await stranger.send("/start")
    await stranger.click_data(f"1:ex:{participant_id}:s:h")
    assert not stranger.documents
    assert not stranger_leader.documents
    assert await _audit(kisbot, "export.summary") == []


async def test_report_is_for_leaders(kisbot: Kisbot) -> None:
    leader = await staff_member(kisbot, 9001)
    worker = await specialist(kisbot, 9004, "Marek", "psychologist")
    participant_id, _ = await kisbot.invite("Ala")
    await submitted(kisbot, participant_id)
    await worker.send("/report")
    assert worker.last.text == NOT_AVAILABLE
    assert not worker.documents
    await leader.send("/report")
    html, word, figures = leader.documents[-3:]
    assert html.filename.endswith(".html")
    assert t("pl", "doc.report.title").encode() in html.content
    # The Word form, to edit before it goes to the gmina: the same title, as a Word heading.
    assert word.filename.endswith(".docx")
    assert word.caption == t("pl", "exports.report_word_caption")
    heading = docx.Document(io.BytesIO(word.content)).paragraphs[0]
    assert (heading.style.name, heading.text) == ("Heading 1", t("pl", "doc.report.title"))
    assert figures.filename.endswith(".csv")
    assert "programme,total," in figures.content.decode("utf-8-sig")
    assert len(await _audit(kisbot, "export.report")) == 1


async def test_report_of_one_year(kisbot: Kisbot) -> None:
    leader = await staff_member(kisbot, 9001)
    participant_id, _ = await kisbot.invite("Ala")  # admitted in 2026 (the test clock)
    await submitted(kisbot, participant_id)

    def total() -> str:
        rows = leader.documents[-1].content.decode("utf-8-sig").splitlines()
        return next(r for r in rows if r.startswith("programme,total,")).rsplit(",", 1)[1]

    await leader.send("/report 2025")
    assert total() == "0"  # nobody was in the programme in 2025
    assert "31.12.2025" in leader.documents[-3].content.decode("utf-8")
    await leader.send("/report 2026")
    assert total() == "1"
    for wrong in ("1999", "2027", "last year"):
        await leader.send(f"/report {wrong}")
        assert leader.last.text == t("pl", "exports.report_bad_year")
    audit = await _audit(kisbot, "export.report")
    assert [a.rsplit(" ", 2)[1:] for a in audit] == [
        ["html,docx,csv", "2025"],
        ["html,docx,csv", "2026"],
    ]


async def test_dataset_is_for_leaders_and_pseudonymised(kisbot: Kisbot) -> None:
    import io

    from openpyxl import load_workbook

    leader = await staff_member(kisbot, 9101)
    worker = await specialist(kisbot, 9104, "Marek", "psychologist")
    participant_id, _ = await kisbot.invite("Ala Kowalska")
    await submitted(kisbot, participant_id)
    await worker.send("/dataset")
    assert worker.last.text == NOT_AVAILABLE
    assert not worker.documents
    await leader.send("/dataset")
    sheet = leader.documents[-1]
    assert sheet.filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(sheet.content), read_only=True)
    assert len(book.sheetnames) == 2  # the data and its codebook
    cells = [str(c) for row in book.worksheets[0].iter_rows(values_only=True) for c in row]
    assert f"P{participant_id}" in cells
    assert not any("Kowalska" in c for c in cells)
    assert len(await _audit(kisbot, "export.dataset")) == 1
