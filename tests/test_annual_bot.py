"""/annual for leaders: enter a figure kisbot cannot know, then get the statutory report as
HTML and Word with it; what is missing stays framed to complete by hand; specialists and
participants get nothing."""

from __future__ import annotations

import io

import docx

from tests.harness import Kisbot
from tests.schedule_helpers import join, staff_member


async def test_a_leader_enters_a_figure_and_gets_the_report(kisbot: Kisbot) -> None:
    leader = await staff_member(kisbot)
    await leader.send("/annual 2026")
    assert "▢ Kwota otrzymanej dotacji (zł): do uzupełnienia" in (leader.last.text or "")
    await leader.click("✎ Kwota otrzymanej dotacji (zł)")
    assert (leader.last.text or "").startswith("Wpisz: Kwota otrzymanej dotacji (zł).")
    await leader.send("120 000,00")
    assert "✓ Kwota otrzymanej dotacji (zł): 120 000,00" in (leader.last.text or "")
    await leader.click("Wyślij sprawozdanie (HTML i Word)")
    html, word = leader.documents[-2:]
    assert html.filename.endswith(".html")
    assert "120 000,00" in html.content.decode("utf-8")
    document = docx.Document(io.BytesIO(word.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Do uzupełnienia ręcznie: Kwota wykorzystanej dotacji (zł)" in text
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "120 000,00" in cells


async def test_others_cannot_have_it(kisbot: Kisbot) -> None:
    await staff_member(kisbot)
    async with kisbot.db.transaction() as tx:
        await tx.staff.add(await kisbot.club(), 4601, "Marek", "specialist", kisbot.clock.now())
    specialist = kisbot.server.user(4601, "Marek")
    participant, _ = await join(kisbot, 4602, "Ala")
    for person in (specialist, participant):
        await person.send("/annual 2026")
        assert "Sprawozdanie" not in (person.last.text or "")
        await person.click_data("1:an:2026:s")
        assert not person.documents
