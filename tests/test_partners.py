"""The club's partner register: /partners adds to it, a plan item picks from it, a typed
partner stays possible and can be added to it."""

from __future__ import annotations

from tests.case_helpers import open_card, submitted
from tests.harness import Kisbot
from tests.intake_helpers import staff_member, t


async def test_register_then_an_item_chooses_a_partner_or_adds_a_typed_one(
    kisbot: Kisbot,
) -> None:
    staff = await staff_member(kisbot, 9401)
    await staff.send("/partners")
    assert t("pl", "partners.none") in (staff.last.text or "")
    await staff.click(t("pl", "partners.add"))
    await staff.click(t("pl", "partner_kind.legal"))
    await staff.send("Punkt pomocy prawnej; mec. Adam P.; 22 000 00 06; porady; 4/2026 10.01.2026")
    listed = staff.last.text or ""
    assert "Punkt pomocy prawnej · " + t("pl", "partner_kind.legal") in listed
    assert t("pl", "partners.agreement", agreement="4/2026 10.01.2026") in listed
    club_id = await kisbot.club()

    pid, _ = await kisbot.invite("Ala")
    await submitted(kisbot, pid)
    card = await open_card(staff, "Ala", pid)
    await staff.click(t("pl", "card.button_path"), in_message=card)
    first = next(b for row in staff.last.buttons for b in row if b.startswith("1. "))
    await staff.click(first)
    await staff.click(t("pl", "path.edit_partner"))
    await staff.click("Punkt pomocy prawnej")
    async with kisbot.db.transaction() as tx:
        path = await tx.support_paths.get(club_id, pid)
        assert path is not None
        item = (await tx.support_paths.items(club_id, path.id))[0]
        register = await tx.partners.all(club_id)
    assert (item.partner, item.partner_id) == ("Punkt pomocy prawnej", register[0].id)

    # A typed partner (from the item's screen shown again): kept, and offered for the register.
    await staff.click(t("pl", "path.edit_partner"))
    await staff.send("Klub sportowy Orzeł")
    offer = next(
        m
        for m in staff.messages
        if m.text == t("pl", "partners.not_registered", name="Klub sportowy Orzeł")
    )
    await staff.click(t("pl", "partners.add_typed", name="Klub sportowy Orzeł"), in_message=offer)
    async with kisbot.db.transaction() as tx:
        item = (await tx.support_paths.items(club_id, path.id))[0]
        names = [p.name for p in await tx.partners.all(club_id)]
    assert names == ["Klub sportowy Orzeł", "Punkt pomocy prawnej"]
    assert item.partner == "Klub sportowy Orzeł"
    assert item.partner_id is not None
