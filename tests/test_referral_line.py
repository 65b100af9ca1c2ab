"""The referral line of the plan and the certificate names each fact once."""

from __future__ import annotations

from datetime import UTC, datetime

from exports.enrolment_view import enrolment_view
from storage.repos.enrolments import Enrolment

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


def _referral(kind: str | None, institution: str | None, worker: str | None = None) -> str:
    e = Enrolment(
        id=1,
        club_id=1,
        participant_id=1,
        referral_kind=kind,
        referral_institution=institution,
        referral_worker=worker,
        created_at=NOW,
    )
    rows = {r.label: r.value for r in enrolment_view("pl", e).details}
    return rows["Skierowanie"]


def test_the_kind_is_not_repeated_by_the_institution_name() -> None:
    assert _referral("pup", "Powiatowy Urząd Pracy", "Jan Nowak") == (
        "Powiatowy Urząd Pracy · Jan Nowak"
    )
    assert _referral("pup", "powiatowy  urząd pracy w Brzegu") == "powiatowy  urząd pracy w Brzegu"


def test_a_named_institution_keeps_its_kind() -> None:
    assert _referral("ops", "MOPS Brzeg", "Anna Kowalska") == (
        "Ośrodek pomocy społecznej · MOPS Brzeg · Anna Kowalska"
    )
    assert _referral("pup", None) == "Powiatowy urząd pracy"
    assert _referral(None, "Fundacja Start") == "Fundacja Start"
