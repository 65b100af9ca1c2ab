"""Information and consent before any question; /privacy shows it again and allows withdrawal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from base.i18n import Text, translate
from flows import common
from flows.actor import Actor
from flows.buttons import ButtonData
from flows.context import FlowContext
from flows.intake.alerts import alert_staff
from flows.intake.cancel import cancel_pending
from flows.reply import Button, EditPressed, Message, Reply
from storage.privacy.controller import controller_of
from storage.repos.participants import Participant

Decision = Literal["y", "q", "n"]
DECISIONS: dict[Decision, str] = {
    "y": "consent.agree",
    "q": "consent.question",
    "n": "consent.disagree",
}


@dataclass(frozen=True)
class ConsentChoice(ButtonData, kind="c"):
    """Agree, I have a question, I don't agree."""

    decision: Decision


@dataclass(frozen=True)
class PrivacyPress(ButtonData, kind="p"):
    """Withdraw consent (w), confirmed (wy) or kept (wn)."""

    action: Literal["w", "wy", "wn"]


def decision_buttons() -> tuple[tuple[Button, ...], ...]:
    """Agree / I have a question / I don't agree."""
    return tuple(
        (Button(Text(key), ConsentChoice(code).encode()),) for code, key in DECISIONS.items()
    )


async def information(ctx: FlowContext, actor: Actor, participant: Participant) -> list[Reply]:
    """The three short messages; the last carries the buttons that fit the person's consent."""
    club = await ctx.tx.clubs.get(participant.club_id)
    club_name = club.name if club else ""
    who: tuple[Text, ...] = (Text("consent.who_and_why", {"club": club_name}),)
    controller = await controller_of(ctx.tx, participant.club_id)
    if controller.complete:
        # GDPR art. 13(1)(a) and (b): who is responsible, and whom to ask.
        who += (
            Text(
                "privacy.controller",
                {
                    "name": controller.legal_name or "",
                    "address": controller.address or "",
                    "contact": controller.contact or "",
                },
            ),
        )
    first = Message(who, language=actor.language)
    second = Message((Text("consent.what_and_who"),), language=actor.language)
    if participant.consent == "given":
        buttons: tuple[tuple[Button, ...], ...] = (
            (Button(Text("privacy.withdraw"), PrivacyPress("w").encode()),),
        )
    else:
        buttons = decision_buttons()
    third = Message((Text("consent.rights"),), buttons, actor.language)
    return [first, second, third]


async def decide(
    ctx: FlowContext, actor: Actor, participant: Participant, code: Decision
) -> tuple[Participant, list[Reply]]:
    """A consent button: record the decision (and tell staff when they are needed)."""
    if participant.consent == "given":
        return participant, [common.stale_button(actor)]
    chosen = EditPressed((Text("consent.rights"), "✓ " + _label(actor, code)), actor.language)
    subject = f"participant:{participant.id}"
    if code == "y":
        await ctx.tx.participants.set_consent(participant.club_id, participant.id, "given", ctx.now)
        if participant.status in ("invited", "joined", "declined"):
            await ctx.tx.participants.set_status(participant.club_id, participant.id, "consented")
        await ctx.tx.audit.record(
            ctx.now, actor.audit_name, "consent.given", club_id=participant.club_id, subject=subject
        )
        updated = await ctx.tx.participants.get(participant.club_id, participant.id)
        assert updated is not None  # noqa: S101 - read in this transaction
        return updated, [chosen]
    if code == "q":
        await alert_staff(
            ctx,
            participant,
            "consent_question",
            event=f"consent_question:{participant.id}:{ctx.now:%Y%m%d%H}",
        )
        return participant, [
            chosen,
            Message((Text("consent.question_sent"),), decision_buttons(), actor.language),
        ]
    await ctx.tx.participants.set_consent(participant.club_id, participant.id, "declined", ctx.now)
    await ctx.tx.participants.set_status(participant.club_id, participant.id, "declined")
    await ctx.tx.audit.record(
        ctx.now, actor.audit_name, "consent.declined", club_id=participant.club_id, subject=subject
    )
    await alert_staff(
        ctx,
        participant,
        "consent_declined",
        event=f"consent_declined:{participant.id}:{ctx.now:%Y%m%d%H%M}",
    )
    return participant, [chosen, Message((Text("consent.declined"),), language=actor.language)]


def _label(actor: Actor, code: Decision) -> str:
    return translate(actor.language, DECISIONS[code])


async def withdrawal(
    ctx: FlowContext, actor: Actor, participant: Participant, step: str
) -> list[Reply]:
    """Withdraw consent: ask to confirm, then stop all questions and tell staff."""
    if participant.consent != "given":
        return [common.stale_button(actor)]
    if step == "w":
        confirm = (
            (Button(Text("privacy.withdraw_confirm"), PrivacyPress("wy").encode()),),
            (Button(Text("privacy.withdraw_keep"), PrivacyPress("wn").encode()),),
        )
        return [Message((Text("privacy.withdraw_ask"),), confirm, actor.language)]
    if step == "wn":
        return [EditPressed((Text("privacy.withdraw_kept"),), actor.language)]
    if step == "wy":
        await ctx.tx.participants.set_consent(
            participant.club_id, participant.id, "withdrawn", ctx.now
        )
        await ctx.tx.audit.record(
            ctx.now,
            actor.audit_name,
            "consent.withdrawn",
            club_id=participant.club_id,
            subject=f"participant:{participant.id}",
        )
        await alert_staff(
            ctx,
            participant,
            "consent_withdrawn",
            event=f"consent_withdrawn:{participant.id}:{ctx.now:%Y%m%d%H%M}",
        )
        await cancel_pending(ctx, participant)
        return [EditPressed((Text("privacy.withdrawn"),), actor.language)]
    return [common.stale_button(actor)]
