"""The support-path document (individual reintegration plan) as data ready for a template.

Whatever of the plan exists is shown; parts kadra has not filled in say so, and the weekly
schedule says plainly when kisbot does not keep one yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from exports.dossier import latest_profiles
from exports.schedule import ScheduleView, weekly_schedule
from exports.summary import Row
from exports.words import iso_date, label, local_date, score_text, show_date, translator
from flows.staff.path_view import instrument_name, reasons, summary
from questionnaires.model import SCORED_SPHERES
from storage.repos.exports import ExportParticipant, exports_of
from storage.tx import Tx


@dataclass(frozen=True)
class PlanItem:
    """One instrument of the plan."""

    instrument: str
    partner: str
    responsible: str
    target: str
    status: str
    reasons: str


@dataclass(frozen=True)
class PlanSphere:
    """The instruments of one sphere."""

    name: str
    items: tuple[PlanItem, ...]


@dataclass(frozen=True)
class PlanDoc:
    """Everything the support-path document shows, in one language."""

    lang: str
    club: str
    participant: str
    participant_id: int
    details: tuple[Row, ...]
    diagnosis: tuple[Row, ...]
    exists: bool
    agreed: str
    social_goals: str
    vocational_goals: str
    obligations: str
    review_date: str
    spheres: tuple[PlanSphere, ...]
    schedule: ScheduleView
    annexes: tuple[Row, ...]
    generated: str


def _details(lang: str, participant: ExportParticipant, zone: ZoneInfo) -> tuple[Row, ...]:
    t = translator(lang)
    rows = [
        Row(t("doc.plan.participant"), participant.display_name),
        Row(t("doc.plan.number"), str(participant.id)),
        Row(t("doc.plan.since"), local_date(participant.created_at, zone, lang)),
        Row(t("doc.plan.status"), t(f"status.participant_{participant.status}")),
        Row(t("doc.plan.art12_group"), label(lang, "art12", participant.art12_group)),
        Row(t("doc.plan.referral"), label(lang, "referral", participant.referral_source)),
        Row(t("doc.plan.contract_number"), participant.social_contract_number or ""),
        Row(t("doc.plan.contract_date"), iso_date(participant.social_contract_date, lang)),
    ]
    if participant.outcome:
        rows.append(Row(t("doc.plan.outcome"), label(lang, "outcome", participant.outcome)))
    return tuple(Row(r.label, r.value or t("doc.not_recorded")) for r in rows)


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
            t(
                "doc.plan.diagnosis_line",
                own=score_text(lang, profiles.own.profile.spheres.get(sphere))
                if profiles.own
                else t("card.no_data"),
                staff=score_text(lang, profiles.staff_view.profile.spheres.get(sphere))
                if profiles.staff_view
                else t("card.no_data"),
            ),
        )
        for sphere in SCORED_SPHERES
    )
    staff = await exports_of(tx).staff_names(club_id)
    path = await tx.support_paths.get(club_id, participant.id)
    empty = t("doc.not_recorded")
    spheres: list[PlanSphere] = []
    annexes: list[Row] = []
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
                            partner=i.partner or "",
                            responsible=staff.get(i.responsible_staff_id, "?")
                            if i.responsible_staff_id is not None
                            else "",
                            target=show_date(i.target_date, lang),
                            status=t(f"path.status.{i.status}"),
                            reasons=" ".join(dict.fromkeys(reasons(lang, i))),
                        )
                        for i in mine
                    ),
                )
            )
        for annex in await tx.support_paths.annexes(club_id, path.id):
            annexes.append(
                Row(
                    t(
                        "doc.plan.annex",
                        number=annex.number,
                        date=local_date(annex.created_at, zone, lang),
                        author=annex.author_name or "?",
                    ),
                    summary(lang, annex.summary, staff)
                    if annex.number > 0
                    else t("doc.plan.annex_agreed"),
                )
            )
    return PlanDoc(
        lang=lang,
        club=club.name if club else "",
        participant=participant.display_name,
        participant_id=participant.id,
        details=_details(lang, participant, zone),
        diagnosis=diagnosis,
        exists=path is not None,
        agreed=show_date(path.agreed_at, lang) if path else "",
        social_goals=(path.social_goals if path else None) or empty,
        vocational_goals=(path.vocational_goals if path else None) or empty,
        obligations=(path.obligations if path else None) or empty,
        review_date=(show_date(path.review_date, lang) if path else "") or empty,
        spheres=tuple(spheres),
        schedule=await weekly_schedule(tx, club_id, participant.id, lang, today, zone.key),
        annexes=tuple(annexes),
        generated=show_date(today, lang),
    )
