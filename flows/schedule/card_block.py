"""The participant card's block about the weekly plan: this week's hours, the two-thirds
figure (flagged below 2/3) and no-shows."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from base.i18n import translate
from exports import two_thirds
from flows.context import FlowContext


async def week_block(
    ctx: FlowContext, lang: str, club_id: int, participant_id: int, zone: ZoneInfo
) -> list[str]:
    """One paragraph, or none when the participant has no sessions this week and no no-shows."""
    today = ctx.now.astimezone(zone).date()
    share = await two_thirds.week_share(ctx.tx, club_id, participant_id, today, zone.key)
    no_shows = await ctx.tx.schedule.no_shows(club_id, participant_id)
    if not share.planned and not no_shows:
        return []
    text = translate(
        lang,
        "schedule.card.week",
        {
            "planned": two_thirds.hours(share.planned),
            "planned_r": two_thirds.hours(share.planned_reintegration),
            "planned_pct": two_thirds.percent(share.planned_reintegration, share.planned),
            "attended": two_thirds.hours(share.attended),
            "attended_r": two_thirds.hours(share.attended_reintegration),
            "attended_pct": two_thirds.percent(share.attended_reintegration, share.attended),
            "no_shows": no_shows,
        },
    )
    if share.below or share.attended_below:
        text += "\n" + translate(lang, "schedule.card.below")
    return [text]
