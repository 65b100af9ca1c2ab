"""The plan's own fields entered in the bot (goals with indicators and dates, the agreed week,
reviews, ending conditions, final assessment), what is missing before agreement, and agreeing
anyway with a reason that the plan and its document keep."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from exports.plan import build_plan
from exports.render import plan_bytes
from flows.staff.links import PlanPress
from storage.repos.exports import exports_of
from storage.repos.support_paths import Goal, Review, SupportPath
from tests.case_helpers import open_card, submitted
from tests.fakebot.users import FakeUser
from tests.harness import Kisbot
from tests.intake_helpers import staff_member, t

STAFF = 9101


def _screen(user: FakeUser) -> str:
    return [m for m in user.messages if m.buttons][-1].text or ""


async def _path(kisbot: Kisbot, pid: int) -> tuple[SupportPath, list[Goal], list[Review]]:
    async with kisbot.db.transaction() as tx:
        path = await tx.support_paths.get(await kisbot.club(), pid)
        assert path is not None
        goals = await tx.support_paths.goals(await kisbot.club(), path.id)
        reviews = await tx.support_paths.reviews(await kisbot.club(), path.id)
    return path, goals, reviews


async def test_goals_week_and_texts_are_typed_and_checked(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot, STAFF)
    pid, _ = await kisbot.invite("Dorota")
    await staff.send(f"/path {pid}")
    # A goal in three steps: the words, the indicator, the date (a typed one checked).
    await staff.click(t("pl", "path.goals_button", count=0))
    assert t("pl", "path.goals_none") in _screen(staff)
    await staff.click(t("pl", "path.goal_add"))
    assert staff.last.text.startswith(t("pl", "path.ask_goal"))
    await staff.send("Chcę  pracować w kuchni")
    assert staff.last.text.startswith(t("pl", "path.ask_indicator"))
    await staff.send("x" * 501)
    assert staff.last.text == t("pl", "path.text_invalid", max=500)
    await staff.send("Trzy rozmowy o pracę")
    # The example and the offered dates follow the club's today (24.11.2026 on the test clock);
    # the example is every hint's: the end of the month three months on.
    assert staff.last.text.startswith(t("pl", "path.ask_goal_due", example="28.02.2027"))
    await staff.send("30.02.2027")
    assert staff.last.text == t("pl", "path.date_invalid", example="28.02.2027")
    await staff.send("31.05.2020")  # a goal's date is still to come
    assert staff.last.text == t("pl", "path.date_range", first="24.11.2026", last="24.11.2031")
    await staff.send("31.5.2027")
    plan = _screen(staff)
    assert (
        t("pl", "path.goal_short", number=1, goal="Chcę pracować w kuchni", date="31.05.2027")
        in plan
    )
    await staff.click(t("pl", "path.goals_button", count=1))
    assert t(
        "pl",
        "path.goal_line",
        number=1,
        goal="Chcę pracować w kuchni",
        indicator="Trzy rozmowy o pracę",
        date="31.05.2027",
    ) in _screen(staff)
    # A second goal with a date from a button, then removed from the draft.
    await staff.click(t("pl", "path.goal_add"))
    await staff.send("Porządek w dokumentach")
    await staff.send("Ważny dowód osobisty")
    await staff.click(t("pl", "path.in_months", months=1, date="24.12.2026"))
    _, goals, _ = await _path(kisbot, pid)
    assert [(g.goal, g.indicator, str(g.due_date)) for g in goals] == [
        ("Chcę pracować w kuchni", "Trzy rozmowy o pracę", "2027-05-31"),
        ("Porządek w dokumentach", "Ważny dowód osobisty", "2026-12-24"),
    ]
    await staff.click(t("pl", "path.goals_button", count=2))
    await staff.click(t("pl", "path.goal_remove", number=2))
    _, goals, _ = await _path(kisbot, pid)
    assert [g.goal for g in goals] == ["Chcę pracować w kuchni"]
    # A goal's indicator and date corrected: back to the goals each time.
    await staff.click(t("pl", "path.goal_edit_indicator", number=1))
    await staff.send("Dwie rozmowy o pracę")
    await staff.click(t("pl", "path.goal_edit_due", number=1))
    await staff.click(t("pl", "path.in_months", months=6, date="24.05.2027"))
    goals_screen = _screen(staff)
    assert goals_screen.startswith(t("pl", "path.goals_header", name="Dorota", id=pid))
    assert "Dwie rozmowy o pracę · " in goals_screen
    _, goals, _ = await _path(kisbot, pid)
    assert [(g.indicator, str(g.due_date)) for g in goals] == [
        ("Dwie rozmowy o pracę", "2027-05-24")
    ]

    # The agreed week: hours per part, with a decimal comma; nonsense and too many refused.
    await staff.click(t("pl", "path.back"))
    await staff.click(t("pl", "path.week_button"))
    await staff.click(t("pl", "path.week_button.hours_group"))
    await staff.send("sześć")
    assert staff.last.text == t("pl", "path.hours_invalid", max=40)
    await staff.send("41")
    assert staff.last.text == t("pl", "path.hours_invalid", max=40)
    await staff.send("6")
    await staff.click(t("pl", "path.week_button.hours_vocational"))
    await staff.send("1,5")
    week = _screen(staff)
    assert t("pl", "path.week_line", part=t("pl", "doc.week.total"), hours="7,5") in week
    assert t("pl", "doc.week.meets") in week
    path, _, _ = await _path(kisbot, pid)
    assert (path.hours_group, path.hours_vocational, path.hours_individual) == (6.0, 1.5, None)

    # Ending conditions and the final assessment.
    await staff.click(t("pl", "path.back"))
    assert t("pl", "path.week", value="7,5") in _screen(staff)
    await staff.click(t("pl", "path.edit_end_conditions"))
    await staff.send("Trzy nieusprawiedliwione nieobecności z rzędu")
    await staff.click(t("pl", "path.edit_final_assessment"))
    await staff.send("Cele osiągnięte")
    assert t("pl", "path.final", value="Cele osiągnięte") in _screen(staff)
    path, _, _ = await _path(kisbot, pid)
    assert path.end_conditions == "Trzy nieusprawiedliwione nieobecności z rzędu"


async def test_missing_before_agreement_then_agreed_anyway_with_the_reason_kept(
    kisbot: Kisbot,
) -> None:
    staff = await staff_member(kisbot, STAFF)
    pid, _ = await kisbot.invite("Edyta")
    await submitted(kisbot, pid)
    await staff.send(f"/path {pid}")
    await staff.click(t("pl", "path.accept_all", count=0).split("(")[0])
    plan = _screen(staff)
    assert t("pl", "path.missing_header") in plan
    await staff.click(t("pl", "path.agree"))
    check = _screen(staff)
    for gap in ("goals", "obligations", "review"):
        assert t("pl", f"path.missing.{gap}") in check
    assert t("pl", "path.missing.responsible", actions="").rstrip() in check
    # The gap's button opens its question; the review date is then no longer missing.
    await staff.click(t("pl", "path.fix.review"))
    await staff.click(t("pl", "path.in_months", months=3, date="24.02.2027"))
    await staff.click(t("pl", "path.agree"))
    check = _screen(staff)
    assert t("pl", "path.missing.review") not in check
    await staff.click(t("pl", "path.agree_anyway"))
    assert staff.last.text.startswith(t("pl", "path.ask_gaps"))
    await staff.send("Uczestnik zaczyna od jutra; cele ustalimy na pierwszym spotkaniu")
    await staff.send("1.1.2030")  # an agreement has happened, not yet to come
    assert staff.last.text == t("pl", "path.date_range", first="24.11.2021", last="24.11.2026")
    await staff.click(t("pl", "path.agree_today", date="24.11.2026"))
    plan = _screen(staff)
    reason = "Uczestnik zaczyna od jutra; cele ustalimy na pierwszym spotkaniu"
    assert t("pl", "path.agreed_on", date="24.11.2026") in plan
    assert t("pl", "path.agreed_gaps", reason=reason) in plan
    path, _, _ = await _path(kisbot, pid)
    assert path.agreed_gaps == reason

    # The plan document says it was agreed with gaps, and why.
    async with kisbot.db.transaction() as tx:
        person = next(
            p for p in await exports_of(tx).participants(await kisbot.club()) if p.id == pid
        )
        doc = await build_plan(tx, person, "pl", ZoneInfo("Europe/Warsaw"), path.agreed_at)
    assert t("pl", "doc.plan.annex_agreed_gaps", reason=reason) in plan_bytes(doc, "md").decode()

    # After agreement a review is recorded (today from a button) and becomes an annex.
    await staff.click(t("pl", "path.reviews_button", count=0))
    await staff.click(t("pl", "path.review_add"))
    await staff.send("24.12.2026")  # a review being recorded has happened
    assert staff.last.text == t("pl", "path.date_range", first="24.11.2021", last="24.11.2026")
    await staff.click(t("pl", "path.agree_today", date="24.11.2026"))
    assert staff.last.text.startswith(t("pl", "path.ask_review_changes", date="24.11.2026"))
    await staff.send("Zmiana terminu kursu")
    assert t(
        "pl", "path.review_line", date="24.11.2026", who="Pani Ewa", changes="Zmiana terminu kursu"
    ) in _screen(staff)
    _, _, reviews = await _path(kisbot, pid)
    assert [(r.changes, r.staff_name) for r in reviews] == [("Zmiana terminu kursu", "Pani Ewa")]
    await staff.click(t("pl", "path.back"))
    change = t("pl", "path.change.review_held", value="24.11.2026")
    assert change in _screen(staff)
    # The card says why the plan was agreed with gaps.
    card = await open_card(staff, "Edyta", pid)
    assert t("pl", "card.path_gaps", reason=reason) in (card.text or "")


async def test_forged_and_stale_plan_buttons(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot, STAFF)
    pid, _ = await kisbot.invite("Filip")
    await staff.send(f"/path {pid}")
    # A goal date without its question waiting is out of date.
    answer = await staff.click_data(PlanPress(pid, "gd", "20270101").encode())
    assert answer is not None
    assert answer.text == t("pl", "button.stale")
    _, goals, _ = await _path(kisbot, pid)
    assert goals == []
    # Another club's participant: the neutral answer, nothing changes.
    async with kisbot.db.transaction() as tx:
        other = await tx.clubs.create("KIS Inny", "KIS", "Europe/Warsaw", kisbot.clock.now())
        made = await tx.participants.create(other.id, "Obcy", kisbot.clock.now())
    await staff.click_data(PlanPress(made.id, "ga").encode())
    assert staff.last.text == t("pl", "access.not_available")
    # Another participant's goal, through this one's button: out of date, nothing changes.
    neighbour, _ = await kisbot.invite("Gosia")
    await staff.send(f"/path {neighbour}")
    async with kisbot.db.transaction() as tx:
        path = await tx.support_paths.get(await kisbot.club(), neighbour)
        assert path is not None
        goal = await tx.support_paths.add_goal(
            await kisbot.club(), path.id, "Cel Gosi", None, None, kisbot.clock.now()
        )
    for action in ("gi", "ge", "gx"):
        answer = await staff.click_data(PlanPress(pid, action, str(goal)).encode())
        assert answer is not None
        assert answer.text == t("pl", "button.stale")
    async with kisbot.db.transaction() as tx:
        assert [g.goal for g in await tx.support_paths.goals(await kisbot.club(), path.id)] == [
            "Cel Gosi"
        ]
    await staff.send("Cel, którego nikt nie czeka")
    assert staff.last.text != t("pl", "path.ask_indicator")
