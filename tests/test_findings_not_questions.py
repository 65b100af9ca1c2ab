"""Issue 16's done-when: no finding on a card or in a document is a question (and no card
shows an ISO date). Every card of the
demo club and every participant's intake summary and plan (Markdown, Polish and Ukrainian) are
scanned for the text of any question of the bundled questionnaires and for question marks in
the lists of findings, what to talk about and the safety reasons."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from exports.plan import build_plan
from exports.render import plan_bytes, summary_bytes
from exports.summary import build_summary
from flows.demo_data import seed_demo
from questionnaires.loader import bundled_dir, load_questionnaire
from storage.repos.exports import exports_of
from tests.harness import Kisbot
from tests.intake_helpers import staff_member, t

ZONE = ZoneInfo("Europe/Warsaw")
LEADER = 7301


def _questions() -> set[str]:
    """Every question of every bundled questionnaire version, in every language."""
    texts: set[str] = set()
    for path in sorted(bundled_dir().glob("diagnosis_*.yaml")):
        q = load_questionnaire(path)
        for item in q.items:
            texts.update(v for v in (item.text.pl, item.text.uk, item.text.en) if v)
    return texts


def _questions_in(text: str, questions: set[str]) -> list[str]:
    return [q for q in questions if q in text]


def _asking_lines(text: str, headers: list[str]) -> list[str]:
    """Lines of the findings, agenda and safety lists that end with a question mark."""
    found, inside = [], False
    for line in text.splitlines():
        if any(h in line for h in headers):
            inside = True
            continue
        if not line.strip():
            inside = False
        elif inside and line.rstrip().endswith("?"):
            found.append(line)
    return found


async def test_no_finding_on_a_demo_card_or_document_is_a_question(kisbot: Kisbot) -> None:
    async with kisbot.db.transaction() as tx:
        made = await seed_demo(tx, kisbot.clock.now(), "Europe/Warsaw")
    kisbot.club_id = made.club_id
    staff = await staff_member(kisbot, LEADER)
    questions = _questions()
    assert len(questions) > 100
    headers = [
        t("pl", key) for key in ("card.needs_header", "card.strengths_header", "card.agenda_header")
    ] + [t("pl", "card.safety_header")]
    async with kisbot.db.transaction() as tx:
        people = await exports_of(tx).participants(made.club_id)
    assert len(people) >= 20
    problems: list[str] = []
    agenda_seen = 0
    for person in people:
        before = len(staff.messages)
        await staff.send(f"/card {person.id}")
        card = "\n".join(m.text or "" for m in staff.messages[before:])
        problems += [f"card {person.id}: {q}" for q in _questions_in(card, questions)]
        problems += [f"card {person.id}: {line}" for line in _asking_lines(card, headers)]
        agenda_seen += t("pl", "card.agenda_header") in card
        # Dates on the card as clubs write them (DD.MM.RRRR), never ISO.
        problems += [f"card {person.id}: {d}" for d in re.findall(r"\b\d{4}-\d\d-\d\d\b", card)]
        async with kisbot.db.transaction() as tx:
            reading = await tx.readings.latest(person.id, "participant", submitted_only=True)
            today = kisbot.clock.now().astimezone(ZONE).date()
            for lang in ("pl", "uk"):
                documents = [plan_bytes(await build_plan(tx, person, lang, ZONE, today), "md")]
                if reading is not None:
                    summary = await build_summary(tx, person, reading, lang, ZONE, today)
                    documents.append(summary_bytes(summary, "md"))
                for document in documents:
                    text = document.decode()
                    problems += [
                        f"{lang} doc {person.id}: {q}" for q in _questions_in(text, questions)
                    ]
    assert agenda_seen > 0  # the demo has people who asked to talk in person
    assert problems == []
