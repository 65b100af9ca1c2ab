"""The completion certificate (zaświadczenie o ukończeniu) of a graduate's enrolment.

The Word form comes from exports/templates/certificate.docx, which staff may edit in Word; the
legal basis it cites is a club setting (PRACTICE.md: verify the article).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from exports.enrolment_view import groups_text
from exports.words import label, show_date, translator
from storage.club_rules import rules_of
from storage.repos.enrolments import Enrolment
from storage.repos.exports import ExportParticipant
from storage.tx import Tx


class NotGraduated(Exception):
    """The participant has no graduated enrolment to certify."""


@dataclass(frozen=True)
class CertificateDoc:
    """Everything the certificate shows, in one language."""

    lang: str
    number: str
    club: str
    participant: str
    period_start: str
    period_end: str
    basis: str
    groups: str
    outcome: str
    legal_basis: str
    issued: str

    @property
    def generated(self) -> str:
        """The date the page footer names (the issue date)."""
        return self.issued


def graduated_enrolment(enrolments: list[Enrolment]) -> Enrolment | None:
    """The newest enrolment that ended in graduation."""
    done = [e for e in enrolments if e.end_kind == "graduated"]
    return done[-1] if done else None


async def build_certificate(
    tx: Tx, participant: ExportParticipant, lang: str, today: date
) -> CertificateDoc:
    """The certificate of the participant's latest graduation; NotGraduated if none."""
    club_id = participant.club_id
    enrolment = graduated_enrolment(await tx.enrolments.all_of(club_id, participant.id))
    if enrolment is None:
        raise NotGraduated(participant.id)
    t = translator(lang)
    club = await tx.clubs.get(club_id)
    rules = await rules_of(tx, club_id)
    start = enrolment.period_start or enrolment.admitted_on
    return CertificateDoc(
        lang=lang,
        # Club, enrolment and year: unique, and readable when someone phones to check it.
        number=f"{club_id}/{enrolment.id}/{(enrolment.ended_on or today).year}",
        club=club.name if club else "",
        participant=participant.display_name,
        period_start=show_date(start, lang),
        period_end=show_date(enrolment.ended_on, lang),
        basis=" ".join(
            v
            for v in (
                label(lang, "basis", enrolment.basis_kind),
                t("doc.enrol.number_is", number=enrolment.basis_number)
                if enrolment.basis_number
                else "",
            )
            if v
        ),
        groups=groups_text(lang, enrolment.groups),
        outcome=label(lang, "outcome", enrolment.outcome),
        legal_basis=rules.certificate_basis,
        issued=show_date(today, lang),
    )
