"""The annual report of a KIS (art. 18a(6) of the social employment act) and its CIS variant:
every figure kisbot knows for the calendar year, and the ones it cannot know (working time and
basis of employment of the staff, the grant settlement) as a leader entered them beforehand, or
framed for completion by hand."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from zoneinfo import ZoneInfo

from exports.attendance import benefit_lines, kind_name, month_data
from exports.benefit import benefit_for_month, show_money
from exports.evaluation import Evaluation
from exports.figures import ClubFigures, club_figures
from exports.formats import formats
from exports.periods import month_period, year_period
from exports.sheet import Bar, Section, Sheet, Table
from exports.small_counts import SmallCounts
from exports.words import label, show_date, translator
from storage.repos.clubs import Club
from storage.tx import Tx

# Figures only a person can give, entered with `kisbot report input` (or in the bot).
STAFF_INPUTS = ("staff_working_time", "staff_basis")
GRANT_INPUTS = ("grant_source", "grant_received", "grant_spent", "grant_returned", "own_funds")
INPUT_CODES = (*STAFF_INPUTS, *GRANT_INPUTS, "activities_note")
ITEM_STATUSES = ("planned", "in_progress", "done", "dropped")


def _inputs(
    lang: str, codes: tuple[str, ...], entered: dict[str, str]
) -> tuple[Table, tuple[str, ...]]:
    """Entered figures as a table; the missing ones as sentences to complete by hand."""
    t = translator(lang)
    rows = tuple((t(f"stat.input.{c}"), entered[c]) for c in codes if entered.get(c))
    missing = tuple(
        t("stat.complete", what=t(f"stat.input.{c}")) for c in codes if not entered.get(c)
    )
    return Table((t("stat.col.item"), t("stat.col.value")), rows, numeric=9), missing


def evaluation_tables(
    lang: str, ev: Evaluation, small: SmallCounts | None = None
) -> tuple[Table, ...]:
    """Per sphere and measure, then per deficit: people, averages, improved / same / worse
    (with small: small counts hidden, and the averages of so few people withheld)."""
    t = translator(lang)
    show = small.show if small else str
    fmt = formats(lang)
    header = (
        t("stat.col.subject"),
        t("stat.col.measure"),
        t("stat.col.people"),
        t("stat.col.entry"),
        t("stat.col.exit"),
        t("stat.col.improved"),
        t("stat.col.same"),
        t("stat.col.worse"),
    )
    rows = []
    for c in ev.changes:
        subject = (
            t(f"sphere.{c.subject}") if c.measure != "deficit" else t(f"stat.deficit.{c.subject}")
        )
        few = small is not None and small.hides(c.people)
        rows.append(
            (
                subject,
                t(f"stat.measure.{c.measure}"),
                show(c.people),
                "" if few else fmt.number(c.entry, 1),
                "" if few else fmt.number(c.exit, 1),
                show(c.improved),
                show(c.same),
                show(c.worse),
            )
        )
    return (Table(header, tuple(rows), numeric=2),)


def evaluation_notes(
    lang: str, ev: Evaluation, small: SmallCounts | None = None
) -> tuple[str, ...]:
    """How many pairs the figures rest on, and the warning about single readings."""
    t = translator(lang)
    show = small.show if small else str
    notes = [t("stat.pairs", own=show(ev.pairs_self), staff=show(ev.pairs_staff))]
    if ev.entry_only_self or ev.entry_only_staff:
        notes.append(
            t(
                "stat.one_reading",
                own=show(ev.entry_only_self),
                staff=show(ev.entry_only_staff),
            )
        )
    return tuple(notes)


def programme_table(lang: str, f: ClubFigures) -> Table:
    """People in the programme in the period, admitted, ended, still in at its end."""
    t = translator(lang)
    return Table(
        (t("stat.col.item"), t("stat.col.count")),
        (
            (t("stat.people"), str(f.people)),
            (t("stat.admitted"), str(f.admitted)),
            (t("stat.graduated"), str(f.graduated)),
            (t("stat.left"), str(f.left)),
            (t("stat.at_end"), str(f.at_end)),
        ),
    )


def group_label(lang: str, code: str) -> str:
    """An art. 1(2) group in words ("none" for people without one)."""
    return translator(lang)("stat.no_group") if code == "none" else label(lang, "art12", code)


def counted(
    lang: str, prefix: str, counts: Mapping[str, int], show: Callable[[int], str] = str
) -> tuple[tuple[str, str], ...]:
    """Codes in words with their counts, most first."""
    return tuple(
        (label(lang, prefix, code) if code != "none" else "—", show(n))
        for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )


def dose_table(lang: str, f: ClubFigures) -> Table:
    """Sessions, hours and participant-hours by activity kind."""
    t = translator(lang)
    fmt = formats(lang)
    rows = tuple(
        (
            kind_name(lang, kind),
            str(d.sessions),
            fmt.hours(d.session_minutes),
            str(d.people),
            fmt.hours(d.attended_minutes),
        )
        for kind, d in sorted(f.dose.items(), key=lambda kv: -kv[1].attended_minutes)
    )
    return Table(
        (
            t("att.col.kind"),
            t("stat.col.sessions"),
            t("stat.col.session_hours"),
            t("stat.col.participants"),
            t("stat.col.participant_hours"),
        ),
        rows,
    )


def _status_table(
    lang: str, first: str, counts: Mapping[str, Mapping[str, int]], words: bool
) -> Table:
    t = translator(lang)
    rows = tuple(
        (
            t(f"sphere.{key}") if words else key,
            *(str(c.get(s, 0)) for s in ITEM_STATUSES),
        )
        for key, c in sorted(counts.items())
    )
    return Table((first, *(t(f"stat.item.{s}") for s in ITEM_STATUSES)), rows)


async def _benefit_year(tx: Tx, club: Club, year: int, lang: str) -> Section:
    """A CIS's year of integration benefit: participant-months, deductions, amounts due."""
    t = translator(lang)
    zone = _zone(club)
    months = base = deduction = due = lost = 0
    for month in range(1, 13):
        data = await month_data(tx, club, month_period(year, month, zone))
        for line in benefit_lines(data):
            result = benefit_for_month(data.rule, line.unexcused_days, line.trial)
            months += 1
            lost += int(result.lost)
            base += result.base_grosz or 0
            deduction += result.deduction_grosz or 0
            due += result.due_grosz or 0
    rows = [(t("stat.benefit.months"), str(months)), (t("stat.benefit.lost"), str(lost))]
    if data.rule.monthly_grosz is not None:
        rows += [
            (t("stat.benefit.base"), show_money(base, lang)),
            (t("stat.benefit.deduction"), show_money(deduction, lang)),
            (t("stat.benefit.due"), show_money(due, lang)),
        ]
    return Section(
        t("stat.benefit.heading"),
        notes=(t("att.rule.verify"),),
        tables=(Table((t("stat.col.item"), t("stat.col.value")), tuple(rows)),),
    )


def _zone(club: Club) -> ZoneInfo:
    return ZoneInfo(club.timezone)


async def statutory_sheet(tx: Tx, club: Club, year: int, lang: str, today: date) -> Sheet:
    """The annual report of the club for a calendar year."""
    t = translator(lang)
    period = year_period(year, _zone(club))
    f = await club_figures(tx, club.id, period)
    entered = await tx.report_inputs.of_year(club.id, year)
    cis = club.kind == "CIS"
    staff_inputs, staff_missing = _inputs(lang, STAFF_INPUTS, entered)
    grant_inputs, grant_missing = _inputs(lang, GRANT_INPUTS, entered)
    staff_rows = tuple(
        (
            t(f"role.{s.role}")
            + (f" – {label(lang, 'specialism', s.specialism)}" if s.specialism else ""),
            str(s.count),
        )
        for s in f.staff
    )
    sections = [
        Section(
            t("stat.s.staff"),
            tables=(
                Table((t("stat.col.role"), t("stat.col.count")), staff_rows),
                *((staff_inputs,) if staff_inputs.rows else ()),
            ),
            to_complete=staff_missing,
        ),
        Section(
            t("stat.s.participants"),
            notes=(t("stat.groups_note"),),
            tables=(
                programme_table(lang, f),
                Table(
                    (t("stat.col.group"), t("stat.col.count")),
                    tuple(
                        (group_label(lang, code), str(n))
                        for code, n in sorted(f.groups.items(), key=lambda kv: (-kv[1], kv[0]))
                    ),
                ),
            ),
            bars=tuple(
                Bar(group_label(lang, code), n)
                for code, n in sorted(f.groups.items(), key=lambda kv: (-kv[1], kv[0]))
            ),
        ),
        Section(
            t("stat.s.effects"),
            tables=(
                Table(
                    (t("stat.col.outcome"), t("stat.col.count")),
                    (
                        *counted(lang, "outcome", f.outcomes),
                        (t("stat.employed"), str(f.employed)),
                    ),
                ),
                Table(
                    (t("stat.col.leaving"), t("stat.col.count")),
                    counted(lang, "rep.leaving", f.leaving),
                ),
                Table(
                    (t("stat.col.follow_up"), t("stat.col.count")),
                    counted(lang, "rep.follow", f.follow_ups),
                ),
            ),
        ),
        Section(
            t("stat.s.activities"),
            notes=(
                t(
                    "stat.attendance",
                    **{
                        p: f.presence.get(p, 0) for p in ("present", "late", "excused", "unexcused")
                    },
                ),
                *((entered["activities_note"],) if entered.get("activities_note") else ()),
            ),
            tables=(
                dose_table(lang, f),
                _status_table(lang, t("stat.col.sphere"), f.items_by_sphere, words=True),
                _status_table(lang, t("stat.col.partner"), f.items_by_partner, words=False),
            ),
        ),
        Section(
            t("stat.s.evaluation"),
            notes=(*evaluation_notes(lang, f.evaluation), t("doc.advice")),
            tables=evaluation_tables(lang, f.evaluation),
        ),
    ]
    if cis:
        sections.append(await _benefit_year(tx, club, year, lang))
    sections.append(
        Section(
            t("stat.s.grants"),
            tables=(grant_inputs,) if grant_inputs.rows else (),
            to_complete=grant_missing,
        )
    )
    numbered = tuple(
        Section(
            f"{index}. {s.heading}",
            s.notes,
            s.tables,
            s.bars,
            s.to_complete,
            s.new_page,
        )
        for index, s in enumerate(sections, start=1)
    )
    return Sheet(
        lang=lang,
        title=t("stat.title.cis" if cis else "stat.title.kis", year=year),
        lines=(
            club.name,
            t("stat.basis.cis" if cis else "stat.basis.kis"),
            t(
                "stat.period",
                since=show_date(period.first, lang),
                until=show_date(period.last, lang),
            ),
        ),
        sections=numbered,
        generated=show_date(today, lang),
        signatures=(t("att.sign.leader"),),
    )
