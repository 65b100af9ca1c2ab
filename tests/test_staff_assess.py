"""/assess and the card's Assess button: the staff member walks diagnosis_staff with the
intake's engine (Back, Skip, typed notes, review, submit), resumes after a restart, a second
staff member adds their own, and nobody else reaches any of it."""

from __future__ import annotations

from questionnaires.bundled import catalogue
from questionnaires.loader import load_bundled
from questionnaires.scoring import score
from storage.repos.readings import Reading
from tests.assess_helpers import (
    answer_staff,
    answer_staff_to_review,
    press,
    staff_question,
    submit_all,
)
from tests.fakebot.users import FakeUser
from tests.harness import Kisbot
from tests.intake_helpers import bundled, join, participant, staff_member, t

NOT_AVAILABLE = t("pl", "access.not_available")
STAFF = 9001


async def _submitted_participant(kisbot: Kisbot) -> tuple[FakeUser, int]:
    person, participant_id = await join(kisbot, 1001, "Ala")
    await submit_all(person, bundled())
    assert (await participant(kisbot, participant_id)).status == "submitted"
    return person, participant_id


async def _staff_readings(kisbot: Kisbot, participant_id: int) -> list[Reading]:
    async with kisbot.db.transaction() as tx:
        readings = await tx.readings.for_participant(participant_id)
    return [r for r in readings if r.respondent == "staff"]


async def _member_id(kisbot: Kisbot, telegram_id: int) -> int:
    async with kisbot.db.transaction() as tx:
        return (await tx.staff.memberships(telegram_id))[0].id


async def test_an_assessment_from_the_card_to_submit_with_a_restart_in_between(
    kisbot: Kisbot,
) -> None:
    q = load_bundled("diagnosis_staff")
    staff = await staff_member(kisbot, STAFF)
    _, participant_id = await _submitted_participant(kisbot)

    await staff.send(f"/card {participant_id}")
    await staff.click(t("pl", "card.assess"))
    started = t("pl", "assess.started", name="Ala", id=participant_id)
    assert any((m.text or "").startswith(started) for m in staff.messages[-4:])
    first = staff_question(staff)
    assert first is not None
    assert q.items[first.position].id == "se_strengths"
    assert first.message.text is not None
    assert q.items[0].text.pl in first.message.text
    await answer_staff(staff, q)  # a checklist: ticked, then Done

    # The note question; the bot restarts before it is answered.
    note = staff_question(staff)
    assert note is not None
    assert q.items[note.position].id == "se_strengths_note"
    await kisbot.restart()
    await staff.send("Mieszka u siostry, szuka pokoju.")  # any text continues
    async with kisbot.db.transaction() as tx:
        answers = await tx.readings.answers(note.reading_id)
    assert answers["se_strengths_note"].value == "Mieszka u siostry, szuka pokoju."
    barriers = staff_question(staff)
    assert barriers is not None
    assert q.items[barriers.position].id == "se_barriers"

    # /assess again resumes at the same question.
    await staff.send(f"/assess {participant_id}")
    again = staff_question(staff)
    assert again is not None
    assert (again.reading_id, again.position) == (barriers.reading_id, barriers.position)
    assert t("pl", "assess.resumed", name="Ala", id=participant_id) in (staff.last.text or "")
    # Back to the note, then Skip it.
    await press(staff, again, "b")
    back = staff_question(staff)
    assert back is not None
    assert q.items[back.position].id == "se_strengths_note"
    await press(staff, back, "s")
    async with kisbot.db.transaction() as tx:
        answers = await tx.readings.answers(note.reading_id)
    assert answers["se_strengths_note"].status == "skipped"

    await answer_staff_to_review(staff, q)
    assert (staff.last.text or "").startswith(t("pl", "assess.review_intro"))
    await staff.click(t("pl", "assess.submit"))
    assert staff.last.text == t("pl", "assess.submitted", name="Ala", id=participant_id)
    (reading,) = await _staff_readings(kisbot, participant_id)
    assert reading.status == "submitted"
    assert reading.staff_member_id == await _member_id(kisbot, STAFF)
    assert (await participant(kisbot, participant_id)).status == "assessed"
    async with kisbot.db.transaction() as tx:
        log = await tx.audit.for_subject(await kisbot.club(), f"participant:{participant_id}")
        answers = await tx.readings.answers(reading.id)
    actions = [e.action for e in log if e.actor == f"staff:{reading.staff_member_id}"]
    assert "assessment.started" in actions
    assert "assessment.submitted" in actions

    # The card shows the staff assessment beside the self-assessment.
    await staff.click(t("pl", "assess.open_card"))
    card = next(
        m.text or ""
        for m in reversed(staff.messages)
        if (m.text or "").startswith(t("pl", "card.header", name="Ala", id=participant_id))
    )
    assert t("pl", "card.status", status=t("pl", "status.participant_assessed")) in card
    # The staff column is the staff's own rating of the sphere, not a score of the barriers.
    health = score(q, answers, catalogue()).spheres["health"]
    assert health.rating is not None
    line = next(x for x in card.splitlines() if x.startswith(t("pl", "sphere.health") + ": "))
    assert t("pl", "card.staff_rating", rating=health.rating) in line
    assert f"{health.score:.0f}/100" not in line.split(" · ", 2)[-1]
    # Its stale buttons change nothing now.
    await staff.click_data(f"1:ar:{reading.id}:s")
    assert (await _staff_readings(kisbot, participant_id))[0].submitted_at == reading.submitted_at


async def test_a_second_staff_member_adds_their_own_assessment(kisbot: Kisbot) -> None:
    q = load_bundled("diagnosis_staff")
    first = await staff_member(kisbot, STAFF)
    _, participant_id = await _submitted_participant(kisbot)
    async with kisbot.db.transaction() as tx:
        await tx.staff.add(await kisbot.club(), 9002, "Piotr", "specialist", kisbot.clock.now())
    second = kisbot.server.user(9002, "Piotr", language_code="pl")

    await first.send(f"/assess {participant_id}")
    await answer_staff(first, q)
    mine = staff_question(first)
    assert mine is not None
    await second.send(f"/assess {participant_id}")
    theirs = staff_question(second)
    assert theirs is not None
    assert theirs.reading_id != mine.reading_id
    assert q.items[theirs.position].id == "se_strengths"  # their own, from the start

    # The second one's forged buttons for the first one's reading change nothing.
    for data in (mine.data("o", 1), mine.data("s"), mine.data("b"), f"1:ar:{mine.reading_id}:s"):
        await second.click_data(data)
        assert second.last.text == NOT_AVAILABLE, data
    async with kisbot.db.transaction() as tx:
        assert set(await tx.readings.answers(mine.reading_id)) == {"se_strengths"}
        first_reading = await tx.readings.get(await kisbot.club(), mine.reading_id)
    assert first_reading is not None
    assert first_reading.current_item == "se_strengths_note"

    # Each finishes their own; the participant is assessed once, both are kept.
    await second.send(f"/assess {participant_id}")
    await answer_staff_to_review(second, q)
    await second.click(t("pl", "assess.submit"))
    await first.send("/assess")  # without a number: the one in progress
    resumed = staff_question(first)
    assert resumed is not None
    assert (resumed.reading_id, resumed.position) == (mine.reading_id, mine.position)
    await answer_staff_to_review(first, q)
    await first.click(t("pl", "assess.submit"))
    readings = await _staff_readings(kisbot, participant_id)
    assert [r.status for r in readings] == ["submitted", "submitted"]
    assert {r.staff_member_id for r in readings} == {
        await _member_id(kisbot, STAFF),
        await _member_id(kisbot, 9002),
    }
    assert (await participant(kisbot, participant_id)).status == "assessed"


async def test_who_may_assess(kisbot: Kisbot) -> None:
    """Staff of another club, a deactivated member, a participant and a stranger: "not
    available" for the command and every button, and nothing changes."""
    q = load_bundled("diagnosis_staff")
    right = await staff_member(kisbot, STAFF)
    participant_user, participant_id = await _submitted_participant(kisbot)
    club_a = await kisbot.club()
    now = kisbot.clock.now()
    async with kisbot.db.transaction() as tx:
        club_b = await tx.clubs.create("KIS B", "KIS", "Europe/Warsaw", now)
        await tx.staff.add(club_b.id, 9002, "Obca", "leader", now)
        gone = await tx.staff.add(club_a, 9003, "Była", "specialist", now)
    other = kisbot.server.user(9002, "Obca", language_code="pl")
    deactivated = kisbot.server.user(9003, "Była", language_code="pl")
    stranger = kisbot.server.user(9004, "Ktoś", language_code="pl")

    # The deactivated member had started an assessment before losing access.
    await deactivated.send(f"/assess {participant_id}")
    theirs = staff_question(deactivated)
    assert theirs is not None
    async with kisbot.db.transaction() as tx:
        await tx.staff.deactivate(club_a, gone.id, now)
    await right.send(f"/assess {participant_id}")
    shown = staff_question(right)
    assert shown is not None
    await answer_staff(right, q)

    attempts = (
        f"/assess {participant_id}",
        "/assess",
        f"1:as:{participant_id}",
        shown.data("o", 1),
        shown.data("d"),
        theirs.data("o", 1),
        f"1:ar:{shown.reading_id}:s",
        f"1:ar:{shown.reading_id}:e:0",
        f"1:nr:{participant_id}",
        f"1:nr:{participant_id}:m",
    )
    before = await _staff_readings(kisbot, participant_id)
    for person in (other, deactivated, participant_user, stranger):
        for attempt in attempts:
            if attempt.startswith("/"):
                await person.send(attempt)
            else:
                await person.click_data(attempt)
            if person is other and attempt == "/assess":
                assert person.last.text == t("pl", "assess.usage")
                continue
            assert person.last.text == NOT_AVAILABLE, (person.user["first_name"], attempt)
        # Typed text is never taken as an answer to anyone's assessment.
        await person.send("Notatka")
    after = await _staff_readings(kisbot, participant_id)
    assert after == before
    async with kisbot.db.transaction() as tx:
        for reading in after:
            answers = await tx.readings.answers(reading.id)
            assert "Notatka" not in [a.value for a in answers.values()]
        readings = await tx.readings.for_participant(participant_id)
    assert len([r for r in readings if r.respondent == "participant"]) == 1

    # A guessed or malformed id answers like one of another club.
    for wanted in ("999999", "²", "99999999999999999999", "abc"):
        await right.send(f"/assess {wanted}")
        assert right.last.text == NOT_AVAILABLE, wanted
    async with kisbot.db.transaction() as tx:
        other_participant = await tx.participants.create(club_b.id, "Obcy", now)
    await right.send(f"/assess {other_participant.id}")
    assert right.last.text == NOT_AVAILABLE
    await right.click_data(f"1:as:{other_participant.id}")
    assert right.last.text == NOT_AVAILABLE
