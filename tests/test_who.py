"""Who pressed: one query tells a step who a Telegram account is (its language, staff
memberships and staff state, participant; storage/repos/who.py). The people it could mix up:
staff who are also participants, staff whose access ended, staff of two clubs, erased people."""

from __future__ import annotations

from datetime import UTC, datetime

from flows.staff.access import resolve_staff
from storage.db import Database
from tests.harness import Kisbot
from tests.intake_helpers import (
    answer_with_buttons,
    answers_of,
    bundled,
    current,
    join,
    safe_option,
    staff_member,
    t,
)

BOTH = 5001  # a leader of the club who is also one of its participants
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


async def _staff_and_participant(kisbot: Kisbot) -> int:
    await staff_member(kisbot, BOTH)
    _, participant_id = await join(kisbot, BOTH, "Ewa")
    return participant_id


async def test_a_staff_member_who_is_also_a_participant_gets_both_sides(kisbot: Kisbot) -> None:
    participant_id = await _staff_and_participant(kisbot)
    person = kisbot.server.user(BOTH, "Ewa", language_code="pl")
    q = bundled()
    # Their presses answer their own questionnaire...
    await answer_with_buttons(person, q, lambda i: safe_option(q, i, 1))
    assert len(await answers_of(kisbot, participant_id)) == 1
    # ...staff commands still work (they see themselves in the list)...
    await person.send("/participants")
    assert f"#{participant_id} Ewa" in (person.last.text or "")
    # ...and a button nobody made shows the participant's screen again, as for any participant
    # (staff who are not participants only get the pop-up).
    before = len(person.messages)
    await person.click_data("1:zz:forged")
    assert person.callback_answers[-1].text == t("pl", "button.stale")
    assert len(person.messages) > before
    _, item = current(person, q)
    assert item.id != q.items[0].id  # the second question: the answer given is kept


async def test_an_old_staff_button_after_access_ended_is_refused_and_the_questionnaire_goes_on(
    kisbot: Kisbot,
) -> None:
    participant_id = await _staff_and_participant(kisbot)
    person = kisbot.server.user(BOTH, "Ewa", language_code="pl")
    await person.send("/participants")
    listed = person.last
    async with kisbot.db.transaction() as tx:
        member = (await tx.staff.memberships(BOTH))[0]
        await tx.staff.deactivate(member.club_id, member.id, kisbot.clock.now())
    await person.click(f"Ewa #{participant_id}", in_message=listed)
    assert person.last.text == t("pl", "access.not_available")
    await person.send("/participants")
    assert person.last.text == t("pl", "access.not_available")
    # Still a participant: the questionnaire is where it was.
    await person.send("/start")
    q = bundled()
    await answer_with_buttons(person, q, lambda i: safe_option(q, i, 1))
    assert len(await answers_of(kisbot, participant_id)) == 1


async def test_staff_whose_chosen_club_ended_work_in_their_other_club(kisbot: Kisbot) -> None:
    first = await kisbot.club()
    person = await staff_member(kisbot, BOTH)
    async with kisbot.db.transaction() as tx:
        other = await tx.clubs.create("CIS Drugi", "CIS", "Europe/Warsaw", kisbot.clock.now())
        member = await tx.staff.add(other.id, BOTH, "Ewa", "leader", kisbot.clock.now())
        await tx.staff_state.set_club(BOTH, other.id, kisbot.clock.now())
    await person.send("/club")
    assert person.last.buttons == [["KIS Słoneczko"], ["✓ CIS Drugi"]]
    async with kisbot.db.transaction() as tx:
        await tx.staff.deactivate(other.id, member.id, kisbot.clock.now())
    await person.send("/club")
    assert person.last.text == "Pracujesz teraz w: KIS Słoneczko."
    async with kisbot.db.transaction() as tx:
        assert (await tx.staff_state.get(BOTH)).club_id == first  # remembered, not recomputed


async def test_an_erased_person_pressing_an_old_question_is_a_stranger(kisbot: Kisbot) -> None:
    person, participant_id = await join(kisbot, 1001, "Ala")
    question = person.last
    async with kisbot.db.transaction() as tx:
        assert await tx.erasure.erase(participant_id, kisbot.clock.now())
    q = bundled()
    shown, _ = current(person, q)
    await person.click_data(shown.data("o", 1), in_message=question)
    assert person.callback_answers[-1].text == t("pl", "button.stale")
    assert person.last.text == t("pl", "start.no_code")
    async with kisbot.db.transaction() as tx:
        assert await tx.participants.by_telegram(1001) is None


async def test_who_reads_everything_in_one_statement(db: Database) -> None:
    """On both databases: a new account, then staff of two clubs (one ended) who is also a
    participant with a flow waiting."""
    async with db.transaction() as tx:
        nobody = await tx.who.arrive(77, NOW)
    assert (nobody.language, nobody.participant, nobody.memberships) == (None, None, ())
    assert (nobody.staff_state.club_id, nobody.staff_state.pending) == (None, None)
    async with db.transaction() as tx:
        assert await tx.accounts.language_of(77) is None  # the account exists now
        await tx.accounts.set_language(77, "uk")
        a = await tx.clubs.create("A", "KIS", "Europe/Warsaw", NOW)
        b = await tx.clubs.create("B", "CIS", "Europe/Warsaw", NOW)
        c = await tx.clubs.create("C", "KIS", "Europe/Warsaw", NOW)
        in_c = await tx.staff.add(c.id, 77, "Ola", "leader", NOW)
        await tx.staff.add(b.id, 77, "Ola", "specialist", NOW)
        await tx.staff.add(a.id, 77, "Ola", "leader", NOW)
        await tx.staff.deactivate(c.id, in_c.id, NOW)
        person = await tx.participants.create(a.id, "Ola", NOW)
        await tx.participants.bind(person.id, 77)
        await tx.staff_state.set_club(77, b.id, NOW)
        await tx.staff_state.set_pending(77, {"flow": "write"}, NOW)
    async with db.transaction() as tx:
        who = await tx.who.arrive(77, NOW)
        participant = await tx.participants.by_telegram(77)
    assert who.language == "uk"
    assert [(m.club_id, m.role) for m in who.memberships] == [
        (a.id, "leader"),
        (b.id, "specialist"),
    ]
    assert who.participant == participant
    assert (who.staff_state.club_id, who.staff_state.pending) == (b.id, {"flow": "write"})


async def test_the_chosen_club_moves_only_when_its_access_ended(db: Database) -> None:
    from flows.actor import Actor
    from flows.context import FlowContext, FlowSettings

    async with db.transaction() as tx:
        a = await tx.clubs.create("A", "KIS", "Europe/Warsaw", NOW)
        await tx.staff.add(a.id, 78, "Jan", "leader", NOW)
        await tx.staff_state.set_pending(78, {"flow": "write"}, NOW)  # no club chosen yet
        ctx = FlowContext(tx=tx, now=NOW, settings=FlowSettings(), bot_username="kisbot")
        actor = Actor(telegram_id=78, language="pl", language_chosen=True)
        staff, who = await resolve_staff(ctx, actor, await tx.who.arrive(78, NOW))
        assert staff is not None
        assert staff.club_id == a.id
        # What the participant side reads next: the club written, the waiting flow dropped,
        # as the database now has it.
        assert who.staff_state == await tx.staff_state.get(78)
        assert who.staff_state.pending is None


async def test_after_i_cant_come_a_question_pressed_ends_the_wait_for_a_reason(
    kisbot: Kisbot,
) -> None:
    """The step knows whether a reason is awaited (and writes nothing when none is): a reason
    typed right after "I can't come" reaches staff; after a question was pressed in between,
    typed words answer the questionnaire."""
    from tests.schedule_helpers import at, plan, reminders, texts, utc

    staff = await staff_member(kisbot)
    person, participant_id = await join(kisbot, 4801, "Bartek")
    q = bundled()
    question = person.last
    shown, first = current(person, q)
    await plan(kisbot, "25.11.2026 10:00")
    await at(kisbot, utc(2026, 11, 24, 17, 0))
    await person.click("Nie mogę przyjść", in_message=reminders(person)[0])
    # The question still on screen, pressed: the reason is no longer awaited.
    await person.click_data(shown.data("o", safe_option(q, first, 1)), in_message=question)
    assert first.id in await answers_of(kisbot, participant_id)
    _, second = current(person, q)
    await person.send("Jestem u lekarza")
    assert person.last.text != "Dziękujemy. Przekazaliśmy to zespołowi."
    await kisbot.run_outbox()
    assert not any("Jestem u lekarza" in text for text in texts(staff))
    assert second.id != first.id


async def test_a_press_finds_its_sender_among_the_staff_by_index(db: Database) -> None:
    # A network's database holds the staff of every club; each press looks its sender up by
    # Telegram id, which must be a seek in staff_members_telegram, not a read of the table.
    from storage.repos.who import _SELECT

    async with db.transaction() as tx:
        if db.dialect == "postgres":
            # The test's table is tiny: a scan would win on cost, so scans are priced out.
            await tx.conn.run("SET LOCAL enable_seqscan = off")
            plan = await tx.conn.all(f"EXPLAIN {_SELECT}", (BOTH,))
        else:
            plan = await tx.conn.all(f"EXPLAIN QUERY PLAN {_SELECT}", (BOTH,))
    text = "\n".join(" ".join(str(v) for v in tuple(row)) for row in plan)
    assert "staff_members_telegram" in text, text
