""" "I'd like to talk with someone from the club", offered under the crisis lines: the club's
staff are alerted to get in touch, and the person goes on where they were.

The press is an alert to every active staff member of the club (once a day per person, however
often it is pressed); the answer offers writing to the staff at once, in the bot.
"""

from __future__ import annotations

from base.i18n import Text
from flows import flow
from flows.flow import Flow, Step
from flows.intake.alerts import alert_staff
from flows.intake.resume import question_again
from flows.intake.talk_button import TalkWithStaff
from flows.messages.links import write_button
from flows.reply import Message, Reply


async def _press(step: Step, button: TalkWithStaff) -> list[Reply]:
    ctx, participant = step.ctx, step.participant
    await alert_staff(
        ctx, participant, "talk_request", event=f"talk:{participant.id}:{ctx.now:%Y%m%d}"
    )
    told = Message((Text("safety.talk_sent"),), buttons=write_button(), language=step.lang)
    return [told, *await question_again(ctx, step.actor, participant)]


FLOW = Flow(
    name="talk",
    side="participant",
    access=flow.participant,
    buttons=(TalkWithStaff,),
    on_press=_press,
)
