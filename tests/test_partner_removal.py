"""Partners of the register are changed and taken off it, people are taken off a case, in the
bot; what earlier plans name stays readable, and every change is audit-logged."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from base.clock import ManualClock
from exports.plan import build_plan
from storage.repos.exports import exports_of
from tests.case_helpers import open_card, submitted
from tests.harness import Kisbot
from tests.intake_helpers import join, staff_member, t

ZONE = ZoneInfo("Europe/Warsaw")


async def _audit(kisbot: Kisbot) -> list[tuple[str, str | None]]:
    async with kisbot.db.transaction() as tx:
        rows = await tx.conn.all("SELECT action, detail FROM audit_log ORDER BY id", ())
    return [(r["action"], r["detail"]) for r in rows]


async def test_a_partner_is_changed_then_taken_off_the_register(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot, 9401)
    club_id = await kisbot.club()
    await staff.send("/partners")
    for kind, details in (
        ("legal", "Punkt pomocy prawnej; mec. Adam P.; 22 000 00 06; porady"),
        ("ngo", "Fundacja Start"),
    ):
        await staff.click(t("pl", "partners.add"))
        await staff.click(t("pl", f"partner_kind.{kind}"))
        await staff.send(details)
    await staff.click("Punkt pomocy prawnej")
    await staff.click(t("pl", "partner_edit.field.c"))
    await staff.send("-")  # cleared
    await staff.click(t("pl", "partner_edit.field.a"))
    await staff.send("5/2026 01.02.2026")
    await staff.click(t("pl", "partner_edit.field.n"))
    await staff.send("fundacja start")  # another partner's name
    assert staff.last.text == t("pl", "partner_edit.name_taken", name="fundacja start")
    await staff.send("Punkt nieodpłatnej pomocy prawnej")
    shown = staff.last.text or ""
    assert shown.startswith("• Punkt nieodpłatnej pomocy prawnej · ")
    assert "22 000 00 06" not in shown
    assert t("pl", "partners.agreement", agreement="5/2026 01.02.2026") in shown
    await staff.click(t("pl", "partner_edit.kind"))
    await staff.click(t("pl", "partner_kind.education"))
    assert t("pl", "partner_kind.education") in (staff.last.text or "")

    # A plan item chooses the partner; then the partner leaves the register.
    pid, _ = await kisbot.invite("Ala")
    await submitted(kisbot, pid)
    card = await open_card(staff, "Ala", pid)
    await staff.click(t("pl", "card.button_path"), in_message=card)
    first = next(b for row in staff.last.buttons for b in row if b.startswith("1. "))
    await staff.click(first)
    await staff.click(t("pl", "path.edit_partner"))
    await staff.click("Punkt nieodpłatnej pomocy prawnej")
    await staff.send("/partners")
    await staff.click("Punkt nieodpłatnej pomocy prawnej")
    await staff.click(t("pl", "partner_edit.remove"))
    await staff.click(t("pl", "partner_edit.keep"))  # not yet
    async with kisbot.db.transaction() as tx:
        assert len(await tx.partners.all(club_id)) == 2
        removed_id = (await tx.partners.by_name(club_id, "Punkt nieodpłatnej pomocy prawnej")).id  # type: ignore[union-attr]
    await staff.click(t("pl", "partner_edit.remove"))
    await staff.click(t("pl", "partner_edit.remove_yes"))
    assert "Punkt nieodpłatnej" not in (staff.last.text or "")  # the register shown again
    assert "Fundacja Start" in (staff.last.text or "")
    async with kisbot.db.transaction() as tx:
        assert [p.name for p in await tx.partners.all(club_id)] == ["Fundacja Start"]
        path = await tx.support_paths.get(club_id, pid)
        assert path is not None
        item = (await tx.support_paths.items(club_id, path.id))[0]
        person = (await exports_of(tx).participants(club_id))[0]
        plan = await build_plan(tx, person, "pl", ZONE, kisbot.clock.now().date())
    assert item.partner == "Punkt nieodpłatnej pomocy prawnej"  # the plan still names it
    assert any("Punkt nieodpłatnej pomocy prawnej" in str(i) for s in plan.spheres for i in s.items)
    # An old button of the removed partner reaches nothing.
    await staff.click_data(f"1:pre:{removed_id}:f:n")
    assert staff.last.text == t("pl", "access.not_available")
    # The item's partner choices leave it out.
    await staff.click_data(f"1:spi:{pid}:i:{item.id}")
    await staff.click(t("pl", "path.edit_partner"))
    labels = [b for m in staff.messages[-2:] for row in m.buttons for b in row]
    assert "Fundacja Start" in labels
    assert "Punkt nieodpłatnej pomocy prawnej" not in labels
    audit = await _audit(kisbot)
    assert ("partner.changed", "contact") in audit
    assert ("partner.changed", "kind") in audit
    assert ("partner.removed", "education") in audit


async def test_someone_is_taken_off_the_case_and_the_ended_plan_still_names_them(
    kisbot: Kisbot, clock: ManualClock
) -> None:
    staff = await staff_member(kisbot, 9402)
    club_id = await kisbot.club()
    _, pid = await join(kisbot, 6002, "Halina", "pl")
    await submitted(kisbot, pid)
    card = await open_card(staff, "Halina", pid)
    await staff.click(t("pl", "enrolment.button"), in_message=card)
    assert t("pl", "enrolment.button_person_remove") not in [
        b for row in staff.last.buttons for b in row
    ]  # nobody to take off yet
    for role, typed in (
        ("probation_officer", "Zbigniew Nadzorczy; Sąd Rejonowy; 22 000 00 08"),
        ("ops_worker", "Anna Kowalska; MOPS Brzeg"),
    ):
        await staff.click(t("pl", "enrolment.button_person"))
        await staff.click(t("pl", f"case_role.{role}"))
        await staff.send(typed)
    async with kisbot.db.transaction() as tx:
        assert await tx.participants.finish(
            club_id, pid, "graduated", outcome="employment_open", left_reason=None,
            now=clock.now(),
        )  # fmt: skip
    clock.set(clock.now() + timedelta(days=30))
    card = await open_card(staff, "Halina", pid)
    await staff.click(t("pl", "enrolment.button"), in_message=card)
    await staff.click(t("pl", "enrolment.button_person_remove"))
    await staff.click("Kurator · Zbigniew Nadzorczy · Sąd Rejonowy · 22 000 00 08")
    card = await open_card(staff, "Halina", pid)
    assert "Zbigniew Nadzorczy" not in (card.text or "")
    assert "Anna Kowalska" in (card.text or "")
    async with kisbot.db.transaction() as tx:
        person = next(p for p in await exports_of(tx).participants(club_id) if p.id == pid)
        plan = await build_plan(tx, person, "pl", ZONE, clock.now().date())
        again = await tx.partners.case_people(club_id, pid)
    # The graduate's plan shows who was on the case when it ended.
    assert [r.value.split(" · ")[0] for r in plan.case_people] == [
        "Zbigniew Nadzorczy",
        "Anna Kowalska",
    ]
    assert [p.name for p in again] == ["Anna Kowalska"]
    assert ("case_person.removed", "probation_officer") in await _audit(kisbot)
