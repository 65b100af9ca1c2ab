"""Shared set-up of the case-work tests: a submitted self-assessment with needs, staff of
several specialisms, and finding the card on screen."""

from __future__ import annotations

from questionnaires import engine
from questionnaires.model import Answer, MultipleItem
from storage.repos.staff import Specialism
from tests.fakebot.users import BotMessage, FakeUser
from tests.harness import Kisbot
from tests.intake_helpers import bundled, t


async def submitted(kisbot: Kisbot, participant_id: int) -> dict[str, Answer]:
    """A submitted self-assessment answering every question with its last (safe) option,
    which classes the living, well-being and social spheres as needs."""
    q = bundled()
    now = kisbot.clock.now()
    answers: dict[str, Answer] = {}
    async with kisbot.db.transaction() as tx:
        reading = await tx.readings.create(
            participant_id, "entry", "participant", q.id, q.version, None, now
        )
        for item in q.items:
            choices = engine.choices(q, item)
            if not choices:
                continue
            safe = [c for c in choices if not (c.option and c.option.safety_flag)]
            value = safe[-1].value
            answer = Answer(
                status="answered", value=[value] if isinstance(item, MultipleItem) else value
            )
            answers[item.id] = answer
            await tx.readings.save_answer(reading.id, item.id, answer, now)
        await tx.readings.submit(reading.id, now)
        await tx.participants.set_status(await kisbot.club(), participant_id, "submitted")
    return answers


async def specialist(
    kisbot: Kisbot, telegram_id: int, name: str, specialism: Specialism | None
) -> FakeUser:
    """An active specialist of the club."""
    club_id = await kisbot.club()
    async with kisbot.db.transaction() as tx:
        member = await tx.staff.add(club_id, telegram_id, name, "specialist", kisbot.clock.now())
        if specialism is not None:
            await tx.staff.set_specialism(club_id, member.id, specialism)
    return kisbot.server.user(telegram_id, name, language_code="pl")


async def open_card(user: FakeUser, name: str, participant_id: int) -> BotMessage:
    """/card, and the card's main message (the one with the buttons)."""
    await user.send(f"/card {participant_id}")
    header = t("pl", "card.header", name=name, id=participant_id)
    return [m for m in user.messages if (m.text or "").startswith(header)][-1]
