"""Issue 16's measure: in the demo club a leader goes from /participants to an agreed plan for
a newly submitted participant in at most 15 presses and typed fields, with nothing missing
(goals with an indicator and a date, obligations, a review date, a responsible person per
action). The count is of the updates the fake Telegram received from the leader."""

from __future__ import annotations

from flows.demo_data import seed_demo
from tests.case_helpers import submitted
from tests.fakebot.users import FakeUser
from tests.harness import Kisbot
from tests.intake_helpers import participant, t

LEADER = 9601
MOST = 15


def actions(kisbot: Kisbot, user: FakeUser) -> int:
    """Messages the person sent and buttons they pressed, as Telegram saw them."""
    world = kisbot.server.world
    sent = [m for m in world.messages.get(user.chat_id, {}).values() if not m.from_bot]
    pressed = [q for q, who in world.callback_queries.items() if who == user.id]
    return len(sent) + len(pressed)


def _labels(user: FakeUser) -> list[str]:
    return [b for row in user.last.buttons for b in row]


async def test_a_leader_agrees_a_complete_plan_in_at_most_15_actions(kisbot: Kisbot) -> None:
    now = kisbot.clock.now()
    async with kisbot.db.transaction() as tx:
        demo = await seed_demo(tx, now, "Europe/Warsaw")
        await tx.staff.add(demo.club_id, LEADER, "Lidia Lider", "leader", now)
    kisbot.club_id = demo.club_id
    pid, _ = await kisbot.invite("Nowak Jan")
    await submitted(kisbot, pid)
    leader = kisbot.server.user(LEADER, "Lidia", language_code="pl")

    await leader.send("/participants")
    mine = f"Nowak Jan #{pid}"
    while mine not in _labels(leader):
        await leader.click("▶")
    await leader.click(mine)
    await leader.click(t("pl", "card.button_path"))
    await leader.click(t("pl", "path.accept_all", count=0).split("(")[0])
    await leader.click(t("pl", "path.me_responsible", count=0).split("(")[0])
    await leader.click(t("pl", "path.goal_add"))
    await leader.send("Chcę wrócić do pracy w ogrodnictwie")
    await leader.send("Umowa o pracę lub staż")
    await leader.click(t("pl", "path.in_months", months=6, date="24.05.2027"))
    await leader.click(t("pl", "path.fix.obligations"))
    await leader.send("Udział w zajęciach 4 dni w tygodniu")
    await leader.click(t("pl", "path.fix.review"))
    await leader.click(t("pl", "path.in_months", months=3, date="24.02.2027"))
    await leader.click(t("pl", "path.agree_now", date="24.11.2026"))

    plan = leader.last.text or ""
    assert t("pl", "path.agreed_on", date="24.11.2026") in plan
    assert t("pl", "path.agreed_gaps", reason="").rstrip() not in plan
    assert (await participant(kisbot, pid)).status == "plan_agreed"
    async with kisbot.db.transaction() as tx:
        path = await tx.support_paths.get(demo.club_id, pid)
        assert path is not None
        items = await tx.support_paths.items(demo.club_id, path.id)
        goals = await tx.support_paths.goals(demo.club_id, path.id)
    assert items
    assert all(i.status == "planned" and i.responsible_staff_id is not None for i in items)
    assert [(g.indicator, str(g.due_date)) for g in goals] == [
        ("Umowa o pracę lub staż", "2027-05-24")
    ]
    assert path.obligations
    assert path.review_date is not None
    assert path.agreed_gaps is None
    count = actions(kisbot, leader)
    print(f"presses and typed fields from /participants to an agreed plan: {count}")
    assert count <= MOST
