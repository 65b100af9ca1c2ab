"""/participants and the participant card: statuses, pages, the "needs attention" filter, the
profile with safety flags first, the chart, the audit row, and who may see any of it."""

from __future__ import annotations

from datetime import timedelta

from base.i18n import translate
from flows.staff.card_profile import by_sphere
from questionnaires import engine
from questionnaires.bundled import catalogue
from questionnaires.findings import findings
from questionnaires.loader import load_bundled
from questionnaires.model import Answer
from questionnaires.scoring import score
from tests.fakebot.users import FakeUser
from tests.harness import Kisbot
from tests.intake_helpers import (
    answer_until,
    answer_with_buttons,
    answers_of,
    bundled,
    current,
    join,
    on_screen,
    press,
    reading_of,
    safe_option,
    staff_member,
    t,
)

NOT_AVAILABLE = t("pl", "access.not_available")
STAFF = 9001


def _lines(user: FakeUser) -> list[str]:
    return (user.last.text or "").splitlines()


def _line_of(user: FakeUser, participant_id: int) -> str:
    found = [line for line in _lines(user) if f"#{participant_id} " in line]
    assert len(found) == 1, (participant_id, user.last.text)
    return found[0]


def _card_buttons(user: FakeUser) -> list[str]:
    return [row[0] for row in user.last.buttons if "#" in row[0]]


async def _answer_some(person: FakeUser, count: int) -> None:
    q = bundled()
    for _ in range(count):
        await answer_with_buttons(person, q, lambda i: safe_option(q, i, 1))


async def test_the_list_shows_each_status_and_pages_of_ten(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot, STAFF)
    invited = [(await kisbot.invite(f"Osoba {n}"))[0] for n in range(10)]
    person, in_progress = await join(kisbot, 1001, "Ala")
    await _answer_some(person, 3)
    declined_id, _ = await kisbot.invite("Bogdan")
    async with kisbot.db.transaction() as tx:
        await tx.participants.set_consent(
            await kisbot.club(), declined_id, "declined", kisbot.clock.now()
        )
        await tx.participants.set_status(await kisbot.club(), declined_id, "declined")
        reading = await tx.readings.unfinished(in_progress, "participant")
        assert reading is not None
        expected = engine.progress(bundled(), await tx.readings.answers(reading.id))

    await staff.send("/participants")
    text = staff.last.text or ""
    assert _lines(staff)[0] == t("pl", "participants.header", club="KIS Słoneczko", count=12)
    # Newest first: the declined one, Ala in progress, then the invited ones.
    assert _line_of(staff, declined_id).endswith(t("pl", "status.participant_declined"))
    assert _line_of(staff, declined_id).startswith("⚠ ")  # declined consent needs attention
    progress = t("pl", "participants.in_progress", done=expected.done, total=expected.total)
    assert expected.done == 3
    assert _line_of(staff, in_progress) == f"#{in_progress} Ala · {progress}"
    assert _line_of(staff, invited[-1]).endswith(t("pl", "status.participant_invited"))
    assert t("pl", "participants.page", page=1, pages=2) in text
    assert len(_card_buttons(staff)) == 10
    assert staff.last.buttons[-2] == ["▶"]
    assert staff.last.buttons[-1] == [t("pl", "participants.filter_attention")]

    first_page = staff.last
    await staff.click("▶")
    assert staff.last.message_id == first_page.message_id  # the page is edited in place
    assert staff.last.edited
    assert t("pl", "participants.page", page=2, pages=2) in (staff.last.text or "")
    assert _card_buttons(staff) == [f"Osoba 1 #{invited[1]}", f"Osoba 0 #{invited[0]}"]
    assert staff.last.buttons[-2] == ["◀"]
    await staff.click("◀")
    assert t("pl", "participants.page", page=1, pages=2) in (staff.last.text or "")

    # A participant of another club never appears.
    async with kisbot.db.transaction() as tx:
        other = await tx.clubs.create("KIS Inny", "KIS", "Europe/Warsaw", kisbot.clock.now())
        await tx.participants.create(other.id, "Obcy", kisbot.clock.now())
    await staff.send("/participants")
    assert "Obcy" not in (staff.last.text or "")


async def test_the_needs_attention_filter(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot, STAFF)
    quiet, stale = await join(kisbot, 1001, "Stale")
    await _answer_some(quiet, 1)
    kisbot.clock.advance(timedelta(days=3, hours=1))
    fresh_person, fresh = await join(kisbot, 1002, "Fresh")
    await _answer_some(fresh_person, 1)
    talker, talk = await join(kisbot, 1003, "Talk")
    q = bundled()
    await answer_until(talker, q, "debts")
    await press(talker, current(talker, q)[0], "k")
    unreachable, _ = await kisbot.invite("Blocked")
    withdrawn, _ = await kisbot.invite("Withdrawn")
    crisis, _ = await kisbot.invite("Crisis")
    calm, _ = await kisbot.invite("Calm")
    now = kisbot.clock.now()
    async with kisbot.db.transaction() as tx:
        await tx.participants.set_unreachable(unreachable, True)
        await tx.participants.set_consent(await kisbot.club(), withdrawn, "withdrawn", now)
        for participant_id, value in ((crisis, "often"), (calm, "no")):
            reading = await tx.readings.create(
                participant_id, "entry", "participant", q.id, q.version, None, now
            )
            life = Answer(status="answered", value=value)
            await tx.readings.save_answer(reading.id, "life_worth", life, now)
            await tx.readings.submit(reading.id, now)

    await staff.send("/participants")
    await staff.click(t("pl", "participants.filter_attention"))
    names = {line.split(" · ")[0] for line in _lines(staff)[1:]}
    assert names == {
        f"⚠ #{stale} Stale",
        f"⚠ #{talk} Talk",
        f"⚠ #{unreachable} Blocked",
        f"⚠ #{withdrawn} Withdrawn",
        f"⚠ #{crisis} Crisis",
    }
    assert _lines(staff)[0] == t(
        "pl", "participants.header_attention", club="KIS Słoneczko", count=5
    )
    # Each person's reason, on their line.
    assert t("pl", "participants.unreachable") in _line_of(staff, unreachable)
    assert t("pl", "participants.consent_withdrawn") in _line_of(staff, withdrawn)
    assert t("pl", "participants.reason.safety") in _line_of(staff, crisis)
    assert t("pl", "participants.reason.talk_to_staff") in _line_of(staff, talk)
    stale_reason = translate("pl", "participants.reason.stale", {"count": 3}, count=3)
    assert stale_reason in _line_of(staff, stale)
    assert t("pl", "participants.reason.safety") not in _line_of(staff, talk)
    assert staff.last.buttons[-1] == [t("pl", "participants.filter_everyone")]
    await staff.click(t("pl", "participants.filter_everyone"))
    assert f"#{fresh} Fresh" in (staff.last.text or "")
    assert f"#{calm} Calm" in (staff.last.text or "")


async def test_the_card_after_a_submitted_questionnaire_with_a_crisis_answer(
    kisbot: Kisbot,
) -> None:
    q = bundled()
    staff = await staff_member(kisbot, STAFF)
    person, participant_id = await join(kisbot, 1001, "Ala")

    def choose(item_id: str) -> int | str:
        item = q.item(item_id)
        if item_id == "debts":
            return "k"  # talk with staff
        if item_id == "life_worth":
            return next(n for n, o in enumerate(item.options, start=1) if o.safety_flag)
        return safe_option(q, item, 3)

    for _ in range(3 * len(q.items)):
        if on_screen(person) is None:
            break
        await answer_with_buttons(person, q, lambda i: choose(i.id))
    await person.click(t("pl", "review.submit"))
    assert (await reading_of(kisbot, participant_id)).status == "submitted"
    profile = score(q, await answers_of(kisbot, participant_id), catalogue())
    assert profile.safety_flags
    assert profile.suggestions

    before = len(staff.messages)
    await staff.send(f"/card {participant_id}")
    shown = [m.text or "" for m in staff.messages[before:] if m.text]
    # One message: safety flags first, then the details, the spheres and the lists (the other
    # message is the staff alert about the submitted questionnaire).
    (card,) = [m for m in shown if t("pl", "card.header", name="Ala", id=participant_id) in m]
    assert all(t("pl", "card.advice") not in m for m in shown if m != card)
    assert card.startswith(t("pl", "card.safety_header"))
    for flag in profile.safety_flags:
        assert flag.reason.pl in card
    assert t("pl", "card.header", name="Ala", id=participant_id) in card
    assert t("pl", "card.status", status=t("pl", "status.participant_submitted")) in card
    assert t("pl", "card.no_staff_assessment") in card
    assert t("pl", "card.advice") in card
    lines = card.splitlines()
    for sphere, result in profile.spheres.items():
        assert result.score is not None
        klass = t("pl", f"class.{result.klass}")
        cell = t("pl", "card.score", score=f"{result.score:.0f}", klass=klass)
        line = next(x for x in lines if x.startswith(f"{t('pl', f'sphere.{sphere}')}: "))
        assert t("pl", "card.self", value=cell) in line  # "samoocena 42/100 (potrzeba)"
    assert t("pl", "card.agenda_header") in card
    assert t("pl", "card.missing_header") in card
    # Needs in words: the answer's finding, never the question.
    found = findings(q, await answers_of(kisbot, participant_id))
    need = next(f for f in found if f.kind == "need")
    assert t("pl", "card.needs_header") in card
    assert need.text.pl in card
    assert q.item(need.item).text.pl not in card.split(t("pl", "card.needs_header"))[1]
    # At most three suggestions per sphere, by name.
    first = profile.suggestions[0]
    instrument = catalogue().instrument(first.instrument)
    assert instrument is not None
    assert t("pl", "card.suggestions_header", top=3) in card
    assert instrument.name.pl in card
    for line in card.split(t("pl", "card.suggestions_header", top=3))[1].splitlines()[1:]:
        if not line.startswith("• "):
            break
        assert line.count(",") <= 2 or "(" in line
    # "More" opens every suggestion, with its reasons; the card names how many are hidden.
    hidden = sum(max(0, len(found) - 3) for found in by_sphere(profile.suggestions).values())
    assert hidden > 0
    message = [m for m in staff.messages[before:] if m.text == card][-1]
    await staff.click(t("pl", "card.button_more", count=hidden), in_message=message)
    everything = staff.last.text or ""
    assert everything.startswith(t("pl", "card.suggestions_all_header"))
    for suggestion in profile.suggestions:
        named = catalogue().instrument(suggestion.instrument)
        assert named is not None
        assert named.name.pl in everything
        assert suggestion.reasons[0].reason.pl in everything
    assert staff.last.buttons == [[t("pl", "card.button_back")]]

    # The star chart, as a photo.
    photo = staff.photos[-1]
    assert photo.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert photo.caption == t("pl", "card.chart_caption", name="Ala")

    async with kisbot.db.transaction() as tx:
        member = (await tx.staff.memberships(STAFF))[0]
        log = await tx.audit.for_subject(await kisbot.club(), f"participant:{participant_id}")
    opened = [e for e in log if e.action == "card.opened"]
    assert [e.actor for e in opened] == [f"staff:{member.id}"]

    # With a staff assessment, the card shows it beside the self-assessment.
    staff_q = load_bundled("diagnosis_staff")
    now = kisbot.clock.now()
    async with kisbot.db.transaction() as tx:
        reading = await tx.readings.create(
            participant_id, "entry", "staff", staff_q.id, staff_q.version, None, now, member.id
        )
        await tx.readings.submit(reading.id, now)
    photos = len(staff.photos)
    await staff.send("/participants")
    await staff.click(f"Ala #{participant_id}")
    assert len(staff.photos) == photos + 1
    latest = [
        m.text or ""
        for m in staff.messages
        if t("pl", "card.header", name="Ala", id=participant_id) in (m.text or "")
    ][-1]
    assert t("pl", "card.no_staff_assessment") not in latest
    assert t("pl", "card.staff_no_rating") in latest  # an empty assessment rates nothing


async def test_who_may_see_the_list_and_the_card(kisbot: Kisbot) -> None:
    """The access matrix: the right staff, staff of another club, a deactivated member, a
    participant and a stranger; commands, and buttons pressed with guessed ids."""
    right = await staff_member(kisbot, STAFF)
    participant_user, participant_id = await join(kisbot, 1001, "Ala")
    club_a = await kisbot.club()
    now = kisbot.clock.now()
    async with kisbot.db.transaction() as tx:
        club_b = await tx.clubs.create("KIS B", "KIS", "Europe/Warsaw", now)
        await tx.staff.add(club_b.id, 9002, "Obca", "leader", now)
        other_participant = await tx.participants.create(club_b.id, "Obcy", now)
        gone = await tx.staff.add(club_a, 9003, "Była", "specialist", now)
        await tx.staff.deactivate(club_a, gone.id, now)
    other = kisbot.server.user(9002, "Obca", language_code="pl")
    deactivated = kisbot.server.user(9003, "Była", language_code="pl")
    stranger = kisbot.server.user(9004, "Ktoś", language_code="pl")

    await right.send("/participants")
    assert f"#{participant_id} Ala" in (right.last.text or "")
    await right.send(f"/card {participant_id}")
    assert right.photos == []  # no answers yet: nothing to draw
    assert any(
        (m.text or "").startswith(t("pl", "card.header", name="Ala", id=participant_id))
        for m in right.messages
    )
    # A guessed id of another club's participant answers like an unknown id.
    await right.send(f"/card {other_participant.id}")
    assert right.last.text == NOT_AVAILABLE
    await right.send("/card 999999")
    assert right.last.text == NOT_AVAILABLE
    await right.click_data(f"1:pcd:{other_participant.id}")
    assert right.last.text == NOT_AVAILABLE
    await right.send("/card ²")
    assert right.last.text == NOT_AVAILABLE

    # Staff of another club: their own list only, and nothing of club A by any id.
    own_list = t("pl", "participants.header", club="KIS B", count=1)
    own_filter = t("pl", "participants.header_attention", club="KIS B", count=0)
    for data in ("/participants", "1:pls:0:e", "1:pls:3:e", "1:pls:0:a"):
        await (other.send(data) if data.startswith("/") else other.click_data(data))
        assert _lines(other)[0] == (own_filter if data.endswith(":a") else own_list), data
        assert "Ala" not in (other.last.text or "")
    for action in (f"/card {participant_id}", f"1:pcd:{participant_id}"):
        await (other.send(action) if action.startswith("/") else other.click_data(action))
        assert other.last.text == NOT_AVAILABLE, action

    commands = ("/participants", f"/card {participant_id}")
    buttons = (f"1:pcd:{participant_id}", "1:pls:0:e", "1:pls:0:a", "1:pls:1:e")
    for person in (deactivated, participant_user, stranger):
        for command in commands:
            await person.send(command)
            assert person.last.text == NOT_AVAILABLE, (person.user["first_name"], command)
        for data in buttons:
            await person.click_data(data)
            assert person.last.text == NOT_AVAILABLE, (person.user["first_name"], data)
    # Only the right staff member's opening is in the log; nobody else got a chart.
    async with kisbot.db.transaction() as tx:
        log = await tx.audit.for_subject(club_a, f"participant:{participant_id}")
    right_id = await _member_id(kisbot, STAFF)
    assert [e.actor for e in log if e.action == "card.opened"] == [f"staff:{right_id}"]
    assert all(p.photos == [] for p in (other, deactivated, participant_user, stranger))


async def _member_id(kisbot: Kisbot, telegram_id: int) -> int:
    async with kisbot.db.transaction() as tx:
        return (await tx.staff.memberships(telegram_id))[0].id
