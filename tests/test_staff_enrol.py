"""/invite: staff enrol a participant in a few taps and get a link and a QR code that work."""

from __future__ import annotations

import re

import pytest

from tests.harness import Kisbot

# Over HTTP: a whole staff journey over HTTP, with the QR code as a photo.
pytestmark = pytest.mark.over_http

LINK = re.compile(r"https://t\.me/\w+\?start=([A-Za-z0-9_-]+)")


async def test_enrol_with_details_then_the_participant_joins(kisbot: Kisbot) -> None:
    await kisbot.add_staff(4001, "Ewa")
    ewa = kisbot.server.user(4001, "Ewa", language_code="pl")
    await ewa.send("/invite")
    assert ewa.last.text == (
        "Napisz imię lub pseudonim uczestnika (tak zobaczą go pracownicy klubu)."
    )
    await ewa.send("  Marek   K. ")
    assert (ewa.last.text or "").startswith("Marek K.: grupa z art. 1")
    await ewa.click("Osoba długotrwale bezrobotna")
    await ewa.click("Powiatowy urząd pracy")
    await ewa.send("12/2026 5.3.2026")
    done = ewa.messages[-2].text or ""
    assert done.startswith("Dodano: Marek K. (nr ")
    code = LINK.search(done)
    assert code is not None
    photo = ewa.photos[-1]
    assert photo.content.startswith(b"\x89PNG")
    assert "Marek K." in (photo.caption or "")
    club_id = await kisbot.club()
    async with kisbot.db.transaction() as tx:
        marek_record = await tx.participants.get(club_id, 1)
    assert marek_record is not None
    assert marek_record.display_name == "Marek K."
    row = await _enrolment(kisbot, marek_record.id)
    assert row == ("unemployed", "pup", "12/2026", "2026-03-05")
    marek = kisbot.server.user(4002, "Marek", language_code="pl")
    await marek.start_link(code.group(1))
    assert "Witaj! To Twój asystent z klubu" in (marek.messages[0].text or "")


async def _enrolment(kisbot: Kisbot, participant_id: int) -> tuple[object, ...]:
    """The group, referral and social contract of the participant's current enrolment."""
    async with kisbot.db.transaction() as tx:
        found = await tx.enrolments.current(await kisbot.club(), participant_id)
    assert found is not None
    return (
        found.groups[0] if found.groups else None,
        found.referral_kind,
        found.basis_number,
        found.basis_date.isoformat() if found.basis_date else None,
    )


async def test_enrol_skipping_everything_and_a_bad_contract(kisbot: Kisbot) -> None:
    await kisbot.add_staff(4011, "Jan")
    jan = kisbot.server.user(4011, "Jan", language_code="en")
    await jan.send("/invite")
    await jan.send("x" * 101)
    assert jan.last.text == "The name must be 1 to 100 characters. Please type it again."
    await jan.send("Pseudonym Sun")
    await jan.click("Skip")
    await jan.click("Skip")
    await jan.send("no date here")
    assert (jan.last.text or "").startswith("I don't understand.")
    await jan.send("12/2026 31.02.2026")  # no such day
    assert (jan.last.text or "").startswith("I don't understand.")
    await jan.click("Skip")
    assert (jan.messages[-2].text or "").startswith("Added: Pseudonym Sun")
    assert await _enrolment(kisbot, 1) == (None, None, None, None)


async def test_enrol_is_staff_only_and_survives_a_restart(kisbot: Kisbot) -> None:
    stranger = kisbot.server.user(4021, "Obcy", language_code="pl")
    await stranger.send("/invite")
    assert stranger.last.text == "To polecenie nie jest dostępne."
    await kisbot.add_staff(4022, "Ola")
    ola = kisbot.server.user(4022, "Ola", language_code="pl")
    await ola.send("/invite")
    await ola.send("Kasia")
    await kisbot.restart()
    await ola.click("Pomiń")  # the group step is still waiting after the restart
    assert ola.last.text == "Kto skierował tę osobę? (nieobowiązkowe)"
    await ola.send("/cancel")
    assert ola.last.text == "Przerwano."
    async with kisbot.db.transaction() as tx:
        assert await tx.participants.get(await kisbot.club(), 1) is None
