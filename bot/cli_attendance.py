"""`kisbot export attendance|benefit` (the month's attendance list and benefit statement) and
`kisbot club benefit` (the club's integration-benefit rule)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import click

from bot.cli_common import club
from bot.cli_common import emit as _emit
from bot.cli_common import fail as _fail
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


def _grosz(value: str) -> int | None:
    """'1694,30' or '1694.3' as grosz; 'off' as None."""
    from exports.benefit import parse_amount

    if value.strip().lower() == "off":
        return None
    grosz = parse_amount(value)
    if grosz is None:
        _fail([f"--amount: {value!r} is not an amount in złoty (e.g. 1694,30) or 'off'"])
    return grosz


@club.command("benefit")
@click.argument("club_id", type=int)
@click.option("--amount", help="Full monthly benefit in złoty (e.g. 1694,30), or 'off'.")
@click.option(
    "--denominator", type=click.IntRange(1, 31), help="1/N off per day of unexcused absence."
)
@click.option("--limit", help="Unexcused days above which the month is lost, or 'off'.")
@click.option("--trial-percent", type=click.IntRange(0, 100), help="Share paid in a trial month.")
@click.option(
    "--trial-rule",
    type=click.Choice(["days", "month"]),
    help="A month partly in the trial period: trial share for its trial days (days, the "
    "default) or for the whole month (month).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def club_benefit(
    ctx: click.Context,
    club_id: int,
    amount: str | None,
    denominator: int | None,
    limit: str | None,
    trial_percent: int | None,
    trial_rule: str | None,
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
        if trial_rule is not None:
            changes["trial_by_days"] = trial_rule == "days"
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
            "a month partly on trial: "
            + ("trial share for its trial days" if rule.trial_by_days else "a whole trial month"),
        ],
    )


@click.group("network")
def network_group() -> None:
    """Networks of clubs: a coordinator sees their aggregated figures, never a person."""


@network_group.command("create")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def network_create(ctx: click.Context, name: str, as_json: bool) -> None:
    """Create a network of clubs."""
    from base.clean import clean_line

    cleaned = clean_line(name)
    if not cleaned or len(cleaned) > 120:
        _fail(["NAME: give the network a name of 1 to 120 characters"])

    async def work(tx: Any, now: datetime, settings: Any) -> Any:
        made = await tx.networks.create(cleaned, now)
        await tx.audit.record(now, "cli", "network.created", detail=str(made.id))
        return made

    made = _work(ctx, work)
    _emit(as_json, made.model_dump(), [f"Network {made.id} created: {made.name}"])


@network_group.command("add-club")
@click.option("--network", "network_id", type=int, required=True, help="Network id.")
@click.option("--club", "club_id", type=int, required=True, help="Club id.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def network_add_club(ctx: click.Context, network_id: int, club_id: int, as_json: bool) -> None:
    """Put a club in a network."""

    async def work(tx: Any, now: datetime, settings: Any) -> Any:
        if await tx.networks.get(network_id) is None:
            return "--network"
        if await tx.clubs.get(club_id) is None:
            return "--club"
        added = await tx.networks.add_club(network_id, club_id, now)
        if added:
            await tx.audit.record(
                now, "cli", "network.club_added", club_id=club_id, detail=str(network_id)
            )
        return {"network_id": network_id, "club_id": club_id, "added": added}

    done = _work(ctx, work)
    if done == "--network":
        _fail([f"--network: there is no network {network_id} (see kisbot network create)"], 1)
    if done == "--club":
        _fail([f"--club: there is no club {club_id} (see kisbot club create)"], 1)
    state = "added to" if done["added"] else "already in"
    _emit(as_json, done, [f"Club {club_id} {state} network {network_id}"])


@network_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def network_list(ctx: click.Context, as_json: bool) -> None:
    """The networks and their clubs."""

    async def work(tx: Any, now: datetime, settings: Any) -> Any:
        return [
            {"id": n.id, "name": n.name, "clubs": await tx.networks.club_ids(n.id)}
            for n in await tx.networks.all()
        ]

    found = _work(ctx, work)
    _emit(
        as_json,
        {"networks": found},
        [
            f"{n['id']}: {n['name']} (clubs {', '.join(map(str, n['clubs'])) or 'none'})"
            for n in found
        ]
        or ["No networks (see kisbot network create)"],
    )


@network_group.command("invite")
@click.option("--network", "network_id", type=int, required=True, help="Network id.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def network_invite(ctx: click.Context, network_id: int, as_json: bool) -> None:
    """A single-use, expiring invite link for the network's coordinator."""
    from datetime import timedelta

    from flows.invites import hash_code, invite_link, new_code

    async def work(tx: Any, now: datetime, settings: Any) -> Any:
        if await tx.networks.get(network_id) is None:
            return None
        code = new_code()
        expires = now + timedelta(days=settings.invite_valid_days)
        await tx.networks.add_invite(hash_code(code), network_id, now, expires)
        await tx.audit.record(now, "cli", "network.invite", detail=str(network_id))
        return code, expires, await tx.meta.get("bot_username")

    made = _work(ctx, work)
    if made is None:
        _fail([f"--network: there is no network {network_id} (see kisbot network create)"], 1)
    code, expires, username = made
    link = invite_link(username, code) if username else None
    lines = [
        f"Link: {link}"
        if link
        else f"Code: {code} (start the bot once so the link can name it: "
        f"https://t.me/<bot username>?start={code})",
        f"Coordinator of network {network_id}. Single use, valid until "
        f"{expires:%d.%m.%Y %H:%M} UTC.",
    ]
    data = {"network_id": network_id, "code": code, "link": link, "expires_at": expires.isoformat()}
    _emit(as_json, data, lines)


@click.group("report")
def report_group() -> None:
    """Figures of the annual report that kisbot cannot know, entered before the report."""


@report_group.command("input")
@click.option("--club", "club_id", type=int, required=True, help="Club id.")
@click.option("--year", type=click.IntRange(2000, 2100), required=True, help="Report year.")
@click.argument("values", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def report_input(
    ctx: click.Context, club_id: int, year: int, values: tuple[str, ...], as_json: bool
) -> None:
    """Show or enter figures, e.g. grant_received=120000 staff_basis='umowa o pracę';
    CODE= (empty) removes one. Codes: staff_working_time, staff_basis, grant_source,
    grant_received, grant_spent, grant_returned, own_funds, activities_note."""
    from base.clean import clean_block
    from exports.statutory import INPUT_CODES

    changes: list[tuple[str, str]] = []
    for given in values:
        code, sep, value = given.partition("=")
        if not sep or code not in INPUT_CODES:
            _fail([f"VALUES: {given!r}: use CODE=VALUE with a code of {', '.join(INPUT_CODES)}"])
        cleaned = clean_block(value)
        if len(cleaned) > 1000:
            _fail([f"VALUES: {code}: at most 1000 characters"])
        changes.append((code, cleaned))

    async def work(tx: Any, now: datetime, settings: Any) -> Any:
        if await tx.clubs.get(club_id) is None:
            return None
        for code, value in changes:
            if value:
                await tx.report_inputs.set(club_id, year, code, value, "cli", now)
            else:
                await tx.report_inputs.clear(club_id, year, code)
        if changes:
            await tx.audit.record(
                now, "cli", "report.input", club_id=club_id, detail=f"{year}: {len(changes)}"
            )
        return await tx.report_inputs.of_year(club_id, year)

    entered = _work(ctx, work)
    if entered is None:
        _fail([f"--club: there is no club {club_id} (see kisbot club create)"], 1)
    _emit(
        as_json,
        {"club_id": club_id, "year": year, "values": entered},
        [f"{code}: {entered.get(code, '(to complete by hand)')}" for code in INPUT_CODES],
    )
