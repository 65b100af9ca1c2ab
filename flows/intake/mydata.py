"""The participant's own data: /mydata shows it, /delete asks staff to delete it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from base.i18n import Text, translate
from flows.actor import Actor
from flows.buttons import ButtonData
from flows.context import FlowContext
from flows.intake.alerts import alert_staff
from flows.messages.mine import own_messages
from flows.reply import Button, EditPressed, Message, Part, Reply
from questionnaires import engine
from questionnaires.bundled import questionnaire_of
from storage.repos.participants import Participant


async def my_data(ctx: FlowContext, actor: Actor, participant: Participant) -> list[Reply]:
    """What is stored about the person, in words, in their language."""
    club = await ctx.tx.clubs.get(participant.club_id)
    lang = actor.language
    replies: list[Reply] = [
        Message(
            (
                Text(
                    "mydata.header",
                    {
                        "name": participant.display_name,
                        "club": club.name if club else "",
                        "status": _status_text(lang, participant.status),
                        "consent": _status_text(lang, f"consent_{participant.consent}"),
                    },
                ),
            ),
            language=lang,
        )
    ]
    for reading in await ctx.tx.readings.for_participant(participant.id):
        if reading.respondent != "participant":
            continue  # staff assessments are staff's working notes, shown on request by staff
        q = questionnaire_of(reading)
        answers = await ctx.tx.readings.answers(reading.id)
        shown = engine.visibility(q, answers)
        for section in q.sections:
            lines: list[Part] = [section.title.get(lang)]
            for item in section.items:
                if item.id in answers and shown[item.id] is True:
                    label = engine.answer_label(q, item, answers[item.id], lang, own=True)
                    lines.append(f"• {item.text.get(lang)}\n  → {label}")
            if len(lines) > 1:
                replies.append(Message(("\n".join(str(x) for x in lines),), language=lang))
    replies += await own_messages(ctx, participant, lang)
    replies.append(Message((Text("mydata.footer"),), language=lang))
    return replies


def _status_text(lang: str, status: str) -> str:
    return translate(lang, f"status.participant_{status}")


@dataclass(frozen=True)
class DeleteAnswer(ButtonData, kind="x"):
    """Yes, ask staff to delete my data (y), or keep it (n)."""

    answer: Literal["y", "n"]


def ask_delete(actor: Actor) -> Message:
    """Confirm before asking staff to delete."""
    buttons = (
        (Button(Text("delete.confirm"), DeleteAnswer("y").encode()),),
        (Button(Text("delete.keep"), DeleteAnswer("n").encode()),),
    )
    return Message((Text("delete.ask"),), buttons, actor.language)


async def on_delete_press(
    ctx: FlowContext, actor: Actor, participant: Participant, choice: Literal["y", "n"]
) -> list[Reply]:
    """Confirmed: record the request and tell staff, who decide."""
    if choice == "n":
        return [EditPressed((Text("delete.kept"),), actor.language)]
    if participant.deletion_requested_at is None:
        await ctx.tx.participants.request_deletion(participant.club_id, participant.id, ctx.now)
        await ctx.tx.audit.record(
            ctx.now,
            actor.audit_name,
            "deletion.requested",
            club_id=participant.club_id,
            subject=f"participant:{participant.id}",
        )
        await alert_staff(
            ctx, participant, "deletion_requested", event=f"deletion:{participant.id}"
        )
    return [EditPressed((Text("delete.requested"),), actor.language)]
