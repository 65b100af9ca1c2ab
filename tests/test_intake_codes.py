"""Personal invite links: they expire, work once, and cannot be guessed."""

from __future__ import annotations

from datetime import timedelta

from base.clock import ManualClock
from flows.invites import new_code
from tests.harness import Kisbot
from tests.intake_helpers import join, participant, t


async def test_a_link_past_its_fourteen_days_is_refused(kisbot: Kisbot, clock: ManualClock) -> None:
    late_id, late_code = await kisbot.invite("Ala")
    on_time_id, on_time_code = await kisbot.invite("Olek")
    clock.advance(timedelta(days=13, hours=23))
    olek = kisbot.server.user(1002, "Olek")
    await olek.start_link(on_time_code)
    assert olek.messages[0].text == t("pl", "join.welcome", club="KIS Słoneczko")
    assert (await participant(kisbot, on_time_id)).telegram_id == 1002

    clock.advance(timedelta(hours=1, seconds=1))
    ala = kisbot.server.user(1001, "Ala")
    await ala.start_link(late_code)
    assert [m.text for m in ala.messages] == [t("pl", "join.code_expired")]
    assert (await participant(kisbot, late_id)).telegram_id is None


async def test_a_used_link_does_not_work_for_a_second_account(kisbot: Kisbot) -> None:
    ala, participant_id = await join(kisbot, 1001, "Ala")
    # Ala's own code, taken from the update she sent when she opened her link.
    first = kisbot.server.updates[0]["message"]["text"]
    assert first.startswith("/start ")
    ala_code = first.removeprefix("/start ")

    stranger = kisbot.server.user(1002, "Ktoś")
    await stranger.start_link(ala_code)
    assert [m.text for m in stranger.messages] == [t("pl", "join.code_used")]
    assert (await participant(kisbot, participant_id)).telegram_id == 1001

    # Ala opening her own link again simply goes on where she was.
    await ala.start_link(ala_code)
    assert ala.last.text is not None
    assert "Gdzie teraz mieszkasz?" in ala.last.text


async def test_ten_wrong_codes_lock_joining_for_an_hour(kisbot: Kisbot, clock: ManualClock) -> None:
    participant_id, code = await kisbot.invite("Ala")
    guesser = kisbot.server.user(1001, "Ala")
    for n in range(10):
        await guesser.start_link(new_code() if n % 2 else f"guess{n}")
        assert guesser.last.text == t("pl", "join.code_invalid")
    await guesser.start_link(code)
    assert guesser.last.text == t("pl", "join.too_many_tries")
    assert (await participant(kisbot, participant_id)).telegram_id is None

    clock.advance(timedelta(minutes=59))
    await guesser.start_link(code)
    assert guesser.last.text == t("pl", "join.too_many_tries")

    # Exactly an hour after the guesses, the lock is over.
    clock.advance(timedelta(minutes=1))
    messages = len(guesser.messages)
    await guesser.start_link(code)
    assert guesser.messages[messages].text == t("pl", "join.welcome", club="KIS Słoneczko")
    assert (await participant(kisbot, participant_id)).telegram_id == 1001
