"""Typed flow state: what is stored between steps is its flow's model; anything that no
longer validates is dropped and the person told, and nothing crashes or is stored wrongly."""

from __future__ import annotations

from typing import Any

import pytest

from flows import registry
from flows.staff.notes import NoteState
from tests.harness import Kisbot
from tests.intake_helpers import staff_member, t

STAFF = 9001


async def _pending(kisbot: Kisbot) -> dict[str, Any] | None:
    async with kisbot.db.transaction() as tx:
        return (await tx.staff_state.get(STAFF)).pending


async def test_a_note_in_progress_is_kept_as_its_typed_state(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot, STAFF)
    pid, _ = await kisbot.invite("Ala")
    await staff.send(f"/note {pid}")
    stored = await _pending(kisbot)
    state, dropped = registry.read_state(stored, await kisbot.club())
    assert state == NoteState(club=await kisbot.club(), participant=pid)
    assert not dropped


@pytest.mark.parametrize(
    "stored",
    [
        {"flow": "note", "club": "{club}", "participant": "{pid}", "colour": "red"},  # older
        {"flow": "note", "club": "{club}"},  # a field missing
        {"flow": "note", "club": "{other}", "participant": "{pid}"},  # another club
        {"flow": "gone_since_v1", "club": "{club}"},  # a flow that no longer exists
        {"club": "{club}"},  # no flow at all
    ],
)
async def test_state_that_no_longer_fits_is_dropped_politely(
    kisbot: Kisbot, stored: dict[str, Any]
) -> None:
    staff = await staff_member(kisbot, STAFF)
    pid, _ = await kisbot.invite("Ala")
    club = await kisbot.club()
    values = {"{club}": club, "{other}": club + 1, "{pid}": pid}
    raw = {k: values.get(v, v) if isinstance(v, str) else v for k, v in stored.items()}
    await staff.send("/club")  # the club they work in is remembered from the first step
    async with kisbot.db.transaction() as tx:
        await tx.staff_state.set_pending(STAFF, raw, kisbot.clock.now())
    await staff.send("Notatka, która nie może trafić do złej osoby")
    assert staff.last.text == t("pl", "flow.dropped")
    assert await _pending(kisbot) is None
    async with kisbot.db.transaction() as tx:
        assert await tx.notes.visible(club, pid, 0, None, 10) == []
    # The next step works as usual.
    await staff.send(f"/note {pid}")
    assert t("pl", "note.ask", max=2000) in (staff.last.text or "")
