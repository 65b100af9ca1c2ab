"""Case notes limited to a specialism, graduation and leaving, the audit view for leaders,
and who may reach any of it (the access matrix for these commands and buttons)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.case_helpers import open_card, specialist
from tests.harness import Kisbot
from tests.intake_helpers import join, participant, staff_member, t

STAFF = 9001
NOT_AVAILABLE = t("pl", "access.not_available")
ROOT = Path(__file__).resolve().parent.parent


async def test_a_restricted_note_is_invisible_to_other_specialisms(kisbot: Kisbot) -> None:
    leader = await staff_member(kisbot, STAFF)
    psych = await specialist(kisbot, 9002, "Piotr", "psychologist")
    career = await specialist(kisbot, 9003, "Kasia", "career_counsellor")
    other_psych = await specialist(kisbot, 9004, "Olga", "psychologist")
    pid, _ = await kisbot.invite("Ala")

    await psych.send(f"/note {pid}")
    assert t("pl", "note.ask", max=2000) in (psych.last.text or "")
    await psych.send("x" * 2001)
    assert psych.last.text == t("pl", "note.too_long", max=2000)
    await psych.send("Rozmowa o lękach")
    await psych.click(t("pl", "note.for_specialism", specialism="Psycholog"))
    assert t("pl", "note.saved_specialism", specialism="Psycholog") in (psych.last.text or "")
    await psych.send(f"/note {pid}")
    await psych.send("Przyszła punktualnie")
    await psych.click(t("pl", "note.for_team"))

    card = await open_card(career, "Ala", pid)
    assert "Przyszła punktualnie" in (card.text or "")
    assert "Rozmowa o lękach" not in (card.text or "")
    assert t("pl", "note.card_header", count=1) in (card.text or "")
    await career.click(t("pl", "card.button_notes", count=1), in_message=card)
    assert "Rozmowa o lękach" not in (career.last.text or "")
    # The leader has no specialism: not a psychologist, so not a reader either; a leader's
    # own note is for the team without a question.
    card = await open_card(leader, "Ala", pid)
    assert "Rozmowa o lękach" not in (card.text or "")
    await leader.send(f"/note {pid}")
    await leader.send("Notatka lidera")
    assert leader.last.text == t("pl", "note.saved")
    # Another psychologist, and the author, read it.
    for reader in (other_psych, psych):
        card = await open_card(reader, "Ala", pid)
        assert "Rozmowa o lękach" in (card.text or "")
        assert t("pl", "note.card_header", count=3) in (card.text or "")


async def test_graduation_with_an_outcome_and_leaving_with_a_reason(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot, STAFF)
    person, pid = await join(kisbot, 1001, "Ala", lang="uk")
    card = await open_card(staff, "Ala", pid)
    await staff.click(t("pl", "card.button_finish"), in_message=card)
    await staff.click(t("pl", "finish.graduate"))
    await staff.click(t("pl", "finish.employment"))
    await staff.click(t("pl", "outcome.employment_coop"))
    before = len(person.messages)
    await staff.click(t("pl", "finish.confirm"))
    outcome = t("pl", "outcome.employment_coop")
    assert t("pl", "finish.graduated", name="Ala", outcome=outcome) in [
        m.text for m in staff.messages
    ]
    stored = await participant(kisbot, pid)
    assert stored.status == "graduated"
    card = await open_card(staff, "Ala", pid)
    assert t("pl", "card.outcome", value=outcome) in (card.text or "")
    assert t("pl", "card.button_finish") not in [b for row in card.buttons for b in row]
    # The participant gets a neutral thank-you in their language, naming no outcome.
    await kisbot.run_outbox()
    assert [m.text for m in person.messages[before:]] == [t("uk", "finish.thanks")]

    leaver, left_id = await join(kisbot, 1002, "Bogdan")
    await staff.send("/participants")
    card = await open_card(staff, "Bogdan", left_id)
    await staff.click(t("pl", "card.button_finish"), in_message=card)
    await staff.click(t("pl", "finish.left"))
    await staff.click(t("pl", "leaving.moved"))
    await staff.send("Wyjazd za granicę")
    assert t("pl", "leaving.moved") + ": Wyjazd za granicę" in (staff.last.text or "")
    before = len(leaver.messages)
    await staff.click(t("pl", "finish.confirm"))
    assert (await participant(kisbot, left_id)).status == "left"
    async with kisbot.db.transaction() as tx:
        ended = await tx.enrolments.current(await kisbot.club(), left_id)
    assert ended is not None
    assert (ended.leaving_reason, ended.leaving_text) == ("moved", "Wyjazd za granicę")
    await kisbot.run_outbox()
    assert leaver.messages[before:] == []  # nothing is sent to someone who left
    async with kisbot.db.transaction() as tx:
        log = await tx.audit.for_subject(await kisbot.club(), f"participant:{left_id}")
        graduated = await tx.audit.for_subject(await kisbot.club(), f"participant:{pid}")
    assert [e.action for e in log if e.action.startswith("status.")] == ["status.left"]
    assert all("Wyjazd" not in (e.detail or "") for e in log)  # the reason stays off the log
    assert [e.detail for e in graduated if e.action == "status.graduated"] == ["employment_coop"]


async def test_the_audit_view_for_leaders_only(kisbot: Kisbot) -> None:
    leader = await staff_member(kisbot, STAFF)
    spec = await specialist(kisbot, 9002, "Piotr", "psychologist")
    pid, _ = await kisbot.invite("Ala")
    await open_card(spec, "Ala", pid)
    kisbot.clock.advance(timedelta(minutes=5))
    await spec.send(f"/note {pid}")
    await spec.send("Notatka")
    await spec.click(t("pl", "note.for_team"))

    card = await open_card(leader, "Ala", pid)
    await leader.click(t("pl", "card.button_audit"), in_message=card)
    lines = (leader.last.text or "").splitlines()
    assert lines[0] == t("pl", "audit.header", name="Ala", id=pid)
    # Newest first, with names and actions in words.
    assert lines[1] == f"24.11.2026 09:05 · Pani Ewa · {t('pl', 'audit.action.card.opened')}"
    assert lines[2] == f"24.11.2026 09:05 · Piotr · {t('pl', 'audit.action.note.added')}"
    assert lines[3] == f"24.11.2026 09:00 · Piotr · {t('pl', 'audit.action.card.opened')}"
    assert len(lines) == 4  # the harness invites without an audit entry
    await leader.send(f"/audit {pid}")
    assert t("pl", "audit.action.audit.viewed") in (leader.last.text or "")

    # A specialist: no button on the card, and the command and the button are not available.
    card = await open_card(spec, "Ala", pid)
    assert t("pl", "card.button_audit") not in [b for row in card.buttons for b in row]
    await spec.send(f"/audit {pid}")
    assert spec.last.text == NOT_AVAILABLE
    await spec.click_data(f"1:au:{pid}")
    assert spec.last.text == NOT_AVAILABLE


def test_the_audit_log_has_no_update_or_delete_path() -> None:
    sources = [
        p.read_text(encoding="utf-8")
        for d in ("storage", "flows", "bot")
        for p in (ROOT / d).rglob("*.py")
    ]
    for text in sources:
        flat = " ".join(text.split()).upper()
        assert "UPDATE AUDIT_LOG" not in flat
        assert "DELETE FROM AUDIT_LOG" not in flat


async def test_who_may_use_paths_notes_status_and_the_audit_view(kisbot: Kisbot) -> None:
    """The access matrix: the right staff, another club's staff, a deactivated member, a
    participant, a stranger; every command and button of these features, with guessed ids."""
    right = await staff_member(kisbot, STAFF)
    participant_user, pid = await join(kisbot, 1001, "Ala")
    club_a = await kisbot.club()
    now = kisbot.clock.now()
    async with kisbot.db.transaction() as tx:
        club_b = await tx.clubs.create("KIS B", "KIS", "Europe/Warsaw", now)
        await tx.staff.add(club_b.id, 9002, "Obca", "leader", now)
        gone = await tx.staff.add(club_a, 9003, "Była", "leader", now)
    other = kisbot.server.user(9002, "Obca", language_code="pl")
    deactivated = kisbot.server.user(9003, "Była", language_code="pl")
    stranger = kisbot.server.user(9004, "Ktoś", language_code="pl")

    # The right staff member reaches everything.
    await right.send(f"/path {pid}")
    assert (right.last.text or "").startswith(t("pl", "path.header", name="Ala", id=pid))
    async with kisbot.db.transaction() as tx:
        path = await tx.support_paths.get(club_a, pid)
        assert path is not None
        await tx.support_paths.add_item(path.id, "gp_access", "health", None, "planned", now)
        item = (await tx.support_paths.items(club_a, path.id))[0]
    await right.click_data(f"1:spi:{pid}:i:{item.id}")
    assert t("pl", "path.item_status", value=t("pl", "path.status.planned")) in (
        [m for m in right.messages if m.buttons][-1].text or ""
    )
    await right.send(f"/audit {pid}")
    assert (right.last.text or "").startswith(t("pl", "audit.header", name="Ala", id=pid))
    await right.click_data(f"1:nt:{pid}:l")
    assert (right.last.text or "").startswith(t("pl", "note.list_header", name="Ala", id=pid))

    # A deactivated member mid-flow: the typed note is refused and not stored.
    await deactivated.send(f"/note {pid}")
    assert t("pl", "note.ask", max=2000) in (deactivated.last.text or "")
    async with kisbot.db.transaction() as tx:
        await tx.staff.deactivate(club_a, gone.id, now)
    await deactivated.send("Notatka po odebraniu dostępu")
    assert deactivated.last.text == NOT_AVAILABLE

    commands = (f"/path {pid}", f"/note {pid}", f"/audit {pid}")
    buttons = (
        f"1:sp:{pid}:o",
        f"1:sp:{pid}:v",
        f"1:spi:{pid}:i:{item.id}",
        f"1:spi:{pid}:ss:{item.id}:d",
        f"1:sp:{pid}:ca:abc_health",
        f"1:sp:{pid}:ag",
        f"1:nt:{pid}:n",
        f"1:nt:{pid}:l",
        f"1:st:{pid}:m",
        f"1:st:{pid}:y:education",
        f"1:au:{pid}",
    )
    for person in (other, deactivated, participant_user, stranger):
        for command in commands:
            await person.send(command)
            assert person.last.text == NOT_AVAILABLE, (person.user["first_name"], command)
        for data in buttons:
            await person.click_data(data)
            assert person.last.text == NOT_AVAILABLE, (person.user["first_name"], data)
    for command in ("/path x", "/note ²", f"/audit {2**70}"):
        await right.send(command)
        assert right.last.text == NOT_AVAILABLE, command

    async with kisbot.db.transaction() as tx:
        after = await tx.support_paths.items(club_a, path.id)
        notes = await tx.notes.count_visible(club_a, pid, 0, "psychologist")
    assert [(i.instrument_id, i.status) for i in after] == [("gp_access", "planned")]
    assert notes == 0
    assert (await participant(kisbot, pid)).status != "graduated"
