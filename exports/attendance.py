"""The month's attendance of a club: the printable list per group of sessions with a signature
column, a card per participant (hours by activity kind, the two-thirds share, absences by kind),
and the CIS integration-benefit statement computed from the same records."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from zoneinfo import ZoneInfo

from exports.benefit import (
    BenefitRule,
    benefit_for_month,
    rule_of,
    show_money,
    show_share,
    trial_share,
)
from exports.formats import formats, shown_hours
from exports.periods import Period, active_in, started_on, trial_last_day
from exports.sheet import Section, Sheet, Table
from exports.two_thirds import percent
from exports.words import show_date, translator
from questionnaires.bundled import catalogue
from storage.club_rules import rules_of
from storage.repos.attendance import AttendanceRecord, counts_as_there
from storage.repos.clubs import Club
from storage.tx import Tx


@dataclass(frozen=True)
class MonthData:
    """What the attendance documents of one club and month are made from."""

    club: Club
    period: Period
    records: tuple[AttendanceRecord, ...]
    rule: BenefitRule
    # Per participant with a day of their trial period in the month (CIS benefit): the days
    # of the month in the trial period, and the month's days in the programme.
    on_trial: Mapping[int, tuple[int, int]]


def _days(first: date, last: date) -> int:
    return max(0, (last - first).days + 1)


async def month_data(tx: Tx, club: Club, period: Period) -> MonthData:
    """Read the month's records, the club's benefit rule and who is on trial in the month."""
    records = await tx.attendance.in_period(club.id, period.start, period.end)
    trial_months = (await rules_of(tx, club.id)).trial_months
    on_trial: dict[int, tuple[int, int]] = {}
    for enrolment in await tx.enrolments.of_club(club.id):
        last = trial_last_day(enrolment, trial_months)
        if last is None or last < period.first or not active_in(enrolment, period):
            continue
        first = max(started_on(enrolment), period.first)
        end = min(enrolment.ended_on or period.last, period.last)
        trial, days = on_trial.get(enrolment.participant_id, (0, 0))
        on_trial[enrolment.participant_id] = (
            trial + _days(first, min(last, end)),
            days + _days(first, end),
        )
    rule = await rule_of(tx, club.id)
    return MonthData(club, period, tuple(records), rule, on_trial)


def kind_name(lang: str, kind: str) -> str:
    """An activity kind in words (as stored when the catalogue no longer has it)."""
    found = catalogue().activity_kind(kind)
    return found.name.get(lang) or found.name.get("pl") or kind if found else kind


def _code(lang: str, record: AttendanceRecord) -> str:
    t = translator(lang)
    return t(f"att.code.{record.presence}") if record.presence else t("att.code.unmarked")


def _header_lines(lang: str, data: MonthData) -> tuple[str, ...]:
    t = translator(lang)
    return (
        data.club.name,
        t(
            "att.month",
            since=show_date(data.period.first, lang),
            until=show_date(data.period.last, lang),
        ),
    )


def attendance_sheet(data: MonthData, lang: str, today: date) -> Sheet:
    """The monthly attendance list per group of sessions, then a card per participant."""
    t = translator(lang)
    zone = data.period.zone
    groups: dict[tuple[str, str], list[AttendanceRecord]] = defaultdict(list)
    for r in data.records:
        groups[(r.kind, r.title)].append(r)
    sections: list[Section] = []
    for (kind, title), records in groups.items():
        sessions = sorted({(r.starts_at, r.session_id) for r in records})
        names = sorted({(r.display_name, r.participant_id) for r in records})
        cells = {(r.session_id, r.participant_id): r for r in records}
        header = (
            t("att.col.number"),
            t("att.col.participant"),
            *(s.astimezone(zone).strftime("%d.%m %H:%M") for s, _ in sessions),
            t("att.col.hours"),
            t("att.col.signature"),
        )
        rows = []
        for index, (name, pid) in enumerate(names, start=1):
            marks = [cells.get((sid, pid)) for _, sid in sessions]
            minutes = sum(m.minutes for m in marks if m is not None)
            rows.append(
                (
                    str(index),
                    name,
                    *(_code(lang, m) if m else "–" for m in marks),
                    formats(lang).hours(minutes),
                    "",
                )
            )
        sections.append(
            Section(
                t("att.group", title=title, kind=kind_name(lang, kind)),
                notes=(t("att.legend"),) if not sections else (),
                tables=(Table(header, tuple(rows), numeric=2, signature=True),),
                new_page=bool(sections),
            )
        )
    if not sections:
        sections.append(Section(t("att.title"), notes=(t("att.none"),)))
    by_person: dict[int, list[AttendanceRecord]] = defaultdict(list)
    for r in data.records:
        by_person[r.participant_id].append(r)
    ordered = sorted(by_person.items(), key=lambda kv: (kv[1][0].display_name, kv[0]))
    for index, (_, records) in enumerate(ordered):
        sections.append(_card(lang, records, zone, first=index == 0))
    return Sheet(
        lang=lang,
        title=t("att.title"),
        lines=_header_lines(lang, data),
        sections=tuple(sections),
        generated=show_date(today, lang),
        landscape=True,
        signatures=(t("att.sign.leader"),),
    )


def _card(lang: str, records: list[AttendanceRecord], zone: ZoneInfo, *, first: bool) -> Section:
    """One participant's month: hours by activity kind, the two-thirds share, absences."""
    t = translator(lang)
    kinds = catalogue()
    minutes_by_kind: dict[str, int] = defaultdict(int)
    sessions_by_kind: dict[str, int] = defaultdict(int)
    total = reintegration = 0
    for r in records:
        if counts_as_there(r.presence):
            minutes_by_kind[r.kind] += r.minutes
            sessions_by_kind[r.kind] += 1
            total += r.minutes
            kind = kinds.activity_kind(r.kind)
            reintegration += r.minutes if kind is not None and kind.reintegration else 0
    by_kind = Table(
        (t("att.col.kind"), t("att.col.sessions"), t("att.col.hours")),
        (
            *(
                (kind_name(lang, k), str(sessions_by_kind[k]), formats(lang).hours(m))
                for k, m in sorted(minutes_by_kind.items(), key=lambda kv: -kv[1])
            ),
            (t("att.total"), str(sum(sessions_by_kind.values())), formats(lang).hours(total)),
        ),
    )
    counts = {p: sum(1 for r in records if r.presence == p) for p in ("late", "excused")}
    unexcused = sum(1 for r in records if r.presence == "unexcused")
    unmarked = sum(1 for r in records if r.presence is None)
    absences = Table(
        (t("att.col.absence"), t("att.col.count")),
        (
            (t("att.presence.late"), str(counts["late"])),
            (t("att.presence.excused"), str(counts["excused"])),
            (t("att.presence.unexcused"), str(unexcused)),
            (t("att.presence.unmarked"), str(unmarked)),
        ),
    )
    excused = tuple(
        (r.starts_at.astimezone(zone).strftime("%d.%m.%Y"), r.title, r.absence_reason or "")
        for r in records
        if r.presence == "excused"
    )
    tables = [by_kind, absences]
    if excused:
        tables.append(
            Table((t("att.col.date"), t("att.col.session"), t("att.col.reason")), excused, 9)
        )
    share = t(
        "att.share",
        part=formats(lang).hours(reintegration),
        hours=formats(lang).hours(total),
        percent=percent(reintegration, total),
        count=shown_hours(total),  # "hours" agrees with the total as shown (1,5 godziny)
    )
    kept = reintegration * 3 >= total * 2
    verdict = t("att.share_ok" if kept else "att.share_below") if total else ""
    return Section(
        t("att.card", name=records[0].display_name),
        notes=tuple(n for n in (share, verdict) if n),
        tables=tuple(tables),
        new_page=first,
    )


@dataclass(frozen=True)
class BenefitLine:
    """One participant's month under the benefit rule."""

    participant_id: int
    name: str
    days_present: int
    minutes: int
    unexcused_days: int
    trial: Fraction  # the share of the month that counts as trial (benefit.trial_share)
    trial_days: int = 0
    programme_days: int = 0


def benefit_lines(data: MonthData) -> list[BenefitLine]:
    """Per participant with records in the month: days and hours present, unexcused days
    (a calendar day with any unexcused absence counts once), and how much of the month is
    in the trial period under the club's rule."""
    zone = data.period.zone
    present: dict[int, set[date]] = defaultdict(set)
    unexcused: dict[int, set[date]] = defaultdict(set)
    minutes: dict[int, int] = defaultdict(int)
    names: dict[int, str] = {}
    for r in data.records:
        names[r.participant_id] = r.display_name
        day = r.starts_at.astimezone(zone).date()
        if counts_as_there(r.presence):
            present[r.participant_id].add(day)
            minutes[r.participant_id] += r.minutes
        elif r.presence == "unexcused":
            unexcused[r.participant_id].add(day)
    lines = []
    for pid, name in sorted(names.items(), key=lambda kv: (kv[1], kv[0])):
        trial_days, programme_days = data.on_trial.get(pid, (0, 0))
        lines.append(
            BenefitLine(
                pid,
                name,
                len(present[pid]),
                minutes[pid],
                len(unexcused[pid]),
                trial_share(data.rule, trial_days, programme_days),
                trial_days,
                programme_days,
            )
        )
    return lines


def _trial_cell(lang: str, line: BenefitLine) -> str:
    """Empty, "yes" for a whole trial month, or "14 of 28 days" for a part of one."""
    if line.trial == 0:
        return ""
    if line.trial == 1:
        return translator(lang)("att.yes")
    return translator(lang)("att.trial_part", days=line.trial_days, count=line.programme_days)


def benefit_sheet(data: MonthData, lang: str, today: date) -> Sheet:
    """The month's integration-benefit statement, one row per participant."""
    t = translator(lang)
    rule = data.rule
    rows = []
    for line in benefit_lines(data):
        result = benefit_for_month(rule, line.unexcused_days, line.trial)
        rows.append(
            (
                line.name,
                str(line.days_present),
                formats(lang).hours(line.minutes),
                str(line.unexcused_days),
                _trial_cell(lang, line),
                t("att.lost") if result.lost else show_share(result.share_of_full, lang),
                show_money(result.base_grosz, lang),
                show_money(result.deduction_grosz, lang),
                show_money(result.due_grosz, lang),
                "",
            )
        )
    header = (
        t("att.col.participant"),
        t("att.col.days"),
        t("att.col.hours"),
        t("att.col.unexcused_days"),
        t("att.col.trial"),
        t("att.col.share"),
        t("att.col.base"),
        t("att.col.deduction"),
        t("att.col.due"),
        t("att.col.signature"),
    )
    limit = (
        t("att.rule.limit", days=rule.unexcused_limit_days)
        if rule.unexcused_limit_days is not None
        else t("att.rule.no_limit")
    )
    notes = [
        t(
            "att.rule",
            denominator=rule.deduction_denominator,
            trial=rule.trial_percent,
        ),
        limit,
        t("att.rule.trial_days" if rule.trial_by_days else "att.rule.trial_month"),
        t("att.rule.amount", amount=show_money(rule.monthly_grosz, lang))
        if rule.monthly_grosz is not None
        else t("att.rule.no_amount"),
        t("att.rule.verify"),
    ]
    if data.club.kind != "CIS":
        notes.insert(0, t("att.rule.not_cis"))
    return Sheet(
        lang=lang,
        title=t("att.benefit.title"),
        lines=_header_lines(lang, data),
        sections=(
            Section(
                t("att.benefit.heading"),
                notes=tuple(notes),
                tables=(Table(header, tuple(rows), numeric=1, signature=True),) if rows else (),
            ),
        ),
        generated=show_date(today, lang),
        landscape=True,
        signatures=(t("att.sign.leader"), t("att.sign.accountant")),
    )
