"""Ending a participant's programme: graduated with an outcome, or left with a reason.

The participant hears nothing sensitive: a graduate gets a neutral thank-you in their language
through the outbox (no outcome named); someone who left gets no message at all, since the
reason may be painful and a message could reach the wrong eyes.
"""

from __future__ import annotations

from typing import Any

from flows import callbacks
from flows.clean import clean_line
from flows.context import FlowContext
from flows.i18n import Text, translate
from flows.reply import Button, EditPressed, Keyboard, Message, Reply
from flows.staff.access import StaffActor
from flows.staff.parsing import field_id
from storage.repos.participants import Participant

KIND = "st"
FLOW = "left"
MAX_REASON = 500
EMPLOYMENT = ("employment_open", "employment_coop", "employment_subsidised", "employment_other")
OUTCOMES = (*EMPLOYMENT, "education", "continued_support", "other")


def _button(key: str, participant_id: int, *fields: str) -> tuple[Button, ...]:
    return (Button(Text(key), callbacks.encode(KIND, participant_id, *fields)),)


def _stale(staff: StaffActor) -> list[Reply]:
    return [Message((Text("button.stale"),), language=staff.actor.language)]


async def on_press(
    ctx: FlowContext, staff: StaffActor, pending: dict[str, Any] | None, fields: tuple[str, ...]
) -> list[Reply]:
    """`st:<participant>:<m menu | g outcomes | e employment | o:<outcome> | y:<outcome> |
    l left | yl confirm left | n keep>`."""
    lang = staff.actor.language
    participant_id = field_id(fields, 0)
    if participant_id is None or len(fields) < 2:
        return _stale(staff)
    participant = await ctx.tx.participants.get(staff.club_id, participant_id)
    if participant is None:
        return [Message((Text("access.not_available"),), language=lang)]
    if participant.status in ("graduated", "left"):
        key = f"status.participant_{participant.status}"
        return [Message((Text("finish.already", {"status": _word(lang, key)}),), language=lang)]
    action, code = fields[1], (fields[2] if len(fields) > 2 else "")
    name = {"name": participant.display_name}
    rows: Keyboard
    if action == "m":
        rows = (
            _button("finish.graduate", participant_id, "g"),
            _button("finish.left", participant_id, "l"),
        )
        return [Message((Text("finish.ask", name),), rows, lang)]
    if action == "g":
        rows = (
            _button("finish.employment", participant_id, "e"),
            *(_button(f"outcome.{o}", participant_id, "o", o) for o in OUTCOMES[len(EMPLOYMENT) :]),
        )
        return [EditPressed((Text("finish.ask_outcome", name),), lang, rows)]
    if action == "e":
        rows = tuple(_button(f"outcome.{o}", participant_id, "o", o) for o in EMPLOYMENT)
        return [EditPressed((Text("finish.ask_employment", name),), lang, rows)]
    if action == "o" and code in OUTCOMES:
        rows = (
            _button("finish.confirm", participant_id, "y", code),
            _button("finish.keep", participant_id, "n"),
        )
        ask = Text("finish.confirm_graduate", {**name, "outcome": _word(lang, f"outcome.{code}")})
        return [EditPressed((ask,), lang, rows)]
    if action == "y" and code in OUTCOMES:
        return await _graduate(ctx, staff, participant, code)
    if action == "l":
        state = {"flow": FLOW, "club": staff.club_id, "participant": participant_id}
        await ctx.tx.staff_state.set_pending(staff.actor.telegram_id, state, ctx.now)
        return [Message((Text("finish.ask_reason", name), Text("path.cancel_hint")), language=lang)]
    if (
        action == "yl"
        and pending
        and pending.get("participant") == participant_id
        and pending.get("club") == staff.club_id
    ):
        reason = pending.get("reason")
        if pending.get("flow") == FLOW and isinstance(reason, str):
            return await _left(ctx, staff, participant, reason)
    if action == "n":
        await ctx.tx.staff_state.set_pending(staff.actor.telegram_id, None, ctx.now)
        return [EditPressed((Text("finish.kept"),), lang)]
    return _stale(staff)


def _word(lang: str, key: str) -> str:
    return translate(lang, key)


async def on_text(
    ctx: FlowContext, staff: StaffActor, pending: dict[str, Any], text: str
) -> list[Reply]:
    """The reason for leaving: confirm before it is stored."""
    lang = staff.actor.language
    reason = clean_line(text)
    participant_id = pending.get("participant")
    participant = (
        await ctx.tx.participants.get(staff.club_id, participant_id)
        if isinstance(participant_id, int)
        else None
    )
    if participant is None:
        await ctx.tx.staff_state.set_pending(staff.actor.telegram_id, None, ctx.now)
        return _stale(staff)
    if not reason or len(reason) > MAX_REASON:
        return [Message((Text("path.text_invalid", {"max": MAX_REASON}),), language=lang)]
    await ctx.tx.staff_state.set_pending(
        staff.actor.telegram_id, {**pending, "reason": reason}, ctx.now
    )
    rows = (
        _button("finish.confirm", participant.id, "yl"),
        _button("finish.keep", participant.id, "n"),
    )
    ask = Text("finish.confirm_left", {"name": participant.display_name, "reason": reason})
    return [Message((ask,), rows, lang)]


async def _graduate(
    ctx: FlowContext, staff: StaffActor, participant: Participant, outcome: str
) -> list[Reply]:
    lang = staff.actor.language
    if not await ctx.tx.participants.finish(
        staff.club_id, participant.id, "graduated", outcome=outcome, left_reason=None, now=ctx.now
    ):
        return _stale(staff)
    await ctx.tx.audit.record(
        ctx.now,
        staff.audit_name,
        "status.graduated",
        club_id=staff.club_id,
        subject=f"participant:{participant.id}",
        detail=outcome,
    )
    if participant.telegram_id is not None:
        language = await ctx.tx.accounts.language_of(participant.telegram_id) or (
            ctx.settings.default_language
        )
        await ctx.tx.outbox.enqueue(
            participant.telegram_id,
            "participant_notice",
            "finish.thanks",
            {},
            language,
            due_at=ctx.now,
            now=ctx.now,
            dedupe_key=f"graduated:{participant.id}",
        )
    done = Text(
        "finish.graduated",
        {"name": participant.display_name, "outcome": _word(lang, f"outcome.{outcome}")},
    )
    return [EditPressed((done,), lang)]


async def _left(
    ctx: FlowContext, staff: StaffActor, participant: Participant, reason: str
) -> list[Reply]:
    lang = staff.actor.language
    await ctx.tx.staff_state.set_pending(staff.actor.telegram_id, None, ctx.now)
    if not await ctx.tx.participants.finish(
        staff.club_id, participant.id, "left", outcome=None, left_reason=reason, now=ctx.now
    ):
        return _stale(staff)
    # The reason stays on the participant's record, not in the audit log.
    await ctx.tx.audit.record(
        ctx.now,
        staff.audit_name,
        "status.left",
        club_id=staff.club_id,
        subject=f"participant:{participant.id}",
    )
    return [EditPressed((Text("finish.left_done", {"name": participant.display_name}),), lang)]
