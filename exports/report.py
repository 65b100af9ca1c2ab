"""The club report (supervision, the annual report to the voivode): participants by art. 1(2)
group, in the programme, graduated with outcomes, left; readings done; average sphere scores at
entry against exit; attendance and the two-thirds rule where the schedule is kept.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from exports.chart import RadarSeries
from exports.periods import (
    Period,
    active_in,
    ended_in,
    in_programme_at_end,
    people_by_group,
    started_on,
)
from exports.schedule import ScheduleView, club_compliance_period
from exports.scores import scores_of
from exports.supervision import supervision
from exports.tabular import csv_bytes
from exports.words import label, show_date, translator
from questionnaires.model import SCORED_SPHERES
from storage.repos.enrolments import Enrolment
from storage.repos.exports import exports_of
from storage.repos.follow_ups import FOLLOW_UP_ANSWERS
from storage.repos.readings import Reading, ReadingKind
from storage.tx import Tx

FINISHED = ("graduated", "left")
NOT_TAKING_PART = ("declined",)
READING_KINDS: tuple[ReadingKind, ...] = ("entry", "midway", "exit", "follow_up")


@dataclass(frozen=True)
class Figure:
    """One figure: its section and code (for the CSV), its label and value."""

    section: str
    code: str
    label: str
    value: int | float | None


@dataclass(frozen=True)
class ScoreRow:
    """One sphere's averages among the people with both an entry and an exit reading."""

    sphere: str
    entry: float | None
    exit: float | None
    change: float | None


@dataclass(frozen=True)
class ReportDoc:
    """Everything the club report shows, in one language."""

    lang: str
    club: str
    period: str
    groups: tuple[Figure, ...]
    programme: tuple[Figure, ...]
    outcomes: tuple[Figure, ...]
    readings: tuple[tuple[str, int, int], ...]
    pairs: int
    scores: tuple[ScoreRow, ...]
    series: tuple[RadarSeries, ...]
    attendance: ScheduleView
    generated: str
    follow_ups: tuple[Figure, ...] = ()
    supervision: tuple[Figure, ...] = ()

    def figures(self) -> list[Figure]:
        """Every figure of the report, for the CSV."""
        t = translator(self.lang)
        found = [*self.groups, *self.programme, *self.outcomes, *self.follow_ups]
        for kind, own, staff in self.readings:
            found.append(Figure("readings_self", kind, t(f"doc.kind.{kind}"), own))
            found.append(Figure("readings_staff", kind, t(f"doc.kind.{kind}"), staff))
        found.append(Figure("scores", "pairs", t("doc.report.people"), self.pairs))
        for sphere, row in zip(SCORED_SPHERES, self.scores, strict=True):
            found.append(Figure("score_entry", sphere, row.sphere, row.entry))
            found.append(Figure("score_exit", sphere, row.sphere, row.exit))
            found.append(Figure("score_change", sphere, row.sphere, row.change))
        for index, r in enumerate(self.attendance.rows):
            value = int(r.value) if r.value.isdigit() else None
            found.append(Figure("attendance", str(index + 1), r.label, value))
        return [*found, *self.supervision]

    def csv(self) -> bytes:
        """The figures as CSV: section, code, label, value."""
        rows = [(f.section, f.code, f.label, f.value) for f in self.figures()]
        return csv_bytes(["section", "code", "label", "value"], rows)


def _period(
    enrolments: list[Enrolment], since: datetime | None, today: date, zone: ZoneInfo
) -> Period:
    """From since (else the first enrolment's start) to the report's last day."""
    if since is not None:
        first = since.astimezone(zone).date()
    else:
        first = min((started_on(e) for e in enrolments), default=today)
    return Period(min(first, today), today, zone)


def _average(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _points(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


async def build_report(
    tx: Tx,
    club_id: int | None,
    lang: str,
    today: date,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
) -> ReportDoc:
    """The report of a club (None: every club) for readings submitted in [since, until)."""
    t = translator(lang)
    repo = exports_of(tx)
    club = await tx.clubs.get(club_id) if club_id is not None else None
    zone = ZoneInfo(club.timezone if club else "Europe/Warsaw")
    enrolments = await tx.enrolments.of_club(club_id)
    period = _period(enrolments, since, today, zone)
    # People, groups and outcomes by the enrolments of the period, as the statutory report.
    active = [e for e in enrolments if active_in(e, period)]
    ended = [e for e in enrolments if ended_in(e, period)]
    active_ids = {e.participant_id for e in active}
    people = [p for p in await repo.participants(club_id) if p.id in active_ids]
    refused = {p.id for p in people if p.consent in ("declined", "withdrawn")}
    group_figures = tuple(
        Figure(
            "group",
            code,
            label(lang, "art12", code) if code != "none" else t("doc.report.no_group"),
            count,
        )
        for code, count in sorted(people_by_group(active).items(), key=lambda kv: (-kv[1], kv[0]))
    )
    running = {
        e.participant_id
        for e in active
        if in_programme_at_end(e, period) and e.participant_id not in refused
    }
    graduated = [e for e in ended if e.end_kind == "graduated"]
    programme = (
        Figure("programme", "total", t("doc.report.total"), len(people)),
        Figure("programme", "in_programme", t("doc.report.in_programme"), len(running)),
        Figure("programme", "graduated", t("doc.report.graduated"), len(graduated)),
        Figure(
            "programme",
            "left",
            t("doc.report.left"),
            sum(1 for e in ended if e.end_kind == "left"),
        ),
        Figure("programme", "declined", t("doc.report.declined"), len(refused)),
    )
    outcomes_count = Counter(e.outcome for e in graduated)
    outcomes = [
        Figure(
            "outcome",
            code or "none",
            label(lang, "outcome", code) if code else t("doc.report.no_outcome"),
            n,
        )
        for code, n in sorted(outcomes_count.items(), key=lambda kv: (-kv[1], kv[0] or ""))
    ]
    employed = sum(
        n for code, n in outcomes_count.items() if code and code.startswith("employment")
    )
    outcomes.append(Figure("outcome", "employment_total", t("doc.report.employment"), employed))
    own = await repo.submitted_readings(club_id, "participant", since=since, until=until)
    staff = await repo.submitted_readings(club_id, "staff", since=since, until=until)
    own_kinds, staff_kinds = Counter(r.kind for r in own), Counter(r.kind for r in staff)
    readings = tuple((k, own_kinds[k], staff_kinds[k]) for k in READING_KINDS)
    pairs, scores, series = await _averages(tx, lang, own)
    ids = [p.id for p in people]  # graduates and leavers had their weeks in the period too
    first = since.astimezone(zone).date() if since else None
    attendance = (
        await club_compliance_period(tx, club_id, ids, lang, first, today, zone.key)
        if club_id is not None
        else ScheduleView(available=False, note=t("doc.report.attendance_per_club"))
    )
    period_words = (
        t(
            "doc.report.period",
            since=show_date(since.astimezone(zone).date(), lang),
            until=show_date(today, lang),
        )
        if since
        else t("doc.report.period_all", until=show_date(today, lang))
    )
    return ReportDoc(
        lang=lang,
        club=club.name if club else t("doc.report.all_clubs"),
        period=period_words,
        groups=group_figures,
        programme=programme,
        outcomes=tuple(outcomes),
        readings=readings,
        pairs=pairs,
        scores=scores,
        series=series,
        attendance=attendance,
        generated=show_date(today, lang),
        follow_ups=await follow_up_figures(tx, club_id, lang, period),
        supervision=await supervision_figures(tx, club_id, lang, today, zone)
        if club_id is not None
        else (),
    )


async def supervision_figures(
    tx: Tx, club_id: int, lang: str, today: date, zone: ZoneInfo
) -> tuple[Figure, ...]:
    """How many people each supervision list holds at the report's last day (no names)."""
    t = translator(lang)
    found = await supervision(
        tx, club_id, datetime.combine(today + timedelta(days=1), time(), zone), today
    )
    return tuple(
        Figure(
            "supervision",
            section,
            t(f"doc.report.supervision.{section}", days=days),
            len(getattr(found, section)),
        )
        for section, days in (
            ("safety", 0),
            ("reviews_overdue", 0),
            ("no_plan", found.plan_days),
            ("quiet", found.quiet_days),
        )
    )


async def follow_up_figures(
    tx: Tx, club_id: int | None, lang: str, period: Period
) -> tuple[Figure, ...]:
    """Per follow-up month: questions asked in the period, answers given in it (in the bot or
    by phone), and each answer's count; the latest answer per enrolment and month counts."""
    t = translator(lang)
    follow = await tx.follow_ups.of_club(club_id)
    figures: list[Figure] = []
    for months in sorted({f.months for f in follow}):
        mine = [f for f in follow if f.months == months]
        asked = {
            f.enrolment_id
            for f in mine
            if f.channel == "bot" and f.asked_at is not None and period.contains(f.asked_at)
        }
        latest = {
            f.enrolment_id: f.answer
            for f in mine
            if f.answer and f.answered_at is not None and period.contains(f.answered_at)
        }
        code = f"{months}m"
        figures.append(
            Figure("follow_up", f"{code}_asked", t("doc.report.follow_up_asked", months=months),
                   len(asked))
        )  # fmt: skip
        figures.append(
            Figure("follow_up", f"{code}_answered",
                   t("doc.report.follow_up_answered", months=months), len(latest))
        )  # fmt: skip
        counts = Counter(latest.values())
        for answer in FOLLOW_UP_ANSWERS:
            figures.append(
                Figure("follow_up", f"{code}_{answer}",
                       t("doc.report.follow_up_answer", months=months,
                         answer=t(f"followup.answer.{answer}")), counts[answer])
            )  # fmt: skip
    return tuple(figures)


async def _averages(
    tx: Tx, lang: str, readings: list[Reading]
) -> tuple[int, tuple[ScoreRow, ...], tuple[RadarSeries, ...]]:
    """Per sphere: the average at entry and at exit of the people with both, and the change."""
    t = translator(lang)
    by_person: dict[int, dict[str, Reading]] = {}
    for r in readings:
        kinds = by_person.setdefault(r.participant_id, {})
        if r.kind == "entry":
            kinds.setdefault("entry", r)  # the first entry reading
        elif r.kind == "exit":
            kinds["exit"] = r  # the latest exit reading
    pairs = [(k["entry"], k["exit"]) for k in by_person.values() if "entry" in k and "exit" in k]
    scores = await scores_of(tx, [r for pair in pairs for r in pair])
    before: dict[str, list[float]] = {s: [] for s in SCORED_SPHERES}
    after: dict[str, list[float]] = {s: [] for s in SCORED_SPHERES}
    for entry, exit_ in pairs:
        p0, p1 = scores[entry.id], scores[exit_.id]
        for sphere in SCORED_SPHERES:
            s0, s1 = p0.spheres[sphere].score, p1.spheres[sphere].score
            if s0 is not None and s1 is not None:
                before[sphere].append(s0)
                after[sphere].append(s1)
    rows = []
    entry_values: dict[str, float | None] = {}
    exit_values: dict[str, float | None] = {}
    for sphere in SCORED_SPHERES:
        a0, a1 = _average(before[sphere]), _average(after[sphere])
        entry_values[sphere], exit_values[sphere] = a0, a1
        change = round(a1 - a0, 1) if a0 is not None and a1 is not None else None
        rows.append(ScoreRow(t(f"sphere.{sphere}"), _points(a0), _points(a1), change))
    series = (
        RadarSeries(t("doc.report.entry"), entry_values),
        RadarSeries(t("doc.report.exit"), exit_values),
    )
    return len(pairs), tuple(rows), series
