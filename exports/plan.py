"""The support-path document (individual reintegration plan) as data ready for a template.

It holds what a KIS or CIS files as an individual social-employment programme (IPZS) or a
social-contract annex: the enrolment with its formal basis and programme period, the people
around the case, the diagnosis in short, goals with indicators and dates, the agreed standard
week with its two-thirds share, instruments with partner, responsible person, dates and status,
both sides' obligations, the conditions for ending, reviews and the final assessment, and
signature lines with date lines (the OPS representative's under a social contract, a club
setting). Whatever is not recorded says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from exports.dossier import Scored, in_words, latest_profiles
from exports.enrolment_view import EnrolmentView, case_people_rows, enrolment_view
from exports.formats import formats
from exports.path_words import end_reason, goal_end_changes, instrument_name, reasons, summary
from exports.schedule import ScheduleView, weekly_schedule
from exports.summary import Row
from exports.words import (
    label,
    local_date,
    score_text,
    show_date,
    staff_rating_text,
    translator,
)
from questionnaires.model import SCORED_SPHERES, ScoredSphere
from storage.club_rules import rules_of
from storage.repos.enrolments import Enrolment
from storage.repos.exports import ExportParticipant, exports_of
from storage.repos.support_paths import HOUR_FIELDS, SupportPath
from storage.tx import Tx


@dataclass(frozen=True)
class PlanItem:
    """One instrument of the plan."""

    instrument: str
    partner: str
    responsible: str
    start: str
    target: str
    status: str
    reasons: str


@dataclass(frozen=True)
class PlanSphere:
    """The instruments of one sphere."""

    name: str
    items: tuple[PlanItem, ...]


@dataclass(frozen=True)
class Goal:
    """A goal in the participant's words with its indicator and date."""

    goal: str
    indicator: str
    due: str
    # "Ended by annex N from DATE: reason" for a goal an annex ended (it stays on the plan).
    ended: str = ""


@dataclass(frozen=True)
class Week:
    """The agreed standard week: hours per part, the reintegration share and the rule."""

    rows: tuple[Row, ...]
    agreed: bool
    share: str
    meets_rule: bool


@dataclass(frozen=True)
class Review:
    """A periodic review."""

    date: str
    changes: str
    who: str


@dataclass(frozen=True)
class PlanDoc:
    """Everything the support-path document shows, in one language."""

    lang: str
    title: str
    club: str
    participant: str
    participant_id: int
    details: tuple[Row, ...]
    enrolment: EnrolmentView | None
    case_people: tuple[Row, ...]
    diagnosis: tuple[Row, ...]
    exists: bool
    agreed: str
    social_goals: str
    vocational_goals: str
    goals: tuple[Goal, ...]
    week: Week
    obligations: str
    club_obligations: tuple[str, ...]
    end_conditions: str
    review_date: str
    reviews: tuple[Review, ...]
    final_assessment: str
    spheres: tuple[PlanSphere, ...]
    schedule: ScheduleView
    annexes: tuple[Row, ...]
    signatures: tuple[str, ...]
    generated: str


def _details(lang: str, participant: ExportParticipant) -> tuple[Row, ...]:
    t = translator(lang)
    rows = [
        Row(t("doc.plan.participant"), participant.display_name),
        Row(t("doc.plan.number"), str(participant.id)),
        Row(t("doc.plan.status"), t(f"status.participant_{participant.status}")),
    ]
    return tuple(Row(r.label, r.value or t("doc.not_recorded")) for r in rows)


def _strengths_and_barriers(lang: str, own: Scored | None, sphere: ScoredSphere) -> list[str]:
    """The sphere's strengths and barriers as findings in words (at most three of each: the
    document is a summary, the intake summary has them all)."""
    t = translator(lang)
    if own is None:
        return []
    found = in_words(own, lang)
    out = []
    for key, texts in (
        ("doc.plan.strengths", found.strengths.get(sphere, [])[:3]),
        ("doc.plan.barriers", found.needs.get(sphere, [])[:3]),
    ):
        if texts:
            out.append(t(key, items="; ".join(texts)))
    return out


def week_of(lang: str, path: SupportPath | None) -> Week:
    """The agreed week's hours; the share of the four-part scheme (social reintegration)."""
    t, f = translator(lang), formats(lang)
    minutes = {
        field: round((getattr(path, field) or 0) * 60) if path else 0 for field in HOUR_FIELDS
    }
    agreed = path is not None and any(getattr(path, x) is not None for x in HOUR_FIELDS)
    total = sum(minutes.values())
    reintegration = total - minutes["hours_vocational"]
    rows = [Row(t(f"doc.week.{field}"), f.hours(minutes[field])) for field in HOUR_FIELDS]
    rows.append(Row(t("doc.week.total"), f.hours(total)))
    share = f.percent(reintegration / total) if total else ""
    # Integer arithmetic, as the weekly plan's rule (decision 29): 3 x part >= 2 x whole.
    meets = total > 0 and 3 * reintegration >= 2 * total
    return Week(tuple(rows), agreed, share, meets)


def _signatures(lang: str, basis: str | None, ops_signs: bool) -> tuple[str, ...]:
    t = translator(lang)
    keys = ["participant", "social_worker", "leader"]
    if basis == "social_contract" and ops_signs:
        keys.append("ops")
    return tuple(t(f"doc.sign.{key}") for key in keys)


def _title(lang: str, basis: str | None) -> str:
    t = translator(lang)
    if basis == "ipzs":
        return t("doc.plan.title_ipzs")
    if basis == "social_contract":
        return t("doc.plan.title_contract")
    return t("doc.plan.title")


def _end_moment(enrolment: Enrolment | None, zone: ZoneInfo) -> datetime | None:
    """The end of an ended enrolment's last day: its plan names who was on the case then."""
    if enrolment is None or enrolment.ended_on is None:
        return None
    return datetime.combine(enrolment.ended_on + timedelta(days=1), time(), zone)


async def build_plan(
    tx: Tx, participant: ExportParticipant, lang: str, zone: ZoneInfo, today: date
) -> PlanDoc:
    """The plan of a participant; the caller has checked the participant's club."""
    t = translator(lang)
    club_id = participant.club_id
    club = await tx.clubs.get(club_id)
    profiles = await latest_profiles(tx, participant.id)
    diagnosis = tuple(
        Row(
            t(f"sphere.{sphere}"),
            " · ".join(
                part
                for part in (
                    t(
                        "doc.plan.diagnosis_line",
                        own=score_text(lang, profiles.own.profile.spheres.get(sphere))
                        if profiles.own
                        else t("card.no_data"),
                        staff=staff_rating_text(lang, profiles.staff_view, sphere),
                    ),
                    *_strengths_and_barriers(lang, profiles.own, sphere),
                )
                if part
            ),
        )
        for sphere in SCORED_SPHERES
    )
    staff = await exports_of(tx).staff_names(club_id)
    enrolment = await tx.enrolments.current(club_id, participant.id)
    path = (
        await tx.support_paths.of_enrolment(club_id, enrolment.id)
        if enrolment is not None
        else None
    )
    rules = await rules_of(tx, club_id)
    partners = {p.id: p.name for p in await tx.partners.all(club_id)}
    empty = t("doc.not_recorded")
    spheres: list[PlanSphere] = []
    annexes: list[Row] = []
    goals: list[Goal] = []
    reviews: list[Review] = []
    if path is not None:
        items = await tx.support_paths.items(club_id, path.id)
        for sphere in (*SCORED_SPHERES, "general"):
            mine = [i for i in items if i.sphere == sphere]
            if not mine:
                continue
            spheres.append(
                PlanSphere(
                    t(f"sphere.{sphere}"),
                    tuple(
                        PlanItem(
                            instrument=instrument_name(lang, i.instrument_id),
                            partner=partners.get(i.partner_id or 0, i.partner or ""),
                            responsible=staff.get(i.responsible_staff_id, "?")
                            if i.responsible_staff_id is not None
                            else "",
                            start=show_date(i.start_date, lang),
                            target=show_date(i.target_date, lang),
                            status=t(f"path.status.{i.status}"),
                            reasons=" ".join(dict.fromkeys(reasons(lang, i))),
                        )
                        for i in mine
                    ),
                )
            )
        plan_goals = await tx.support_paths.goals(club_id, path.id)
        # The goal each annex ended, so the annex log names it in the participant's words.
        ended_by = goal_end_changes(lang, plan_goals, lambda day: show_date(day, lang))
        for annex in await tx.support_paths.annexes(club_id, path.id):
            change = (
                summary(lang, annex.summary, staff)
                if annex.number > 0
                else t("doc.plan.annex_agreed_gaps", reason=path.agreed_gaps)
                if path.agreed_gaps
                else t("doc.plan.annex_agreed")
            )
            if annex.number > 0 and annex.number in ended_by:
                change = ended_by[annex.number]
            annexes.append(
                Row(
                    t(
                        "doc.plan.annex",
                        number=annex.number,
                        date=local_date(annex.created_at, zone, lang),
                        author=annex.author_name or "?",
                    ),
                    change,
                )
            )
        goals = [
            Goal(
                g.goal,
                g.indicator or empty,
                show_date(g.due_date, lang) or empty,
                t(
                    "doc.goal.ended",
                    annex=g.ended.annex,
                    date=show_date(g.ended.on, lang),
                    reason=end_reason(lang, g.ended),
                )
                if g.ended
                else "",
            )
            for g in plan_goals
        ]
        reviews = [
            Review(show_date(r.reviewed_on, lang), r.changes, r.staff_name or "")
            for r in await tx.support_paths.reviews(club_id, path.id)
        ]
    basis = enrolment.basis_kind if enrolment else None
    return PlanDoc(
        lang=lang,
        title=_title(lang, basis),
        club=club.name if club else "",
        participant=participant.display_name,
        participant_id=participant.id,
        details=_details(lang, participant),
        enrolment=enrolment_view(lang, enrolment) if enrolment else None,
        case_people=case_people_rows(
            lang,
            await tx.partners.case_people(
                club_id, participant.id, until=_end_moment(enrolment, zone)
            ),
        ),
        diagnosis=diagnosis,
        exists=path is not None,
        agreed=show_date(path.agreed_at, lang) if path else "",
        social_goals=(path.social_goals if path else None) or empty,
        vocational_goals=(path.vocational_goals if path else None) or empty,
        goals=tuple(goals),
        week=week_of(lang, path),
        obligations=(path.obligations if path else None) or empty,
        club_obligations=tuple(label(lang, "obligation", c) for c in rules.club_obligations),
        end_conditions=(path.end_conditions if path else None)
        or t("doc.plan.end_conditions_default"),
        review_date=(show_date(path.review_date, lang) if path else "") or empty,
        reviews=tuple(reviews),
        final_assessment=(path.final_assessment if path else None) or empty,
        spheres=tuple(spheres),
        schedule=await weekly_schedule(tx, club_id, participant.id, lang, today, zone.key),
        annexes=tuple(annexes),
        signatures=_signatures(lang, basis, rules.ops_signs_social_contract),
        generated=show_date(today, lang),
    )
