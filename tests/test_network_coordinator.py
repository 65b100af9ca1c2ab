"""A network's coordinator: joins by a single-use link, gets the network's report by /report
(counts only, no participant named), and reaches nothing else: the coordinator's row of the
access matrix. Other people cannot have the network's report."""

from __future__ import annotations

import io
from datetime import timedelta

import docx

from flows.invites import hash_code, new_code
from tests.harness import Kisbot
from tests.schedule_helpers import join, staff_member

NOT_AVAILABLE = "To polecenie nie jest dostępne."


async def _network_with_invite(kisbot: Kisbot) -> tuple[int, str]:
    club_id = await kisbot.club()
    now = kisbot.clock.now()
    code = new_code()
    async with kisbot.db.transaction() as tx:
        other = await tx.clubs.create("KIS Most", "KIS", "Europe/Warsaw", now)
        network = await tx.networks.create("Sieć Mazowsze", now)
        await tx.networks.add_club(network.id, club_id, now)
        await tx.networks.add_club(network.id, other.id, now)
        await tx.networks.add_invite(hash_code(code), network.id, now, now + timedelta(days=14))
    return network.id, code


async def test_a_coordinator_joins_and_gets_counts_only(kisbot: Kisbot) -> None:
    leader = await staff_member(kisbot)
    ala, _ = await join(kisbot, 4801, "Alicja Zielińska")
    _, code = await _network_with_invite(kisbot)
    coordinator = kisbot.server.user(4810, "Koordynatorka", language_code="pl")
    await coordinator.start_link(code)
    assert (coordinator.last.text or "").startswith("Jesteś koordynatorem sieci: Sieć Mazowsze.")
    await coordinator.send("/report")
    html, word = coordinator.documents[-2:]
    page = html.content.decode("utf-8")
    assert "KIS Słoneczko" in page
    assert "KIS Most" in page
    assert "Alicja" not in page
    cells = [
        c.text
        for t in docx.Document(io.BytesIO(word.content)).tables
        for r in t.rows
        for c in r.cells
    ]
    assert "KIS Most" in cells
    assert not [c for c in cells if "Alicja" in c]
    # The link works once.
    second = kisbot.server.user(4811, "Ktoś", language_code="pl")
    await second.start_link(code)
    await second.send("/report")
    assert second.last.text == NOT_AVAILABLE
    # The leader's /report is still the club report, the participant gets nothing.
    await leader.send("/report")
    assert leader.documents[-1].filename == f"report-club-{await kisbot.club()}.csv"
    await ala.send("/report")
    assert not ala.documents


async def test_the_coordinator_reaches_nothing_of_a_club(kisbot: Kisbot) -> None:
    await staff_member(kisbot)
    _, ala_id = await join(kisbot, 4821, "Ala")
    _, code = await _network_with_invite(kisbot)
    coordinator = kisbot.server.user(4820, "Koordynatorka", language_code="pl")
    await coordinator.start_link(code)
    for command in (
        "/participants",
        f"/card {ala_id}",
        f"/path {ala_id}",
        f"/note {ala_id}",
        f"/audit {ala_id}",
        "/dataset",
        "/supervision",
        "/annual 2026",
        "/week",
        "/today",
        "/session",
        "/team",
        "/invite",
    ):
        await coordinator.send(command)
        assert coordinator.last.text == NOT_AVAILABLE, command
        assert "Ala" not in (coordinator.last.text or "")
    for data in (f"1:pcd:{ala_id}", f"1:ex:{ala_id}", "1:an:2026:s", "1:wk:739000"):
        await coordinator.click_data(data)
        assert "Ala" not in (coordinator.last.text or "")
    assert len(coordinator.documents) == 0
