"""One update at a time per person (webhook mode: tests/test_trust_transport.py)."""

from __future__ import annotations

import asyncio

from bot.locks import PersonLocks


async def test_one_update_at_a_time_per_person_and_people_in_parallel() -> None:
    locks = PersonLocks()
    events: list[str] = []

    async def step(person: int, name: str, pause: float) -> None:
        async with locks.hold(person):
            events.append(f"{name} in")
            await asyncio.sleep(pause)
            events.append(f"{name} out")

    await asyncio.gather(step(1, "a1", 0.05), step(1, "a2", 0.0), step(2, "b1", 0.0))
    # a2 waited for a1; b1 (another person) did not wait for anyone.
    assert events.index("a1 out") < events.index("a2 in")
    assert events.index("b1 out") < events.index("a1 out")
    assert len(locks) == 0  # nothing kept once nobody waits
