"""The end of the questionnaire: a short summary per sphere, changes, and Submit."""

from __future__ import annotations

from flows.actor import Actor
from flows.context import FlowContext
from flows.i18n import Text, translate
from flows.intake import question
from flows.intake.alerts import alert_staff
from flows.intake.questionnaire import questionnaire_of
from flows.intake.reading_buttons import review_button
from flows.reply import Button, EditPressed, Message, Part, Reply, Toast
from questionnaires import engine
from questionnaires.model import Answer, Questionnaire, Section
from storage.repos.participants import Participant
from storage.repos.readings import Reading
from storage.repos.readings import moved as readings_moved

_INTRO = {"participant": "review.intro", "staff": "assess.review_intro"}
_SUBMIT = {"participant": "review.submit", "staff": "assess.submit"}


def _shown_answered(
    q: Questionnaire, section: Section, answers: dict[str, Answer]
) -> list[tuple[int, str, Answer]]:
    shown = engine.visibility(q, answers)
    return [
        (q.position(i.id), i.id, answers[i.id])
        for i in section.items
        if shown[i.id] is True and i.id in answers
    ]


def review_message(
    q: Questionnaire, reading: Reading, answers: dict[str, Answer], lang: str
) -> Message:
    """Counts per sphere, a button per sphere to change answers, and Submit."""
    lines: list[Part] = [Text(_INTRO[reading.respondent])]
    rows: list[tuple[Button, ...]] = []
    for index, section in enumerate(q.sections):
        given = _shown_answered(q, section, answers)
        answered = sum(1 for _, _, a in given if a.status == "answered")
        lines.append(
            f"{section.title.get(lang)}: "
            + _count(lang, "review.answered", answered)
            + (
                ", " + _count(lang, "review.not_answered", len(given) - answered)
                if len(given) > answered
                else ""
            )
        )
        rows.append(
            (
                Button(
                    Text("review.change", {"section": section.title.get(lang)}),
                    review_button(reading, "e", index),
                ),
            )
        )
    rows.append((Button(Text(_SUBMIT[reading.respondent]), review_button(reading, "s")),))
    return Message(tuple(lines), tuple(rows), lang)


def _count(lang: str, key: str, n: int) -> str:
    return translate(lang, key, count=n)


def section_answers(
    q: Questionnaire, reading: Reading, answers: dict[str, Answer], section_index: int, lang: str
) -> Message:
    """One sphere's questions with their answers, each with a button to change it."""
    section = q.sections[section_index]
    parts: list[Part] = [section.title.get(lang), Text("review.pick_question")]
    numbered: list[Button] = []
    for number, (position, item_id, answer) in enumerate(
        _shown_answered(q, section, answers), start=1
    ):
        item = q.item(item_id)
        label = engine.answer_label(q, item, answer, lang)
        parts.append(f"{number}. {item.text.get(lang)}\n→ {label}")
        numbered.append(Button(str(number), review_button(reading, "i", position)))
    rows = [tuple(numbered[i : i + 5]) for i in range(0, len(numbered), 5)]
    rows.append((Button(Text("review.back_to_summary"), review_button(reading, "v")),))
    return Message(tuple(parts), tuple(rows), lang)


async def on_press(
    ctx: FlowContext,
    actor: Actor,
    participant: Participant,
    reading: Reading,
    action: str,
    argument: int | None,
) -> list[Reply]:
    """Review buttons: show a sphere, pick a question to change, back, submit."""
    from flows.intake.answering import show_current

    if reading.status != "review":
        return [
            Toast(Text("button.stale"), actor.language),
            *await show_current(ctx, actor, reading),
        ]
    q = questionnaire_of(reading)
    answers = await ctx.tx.readings.answers(reading.id)
    if action == "e" and argument is not None and 0 <= argument < len(q.sections):
        return [section_answers(q, reading, answers, argument, actor.language)]
    if action == "v":
        return [review_message(q, reading, answers, actor.language)]
    if action == "i" and argument is not None and 0 <= argument < len(q.items):
        item = q.items[argument]
        if engine.is_shown(q, item, answers) is not True:
            return [Toast(Text("button.stale"), actor.language)]
        await ctx.tx.readings.move(
            reading.id, status="open", current_item=item.id, now=ctx.now, return_to_review=True
        )
        moved = readings_moved(reading, "open", item.id, return_to_review=True)
        return [question.ask(q, moved, answers, item, actor.language)]
    if action == "s":
        return await submit(ctx, actor, participant, reading)
    return [Toast(Text("button.stale"), actor.language)]


async def submit(
    ctx: FlowContext, actor: Actor, participant: Participant, reading: Reading
) -> list[Reply]:
    """Hand the answers to staff."""
    await ctx.tx.readings.submit(reading.id, ctx.now)
    # A later reading (mid-way, exit, follow-up) leaves the status where the work stands.
    if participant.status in ("joined", "consented", "in_progress"):
        await ctx.tx.participants.set_status(participant.club_id, participant.id, "submitted")
    await alert_staff(ctx, participant, "submitted", event=f"submitted:{reading.id}")
    return [
        EditPressed((Text("review.submitted_short"),), actor.language),
        Message((Text("review.thanks"),), language=actor.language),
    ]
