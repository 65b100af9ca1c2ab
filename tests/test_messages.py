"""Messages with staff (issue 15): a participant's question reaches the staff responsible for
them, named as in the club's records; the answer comes back from the bot, signed as the club
decides; nobody sees the other's Telegram account. The thread is part of the case file."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from click.testing import CliRunner

from bot.cli import main
from flows.common import LANGUAGE_NAMES
from flows.messages.thread import MAX_CHARS
from flows.messages.urgent import SendNow
from flows.staff.links import ThreadPress
from storage.privacy.erasure import erase_participant
from tests.fakebot.users import FakeUser
from tests.harness import Kisbot
from tests.intake_helpers import reading_of, staff_member, t

PARTICIPANT_TG = 1001
STAFF_TG = 9101
PER_HOUR = 10  # the documented default of the club rule messages_per_hour (docs/CLUB_RULES.md)


async def _participant(
    kisbot: Kisbot, lang: str = "pl", *, submit: bool = True
) -> tuple[FakeUser, int]:
    """Invited as "Ala Nowak" (the club's records); their Telegram account says otherwise."""
    participant_id, code = await kisbot.invite("Ala Nowak")
    person = kisbot.server.user(
        PARTICIPANT_TG, "Zosia99", username="zosia_private", language_code=lang
    )
    await person.start_link(code)
    await person.click(LANGUAGE_NAMES[lang])
    await person.click(t(lang, "consent.agree"))
    if submit:
        reading = await reading_of(kisbot, participant_id)
        async with kisbot.db.transaction() as tx:
            await tx.readings.submit(reading.id, kisbot.clock.now())
    return person, participant_id


async def _staff(
    kisbot: Kisbot,
    telegram_id: int = STAFF_TG,
    name: str = "Ewa Kowalska",
    club_id: int | None = None,
) -> tuple[FakeUser, int]:
    """A social worker; their Telegram account is "EwkaTG" (@ewka_private)."""
    club = club_id if club_id is not None else await kisbot.club()
    async with kisbot.db.transaction() as tx:
        member = await tx.staff.add(club, telegram_id, name, "specialist", kisbot.clock.now())
        await tx.staff.set_specialism(club, member.id, "social_worker")
    user = kisbot.server.user(telegram_id, "EwkaTG", username="ewka_private", language_code="pl")
    return user, member.id


async def test_a_question_after_submitting_reaches_staff_and_the_answer_comes_back(
    kisbot: Kisbot,
) -> None:
    ewa, _ = await _staff(kisbot)
    ala, _pid = await _participant(kisbot)
    await ala.send("/start")
    assert ala.last.buttons == [[t("pl", "messages.button_write")]]

    await ala.send("Kiedy są zajęcia z komputera?")

    assert ala.last.text == t("pl", "messages.sent")
    forwarded = ewa.last
    assert "Ala Nowak" in (forwarded.text or "")
    assert "Kiedy są zajęcia z komputera?" in (forwarded.text or "")
    assert "Zosia99" not in (forwarded.text or "")
    assert "zosia_private" not in (forwarded.text or "")

    # Staff answer by replying to the forwarded message in Telegram.
    await ewa.send("W poniedziałek o 10:00, sala 2.", reply_to=forwarded)

    assert ewa.last.text == t("pl", "messages.answer_sent", name="Ala Nowak")
    answer = ala.last.text or ""
    assert "W poniedziałek o 10:00, sala 2." in answer
    assert "Ewa, pracownik socjalny" in answer
    assert "EwkaTG" not in answer
    assert "ewka_private" not in answer
    assert "Kowalska" not in answer

    # The participant replies to the answer; it reaches the staff again.
    await ala.send("Dziękuję, będę.", reply_to=ala.last)
    assert ala.last.text == t("pl", "messages.sent")
    assert "Dziękuję, będę." in (ewa.last.text or "")

    # And the staff answer from the button under the forwarded message.
    await ewa.click(t("pl", "messages.button_answer"), in_message=ewa.last)
    await ewa.send("Do zobaczenia!")
    assert "Do zobaczenia!" in (ala.last.text or "")


async def test_the_thread_is_on_the_card_and_viewing_it_is_audited(kisbot: Kisbot) -> None:
    ewa, _ = await _staff(kisbot)
    ala, pid = await _participant(kisbot)
    await ala.send("Czy mogę przyjść z dzieckiem?")
    await ewa.send("Tak, oczywiście.", reply_to=ewa.last)

    await ewa.send(f"/card {pid}")
    await ewa.click(t("pl", "messages.card_button", count=2))

    shown = ewa.last.text or ""
    assert "Czy mogę przyjść z dzieckiem?" in shown
    assert "Tak, oczywiście." in shown
    assert shown.index("Czy mogę") < shown.index("Tak, oczywiście.")
    async with kisbot.db.transaction() as tx:
        entries = await tx.audit.for_subject(await kisbot.club(), f"participant:{pid}")
    assert "thread.viewed" in [e.action for e in entries]
    assert "thread.answered" in [e.action for e in entries]


async def test_a_message_goes_to_the_staff_responsible_in_the_plan(kisbot: Kisbot) -> None:
    ewa, ewa_id = await _staff(kisbot)
    jan, _ = await _staff(kisbot, telegram_id=9102, name="Jan Nowicki")
    ala, pid = await _participant(kisbot)
    club_id = await kisbot.club()
    async with kisbot.db.transaction() as tx:
        path = await tx.support_paths.create(club_id, pid, kisbot.clock.now())
        now = kisbot.clock.now()
        item = await tx.support_paths.add_item(
            path.id, "career_counselling", "vocational", None, "planned", now
        )
        await tx.support_paths.set_item(club_id, item, "responsible_staff_id", ewa_id)
    before = len(jan.messages)

    await ala.send("Mam pytanie o staż.")

    assert "Mam pytanie o staż." in (ewa.last.text or "")
    assert len(jan.messages) == before


async def test_staff_of_another_club_cannot_read_or_answer(kisbot: Kisbot) -> None:
    await _staff(kisbot)
    ala, pid = await _participant(kisbot)
    await ala.send("Pytanie do klubu.")
    async with kisbot.db.transaction() as tx:
        other = await tx.clubs.create("CIS Inny", "CIS", "Europe/Warsaw", kisbot.clock.now())
    olga, _ = await _staff(kisbot, telegram_id=9201, name="Olga", club_id=other.id)
    seen = len(ala.messages)

    await olga.send(f"/messages {pid}")
    assert olga.last.text == t("pl", "access.not_available")
    await olga.send("/help")
    await olga.click_data(ThreadPress(pid, "a").encode(), in_message=olga.last)
    assert olga.last.text == t("pl", "access.not_available")
    await olga.send("Odpowiedź z innego klubu")

    assert len(ala.messages) == seen
    async with kisbot.db.transaction() as tx:
        assert await tx.threads.count(await kisbot.club(), pid) == 1


async def test_a_deactivated_staff_members_answer_is_refused(kisbot: Kisbot) -> None:
    ewa, ewa_id = await _staff(kisbot)
    await _staff(kisbot, telegram_id=9102, name="Jan Nowicki")
    ala, pid = await _participant(kisbot)
    await ala.send("Czy jutro są zajęcia?")
    forwarded = ewa.last
    async with kisbot.db.transaction() as tx:
        await tx.staff.deactivate(await kisbot.club(), ewa_id, kisbot.clock.now())
    seen = len(ala.messages)

    await ewa.send("Tak, są.", reply_to=forwarded)

    assert ewa.last.text == t("pl", "messages.staff_no_access")
    assert len(ala.messages) == seen
    async with kisbot.db.transaction() as tx:
        assert await tx.threads.count(await kisbot.club(), pid) == 1


async def test_a_participant_who_withdrew_consent_gets_no_messages(kisbot: Kisbot) -> None:
    ewa, _ = await _staff(kisbot)
    ala, pid = await _participant(kisbot)
    await ala.send("Pytanie.")
    forwarded = ewa.last
    async with kisbot.db.transaction() as tx:
        await tx.participants.set_consent(await kisbot.club(), pid, "withdrawn", kisbot.clock.now())
    seen = len(ala.messages)

    await ewa.send("Odpowiedź.", reply_to=forwarded)

    assert ewa.last.text == t("pl", "messages.not_reachable")
    assert len(ala.messages) == seen


async def test_an_answer_queued_at_night_is_dropped_when_the_person_leaves(kisbot: Kisbot) -> None:
    ewa, _ = await _staff(kisbot)
    ala, pid = await _participant(kisbot)
    await ala.send("Pytanie w dzień.")
    kisbot.clock.advance(timedelta(hours=13))  # 22:00 in Warsaw, hours after the question
    await ewa.send("/help")
    await ewa.send(f"/messages {pid}")
    await ewa.click(t("pl", "messages.button_answer"), in_message=ewa.last)
    await ewa.send("Odpowiem rano.")
    assert ewa.last.text == t("pl", "messages.answer_sent_morning", name="Ala Nowak")
    seen = len(ala.messages)
    async with kisbot.db.transaction() as tx:
        await tx.participants.set_status(await kisbot.club(), pid, "left")

    kisbot.clock.advance(timedelta(hours=11))  # 09:00
    await kisbot.run_outbox()

    assert len(ala.messages) == seen


async def _answer_at_night(kisbot: Kisbot, ewa: FakeUser, ala: FakeUser, pid: int) -> int:
    """Ala asks at 09:00; Ewa answers at 22:00 (quiet hours, no conversation): held. The
    answer's id."""
    await ala.send("Czy jutro jest warsztat?")
    kisbot.clock.advance(timedelta(hours=13))  # 22:00 in Warsaw
    await ewa.send(f"/messages {pid}")
    await ewa.click(t("pl", "messages.button_answer"), in_message=ewa.last)
    await ewa.send("Nie, warsztat odwołany – proszę nie przychodzić o 8:00.")
    assert ewa.last.text == t("pl", "messages.answer_sent_morning", name="Ala Nowak")
    async with kisbot.db.transaction() as tx:
        (answer,) = await tx.threads.latest(await kisbot.club(), pid, 1)
    return answer.id


async def test_staff_send_an_answer_that_cannot_wait_at_night(kisbot: Kisbot) -> None:
    ewa, ewa_id = await _staff(kisbot)
    ala, pid = await _participant(kisbot)
    # In the day nothing is held, so nothing is offered.
    await ala.send("Pytanie w dzień.")
    await ewa.send("Odpowiedź w dzień.", reply_to=ewa.last)
    assert t("pl", "messages.button_urgent") not in [b for row in ewa.last.buttons for b in row]
    kisbot.clock.advance(timedelta(hours=2))

    answer_id = await _answer_at_night(kisbot, ewa, ala, pid)
    held = ewa.last
    assert t("pl", "messages.button_urgent") in [b for row in held.buttons for b in row]
    seen = len(ala.messages)
    await kisbot.run_outbox()
    assert len(ala.messages) == seen  # held for the morning

    await ewa.click(t("pl", "messages.button_urgent"), in_message=held)

    assert held.text == t("pl", "messages.urgent_sent", name="Ala Nowak")
    assert held.buttons == []  # pressed once only
    assert len(ala.messages) == seen + 1
    got = ala.last.text or ""
    assert "Nie, warsztat odwołany" in got
    assert "Ewa, pracownik socjalny" in got  # the participant sees an answer like any other
    async with kisbot.db.transaction() as tx:
        entries = await tx.audit.for_subject(await kisbot.club(), f"participant:{pid}")
    urgent = [e for e in entries if e.action == "thread.urgent"]
    assert len(urgent) == 1
    assert urgent[0].actor == f"staff:{ewa_id}"

    # An old or repeated press sends nothing twice; the morning sends nothing again.
    await ewa.send("/help")
    await ewa.click_data(SendNow(answer_id).encode(), in_message=ewa.last)
    assert ewa.last.text == t("pl", "messages.urgent_already", name="Ala Nowak")
    kisbot.clock.advance(timedelta(hours=11))  # 09:00
    await kisbot.run_outbox()
    assert len(ala.messages) == seen + 1


async def test_an_urgent_press_by_another_club_or_for_a_person_who_left_sends_nothing(
    kisbot: Kisbot,
) -> None:
    ewa, _ = await _staff(kisbot)
    ala, pid = await _participant(kisbot)
    answer_id = await _answer_at_night(kisbot, ewa, ala, pid)
    held = ewa.last
    seen = len(ala.messages)
    async with kisbot.db.transaction() as tx:
        other = await tx.clubs.create("CIS Inny", "CIS", "Europe/Warsaw", kisbot.clock.now())
    olga, _ = await _staff(kisbot, telegram_id=9201, name="Olga", club_id=other.id)

    await olga.send("/help")
    await olga.click_data(SendNow(answer_id).encode(), in_message=olga.last)
    assert olga.last.text == t("pl", "access.not_available")
    assert len(ala.messages) == seen

    async with kisbot.db.transaction() as tx:
        await tx.participants.set_consent(await kisbot.club(), pid, "withdrawn", kisbot.clock.now())
    await ewa.click(t("pl", "messages.button_urgent"), in_message=held)
    assert held.text == t("pl", "messages.not_reachable")
    kisbot.clock.advance(timedelta(hours=11))  # 09:00
    await kisbot.run_outbox()
    assert len(ala.messages) == seen
    async with kisbot.db.transaction() as tx:
        entries = await tx.audit.for_subject(await kisbot.club(), f"participant:{pid}")
    assert "thread.urgent" not in [e.action for e in entries]


async def test_quiet_hours_hold_messages_until_morning_except_a_conversation(
    kisbot: Kisbot,
) -> None:
    ewa, _ = await _staff(kisbot)
    ala, _pid = await _participant(kisbot)
    kisbot.clock.advance(timedelta(hours=14))  # 23:00 in Warsaw
    seen = len(ewa.messages)

    await ala.send("Nie mogę spać, czy jutro są zajęcia?")

    assert ala.last.text == t("pl", "messages.sent_night")
    assert len(ewa.messages) == seen
    kisbot.clock.advance(timedelta(hours=9))  # 08:00
    await kisbot.run_outbox()
    assert "Nie mogę spać" in (ewa.last.text or "")

    # At 20:50 the participant writes; at 21:10 (quiet hours) the staff member answers:
    # part of a conversation the participant started, so it goes at once.
    kisbot.clock.advance(timedelta(hours=12, minutes=50))
    await ala.send("Czy mogę przyjść później?")
    kisbot.clock.advance(timedelta(minutes=20))
    await ewa.send("Tak, do 11:00.", reply_to=ewa.last)

    assert ewa.last.text == t("pl", "messages.answer_sent", name="Ala Nowak")
    assert "Tak, do 11:00." in (ala.last.text or "")


async def test_long_and_odd_text_gets_a_clear_sentence(kisbot: Kisbot) -> None:
    ewa, _ = await _staff(kisbot)
    ala, _pid = await _participant(kisbot)
    seen = len(ewa.messages)

    await ala.send("x" * 5000)  # Telegram sends at most 4096; the adapter cuts the rest
    assert ala.last.text == t("pl", "messages.refused_too_long", max=MAX_CHARS)
    await ala.send("\u200b\u202e\u2066 \u0007")
    assert ala.last.text == t("pl", "messages.refused_empty")
    await ala.send_sticker()
    assert ala.last.text == t("pl", "messages.text_only")
    await ala.send_photo()
    assert ala.last.text == t("pl", "messages.text_only")
    assert len(ewa.messages) == seen

    # Direction marks and control characters are dropped; the words arrive.
    await ala.send("\u202eGdzie\u0007 jest\u200b sala?")
    shown = ewa.last.text or ""
    assert "Gdzie jest sala?" in shown
    assert "\u202e" not in shown
    # And staff get the same care.
    await ewa.send("y" * (MAX_CHARS + 1), reply_to=ewa.last)
    assert ewa.last.text == t("pl", "messages.staff_refused_too_long", max=MAX_CHARS)


async def test_both_directions_are_rate_limited(kisbot: Kisbot) -> None:
    ewa, _ = await _staff(kisbot)
    ala, _pid = await _participant(kisbot)
    for n in range(PER_HOUR):
        await ala.send(f"Wiadomość {n}")
    forwarded = ewa.last
    await ala.send("Jedna za dużo")

    assert ala.last.text == t("pl", "messages.refused_too_many")
    assert "Jedna za dużo" not in (ewa.last.text or "")
    for n in range(PER_HOUR):
        await ewa.send(f"Odpowiedź {n}", reply_to=forwarded)
    await ewa.send("Za dużo odpowiedzi", reply_to=forwarded)
    assert ewa.last.text == t("pl", "messages.staff_refused_too_many", per_hour=PER_HOUR)
    assert "Za dużo odpowiedzi" not in (ala.last.text or "")

    kisbot.clock.advance(timedelta(hours=1))
    await ala.send("Już można")
    assert ala.last.text == t("pl", "messages.sent")


async def test_a_leader_sets_the_clubs_message_limit(kisbot: Kisbot) -> None:
    ewa, _ = await _staff(kisbot)
    ala, _pid = await _participant(kisbot)
    leader = await staff_member(kisbot, telegram_id=9301)
    await leader.send("/settings")
    assert f"• {t('pl', 'settings.name.messages_per_hour')}: {PER_HOUR}" in (leader.last.text or "")
    await leader.click(t("pl", "settings.name.messages_per_hour"))
    for wrong in ("0", "31", "dużo"):
        await leader.send(wrong)
        assert (leader.last.text or "").startswith(t("pl", "settings.invalid"))
    await leader.send("3")
    assert f"• {t('pl', 'settings.name.messages_per_hour')}: 3" in (leader.last.text or "")

    for n in range(3):
        await ala.send(f"Wiadomość {n}")
    forwarded = ewa.last
    await ala.send("Czwarta")
    assert ala.last.text == t("pl", "messages.refused_too_many")
    assert "Czwarta" not in (ewa.last.text or "")
    for n in range(3):
        await ewa.send(f"Odpowiedź {n}", reply_to=forwarded)
    await ewa.send("Czwarta odpowiedź", reply_to=forwarded)
    assert ewa.last.text == t("pl", "messages.staff_refused_too_many", per_hour=3)
    assert "Czwarta odpowiedź" not in (ala.last.text or "")
    async with kisbot.db.transaction() as tx:
        rows = await tx.conn.all("SELECT detail FROM audit_log WHERE action = 'club.setting'", ())
    assert "messages_per_hour=3" in [r["detail"] for r in rows]


def test_the_message_limit_is_a_club_rule_of_the_cli(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"KISBOT_DB_PATH": str(tmp_path / "kisbot.sqlite3")}
    made = runner.invoke(main, ["club", "create", "KIS Most", "--kind", "KIS"], env=env)
    assert made.exit_code == 0, made.output
    shown = runner.invoke(main, ["club", "rules", "1"], env=env)
    assert f"messages_per_hour = {PER_HOUR}  (default)" in shown.output
    bad = runner.invoke(main, ["club", "rules", "1", "--set", "messages_per_hour=31"], env=env)
    assert bad.exit_code == 2
    assert "messages_per_hour: a whole number from 1 to 30" in bad.output
    changed = runner.invoke(main, ["club", "rules", "1", "--set", "messages_per_hour=5"], env=env)
    assert "messages_per_hour = 5\n" in changed.output


async def test_write_in_the_middle_of_the_questionnaire(kisbot: Kisbot) -> None:
    ewa, _ = await _staff(kisbot)
    ala, pid = await _participant(kisbot, "uk", submit=False)
    question = ala.last.text

    await ala.send("/write")
    assert ala.last.text == t("uk", "messages.ask", max=MAX_CHARS)
    await ala.send("Я не розумію одне запитання")

    assert "Я не розумію одне запитання" in (ewa.last.text or "")
    assert t("uk", "messages.sent") in [m.text for m in ala.messages[-3:]]
    assert ala.last.text == question  # the question comes back
    reading = await reading_of(kisbot, pid)
    async with kisbot.db.transaction() as tx:
        assert await tx.readings.answers(reading.id) == {}

    # /cancel while writing sends nothing.
    await ala.send("/write")
    await ala.send("/cancel")
    assert t("uk", "wait.cancelled") in [m.text for m in ala.messages[-3:]]


async def test_erasure_removes_the_thread(kisbot: Kisbot) -> None:
    ewa, _ = await _staff(kisbot)
    ala, pid = await _participant(kisbot)
    await ala.send("Moja sprawa prywatna.")
    await ewa.send("Porozmawiajmy jutro.", reply_to=ewa.last)
    club_id = await kisbot.club()

    async with kisbot.db.transaction() as tx:
        erased = await erase_participant(tx, pid, kisbot.clock.now(), "test", club_id=club_id)
    assert erased is not None
    assert erased.counts["thread_messages"] == 2

    async with kisbot.db.transaction() as tx:
        assert await tx.threads.count(club_id, pid) == 0
        left = await tx.conn.one("SELECT COUNT(*) FROM thread_copies")
        assert left is not None
        assert left[0] == 0
    await ewa.send(f"/messages {pid}")
    assert "Moja sprawa" not in (ewa.last.text or "")


async def test_mydata_shows_the_persons_own_messages(kisbot: Kisbot) -> None:
    ewa, _ = await _staff(kisbot)
    ala, _pid = await _participant(kisbot)
    await ala.send("Czy jest kawa?")
    await ewa.send("Tak, w kuchni.", reply_to=ewa.last)
    seen = len(ala.messages)

    await ala.send("/mydata")

    shown = "\n".join(m.text or "" for m in ala.messages[seen:])
    assert t("pl", "mydata.messages_header", count=2) in shown
    assert "Czy jest kawa?" in shown
    assert "Tak, w kuchni." in shown
    assert "Ewa, pracownik socjalny" in shown
    assert "EwkaTG" not in shown
