"""The support path: a draft proposed from the profile, edited, agreed, and changed by annex
with the earlier state kept."""

from __future__ import annotations

import json

from questionnaires.bundled import catalogue
from questionnaires.scoring import score
from tests.case_helpers import open_card, submitted
from tests.fakebot.users import FakeUser
from tests.harness import Kisbot
from tests.intake_helpers import bundled, participant, staff_member, t

STAFF = 9001


def _screen(user: FakeUser) -> str:
    """The text of the last message with buttons (path screens are edited in place)."""
    return [m for m in user.messages if m.buttons][-1].text or ""


def _name(instrument_id: str) -> str:
    found = catalogue().instrument(instrument_id)
    assert found is not None
    return found.name.pl


async def test_draft_edit_agree_then_a_change_is_annex_1(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot, STAFF)
    pid, _ = await kisbot.invite("Ala")
    answers = await submitted(kisbot, pid)
    profile = score(bundled(), answers, catalogue())
    needs = {s for s, r in profile.spheres.items() if r.klass == "need"}
    assert needs
    assert len(needs) < 5
    expected = [s for s in profile.suggestions if s.sphere in needs]
    elsewhere = [s for s in profile.suggestions if s.sphere not in needs]
    assert expected
    assert elsewhere

    card = await open_card(staff, "Ala", pid)
    await staff.click(t("pl", "card.button_path"), in_message=card)
    plan = staff.last.text or ""
    assert plan.startswith(t("pl", "path.header", name="Ala", id=pid))
    assert t("pl", "path.draft") in plan
    # Each need sphere's suggestions, with their reasons; nothing from other spheres.
    labels = [row[0] for row in staff.last.buttons if row[0][0].isdigit()]
    assert labels == [f"{n}. {_name(s.instrument)}" for n, s in enumerate(expected, start=1)]
    assert all(_name(s.instrument) not in plan for s in elsewhere)
    assert expected[0].reasons[0].reason.pl in plan
    assert t("pl", "path.status.proposed") in plan

    # Agreement waits until every proposal is accepted or removed.
    await staff.click(t("pl", "path.agree"))
    assert staff.last.text == t("pl", "path.proposals_left", count=len(expected))
    await staff.send(f"/path {pid}")
    keep = expected[:2]
    for suggestion in reversed(expected[2:]):
        position = expected.index(suggestion) + 1
        await staff.click(f"{position}. {_name(suggestion.instrument)}")
        await staff.click(t("pl", "path.remove"))
    for n, suggestion in enumerate(keep, start=1):
        await staff.click(f"{n}. {_name(suggestion.instrument)}")
        await staff.click(t("pl", "path.accept"))
    plan = _screen(staff)
    assert t("pl", "path.status.proposed") not in plan
    first = _name(keep[0].instrument)

    # Per item: responsible (buttons), partner and dates (typed or a date ahead); the item
    # stays on screen while its fields are set.
    await staff.click(f"1. {first}")
    await staff.click(t("pl", "path.edit_responsible"))
    await staff.click("Pani Ewa")
    assert t("pl", "path.item_responsible", value="Pani Ewa") in _screen(staff)
    await staff.click(t("pl", "path.edit_partner"))
    await staff.send("MOPS  Gdańsk")
    assert _screen(staff).startswith(first)
    assert t("pl", "path.item_partner", value="MOPS Gdańsk") in _screen(staff)
    await staff.click(t("pl", "path.edit_target"))
    # The hint's example and the offered dates come from the club's today (24.11.2026); the
    # example is every hint's: the end of the month three months on.
    assert t("pl", "path.ask_target", example="28.02.2027") in (staff.last.text or "")
    await staff.send("31.02.2027")
    assert staff.last.text == t("pl", "path.date_invalid", example="28.02.2027")
    await staff.send("31.03.2025")  # a target still to come
    assert staff.last.text == t("pl", "path.date_range", first="24.11.2026", last="24.11.2031")
    await staff.send("31.03.2027")
    assert _screen(staff).startswith(first)
    assert t("pl", "path.item_target", value="31.03.2027") in _screen(staff)
    await staff.click(t("pl", "path.edit_start"))
    await staff.click(t("pl", "path.in_months", months=1, date="24.12.2026"))
    assert t("pl", "path.item_start", value="24.12.2026") in _screen(staff)
    assert t("pl", "path.item_target", value="31.03.2027") in _screen(staff)
    await staff.click(t("pl", "path.next_item"))
    assert _screen(staff).startswith(_name(keep[1].instrument))
    await staff.click(t("pl", "path.back"))
    # Goals, obligations, review date; an instrument added from the catalogue.
    for field, value in (
        ("social_goals", "Kontakty z sąsiadami"),
        ("vocational_goals", "Kurs kucharza"),
        ("obligations", "Udział w zajęciach 3 razy w tygodniu"),
    ):
        await staff.click(t("pl", f"path.edit_{field}"))
        await staff.send(value)
        assert t("pl", f"path.{field}", value=value) in _screen(staff)
    await staff.click(t("pl", "path.edit_review"))
    await staff.send("1.3.2027")
    assert t("pl", "path.review_date", value="01.03.2027") in _screen(staff)
    await staff.click(t("pl", "path.add"))
    await staff.click(t("pl", "sphere.health"))
    await staff.click(_name("gp_access"))
    assert f"3. {_name('gp_access')}" in _screen(staff)
    assert (await participant(kisbot, pid)).status == "submitted"

    # Two actions have no one responsible: agreement shows that first, and one press fixes it.
    await staff.click(t("pl", "path.agree"))
    check = _screen(staff)
    assert check.startswith(t("pl", "path.check_header"))
    assert (
        t(
            "pl",
            "path.missing.responsible",
            actions=f"{_name(keep[1].instrument)}; {_name('gp_access')}",
        )
        in check
    )
    assert t("pl", "path.missing.review") not in check
    await staff.click(t("pl", "path.me_responsible", count=2))
    assert t("pl", "path.missing_header") not in _screen(staff)
    # Agreed today: the plan says so, the participant's status follows, no annex is listed.
    await staff.click(t("pl", "path.agree_other_day"))
    assert t("pl", "path.ask_agreed") in _screen(staff)
    await staff.click(t("pl", "path.agree_today", date="24.11.2026"))
    plan = _screen(staff)
    assert t("pl", "path.agreed_on", date="24.11.2026") in plan
    assert t("pl", "path.annexes_header") not in plan
    assert t("pl", "path.agree") not in [b for row in staff.last.buttons for b in row]
    assert (await participant(kisbot, pid)).status == "plan_agreed"

    # After agreement: no removing; a status change becomes annex 1 and the plan lists it.
    await staff.click(f"1. {first}")
    item_buttons = [b for row in staff.last.buttons for b in row]
    assert t("pl", "path.remove") not in item_buttons
    await staff.click(t("pl", "path.status.in_progress"))
    assert t("pl", "path.item_status", value=t("pl", "path.status.in_progress")) in (_screen(staff))
    await staff.click(t("pl", "path.back"))
    change = t(
        "pl", "path.change.status", instrument=first, value=t("pl", "path.status.in_progress")
    )
    line = t("pl", "path.annex_line", number=1, date="24.11.2026", author="Pani Ewa", change=change)
    assert line in _screen(staff)
    await staff.click(t("pl", "path.edit_social_goals"))
    await staff.send("Kontakty z sąsiadami i wolontariat")

    async with kisbot.db.transaction() as tx:
        path = await tx.support_paths.get(await kisbot.club(), pid)
        assert path is not None
        annexes = await tx.support_paths.annexes(await kisbot.club(), path.id)
    assert [a.number for a in annexes] == [0, 1, 2]
    agreed, first_annex, second = (json.loads(a.snapshot) for a in annexes)
    # The plan as agreed is kept as it was; each annex holds the plan after its change.
    assert agreed["items"][0]["status"] == "planned"
    assert agreed["items"][0]["partner"] == "MOPS Gdańsk"
    assert agreed["social_goals"] == "Kontakty z sąsiadami"
    assert first_annex["items"][0]["status"] == "in_progress"
    assert first_annex["social_goals"] == "Kontakty z sąsiadami"
    assert second["social_goals"] == "Kontakty z sąsiadami i wolontariat"
    assert [i["instrument"] for i in agreed["items"]] == [
        keep[0].instrument,
        keep[1].instrument,
        "gp_access",
    ]
    assert json.loads(annexes[1].summary) == {
        "change": "status",
        "instrument": keep[0].instrument,
        "value": "in_progress",
    }


async def test_a_path_without_a_submitted_profile_starts_empty(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot, STAFF)
    pid, _ = await kisbot.invite("Bogdan")
    await staff.send(f"/path {pid}")
    assert t("pl", "path.no_items") in _screen(staff)
    # Adding offers only what is not in the plan yet.
    await staff.click(t("pl", "path.add"))
    await staff.click(t("pl", "sphere.health"))
    await staff.click(_name("gp_access"))
    await staff.click(t("pl", "path.add"))
    await staff.click(t("pl", "sphere.health"))
    offered = [b for row in staff.last.buttons for b in row]
    assert _name("gp_access") not in offered
    assert _name("abc_health") in offered


async def test_the_suggestions_are_accepted_in_one_press_then_one_is_removed(
    kisbot: Kisbot,
) -> None:
    staff = await staff_member(kisbot, STAFF)
    pid, _ = await kisbot.invite("Celina")
    await submitted(kisbot, pid)
    await staff.send(f"/path {pid}")
    plan = staff.last
    items = [row[0] for row in plan.buttons if row[0][0].isdigit()]
    assert len(items) > 2
    accept_all = plan.button(t("pl", "path.accept_all", count=len(items)))["callback_data"]
    await staff.click(t("pl", "path.accept_all", count=len(items)))
    screen = _screen(staff)
    assert t("pl", "path.status.proposed") not in screen
    assert screen.count(t("pl", "path.status.planned")) == len(items)
    assert not [b for row in staff.last.buttons for b in row if b.startswith("✓")]
    # The one that does not fit goes; the others stay planned.
    await staff.click(items[-1])
    await staff.click(t("pl", "path.remove"))
    left = [row[0] for row in staff.last.buttons if row[0][0].isdigit()]
    assert left == items[:-1]
    async with kisbot.db.transaction() as tx:
        path = await tx.support_paths.get(await kisbot.club(), pid)
        assert path is not None
        statuses = {i.status for i in await tx.support_paths.items(await kisbot.club(), path.id)}
    assert statuses == {"planned"}
    # Nothing left to accept: the button of an older message is out of date.
    answer = await staff.click_data(accept_all, in_message=plan)
    assert answer is not None
    assert answer.text == t("pl", "button.stale")
    await staff.send(f"/path {pid}")
    assert [b for row in staff.last.buttons for b in row if b.startswith("✓")] == []
