"""Ending a goal of an agreed plan by an annex: the reason (chosen or typed), the date it takes
effect, the annex recorded; the signed goal stays as it was, marked on the plan, its documents
and the annex log; forged and out-of-date buttons change nothing; erasure takes the end too."""

from __future__ import annotations

import io
import json
from zoneinfo import ZoneInfo

import docx

from exports.plan import build_plan
from exports.render import plan_bytes
from flows.staff.links import GoalEndPress, PlanPress
from storage.repos.exports import exports_of
from storage.repos.support_paths import Annex, Goal
from tests.fakebot.users import FakeUser
from tests.harness import Kisbot
from tests.intake_helpers import staff_member, t

STAFF = 9131
KITCHEN = "Chcę pracować w kuchni"
PAPERS = "Porządek w dokumentach"
TYPED = "Dowód wyrobiony w innym programie"


def _screen(user: FakeUser) -> str:
    return [m for m in user.messages if m.buttons][-1].text or ""


async def _state(kisbot: Kisbot, pid: int) -> tuple[list[Goal], list[Annex]]:
    async with kisbot.db.transaction() as tx:
        path = await tx.support_paths.get(await kisbot.club(), pid)
        assert path is not None
        goals = await tx.support_paths.goals(await kisbot.club(), path.id)
        annexes = await tx.support_paths.annexes(await kisbot.club(), path.id)
    return goals, annexes


async def _goal(staff: FakeUser, words: str, indicator: str, months: int, date: str) -> None:
    await staff.click(t("pl", "path.goal_add"))
    await staff.send(words)
    await staff.send(indicator)
    await staff.click(t("pl", "path.in_months", months=months, date=date))


async def _agreed_plan(kisbot: Kisbot, staff: FakeUser, name: str) -> int:
    """A plan with two goals, agreed today (24.11.2026 on the test clock) with its gaps."""
    pid, _ = await kisbot.invite(name)
    await staff.send(f"/path {pid}")
    await staff.click(t("pl", "path.goals_button", count=0))
    await _goal(staff, KITCHEN, "Trzy rozmowy o pracę", 6, "24.05.2027")
    await staff.click(t("pl", "path.goals_button", count=1))
    await _goal(staff, PAPERS, "Ważny dowód osobisty", 1, "24.12.2026")
    await staff.click(t("pl", "path.agree"))
    await staff.click(t("pl", "path.agree_anyway"))
    await staff.send("Obowiązki spiszemy na pierwszym spotkaniu")
    await staff.click(t("pl", "path.agree_today", date="24.11.2026"))
    assert t("pl", "path.agreed_on", date="24.11.2026") in _screen(staff)
    return pid


async def test_a_goal_ends_by_an_annex_and_stays_on_the_signed_plan(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot, STAFF)
    pid = await _agreed_plan(kisbot, staff, "Halina")
    signed, annexes = await _state(kisbot, pid)
    assert [a.number for a in annexes] == [0]
    await staff.click(t("pl", "path.goals_button", count=2))
    # An agreed plan's goals are not removed: each can be ended by an annex instead.
    goals_screen = [m for m in staff.messages if m.buttons][-1]
    labels = [label for row in goals_screen.buttons for label in row]
    assert t("pl", "path.goal_remove", number=2) not in labels
    assert t("pl", "goal_end.button", number=2) in labels

    await staff.click(t("pl", "goal_end.button", number=2))
    assert _screen(staff).startswith(t("pl", "goal_end.ask_reason", number=2, goal=PAPERS))
    # A date press before the reason is out of date, and changes nothing.
    answer = await staff.click_data(GoalEndPress(pid, "d", "20261124").encode())
    assert answer is not None
    assert answer.text == t("pl", "button.stale")
    # A reason in the staff member's words ("other"), then the date it takes effect.
    await staff.send(TYPED)
    assert staff.last.text.startswith(t("pl", "goal_end.ask_date", number=2, first="24.11.2026"))
    await staff.send("01.01.2020")  # before the plan was agreed
    assert staff.last.text == t("pl", "path.date_range", first="24.11.2026", last="24.11.2027")
    await staff.send("31.02.2027")
    assert staff.last.text == t("pl", "path.date_invalid", example="28.02.2027")
    await staff.click(t("pl", "path.agree_today", date="24.11.2026"))
    confirm = _screen(staff)
    assert confirm == t(
        "pl",
        "goal_end.confirm",
        annex=1,
        name="Halina",
        id=pid,
        number=2,
        goal=PAPERS,
        date="24.11.2026",
        reason=TYPED,
    )
    await staff.click(t("pl", "goal_end.confirm_button", annex=1))
    mark = t("pl", "goal_end.mark", annex=1, date="24.11.2026", reason=TYPED)
    assert t(
        "pl",
        "goal_end.goal_line",
        number=2,
        goal=PAPERS,
        indicator="Ważny dowód osobisty",
        date="24.12.2026",
        mark=mark,
    ) in _screen(staff)

    # The signed goal keeps its words, indicator and date; the plan as agreed is unchanged.
    goals, annexes = await _state(kisbot, pid)
    assert [(g.goal, g.indicator, g.due_date) for g in goals] == [
        (g.goal, g.indicator, g.due_date) for g in signed
    ]
    assert goals[0].ended is None
    assert goals[1].ended is not None
    assert (goals[1].ended.annex, str(goals[1].ended.on), goals[1].ended.reason) == (
        1,
        "2026-11-24",
        "other",
    )
    assert [a.number for a in annexes] == [0, 1]
    first_snapshot = json.loads(annexes[0].snapshot)
    assert all("ended" not in g for g in first_snapshot["goals"])
    assert json.loads(annexes[1].snapshot)["goals"][1]["ended"] == {
        "annex": 1,
        "on": "2026-11-24",
        "reason": "other",
    }

    # Out-of-date and forged presses: the annex is recorded once, an ended goal stays as signed.
    for button in (
        GoalEndPress(pid, "c", str(goals[1].id)),
        GoalEndPress(pid, "s", str(goals[1].id)),
        GoalEndPress(pid, "r", "achieved"),
        PlanPress(pid, "gi", str(goals[1].id)),
        PlanPress(pid, "ge", str(goals[1].id)),
    ):
        answer = await staff.click_data(button.encode())
        assert answer is not None
        assert answer.text == t("pl", "button.stale"), button
    assert await _state(kisbot, pid) == (goals, annexes)

    # The other goal, with a reason from a button and a typed date still to come.
    await staff.click(t("pl", "goal_end.button", number=1))
    await staff.click(t("pl", "goal_end.reason.achieved"))
    await staff.send("31.12.2026")
    # Another annex recorded while the confirmation waits: it shows the new number first.
    async with kisbot.db.transaction() as tx:
        path = await tx.support_paths.get(await kisbot.club(), pid)
        assert path is not None
        author = annexes[0].author_staff_id
        assert author is not None
        await tx.support_paths.add_annex(
            path.id, author, '{"change": "hours"}', "{}", kisbot.clock.now()
        )
    await staff.click(t("pl", "goal_end.confirm_button", annex=2))
    assert _screen(staff).startswith(
        t(
            "pl",
            "goal_end.confirm",
            annex=3,
            name="Halina",
            id=pid,
            number=1,
            goal=KITCHEN,
            date="31.12.2026",
            reason=t("pl", "goal_end.reason.achieved"),
        ).split("\n")[0]
    )
    await staff.click(t("pl", "goal_end.confirm_button", annex=3))
    await staff.click(t("pl", "path.back"))
    plan = _screen(staff)
    achieved = t("pl", "goal_end.reason.achieved")
    assert (
        t(
            "pl",
            "goal_end.goal_short",
            number=1,
            goal=KITCHEN,
            mark=t("pl", "goal_end.mark", annex=3, date="31.12.2026", reason=achieved),
        )
        in plan
    )
    assert t("pl", "path.change.goal_ended", number="1", date="31.12.2026", reason=achieved) in plan
    # The annex log on the screen names the goal and the reason as typed.
    typed_change = t("pl", "path.change.goal_ended", number=2, date="24.11.2026", reason=TYPED)
    assert t("pl", "doc.plan.annex_goal", change=typed_change, goal=PAPERS) in plan
    async with kisbot.db.transaction() as tx:
        audit = await tx.audit.for_subject(await kisbot.club(), f"participant:{pid}")
    assert [e.detail for e in audit if e.action == "path.annexed"] == ["1", "3"]

    # The plan's documents keep both goals with their marks; the annex log names each goal.
    async with kisbot.db.transaction() as tx:
        person = next(
            p for p in await exports_of(tx).participants(await kisbot.club()) if p.id == pid
        )
        doc = await build_plan(
            tx, person, "pl", ZoneInfo("Europe/Warsaw"), kisbot.clock.now().date()
        )
    markdown = plan_bytes(doc, "md").decode()
    typed_mark = t("pl", "doc.goal.ended", annex=1, date="24.11.2026", reason=TYPED)
    assert f"| {PAPERS} – **{typed_mark}** | Ważny dowód osobisty |" in markdown
    typed_annex = t(
        "pl",
        "doc.plan.annex_goal",
        change=t(
            "pl",
            "path.change.goal_ended",
            number="2",
            date="24.11.2026",
            reason=TYPED,
        ),
        goal=PAPERS,
    )
    assert typed_annex in markdown
    assert typed_annex in plan_bytes(doc, "html").decode()
    word = docx.Document(io.BytesIO(plan_bytes(doc, "docx")))
    cells = [c.text for table in word.tables for row in table.rows for c in row.cells]
    assert f"{PAPERS} – {typed_mark}" in cells
    assert typed_annex in cells
    assert any(c.startswith(f"{KITCHEN} – ") and "aneksem 3 od 31.12.2026" in c for c in cells)

    # Erasure takes the goals and how they ended; the annex log keeps numbers, codes, dates.
    async with kisbot.db.transaction() as tx:
        assert await tx.erasure.erase(pid, kisbot.clock.now())
    goals, annexes = await _state(kisbot, pid)
    assert goals == []
    assert [json.loads(a.summary).get("reason") for a in annexes[1:]] == [
        "other",
        None,
        "achieved",
    ]
    assert all(TYPED not in a.summary for a in annexes)


async def test_goal_end_refused_on_a_draft_and_for_another_club(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot, STAFF)
    pid, _ = await kisbot.invite("Irena")
    await staff.send(f"/path {pid}")
    await staff.click(t("pl", "path.goals_button", count=0))
    await _goal(staff, KITCHEN, "Trzy rozmowy o pracę", 6, "24.05.2027")
    goals, _ = await _state(kisbot, pid)
    # A draft removes goals; ending one by an annex is out of date there.
    answer = await staff.click_data(GoalEndPress(pid, "s", str(goals[0].id)).encode())
    assert answer is not None
    assert answer.text == t("pl", "button.stale")
    async with kisbot.db.transaction() as tx:
        other = await tx.clubs.create("KIS Inny", "KIS", "Europe/Warsaw", kisbot.clock.now())
        made = await tx.participants.create(other.id, "Obcy", kisbot.clock.now())
    await staff.click_data(GoalEndPress(made.id, "s", str(goals[0].id)).encode())
    assert staff.last.text == t("pl", "access.not_available")
    # Another person's agreed goal through this person's button: out of date.
    neighbour = await _agreed_plan(kisbot, staff, "Jola")
    theirs, _ = await _state(kisbot, neighbour)
    answer = await staff.click_data(GoalEndPress(pid, "s", str(theirs[0].id)).encode())
    assert answer is not None
    assert answer.text == t("pl", "button.stale")
    # Cancel on the reason question: back to the goals, nothing recorded.
    await staff.send(f"/path {neighbour}")
    await staff.click(t("pl", "path.goals_button", count=2))
    await staff.click(t("pl", "goal_end.button", number=1))
    await staff.click(t("pl", "goal_end.cancel"))
    assert _screen(staff).startswith(t("pl", "path.goals_header", name="Jola", id=neighbour))
    after, annexes = await _state(kisbot, neighbour)
    assert after == theirs
    assert [a.number for a in annexes] == [0]


async def test_erasure_takes_the_words_of_goals_added_by_annex(kisbot: Kisbot) -> None:
    """A goal added after agreement is an annex whose summary held the goal's words: erasure
    takes them as it takes the goals, and keeps the kind of change and its date."""
    staff = await staff_member(kisbot, STAFF)
    pid = await _agreed_plan(kisbot, staff, "Kinga")
    await staff.click(t("pl", "path.goals_button", count=2))
    await _goal(staff, "Praca w piekarni u wujka", "Umowa", 3, "24.02.2027")
    _, annexes = await _state(kisbot, pid)
    added = [json.loads(a.summary) for a in annexes if "goal_added" in a.summary]
    assert [a.get("value") for a in added] == ["Praca w piekarni u wujka"]
    async with kisbot.db.transaction() as tx:
        assert await tx.erasure.erase(pid, kisbot.clock.now())
    _, annexes = await _state(kisbot, pid)
    assert all("piekarni" not in a.summary for a in annexes)
    kinds = [json.loads(a.summary)["change"] for a in annexes]
    assert "goal_added" in kinds
    assert "goal_due" in kinds  # a date, not words: kept


async def test_a_question_left_open_on_a_goal_ended_meanwhile_records_nothing(
    kisbot: Kisbot,
) -> None:
    """One staff member is asked for goal 2's new indicator (or date) while another ends goal
    2 by an annex: the answer is out of date, and no annex says the ended goal changed."""
    ewa = await staff_member(kisbot, STAFF)
    pid = await _agreed_plan(kisbot, ewa, "Lena")
    ola = await staff_member(kisbot, STAFF + 1)
    goals, _ = await _state(kisbot, pid)
    await ewa.click_data(PlanPress(pid, "gi", str(goals[1].id)).encode())
    assert (ewa.last.text or "").startswith(t("pl", "path.ask_indicator"))
    await ola.send(f"/path {pid}")
    await ola.click(t("pl", "path.goals_button", count=2))
    await ola.click(t("pl", "goal_end.button", number=2))
    await ola.click(t("pl", "goal_end.reason.achieved"))
    await ola.click(t("pl", "path.agree_today", date="24.11.2026"))
    await ola.click(t("pl", "goal_end.confirm_button", annex=1))
    await ewa.send("Nowy wskaźnik")
    assert t("pl", "goal_end.ended_meanwhile") in [m.text for m in ewa.messages]
    goals, annexes = await _state(kisbot, pid)
    assert [a.number for a in annexes] == [0, 1]
    assert goals[1].indicator == "Ważny dowód osobisty"
