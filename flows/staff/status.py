"""Ending a participant's programme: graduated with an outcome, or left with a coded reason
(counted in reports) and an optional text.

The participant hears nothing sensitive: a graduate gets a neutral thank-you in their language
through the outbox (no outcome named); someone who left gets no message at all, since the
reason may be painful and a message could reach the wrong eyes.
"""

from __future__ import annotations

from typing import Literal

from base.clean import clean_line
from base.i18n import Text, translate
from flows import flow
from flows.context import FlowContext
from flows.flow import ClubState, Flow, Step
from flows.intake.cancel import cancel_pending
from flows.reply import Button, EditPressed, Keyboard, Message, Reply
from flows.staff.access import StaffActor
from flows.staff.links import StatusAction, StatusPress
from storage.repos.enrolments import LEAVING_REASONS
from storage.repos.participants import Participant

MAX_REASON = 500
EMPLOYMENT = ("employment_open", "employment_coop", "employment_subsidised", "employment_other")
OUTCOMES = (*EMPLOYMENT, "education", "continued_support", "other")


class LeftState(ClubState):
    """The coded reason for leaving was chosen; an optional text is awaited, then the
    confirmation."""

    flow: Literal["left"] = "left"
    participant: int
    reason: str | None = None
    code: str | None = None


def _button(
    key: str, participant_id: int, action: StatusAction, outcome: str | None = None
) -> tuple[Button, ...]:
    return (Button(Text(key), StatusPress(participant_id, action, outcome).encode()),)


async def on_press(step: Step, button: StatusPress) -> list[Reply]:
    """Menu, outcomes, employment outcomes, an outcome, confirm it, left, confirm left, keep."""
    ctx, staff, lang = step.ctx, step.staff, step.lang
    participant_id = button.participant
    participant = await ctx.tx.participants.get(staff.club_id, participant_id)
    if participant is None:
        return step.not_available()
    if participant.status in ("graduated", "left"):
        key = f"status.participant_{participant.status}"
        return [Message((Text("finish.already", {"status": _word(lang, key)}),), language=lang)]
    action, code = button.action, button.outcome or ""
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
        # Reasons are counted in reports, so they are codes; a text may add detail.
        rows = tuple(_button(f"leaving.{c}", participant_id, "lr", c) for c in LEAVING_REASONS)
        return [EditPressed((Text("finish.ask_reason_code", name),), lang, rows)]
    if action == "lr" and code in LEAVING_REASONS:
        await step.remember(LeftState(club=staff.club_id, participant=participant_id, code=code))
        rows = (_button("finish.no_text", participant_id, "ls"),)
        return [
            EditPressed((Text("finish.ask_reason", name), Text("path.cancel_hint")), lang, rows)
        ]
    pending = step.mine(LeftState)
    mine = pending is not None and pending.participant == participant_id and pending.code
    if action == "ls" and pending is not None and mine:
        return [_confirm_left(lang, participant, pending.code or "", None)]
    if action == "yl" and pending is not None and mine:
        return await _left(ctx, staff, participant, pending.code or "other", pending.reason)
    if action == "n":
        await ctx.tx.staff_state.set_pending(staff.actor.telegram_id, None, ctx.now)
        return [EditPressed((Text("finish.kept"),), lang)]
    return step.stale()


def _word(lang: str, key: str) -> str:
    return translate(lang, key)


async def on_text(step: Step, text: str) -> list[Reply] | None:
    """The reason for leaving: confirm before it is stored."""
    pending = step.mine(LeftState)
    if pending is None:
        return None
    ctx, staff, lang = step.ctx, step.staff, step.lang
    reason = clean_line(text)
    participant = await ctx.tx.participants.get(staff.club_id, pending.participant)
    if participant is None:
        await step.remember(None)
        return step.not_available()
    if not reason or len(reason) > MAX_REASON:
        return [Message((Text("path.text_invalid", {"max": MAX_REASON}),), language=lang)]
    # A state from before reasons were codes has none: "other", with the text.
    code = pending.code or "other"
    await step.remember(pending.model_copy(update={"reason": reason, "code": code}))
    return [_confirm_left(lang, participant, code, reason)]


def _confirm_left(lang: str, participant: Participant, code: str, text: str | None) -> Message:
    rows = (
        _button("finish.confirm", participant.id, "yl"),
        _button("finish.keep", participant.id, "n"),
    )
    said = _word(lang, f"leaving.{code}") + (f": {text}" if text else "")
    ask = Text("finish.confirm_left", {"name": participant.display_name, "reason": said})
    return Message((ask,), rows, lang)


async def _graduate(
    ctx: FlowContext, staff: StaffActor, participant: Participant, outcome: str
) -> list[Reply]:
    lang = staff.actor.language
    if not await ctx.tx.participants.finish(
        staff.club_id, participant.id, "graduated", outcome=outcome, left_reason=None, now=ctx.now
    ):
        return [flow.stale_button(staff.actor.language)]
    await ctx.tx.audit.record(
        ctx.now,
        staff.audit_name,
        "status.graduated",
        club_id=staff.club_id,
        subject=f"participant:{participant.id}",
        detail=outcome,
    )
    await cancel_pending(ctx, participant)  # before the thank-you, which goes
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
    ctx: FlowContext, staff: StaffActor, participant: Participant, code: str, text: str | None
) -> list[Reply]:
    lang = staff.actor.language
    await ctx.tx.staff_state.set_pending(staff.actor.telegram_id, None, ctx.now)
    if not await ctx.tx.participants.finish(
        staff.club_id,
        participant.id,
        "left",
        outcome=None,
        left_reason=text,
        now=ctx.now,
        reason_code=code,
    ):
        return [flow.stale_button(staff.actor.language)]
    # The reason stays on the participant's record, not in the audit log.
    await ctx.tx.audit.record(
        ctx.now,
        staff.audit_name,
        "status.left",
        club_id=staff.club_id,
        subject=f"participant:{participant.id}",
    )
    await cancel_pending(ctx, participant)
    return [EditPressed((Text("finish.left_done", {"name": participant.display_name}),), lang)]


FLOW = Flow(
    name="left",
    side="staff",
    access=flow.staff,
    buttons=(StatusPress,),
    states=(LeftState,),
    on_press=on_press,
    on_text=on_text,
)
