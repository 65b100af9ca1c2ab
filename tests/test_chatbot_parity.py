"""The in-process driver shows what the real Application shows: one story, both ways.

User stories run in-process (tests/chatbot.py); this keeps the driver honest in every run:
the same steps against the real PTB Application over HTTP must leave the same transcript on
every phone (texts, buttons, edits, pop-ups, photos), staff alerts from the outbox included.
`python -m pytest --over-http` is the whole-suite version of this check.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

from base.clock import ManualClock
from tests.chatbot import ChatBot
from tests.fakebot.inprocess import InProcessBotApi
from tests.fakebot.server import FakeBotApi
from tests.fakebot.users import FakeUser
from tests.harness import Kisbot, settings_for
from tests.intake_helpers import join, staff_member, t

Transcript = list[tuple[object, ...]]


def transcript(person: FakeUser) -> Transcript:
    """What the person's phone shows: each message as it is now, pop-ups, photos, files."""
    shown: Transcript = [(m.text or m.caption, m.buttons, m.edited) for m in person.messages]
    shown += [("pop-up", a.text, a.show_alert) for a in person.callback_answers]
    shown += [("photo", u.caption, u.content[:8]) for u in person.photos]
    shown += [("file", u.filename, u.caption) for u in person.documents]
    return shown


@asynccontextmanager
async def running(over_http: bool, database: Path) -> AsyncIterator[Kisbot]:
    clock = ManualClock(datetime(2026, 11, 24, 8, 0, tzinfo=UTC))
    async with FakeBotApi() if over_http else InProcessBotApi() as server:
        kind = Kisbot if over_http else ChatBot
        bot = kind(server, settings_for(server, database), clock)
        await bot.start()
        try:
            yield bot
        finally:
            await bot.stop()
        server.assert_no_violations()


async def story(kisbot: Kisbot) -> tuple[Transcript, Transcript, Transcript]:
    """A participant joins and answers, types where a button is wanted, presses a stale button,
    sends a sticker; another asks a question about consent; staff get that alert through the
    outbox and open the card (its text and the star chart as a photo) and the list."""
    staff = await staff_member(kisbot)
    olek_id, code = await kisbot.invite("Olek")
    olek = kisbot.server.user(1002, "Olek", language_code="pl")
    await olek.start_link(code)
    await olek.click("Polski")
    await olek.click(t("pl", "consent.question"))
    ala, participant_id = await join(kisbot, 1001, "Ala", "pl")
    question = ala.last
    first_option = question.button_data[0][0]
    assert first_option is not None
    await ala.send("1")  # typed: the question's message loses its buttons as if pressed
    await ala.send("to nie jest odpowiedź na przyciski")
    await ala.click_data(first_option, in_message=question)  # pressed again: stale
    await ala.send("/mydata")
    await ala.send_sticker()
    await kisbot.run_outbox()
    await staff.send(f"/card {participant_id}")
    await staff.send("/participants")
    assert t("pl", "card.header", name="Ala", id=participant_id) in str(transcript(staff))
    assert t("pl", "staff_alert.consent_question", name="Olek", id=olek_id) in str(
        transcript(staff)
    )
    return transcript(ala), transcript(olek), transcript(staff)


async def test_in_process_and_over_http_show_the_same(tmp_path: Path) -> None:
    async with running(False, tmp_path / "in-process.sqlite3") as fast:
        seen_fast = await story(fast)
    async with running(True, tmp_path / "http.sqlite3") as real:
        seen_real = await story(real)
    assert seen_fast == seen_real
