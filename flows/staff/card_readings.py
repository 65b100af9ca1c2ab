"""The card's readings over time: the change per sphere between the first and the latest
submitted self-assessment, and the buttons to assess or to ask the participant again."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from base.i18n import Text
from exports.scores import profiles_of
from flows.context import FlowContext
from flows.reply import Button, Keyboard
from flows.staff.links import NewReading, StartAssessment
from flows.staff.parsing import show_date
from questionnaires.scoring import ProfileChange, compare
from storage.repos.readings import Reading


def buttons(participant_id: int) -> Keyboard:
    """Assess (start or continue one's own assessment) and New reading."""
    return (
        (
            Button(Text("card.assess"), StartAssessment(participant_id).encode()),
            Button(Text("card.new_reading"), NewReading(participant_id).encode()),
        ),
    )


async def first_change(
    ctx: FlowContext, participant_id: int
) -> tuple[Reading | None, ProfileChange | None]:
    """The first submitted self-assessment and the change per sphere from it to the latest;
    no change before a second one."""
    submitted = await ctx.tx.readings.submitted(participant_id, "participant")
    if len(submitted) < 2:
        return (submitted[0] if submitted else None), None
    first, latest = submitted[0], submitted[-1]
    profiles = await profiles_of(ctx.tx, [first, latest])
    return first, compare(profiles[first.id], profiles[latest.id])


def reading_date(reading: Reading, zone: ZoneInfo) -> str:
    """The day a reading was submitted (or started), DD.MM.RRRR in the club's zone."""
    moment = reading.submitted_at or reading.started_at
    return show_date(moment.astimezone(zone).date())
