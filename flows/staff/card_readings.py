"""The card's readings over time: the change per sphere between the first and the latest
submitted self-assessment, and the buttons to assess or to ask the participant again."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flows.context import FlowContext
from flows.i18n import Text, translate
from flows.intake.questionnaire import catalogue, questionnaire_of
from flows.reply import Button, Keyboard
from flows.staff.links import NewReading, StartAssessment
from questionnaires.model import SCORED_SPHERES
from questionnaires.scoring import Profile, compare, score
from storage.repos.readings import Reading


def buttons(participant_id: int) -> Keyboard:
    """Assess (start or continue one's own assessment) and New reading."""
    return (
        (
            Button(Text("card.assess"), StartAssessment(participant_id).encode()),
            Button(Text("card.new_reading"), NewReading(participant_id).encode()),
        ),
    )


async def sphere_changes(
    ctx: FlowContext, lang: str, participant_id: int, zone: ZoneInfo
) -> list[str]:
    """One block, e.g. "Zdrowie: 40 → 65 (+25)" per sphere; none before a second reading."""
    submitted = await ctx.tx.readings.submitted(participant_id, "participant")
    if len(submitted) < 2:
        return []
    first, latest = submitted[0], submitted[-1]
    change = compare(await _profile(ctx, first), await _profile(ctx, latest))
    lines = [
        translate(
            lang,
            "card.change_header",
            {"first": _date(first, zone), "latest": _date(latest, zone)},
        )
    ]
    for sphere in SCORED_SPHERES:
        one = change.spheres[sphere]
        before, after = _points(lang, one.score_before), _points(lang, one.score_after)
        params = {"sphere": translate(lang, f"sphere.{sphere}"), "before": before, "after": after}
        if one.score_before is None or one.score_after is None:
            lines.append(translate(lang, "card.change_line_partial", params))
            continue
        # The change of the scores as shown, so that 40 → 65 always reads +25.
        delta = round(one.score_after) - round(one.score_before)
        lines.append(translate(lang, "card.change_line", {**params, "delta": f"{delta:+d}"}))
    return ["\n".join(lines)]


async def _profile(ctx: FlowContext, reading: Reading) -> Profile:
    q = questionnaire_of(reading)
    return score(q, await ctx.tx.readings.answers(reading.id), catalogue())


def _points(lang: str, value: float | None) -> str:
    return translate(lang, "card.no_data") if value is None else f"{value:.0f}"


def _date(reading: Reading, zone: ZoneInfo) -> str:
    moment = reading.submitted_at or reading.started_at
    return moment.astimezone(zone).date().isoformat()
