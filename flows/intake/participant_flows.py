"""The participant's flows, as the registry lists them (flows/registry.py)."""

from __future__ import annotations

from typing import Literal

from base.i18n import Text
from flows import common, flow, words
from flows.common import ChooseLanguage
from flows.flow import Flow, Step
from flows.follow_up import FollowUpPress
from flows.follow_up_answer import answer as follow_up_answer
from flows.inputs import Command
from flows.intake import answering, consent, mydata, presses, review, talk
from flows.intake.consent import ConsentChoice, Decision, PrivacyPress
from flows.intake.mydata import DeleteAnswer
from flows.intake.reading_buttons import QuestionPress, ReviewPress
from flows.intake.resume import open_with_answers, question_again, resume
from flows.intake.review_view import review_message
from flows.reply import Message, Reply
from flows.schedule import participant as schedule
from flows.schedule.participant import RsvpPress, SkipReason
from questionnaires.bundled import questionnaire_of


async def _basics(step: Step, cmd: Command) -> list[Reply]:
    if cmd.name == "start":
        return await resume(step.ctx, step.actor, step.participant, greet=True)
    if cmd.name == "help":
        return [common.help_message(step.actor)]
    if cmd.name == "language":
        return [common.ask_language(step.actor)]
    return step.say("intake.cancel")


_LANGUAGE_WORDS: dict[str, Literal["pl", "uk", "en"]] = {
    "language_pl": "pl",
    "language_uk": "uk",
    "language_en": "en",
}


async def _typed_language(step: Step, text: str) -> list[Reply] | None:
    """Before the language is chosen, its name (in any language) or number chooses it."""
    if step.actor.language_chosen:
        return None
    meaning = words.meaning_of(text, step.actor.language, list(_LANGUAGE_WORDS))
    if meaning is None:
        keyboard = common.language_keyboard(step.actor.language)
        return [Message((Text("hint.language"),), keyboard, step.actor.language)]
    actor, replies = await common.choose_language(step.ctx, step.actor, _LANGUAGE_WORDS[meaning])
    return [*replies, *await resume(step.ctx, actor, step.participant)]


async def _language(step: Step, button: ChooseLanguage) -> list[Reply]:
    actor, replies = await common.choose_language(step.ctx, step.actor, button.code)
    return [*replies, *await resume(step.ctx, actor, step.participant)]


BASICS = Flow(
    name="basics",
    side="participant",
    access=flow.participant,
    commands=frozenset({"start", "help", "language", "cancel"}),
    buttons=(ChooseLanguage,),
    on_command=_basics,
    on_press=_language,
    on_text=_typed_language,
)


async def _privacy(step: Step, cmd: Command) -> list[Reply]:
    shown = await consent.information(step.ctx, step.actor, step.participant)
    return [*shown, *await question_again(step.ctx, step.actor, step.participant)]


async def _consent_press(step: Step, button: ConsentChoice | PrivacyPress) -> list[Reply]:
    ctx, actor = step.ctx, step.actor
    if isinstance(button, PrivacyPress):
        done = await consent.withdrawal(ctx, actor, step.participant, button.action)
        if button.action == "wn":  # kept: back to the question
            done += await question_again(ctx, actor, step.participant)
        return done
    participant, replies = await consent.decide(ctx, actor, step.participant, button.decision)
    if participant.consent == "given":
        return [*replies, *await resume(ctx, actor, participant)]
    return replies


_DECISIONS: dict[str, Decision] = {"agree": "y", "question": "q", "disagree": "n"}


async def _typed_consent(step: Step, text: str) -> list[Reply] | None:
    """While consent is pending: "zgadzam się", "так", "I have a question"... like the buttons."""
    if not step.actor.language_chosen or step.participant.consent != "pending":
        return None
    meaning = words.meaning_of(text, step.lang, list(_DECISIONS))
    if meaning is None:
        return [Message((Text("hint.consent"),), consent.decision_buttons(), step.lang)]
    return await _consent_press(step, ConsentChoice(decision=_DECISIONS[meaning]))


CONSENT = Flow(
    name="consent",
    side="participant",
    access=flow.participant,
    commands=frozenset({"privacy"}),
    buttons=(ConsentChoice, PrivacyPress),
    on_command=_privacy,
    on_press=_consent_press,
    on_text=_typed_consent,
)


async def _mydata(step: Step, cmd: Command) -> list[Reply]:
    if cmd.name == "delete":
        return [mydata.ask_delete(step.actor)]
    shown = await mydata.my_data(step.ctx, step.actor, step.participant)
    return [*shown, *await question_again(step.ctx, step.actor, step.participant)]


async def _delete_press(step: Step, button: DeleteAnswer) -> list[Reply]:
    ctx, actor = step.ctx, step.actor
    done = await mydata.on_delete_press(ctx, actor, step.participant, button.answer)
    if button.answer == "n":  # kept: back to the question
        done += await question_again(ctx, actor, step.participant)
    return done


MY_DATA = Flow(
    name="mydata",
    side="participant",
    access=flow.participant,
    commands=frozenset({"mydata", "delete"}),
    buttons=(DeleteAnswer,),
    on_command=_mydata,
    on_press=_delete_press,
)


async def _schedule(step: Step, cmd: Command) -> list[Reply]:
    return await schedule.show_week(step.ctx, step.actor, step.participant)


async def _rsvp(step: Step, button: RsvpPress | SkipReason) -> list[Reply]:
    if isinstance(button, SkipReason):
        return await schedule.on_skip_reason(step.ctx, step.actor, step.participant)
    return await schedule.on_rsvp(step.ctx, step.actor, step.participant, button)


async def _reason(step: Step, text: str) -> list[Reply] | None:
    return await schedule.on_text(step.ctx, step.actor, step.participant, text)


SCHEDULE = Flow(
    name="schedule",
    side="participant",
    access=flow.participant,
    commands=frozenset({"schedule"}),
    buttons=(RsvpPress, SkipReason),
    on_command=_schedule,
    on_press=_rsvp,
    on_text=_reason,
)


async def _reading_press(step: Step, button: QuestionPress | ReviewPress) -> list[Reply]:
    """Question and review buttons, checked against the person's own open reading."""
    ctx, actor, participant = step.ctx, step.actor, step.participant
    found = await open_with_answers(ctx, participant)
    if found is None or participant.consent != "given" or button.reading != found.reading.id:
        return [*step.stale(), *await resume(ctx, actor, participant)]
    return await presses.on_reading_press(ctx, actor, participant, found, button)


async def _answer(step: Step, text: str) -> list[Reply] | None:
    ctx, actor, participant = step.ctx, step.actor, step.participant
    found = await open_with_answers(ctx, participant)
    if found is None or participant.consent != "given":
        return None
    reading, answers = found.reading, found.answers
    if reading.status == "open":
        return await answering.on_text(ctx, actor, participant, reading, answers, text)
    if reading.status == "review":
        if words.meaning_of(text, actor.language, ["submit"], numbers=False) == "submit":
            return await review.submit(ctx, actor, participant, reading)
        q = questionnaire_of(reading)
        hint = Message((Text("hint.review"),), language=actor.language)
        return [hint, review_message(q, reading, answers, actor.language)]
    return None


QUESTIONNAIRE = Flow(
    name="questionnaire",
    side="participant",
    access=flow.participant,
    buttons=(QuestionPress, ReviewPress),
    on_press=_reading_press,
    on_text=_answer,
)


async def _follow_up(step: Step, button: FollowUpPress) -> list[Reply]:
    return await follow_up_answer(step.ctx, step.participant, button, step.lang)


FOLLOW_UP = Flow(
    name="follow_up",
    side="participant",
    access=flow.participant,
    buttons=(FollowUpPress,),
    on_press=_follow_up,
)

# Typed text goes to the first flow that claims it: a missed-session reason only right after
# "I can't come", else the question being answered.
FLOWS: tuple[Flow, ...] = (
    BASICS,
    CONSENT,
    MY_DATA,
    SCHEDULE,
    QUESTIONNAIRE,
    FOLLOW_UP,
    talk.FLOW,
)
