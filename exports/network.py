"""The report of a network of clubs for its coordinator: the clubs' figures added up and a
comparison of the clubs, in counts only; no name, id or answer of a person appears in it."""

from __future__ import annotations

from collections import Counter
from datetime import date
from zoneinfo import ZoneInfo

from exports.attendance import kind_name
from exports.evaluation import evaluate
from exports.figures import ClubFigures, club_figures
from exports.formats import formats
from exports.periods import Period
from exports.sheet import Bar, Section, Sheet, Table
from exports.small_counts import network_threshold
from exports.statutory import counted, evaluation_notes, evaluation_tables, group_label
from exports.words import show_date, translator
from storage.repos.networks import Network
from storage.tx import Tx

NETWORK_ZONE = ZoneInfo("Europe/Warsaw")


def _sum(figures: list[ClubFigures], field: str) -> int:
    return sum(int(getattr(f, field)) for f in figures)


def _counter(figures: list[ClubFigures], field: str) -> Counter[str]:
    total: Counter[str] = Counter()
    for f in figures:
        total.update(getattr(f, field))
    return total


def attendance_rate(f: ClubFigures) -> int | None:
    """Present or late among recorded attendances, whole percent; None with none recorded."""
    marked = sum(n for p, n in f.presence.items() if p != "none")
    there = f.presence.get("present", 0) + f.presence.get("late", 0)
    return there * 100 // marked if marked else None


def improved_share(f: ClubFigures) -> int | None:
    """Of the self-assessment sphere scores compared entry to exit, the whole percent improved."""
    scores = [c for c in f.evaluation.changes if c.measure == "self_score"]
    compared = sum(c.people for c in scores)
    return sum(c.improved for c in scores) * 100 // compared if compared else None


async def network_sheet(tx: Tx, network: Network, period: Period, lang: str, today: date) -> Sheet:
    """The network's report for the period."""
    t = translator(lang)
    fmt = formats(lang)
    club_ids = await tx.networks.club_ids(network.id)
    figures = [await club_figures(tx, club_id, period) for club_id in club_ids]
    small = await network_threshold(tx, club_ids)
    show = small.show
    total_minutes = Counter[str]()
    for f in figures:
        for kind, d in f.dose.items():
            total_minutes[kind] += d.attended_minutes
    groups = _counter(figures, "groups")
    summary = Table(
        (t("stat.col.item"), t("stat.col.count")),
        (
            (t("net.clubs"), str(len(figures))),
            (t("stat.people"), show(_sum(figures, "people"))),
            (t("stat.admitted"), show(_sum(figures, "admitted"))),
            (t("stat.graduated"), show(_sum(figures, "graduated"))),
            (t("stat.employed"), show(sum(f.employed for f in figures))),
            (t("stat.left"), show(_sum(figures, "left"))),
            (t("stat.at_end"), show(_sum(figures, "at_end"))),
            (t("stat.col.participant_hours"), fmt.hours(sum(total_minutes.values()))),
        ),
    )
    comparison = Table(
        (
            t("net.club"),
            t("net.kind"),
            t("stat.people"),
            t("stat.admitted"),
            t("stat.graduated"),
            t("stat.employed"),
            t("stat.left"),
            t("stat.col.participant_hours"),
            t("net.attendance_rate"),
            t("net.improved"),
        ),
        tuple(
            (
                f.club,
                f.kind,
                show(f.people),
                show(f.admitted),
                show(f.graduated),
                show(f.employed),
                show(f.left),
                # One or two people's hours and shares would be theirs: withheld.
                "" if small.hides(f.people) else fmt.hours(_attended(f)),
                "" if small.hides(f.people) else _percent(attendance_rate(f)),
                "" if small.hides(f.people) else _percent(improved_share(f)),
            )
            for f in figures
        ),
        numeric=2,
    )
    ev = await evaluate(tx, club_ids, period)
    dose_rows = []
    for kind in sorted(total_minutes, key=lambda k: -total_minutes[k]):
        doses = [f.dose[kind] for f in figures if kind in f.dose]
        people = sum(d.people for d in doses)
        dose_rows.append(
            (
                kind_name(lang, kind),
                str(sum(d.sessions for d in doses)),
                fmt.hours(sum(d.session_minutes for d in doses)),
                show(people),
                # The hours of one or two people would be theirs: withheld.
                "" if small.hides(people) else fmt.hours(total_minutes[kind]),
            )
        )
    dose_header = (
        t("att.col.kind"),
        t("stat.col.sessions"),
        t("stat.col.session_hours"),
        t("stat.col.participants"),
        t("stat.col.participant_hours"),
    )
    sections = (
        Section(
            t("net.s.summary"),
            notes=(t("net.privacy"), t("net.small_counts", below=small.below)),
            tables=(summary,),
        ),
        Section(
            t("net.s.comparison"),
            tables=(comparison,),
            bars=tuple(Bar(f.club, f.people) for f in figures if not small.hides(f.people)),
        ),
        Section(
            t("stat.s.participants"),
            notes=(t("stat.groups_note"),),
            tables=(
                Table(
                    (t("stat.col.group"), t("stat.col.count")),
                    tuple(
                        (group_label(lang, code), show(n))
                        for code, n in sorted(groups.items(), key=lambda kv: (-kv[1], kv[0]))
                    ),
                ),
            ),
        ),
        Section(
            t("stat.s.effects"),
            tables=(
                Table(
                    (t("stat.col.outcome"), t("stat.col.count")),
                    counted(lang, "outcome", _counter(figures, "outcomes"), show),
                ),
                Table(
                    (t("stat.col.leaving"), t("stat.col.count")),
                    counted(lang, "rep.leaving", _counter(figures, "leaving"), show),
                ),
                Table(
                    (t("stat.col.follow_up"), t("stat.col.count")),
                    counted(lang, "rep.follow", _counter(figures, "follow_ups"), show),
                ),
            ),
        ),
        Section(t("stat.s.activities"), tables=(Table(dose_header, tuple(dose_rows)),)),
        Section(
            t("stat.s.evaluation"),
            notes=(*evaluation_notes(lang, ev, small), t("doc.advice")),
            tables=evaluation_tables(lang, ev, small),
        ),
    )
    return Sheet(
        lang=lang,
        title=t("net.title"),
        lines=(
            network.name,
            t(
                "stat.period",
                since=show_date(period.first, lang),
                until=show_date(period.last, lang),
            ),
        ),
        sections=sections,
        generated=show_date(today, lang),
        landscape=True,
    )


def _attended(f: ClubFigures) -> int:
    return sum(d.attended_minutes for d in f.dose.values())


def _percent(value: int | None) -> str:
    return "" if value is None else f"{value}%"
