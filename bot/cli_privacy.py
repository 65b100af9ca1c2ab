"""`kisbot participant erase`, `kisbot privacy purge|dpia` and the club's controller details."""

from __future__ import annotations

from typing import Any

import click

from bot.cli_common import emit as _emit
from bot.cli_common import fail as _fail
from bot.cli_common import run_work as _run
from bot.cli_common import settings_of as _settings
from storage.db import open_database


def _erasing(ctx: click.Context, work: Any) -> Any:
    """work(tx, now) in one transaction; afterwards the freed space is overwritten."""
    from base.clock import SystemClock

    settings = _settings(ctx)

    async def go() -> Any:
        db = await open_database(settings.database)
        try:
            async with db.transaction() as tx:
                result = await work(tx, SystemClock().now())
            await db.scrub()
            return result
        finally:
            await db.close()

    return _run(go(), settings.database_setting)


def _lines(counts: dict[str, int]) -> list[str]:
    return [f"  {name.replace('_', ' ')}: {number}" for name, number in sorted(counts.items())]


@click.command("erase")
@click.option("--participant", "participant_id", type=int, required=True, help="Participant id.")
@click.option("--dry-run", is_flag=True, help="List what would go; change nothing.")
@click.option("--yes", is_flag=True, help="Do not ask before erasing.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def participant_erase(
    ctx: click.Context, participant_id: int, dry_run: bool, yes: bool, as_json: bool
) -> None:
    """Erase a participant (GDPR art. 17): what the club must keep stays, pseudonymised."""
    from storage.privacy.erasure import erase_participant

    if not (dry_run or yes):
        click.confirm(
            f"Erase participant {participant_id}? Names, answers, notes and messages go for good.",
            abort=True,
            err=True,
        )

    async def work(tx: Any, now: Any) -> Any:
        return await erase_participant(tx, participant_id, now, "cli", dry_run=dry_run)

    done = _erasing(ctx, work)
    if done is None:
        _fail([f"--participant: there is no participant {participant_id}"], 1)
    head = (
        f"Would erase participant {participant_id} (club {done.club_id}):"
        if dry_run
        else f"Erased participant {participant_id} (club {done.club_id}); kept as "
        f"P{participant_id} for the club's records:"
    )
    _emit(
        as_json,
        {"participant_id": participant_id, "dry_run": dry_run, "counts": done.counts},
        [head, *_lines(done.counts)],
    )


@click.group("privacy")
def privacy_group() -> None:
    """Retention and the data-protection impact assessment."""


@privacy_group.command("purge")
@click.option("--dry-run", is_flag=True, help="List who would be anonymised; change nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def privacy_purge(ctx: click.Context, dry_run: bool, as_json: bool) -> None:
    """Anonymise participants past their club's retention period (the bot does this daily)."""
    from storage.privacy.erasure import purge

    async def work(tx: Any, now: Any) -> Any:
        return await purge(tx, now, "cli", dry_run=dry_run)

    done = _erasing(ctx, work)
    ids = ", ".join(map(str, done.participants)) or "none"
    lines = (
        [f"Would anonymise {len(done.participants)} participant(s): {ids}"]
        if dry_run
        else [
            f"Anonymised {len(done.participants)} participant(s): {ids}",
            f"Forgot {done.messages} delivered message(s).",
        ]
    )
    _emit(
        as_json,
        {"dry_run": dry_run, "participants": done.participants, "messages": done.messages},
        lines,
    )


@click.command("privacy")
@click.argument("club_id", type=int)
@click.option("--legal-name", help="The club's legal name as data controller ('' unsets).")
@click.option("--address", help="The controller's postal address ('' unsets).")
@click.option("--contact", help="Data-protection contact: the DPO's e-mail or phone ('' unsets).")
@click.option(
    "--retention-months",
    type=click.IntRange(1, 240),
    help="Months after a participant's end before they are anonymised (default 60).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def club_privacy(
    ctx: click.Context,
    club_id: int,
    legal_name: str | None,
    address: str | None,
    contact: str | None,
    retention_months: int | None,
    as_json: bool,
) -> None:
    """Show or change the club's data-controller details and its retention period."""
    from base.clock import SystemClock
    from storage import club_rules
    from storage.privacy.controller import ControllerError, as_dict, set_controller

    given = {"legal_name": legal_name, "address": address, "contact": contact}
    changes = {k: v for k, v in given.items() if v is not None}

    async def work(tx: Any, now: Any) -> Any:
        club = await tx.clubs.get(club_id)
        if club is None:
            return None
        try:
            controller = await set_controller(tx, club_id, changes, "cli", SystemClock().now())
        except ControllerError as exc:
            return str(exc)
        if retention_months is not None:
            await club_rules.change(
                tx, club_id, club.kind, "retention_months", str(retention_months)
            )
            await tx.audit.record(
                now, "cli", "club.retention_set", club_id=club_id, detail=str(retention_months)
            )
        rules = await club_rules.rules_of(tx, club_id)
        return club, controller, rules.retention_months

    done = _erasing(ctx, work)
    if done is None:
        _fail([f"CLUB_ID: there is no club {club_id}"], 1)
    if isinstance(done, str):
        _fail([f"--{done.split(':')[0].replace('_', '-')}: {done.split(': ', 1)[1]}"])
    club, controller, months = done

    def show(value: str | None) -> str:
        return value or "(not set: participants see only the club's name)"

    _emit(
        as_json,
        {"club_id": club_id, **as_dict(controller), "retention_months": months},
        [
            f"{club.name}",
            f"data controller: {show(controller.legal_name)}",
            f"address: {show(controller.address)}",
            f"data-protection contact: {show(controller.contact)}",
            f"retention after a participant's end: {months} months",
        ],
    )


@privacy_group.command("dpia")
@click.option("-o", "output", required=True, help="File to write (.docx or .md).")
@click.option(
    "--format", "fmt", type=click.Choice(["md", "docx"]), help="Default: from the file's name."
)
@click.option("--language", type=click.Choice(["pl", "uk", "en"]), default="pl", show_default=True)
@click.pass_context
def privacy_dpia(ctx: click.Context, output: str, fmt: str | None, language: str) -> None:
    """A draft data-protection impact assessment filled from this deployment, for the DPO."""
    from zoneinfo import ZoneInfo

    from bot.cli_export import _work, _write
    from exports.dpia import Facts, build_dpia

    async def work(tx: Any, now: Any, settings: Any) -> Any:
        facts = Facts(
            invite_valid_days=settings.invite_valid_days,
            nudge_after_hours=settings.nudge_after_hours,
            api_url=settings.telegram_api_base_url,
            webhook=settings.webhook_secret is not None,
            log_level=settings.log_level,
            operators=len(settings.admin_ids),
        )
        today = now.astimezone(ZoneInfo(settings.timezone)).date()
        doc = await build_dpia(tx, facts, language, today)
        await tx.audit.record(now, "cli", "privacy.dpia", detail=language)
        return doc

    doc = _work(ctx, work)
    chosen = fmt or ("docx" if output.lower().endswith(".docx") else "md")
    _write(output, doc.docx() if chosen == "docx" else doc.markdown())
    click.echo(f"Written {output}: a draft for the club's data protection officer to complete.")


@click.command("specialism")
@click.option("--club", "club_id", type=int, required=True, help="Club id.")
@click.option("--staff", "staff_id", type=int, required=True, help="Staff member id (/team).")
@click.argument(
    "specialism",
    type=click.Choice(["social_worker", "psychologist", "career_counsellor", "other", "none"]),
)
@click.pass_context
def staff_specialism(ctx: click.Context, club_id: int, staff_id: int, specialism: str) -> None:
    """Confirm or correct a staff member's specialism (it decides who reads limited notes)."""
    from flows.staff.join import confirm_specialism

    async def work(tx: Any, now: Any) -> Any:
        chosen = None if specialism == "none" else specialism
        return await confirm_specialism(tx, club_id, staff_id, chosen, "cli", now)  # type: ignore[arg-type]  # click checked the choice

    member = _erasing(ctx, work)
    if member is None:
        _fail([f"--staff: there is no staff member {staff_id} in club {club_id}"], 1)
    click.echo(f"{member.display_name}: specialism {specialism}.")
