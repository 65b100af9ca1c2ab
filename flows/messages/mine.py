"""The person's own messages with the club, as /mydata shows them (their data, their words)."""

from __future__ import annotations

from base.i18n import translate
from base.times import show_date, show_time
from flows.context import FlowContext
from flows.reply import Message, Reply
from storage.repos.participants import Participant

SHOWN = 5  # the newest messages; the thread stays whole in the case file
EXCERPT = 300


async def own_messages(ctx: FlowContext, participant: Participant, lang: str) -> list[Reply]:
    """The newest messages between the person and the staff, signed as the person saw them;
    nothing when there are none."""
    count = await ctx.tx.threads.count(participant.club_id, participant.id)
    if count == 0:
        return []
    latest = await ctx.tx.threads.latest(participant.club_id, participant.id, SHOWN)
    club = await ctx.tx.clubs.get(participant.club_id)
    zone = club.timezone if club else ctx.settings.timezone
    lines = [translate(lang, "mydata.messages_header", {"count": count})]
    for message in latest:
        who = (
            translate(lang, "mydata.messages_you")
            if message.direction == "in"
            else message.signature or ""
        )
        body = message.body if len(message.body) <= EXCERPT else message.body[:EXCERPT] + "…"
        when = f"{show_date(message.created_at, zone)} {show_time(message.created_at, zone)}"
        lines.append(
            translate(lang, "mydata.messages_line", {"when": when, "who": who, "text": body})
        )
    return [Message(("\n\n".join(lines),), language=lang)]
