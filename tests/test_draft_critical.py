"""The draft plan proposes what critical answers call for, whatever the sphere's mean."""

from __future__ import annotations

from questionnaires import engine
from questionnaires.bundled import catalogue
from questionnaires.model import Answer, MultipleItem
from questionnaires.scoring import score
from tests.case_helpers import open_card
from tests.harness import Kisbot
from tests.intake_helpers import bundled, staff_member, t


async def _submitted_with(kisbot: Kisbot, participant_id: int, **chosen: Answer) -> None:
    """A submitted self-assessment answering well everywhere except the answers given."""
    q = bundled()
    now = kisbot.clock.now()
    answers: dict[str, Answer] = {}
    for item in q.items:
        choices = engine.choices(q, item)
        if not choices:
            continue
        safe = [c for c in choices if not (c.option and c.option.safety_flag)]
        best = max(
            safe, key=lambda c: c.option.score if c.option and c.option.score is not None else 0
        )
        value = [best.value] if isinstance(item, MultipleItem) else best.value
        answers[item.id] = Answer(status="answered", value=value)
    answers.update(chosen)
    async with kisbot.db.transaction() as tx:
        reading = await tx.readings.create(
            participant_id, "entry", "participant", q.id, q.version, None, now
        )
        for item_id, answer in answers.items():
            await tx.readings.save_answer(reading.id, item_id, answer, now)
        await tx.readings.submit(reading.id, now)
        await tx.participants.set_status(await kisbot.club(), participant_id, "submitted")
    profile = score(q, answers, catalogue())
    # The case the rule is for: no sphere is classed as a need.
    assert all(r.klass != "need" for r in profile.spheres.values())


def _name(instrument_id: str) -> str:
    found = catalogue().instrument(instrument_id)
    assert found is not None
    return found.name.pl


async def _draft(kisbot: Kisbot, name: str, pid: int) -> str:
    staff = await staff_member(kisbot, 9101)
    card = await open_card(staff, name, pid)
    await staff.click(t("pl", "card.button_path"), in_message=card)
    return "\n".join([staff.last.text or "", *(row[0] for row in staff.last.buttons)])


async def test_a_bailiff_case_gets_free_legal_aid_though_living_is_not_a_need(
    kisbot: Kisbot,
) -> None:
    pid, _ = await kisbot.invite("Bogdan")
    await _submitted_with(
        kisbot,
        pid,
        debts=Answer(status="answered", value="yes"),
        debt_kind=Answer(status="answered", value=["bailiff"]),
    )
    q = bundled()
    async with kisbot.db.transaction() as tx:
        reading = await tx.readings.latest(pid, "participant", submitted_only=True)
        assert reading is not None
        profile = score(q, await tx.readings.answers(reading.id), catalogue())
    living = profile.spheres["socio_economic"].score
    assert living is not None
    assert living >= 40
    screen = await _draft(kisbot, "Bogdan", pid)
    assert _name("free_legal_aid") in screen
    assert _name("debt_help") in screen
    assert "Trwa egzekucja komornicza" in screen
    # A well-scored sphere with nothing critical still proposes nothing.
    assert _name("career_counselling") not in screen


async def test_not_always_safe_at_home_gets_counselling_though_well_being_is_not_a_need(
    kisbot: Kisbot,
) -> None:
    pid, _ = await kisbot.invite("Wanda")
    await _submitted_with(kisbot, pid, safe_at_home=Answer(status="answered", value="not_always"))
    screen = await _draft(kisbot, "Wanda", pid)
    assert _name("psychological_counselling") in screen
    assert _name("free_legal_aid") in screen
    assert "Osoba nie zawsze czuje się bezpiecznie w domu" in screen


async def test_without_critical_answers_a_good_profile_drafts_nothing(kisbot: Kisbot) -> None:
    pid, _ = await kisbot.invite("Ela")
    await _submitted_with(kisbot, pid)
    screen = await _draft(kisbot, "Ela", pid)
    assert _name("free_legal_aid") not in screen
    assert _name("psychological_counselling") not in screen
