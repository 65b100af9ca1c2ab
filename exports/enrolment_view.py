"""An enrolment in words for documents: details, formal basis, programme period, case people.

Shared by the plan document and the completion certificate, so both name the same facts the
same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from exports.summary import Row
from exports.words import label, show_date, translator
from storage.repos.enrolments import Enrolment
from storage.repos.partners import CasePerson


@dataclass(frozen=True)
class EnrolmentView:
    """The rows of one enrolment, already in the document's language."""

    number: int
    details: tuple[Row, ...]
    basis: tuple[Row, ...]
    period: tuple[Row, ...]
    basis_kind: str | None
    basis_name: str
    ended: bool


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def distinct_parts(parts: tuple[str, ...]) -> list[str]:
    """The non-empty parts, less any that another part already says ("Powiatowy urząd
    pracy" beside "Powiatowy Urząd Pracy w Brzegu"): the longer one stays, or when alike the
    later one (what staff typed)."""
    kept = [p.strip() for p in parts if p.strip()]
    return [
        p
        for i, p in enumerate(kept)
        if not any(
            j != i
            and _folded(p) in _folded(other)
            and (len(other) > len(p) or (_folded(other) == _folded(p) and j > i))
            for j, other in enumerate(kept)
        )
    ]


def groups_text(lang: str, codes: tuple[str, ...]) -> str:
    """The art. 1(2) groups in words, separated by semicolons."""
    return "; ".join(label(lang, "art12", c) for c in codes)


def enrolment_view(lang: str, enrolment: Enrolment) -> EnrolmentView:
    """An enrolment's rows; anything not recorded says so."""
    t = translator(lang)
    e = enrolment
    referral = " · ".join(
        distinct_parts(
            (
                label(lang, "referral", e.referral_kind),
                e.referral_institution or "",
                e.referral_worker or "",
            )
        )
    )
    referral_no = " · ".join(
        v
        for v in (
            t("doc.enrol.number_is", number=e.referral_number) if e.referral_number else "",
            show_date(e.referral_date, lang),
        )
        if v
    )
    details = [
        Row(t("doc.enrol.enrolment"), str(e.number)),
        Row(t("doc.enrol.admitted"), show_date(e.admitted_on, lang)),
        Row(t("doc.enrol.groups"), groups_text(lang, e.groups)),
        Row(t("doc.enrol.referral"), referral),
        Row(t("doc.enrol.referral_number"), referral_no),
    ]
    if e.end_kind == "graduated":
        details.append(Row(t("doc.enrol.outcome"), label(lang, "outcome", e.outcome)))
    elif e.end_kind == "left":
        reason = label(lang, "leaving", e.leaving_reason)
        details.append(
            Row(t("doc.enrol.left"), f"{reason}: {e.leaving_text}" if e.leaving_text else reason)
        )
    basis_name = label(lang, "basis", e.basis_kind)
    basis = (
        Row(t("doc.enrol.basis"), basis_name),
        Row(t("doc.enrol.basis_number"), e.basis_number or ""),
        Row(t("doc.enrol.basis_date"), show_date(e.basis_date, lang)),
    )
    period = [
        Row(t("doc.enrol.start"), show_date(e.period_start, lang)),
        Row(t("doc.enrol.planned_end"), show_date(e.planned_end, lang)),
    ]
    if e.trial_end is not None:
        period.append(Row(t("doc.enrol.trial_end"), show_date(e.trial_end, lang)))
    for x in e.extensions:
        period.append(Row(t("doc.enrol.extension", date=show_date(x.until_date, lang)), x.reason))
    if e.ended_on is not None:
        period.append(Row(t("doc.enrol.ended"), show_date(e.ended_on, lang)))
    missing = t("doc.not_recorded")
    return EnrolmentView(
        number=e.number,
        details=tuple(Row(r.label, r.value or missing) for r in details),
        basis=tuple(Row(r.label, r.value or missing) for r in basis),
        period=tuple(Row(r.label, r.value or missing) for r in period),
        basis_kind=e.basis_kind,
        basis_name=basis_name,
        ended=e.ended_on is not None,
    )


def case_people_rows(lang: str, people: list[CasePerson]) -> tuple[Row, ...]:
    """Who else works with the person: role, then name, institution and contact."""
    return tuple(
        Row(
            label(lang, "case_role", p.role),
            " · ".join(v for v in (p.name, p.institution or "", p.contact or "") if v),
        )
        for p in people
    )
