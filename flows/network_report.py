"""/report for a network's coordinator: the network's report for the year so far (counts per
club and in total, never a person's data), as HTML and Word, audit-logged."""

from __future__ import annotations

from datetime import date
from functools import partial
from zoneinfo import ZoneInfo

from base.i18n import Text
from exports.network import network_sheet
from exports.periods import Period
from exports.render import sheet_bytes
from flows import flow
from flows.context import FlowContext
from flows.flow import Step
from flows.later import export
from flows.reply import Document, Reply
from storage.repos.networks import Network


async def coordinator_report(step: Step) -> list[Reply]:
    """The reports of the networks this account coordinates; not available to anyone else."""
    ctx, actor, lang = step.ctx, step.actor, step.lang
    networks = await ctx.tx.networks.networks_of(actor.telegram_id)
    if not networks:
        return flow.not_available(lang)
    zone = ZoneInfo(ctx.settings.timezone)
    today = ctx.now.astimezone(zone).date()
    period = Period(date(today.year, 1, 1), today, zone)
    for network in networks:
        await ctx.tx.audit.record(
            ctx.now, actor.audit_name, "export.network_report", detail=str(network.id)
        )

    # Read and drawn after the commit, in the export worker process (flows/later.export).
    return [export(ctx, lang, _sheets, networks, period, lang, today)]


async def _sheets(
    ctx: FlowContext, networks: list[Network], period: Period, lang: str, today: date
) -> list[Reply]:
    replies: list[Reply] = []
    for network in networks:
        sheet = await network_sheet(ctx.tx, network, period, lang, today)
        replies += [
            Document(
                filename=f"network-{network.id}-{today.year}.{fmt}",
                content=partial(sheet_bytes, sheet, fmt),
                caption=(Text("network.report_caption", {"network": network.name}),),
                language=lang,
            )
            for fmt in ("html", "docx")
        ]
    return replies
