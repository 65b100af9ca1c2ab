"""Walking the whole participant questionnaire on buttons, as a person would.

At each screen the person presses: Polski, I agree, the first safe option of a single
question, one toggle then Done of a multiple choice, and Submit at the review. A step is
over when the bot has put a keyboard on screen again (the last thing every step shows);
the submit is over with the thank-you message.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass

from base.i18n import translate
from bench.people import Person, sends_message, shows_keyboard
from bench.population import Invited
from questionnaires import engine
from questionnaires.model import Item, MultipleItem, Questionnaire
from tests.fakebot.state import Call

CHECK = "✓ "


@dataclass
class WalkResult:
    finished: bool = False
    steps: int = 0
    timeouts: int = 0  # steps the bot never answered in time (then the person sends /start)


def safe_option(q: Questionnaire, item: Item) -> int:
    """The first option that is not a crisis answer (crisis answers alert staff)."""
    for choice in engine.choices(q, item):
        if not (choice.option is not None and choice.option.safety_flag):
            return choice.number
    return 1


def decide(q: Questionnaire, message: dict[str, object], lang: str) -> str | None:
    """The callback data to press on this screen; None when nothing fits."""
    markup = message.get("reply_markup")
    rows = markup.get("inline_keyboard", []) if isinstance(markup, dict) else []
    buttons = [(b["text"], b.get("callback_data") or "") for row in rows for b in row]
    datas = [d for _, d in buttons]
    if any(d.startswith("1:l:") for d in datas):
        return f"1:l:{lang}"
    agree = translate(lang, "consent.agree")
    for label, data in buttons:
        if data.startswith("1:c:") and label == agree:
            return data
    for data in datas:
        if data.startswith("1:r:") and data.endswith(":s"):
            return data
    question = next((d for d in datas if d.startswith("1:q:")), None)
    if question is None:
        return None
    _, _, reading, position, *_ = question.split(":")
    item = q.items[int(position)]
    prefix = f"1:q:{reading}:{position}"
    if isinstance(item, MultipleItem):
        if any(label.startswith(CHECK) and d.startswith(f"{prefix}:t:") for label, d in buttons):
            return f"{prefix}:d"
        return f"{prefix}:t:{safe_option(q, item)}"
    return f"{prefix}:o:{safe_option(q, item)}"


def reading_time(think: float, person_id: int, step: int) -> float:
    """Time to read a question: between half and one and a half times think, different for
    each person and step (seeded, so runs repeat). Equal think times would keep everyone
    pressing in lockstep after the shared start, which no club's people do."""
    rng = random.Random(person_id * 1_000_003 + step)
    return think * rng.uniform(0.5, 1.5)


async def walk(
    person: Person,
    invited: Invited,
    q: Questionnaire,
    *,
    lang: str = "pl",
    step_timeout: float = 30.0,
    deadline: float | None = None,
    max_steps: int = 400,
    think: float = 0.0,
) -> WalkResult:
    """Join with the personal code and answer everything; stops at the deadline."""
    result = WalkResult()
    done_texts = {translate(lang, "review.thanks"), translate(lang, "intake.already_submitted")}

    def done(call: Call) -> bool:
        # The thanks, or (its reply lost, then /start) "already submitted", which carries a
        # button to write to the staff: the text, not the keyboard, says it is over.
        return sends_message(call) and call.params.get("text") in done_texts

    def over(call: Call) -> bool:
        return done(call) or shows_keyboard(call)

    since = len(person.inbox.calls)
    person.send(f"/start {invited.code}")
    while result.steps < max_steps:
        seen = await person.inbox.wait_for(since, over, step_timeout)
        if seen is not None and done(seen):
            result.finished = True
            return result
        if deadline is not None and time.monotonic() >= deadline:
            return result
        since = len(person.inbox.calls)
        message = person.keyboard_message() if seen is not None else None
        data = decide(q, message, lang) if message is not None else None
        if data is None:
            # No answer in time (a crash ate the reply) or nothing to press: ask again.
            result.timeouts += 1
            person.send("/start")
            continue
        assert message is not None
        if think:
            await asyncio.sleep(reading_time(think, person.chat_id, result.steps))
        person.press(message, data)
        result.steps += 1
    return result
