"""A leader's /settings: every club rule, the benefit rule (a CIS only) and the supervision
thresholds on one screen with their values; a change is typed (or chosen), checked,
audit-logged, and can go back to the default; a club in a network invites the network's
coordinator from here. Nobody else reaches it."""

from __future__ import annotations

from exports.benefit import rule_of
from storage.club_rules import rules_of
from tests.harness import Kisbot
from tests.schedule_helpers import staff_member

NOT_AVAILABLE = "To polecenie nie jest dostępne."


async def test_a_leader_sees_and_changes_the_settings(kisbot: Kisbot) -> None:
    leader = await staff_member(kisbot)
    club_id = await kisbot.club()
    await leader.send("/settings")
    screen = leader.last.text or ""
    assert "• Długość programu (mies.): brak" in screen  # a KIS: no statutory length
    assert "• Raport sieci: ukryj liczby poniżej: 5" in screen
    assert "• Nieobecni od (dni): 21" in screen
    assert "Świadczenie" not in screen  # a KIS pays no integration benefit
    assert "Świadczenie miesięczne" not in [b for row in leader.last.buttons for b in row]
    await leader.click("Raport sieci: ukryj liczby poniżej")
    assert "teraz 5" in (leader.last.text or "")
    await leader.send("2")  # below the privacy floor
    assert (leader.last.text or "").startswith("Tej wartości nie można użyć.")
    await leader.send("7")
    assert "• Raport sieci: ukryj liczby poniżej: 7" in (leader.last.text or "")
    await leader.click("Nieobecni od (dni)")
    await leader.send("30")
    assert "• Nieobecni od (dni): 30" in (leader.last.text or "")
    async with kisbot.db.transaction() as tx:
        rules = await rules_of(tx, club_id)
        stored = await tx.club_settings.all(club_id)
        rows = await tx.conn.all(
            "SELECT action, detail FROM audit_log WHERE club_id = ? ORDER BY id", (club_id,)
        )
    audit = [(r["action"], r["detail"]) for r in rows]
    assert rules.network_min_count == 7
    assert stored["supervision_quiet_days"] == "30"
    assert ("club.setting", "network_min_count=7") in audit
    # Back to the default.
    await leader.click("Raport sieci: ukryj liczby poniżej")
    await leader.click("Przywróć domyślne")
    assert "• Raport sieci: ukryj liczby poniżej: 5" in (leader.last.text or "")


async def test_a_cis_leader_sets_the_integration_benefit(kisbot: Kisbot) -> None:
    async with kisbot.db.transaction() as tx:
        club = await tx.clubs.create("CIS Sosnowa", "CIS", "Europe/Warsaw", kisbot.clock.now())
    kisbot.club_id = club.id
    leader = await staff_member(kisbot)
    await leader.send("/settings")
    assert "• Świadczenie miesięczne: brak" in (leader.last.text or "")
    await leader.click("Świadczenie miesięczne")
    await leader.send("1 694,30")
    await leader.click("Utrata świadczenia powyżej")
    await leader.send("-")  # no limit
    await leader.click("Miesiąc częściowo próbny")
    await leader.click("za cały miesiąc")
    assert "• Świadczenie miesięczne: 1\u00a0694,30 zł" in (leader.last.text or "")
    async with kisbot.db.transaction() as tx:
        rule = await rule_of(tx, club.id)
        rows = await tx.conn.all(
            "SELECT action, detail FROM audit_log WHERE club_id = ? ORDER BY id", (club.id,)
        )
    assert (rule.monthly_grosz, rule.unexcused_limit_days, rule.trial_by_days) == (
        169430,
        None,
        False,
    )
    assert ("club.setting", "benefit_amount_grosz=169430") in [
        (r["action"], r["detail"]) for r in rows
    ]


async def test_a_kis_has_no_benefit_setting_even_from_an_old_button(kisbot: Kisbot) -> None:
    leader = await staff_member(kisbot)
    club_id = await kisbot.club()
    await leader.send("/settings")
    answer = await leader.click_data(f"1:cse:{club_id}:benefit_amount")
    assert answer is not None
    assert answer.text  # the stale answer, a pop-up: no question about a benefit
    assert "Świadczenie" not in (leader.last.text or "")
    async with kisbot.db.transaction() as tx:
        assert "benefit_amount_grosz" not in await tx.club_settings.all(club_id)


async def test_groups_are_ticked_and_one_stays(kisbot: Kisbot) -> None:
    leader = await staff_member(kisbot)
    club_id = await kisbot.club()
    await leader.send("/settings")
    await leader.click("Zobowiązania klubu")
    assert [row[0] for row in leader.last.buttons] == [
        "Wypłata świadczenia integracyjnego",
        "Ubezpieczenie zdrowotne i społeczne",
        "Posiłek w dniu zajęć",
        "✓ Szkolenie BHP",  # a KIS's defaults ticked
        "Badanie lekarskie",
        "✓ Poradnictwo indywidualne",
        "✓ Warsztaty grupowe",
        "Gotowe",
        "Przywróć domyślne",
    ]
    await leader.click("✓ Szkolenie BHP")  # untick
    await leader.click("✓ Warsztaty grupowe")
    await leader.click("Posiłek w dniu zajęć")  # tick
    async with kisbot.db.transaction() as tx:
        assert (await rules_of(tx, club_id)).club_obligations == ("meal", "counselling")
    await leader.click("✓ Posiłek w dniu zajęć")
    await leader.click("✓ Poradnictwo indywidualne")  # the last one stays
    assert leader.last.text == "Co najmniej jedna pozycja musi zostać zaznaczona."
    await leader.click_data(f"1:cst:{club_id}:club_obligations:nonsense")  # forged
    async with kisbot.db.transaction() as tx:
        assert (await rules_of(tx, club_id)).club_obligations == ("counselling",)
    await leader.click("Gotowe")
    assert "• Zobowiązania klubu: Poradnictwo indywidualne" in (leader.last.text or "")


async def test_only_the_clubs_leader_reaches_the_settings(kisbot: Kisbot) -> None:
    leader = await staff_member(kisbot)
    club_id = await kisbot.club()
    async with kisbot.db.transaction() as tx:
        await tx.staff.add(club_id, 7002, "Jan", "specialist", kisbot.clock.now())
        other = await tx.clubs.create("KIS Most", "KIS", "Europe/Warsaw", kisbot.clock.now())
    worker = kisbot.server.user(7002, "Jan", language_code="pl")
    await worker.send("/settings")
    assert worker.last.text == NOT_AVAILABLE
    await leader.send("/settings")
    await leader.click_data(f"1:cse:{other.id}:network_min_count")  # another club
    assert leader.last.text == NOT_AVAILABLE
    answer = await leader.click_data(f"1:cse:{club_id}:no_such_setting")
    assert answer is not None
    assert answer.text  # the one stale answer, a pop-up
    await leader.click_data(f"1:csc:{club_id}:benefit_trial_rule:yes")  # not offered there
    async with kisbot.db.transaction() as tx:
        assert "benefit_trial_rule" not in await tx.club_settings.all(club_id)


async def test_a_club_in_a_network_invites_its_coordinator(kisbot: Kisbot) -> None:
    leader = await staff_member(kisbot)
    club_id = await kisbot.club()
    now = kisbot.clock.now()
    async with kisbot.db.transaction() as tx:
        network = await tx.networks.create("Sieć Mazowsze", now)
        await tx.networks.add_club(network.id, club_id, now)
        elsewhere = await tx.networks.create("Sieć Śląsk", now)
    await leader.send("/settings")
    await leader.click_data(f"1:csn:{club_id}:{elsewhere.id}")  # not this club's network
    assert leader.last.text == NOT_AVAILABLE
    await leader.send("/settings")
    await leader.click("Zaproś koordynatora: Sieć Mazowsze")
    text = leader.last.text or ""
    assert text.startswith("Jednorazowy link dla koordynatora sieci Sieć Mazowsze")
    code = text.rsplit("start=", 1)[1].strip()
    coordinator = kisbot.server.user(4810, "Koordynatorka", language_code="pl")
    await coordinator.start_link(code)
    assert (coordinator.last.text or "").startswith("Jesteś koordynatorem sieci: Sieć Mazowsze.")


async def test_reminder_hours_are_set_on_the_same_screen(kisbot: Kisbot) -> None:
    leader = await staff_member(kisbot)
    club_id = await kisbot.club()
    await leader.send("/settings")
    assert "• Przypomnienie dzień przed (godz.): 18:00" in (leader.last.text or "")
    await leader.click("Przypomnienie dzień przed (godz.)")
    await leader.send("24")
    assert (leader.last.text or "").startswith("Tej wartości nie można użyć.")
    await leader.send("17")
    await leader.click("Przypomnienie przed zajęciami (min)")
    await leader.send("-")
    screen = leader.last.text or ""
    assert "• Przypomnienie dzień przed (godz.): 17:00" in screen
    assert "• Przypomnienie przed zajęciami (min): wyłączone" in screen
    assert "• Dzienne podsumowanie kadry (godz.): 8:00" in screen
    async with kisbot.db.transaction() as tx:
        club = await tx.schedule.club(club_id)
    assert club is not None
    assert (club.day_before_hour, club.before_minutes, club.digest_hour) == (17, None, 8)
    await leader.click("Przypomnienie przed zajęciami (min)")
    await leader.click("Przywróć domyślne")
    assert "• Przypomnienie przed zajęciami (min): 60" in (leader.last.text or "")
