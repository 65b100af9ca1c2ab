"""`kisbot export attendance|benefit` (the month's attendance list and benefit statement) and
`kisbot club benefit` (the club's integration-benefit rule)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import click

from bot.cli import _emit, _fail, club
from bot.cli_export import LANGS, _work, _write, export_group

SHEET_FORMATS = click.Choice(["html", "docx", "csv"])


def _month(value: str) -> tuple[int, int]:
    from exports.periods import parse_month

    found = parse_month(value)
    if found is None:
        _fail([f"--month: {value!r} is not a month (YYYY-MM)"])
    return found


def _month_sheet(
    ctx: click.Context, which: str, club_id: int, month: str, fmt: str, lang: str, output: str
) -> None:
    from exports.attendance import attendance_sheet, benefit_sheet, month_data
    from exports.periods import month_period
    from exports.render import SheetFormat, sheet_bytes

    year, number = _month(month)

    async def work(tx: Any, now: datetime, settings: Any) -> Any:
        found = await tx.clubs.get(club_id)
        if found is None:
            return None
        zone = ZoneInfo(found.timezone)
        data = await month_data(tx, found, month_period(year, number, zone))
        today = now.astimezone(zone).date()
        build = attendance_sheet if which == "attendance" else benefit_sheet
        await tx.audit.record(
            now, "cli", f"export.{which}", club_id=club_id, detail=f"{month} {fmt}"
        )
        return build(data, lang, today)

    doc = _work(ctx, work)
    if doc is None:
        _fail([f"--club: there is no club {club_id} (see kisbot club create)"], 1)
    chosen: SheetFormat = "docx" if fmt == "docx" else "csv" if fmt == "csv" else "html"
    _write(output, sheet_bytes(doc, chosen))
    click.echo(f"Written {output}")


def _sheet_options(command: Any) -> Any:
    for option in reversed(
        (
            click.option("--club", "club_id", type=int, required=True, help="Club id."),
            click.option("--month", required=True, help="The month, YYYY-MM."),
            click.option("--format", "fmt", type=SHEET_FORMATS, default="html", show_default=True),
            click.option("--language", "lang", type=LANGS, default="pl", show_default=True),
            click.option("-o", "output", required=True, help="File to write."),
        )
    ):
        command = option(command)
    return command


@export_group.command("attendance")
@_sheet_options
@click.pass_context
def export_attendance(
    ctx: click.Context, club_id: int, month: str, fmt: str, lang: str, output: str
) -> None:
    """The month's attendance list per group of sessions (signature column) and a card per
    participant."""
    _month_sheet(ctx, "attendance", club_id, month, fmt, lang, output)


@export_group.command("benefit")
@_sheet_options
@click.pass_context
def export_benefit(
    ctx: click.Context, club_id: int, month: str, fmt: str, lang: str, output: str
) -> None:
    """The month's integration-benefit statement (CIS) under the club's rule."""
    _month_sheet(ctx, "benefit", club_id, month, fmt, lang, output)


_AMOUNT = re.compile(r"^\d{1,7}(?:[.,]\d{1,2})?$")


def _grosz(value: str) -> int | None:
    """'1694,30' or '1694.3' as grosz; 'off' as None."""
    text = value.strip().replace("\u00a0", "").replace(" ", "")
    if text.lower() == "off":
        return None
    if not _AMOUNT.match(text):
        _fail([f"--amount: {value!r} is not an amount in złoty (e.g. 1694,30) or 'off'"])
    whole, _, part = text.replace(",", ".").partition(".")
    return int(whole) * 100 + int((part + "00")[:2])


@club.command("benefit")
@click.argument("club_id", type=int)
@click.option("--amount", help="Full monthly benefit in złoty (e.g. 1694,30), or 'off'.")
@click.option(
    "--denominator", type=click.IntRange(1, 31), help="1/N off per day of unexcused absence."
)
@click.option("--limit", help="Unexcused days above which the month is lost, or 'off'.")
@click.option("--trial-percent", type=click.IntRange(0, 100), help="Share paid in a trial month.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def club_benefit(
    ctx: click.Context,
    club_id: int,
    amount: str | None,
    denominator: int | None,
    limit: str | None,
    trial_percent: int | None,
    as_json: bool,
) -> None:
    """Show or change a club's integration-benefit rule (defaults to verify: 1/20 per day,
    no benefit above 3 days, 50 % in the trial month)."""
    from exports.benefit import rule_of, set_rule, show_money

    limit_days: int | None = -1
    if limit is not None:
        if limit.strip().lower() == "off":
            limit_days = None
        elif limit.strip().isdigit() and int(limit) <= 31:
            limit_days = int(limit)
        else:
            _fail([f"--limit: {limit!r} is not a number of days (0-31) or 'off'"])
    grosz = _grosz(amount) if amount is not None else -1

    async def work(tx: Any, now: datetime, settings: Any) -> Any:
        if await tx.clubs.get(club_id) is None:
            return None
        rule = await rule_of(tx, club_id)
        changes: dict[str, Any] = {}
        if grosz != -1:
            changes["monthly_grosz"] = grosz
        if denominator is not None:
            changes["deduction_denominator"] = denominator
        if limit_days != -1:
            changes["unexcused_limit_days"] = limit_days
        if trial_percent is not None:
            changes["trial_percent"] = trial_percent
        if changes:
            rule = rule.model_copy(update=changes)
            await set_rule(tx, club_id, rule)
            await tx.audit.record(now, "cli", "club.benefit_rule", club_id=club_id)
        return rule

    rule = _work(ctx, work)
    if rule is None:
        _fail([f"CLUB_ID: there is no club {club_id}"], 1)
    _emit(
        as_json,
        rule.model_dump(),
        [
            "monthly amount: "
            + (
                f"{show_money(rule.monthly_grosz, 'pl')} zł"
                if rule.monthly_grosz is not None
                else "off"
            ),
            f"deduction per day of unexcused absence: 1/{rule.deduction_denominator}",
            "no benefit above: "
            + (
                f"{rule.unexcused_limit_days} days"
                if rule.unexcused_limit_days is not None
                else "off"
            ),
            f"trial month: {rule.trial_percent} %",
        ],
    )
