"""The intake summary of one participant and one reading, as data ready for a template.

Built inside the transaction (database reads only); drawing and rendering happen later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from exports.chart import RadarSeries, series_from_profile
from exports.dossier import Scored, scored, staff_view_for
from exports.words import local_date, score_text, show_date, translator
from questionnaires import engine
from questionnaires.answers import answer_label
from questionnaires.bundled import catalogue
from questionnaires.model import SCORED_SPHERES, ScoredSphere
from storage.repos.exports import ExportParticipant
from storage.repos.readings import Reading
from storage.tx import Tx


@dataclass(frozen=True)
class Row:
    """A label and its value, e.g. a question and its answer in words."""

    label: str
    value: str


@dataclass(frozen=True)
class SphereView:
    """One sphere: both profiles and both sets of answers."""

    name: str
    self_score: str
    rating: str
    staff_score: str
    answers: tuple[Row, ...]
    staff_answers: tuple[Row, ...]


@dataclass(frozen=True)
class SummaryDoc:
    """Everything the intake summary shows, in one language."""

    lang: str
    club: str
    participant: str
    participant_id: int
    reading_kind: str
    started: str
    submitted: str
    answered_by: str
    staff_by: str
    spheres: tuple[SphereView, ...]
    strengths: tuple[Row, ...]
    needs: tuple[Row, ...]
    agenda: tuple[Row, ...]
    missing: tuple[Row, ...]
    suggestions: tuple[Row, ...]
    safety: tuple[str, ...]
    series: tuple[RadarSeries, ...]
    generated: str

    @property
    def has_chart(self) -> bool:
        """Whether any sphere has a score to draw."""
        return any(v is not None for one in self.series for v in one.values.values())


def _answers(one: Scored | None, lang: str, sphere: str) -> tuple[Row, ...]:
    """The shown, answered (or declined) items of a sphere, in words."""
    if one is None:
        return ()
    answers = one.answers
    visible = engine.visibility(one.q, answers)
    rows: list[Row] = []
    for item in one.q.items:
        if one.q.sphere_of(item) != sphere or visible.get(item.id) is not True:
            continue
        answer = answers.get(item.id)
        if answer is not None:
            rows.append(Row(item.text.get(lang), answer_label(one.q, item, answer, lang)))
    return tuple(rows)


def _items(one: Scored | None, lang: str, kind: str, source: str = "") -> list[Row]:
    """Needs or strengths; a staff assessment's are marked with its name."""
    t = translator(lang)
    rows: list[Row] = []
    if one is None:
        return rows
    for sphere in SCORED_SPHERES:
        result = one.profile.spheres.get(sphere)
        if result is None:
            continue
        for item_id in result.need_items if kind == "needs" else result.strength_items:
            if one.q.has_item(item_id):
                where = t(f"sphere.{sphere}") + (f" · {source}" if source else "")
                rows.append(Row(where, one.q.item(item_id).text.get(lang)))
    return rows


def _suggestions(lang: str, *sources: Scored | None) -> tuple[Row, ...]:
    reasons: dict[str, dict[str, None]] = {}
    for one in sources:
        for suggestion in one.profile.suggestions if one else []:
            found = reasons.setdefault(suggestion.instrument, {})
            found.update({r.reason.get(lang): None for r in suggestion.reasons})
    rows = []
    for instrument_id, why in reasons.items():
        instrument = catalogue().instrument(instrument_id)
        name = instrument.name.get(lang) if instrument else instrument_id
        rows.append(Row(name, " ".join(why)))
    return tuple(rows)


async def build_summary(
    tx: Tx,
    participant: ExportParticipant,
    reading: Reading,
    lang: str,
    zone: ZoneInfo,
    today: date,
) -> SummaryDoc:
    """The summary of a participant's self-assessment reading with the staff assessment."""
    t = translator(lang)
    own = await scored(tx, reading)
    assert own is not None  # noqa: S101 - scored() returns None only for no reading
    staff_view = await staff_view_for(tx, reading)
    club = await tx.clubs.get(participant.club_id)
    staff_by = ""
    if staff_view is not None:
        member = (
            await tx.staff.get(participant.club_id, staff_view.reading.staff_member_id)
            if staff_view.reading.staff_member_id is not None
            else None
        )
        staff_by = t(
            "doc.summary.staff_by",
            name=member.display_name if member else "?",
            date=local_date(staff_view.reading.submitted_at, zone, lang),
        )
    spheres = [
        SphereView(
            name=t(f"sphere.{sphere}"),
            self_score=score_text(lang, own.profile.spheres.get(sphere)),
            rating=_rating(own, sphere, lang),
            staff_score=score_text(lang, staff_view.profile.spheres.get(sphere))
            if staff_view
            else "",
            answers=_answers(own, lang, sphere),
            staff_answers=_answers(staff_view, lang, sphere),
        )
        for sphere in SCORED_SPHERES
    ]
    general = (_answers(own, lang, "general"), _answers(staff_view, lang, "general"))
    if any(general):
        spheres.append(SphereView(t("sphere.general"), "", "", "", *general))
    staff_name = t("doc.summary.staff_answers")
    series = [series_from_profile(own.profile, t("card.chart_self"))]
    if staff_view is not None:
        series.append(series_from_profile(staff_view.profile, t("card.chart_staff")))
    safety: dict[str, None] = {}
    for one in (own, staff_view):
        for flag in one.profile.safety_flags if one else []:
            safety[flag.reason.get(lang)] = None
    return SummaryDoc(
        lang=lang,
        club=club.name if club else "",
        participant=participant.display_name,
        participant_id=participant.id,
        reading_kind=t(f"doc.kind.{reading.kind}"),
        started=local_date(reading.started_at, zone, lang),
        submitted=local_date(reading.submitted_at, zone, lang) or t("doc.summary.not_submitted"),
        answered_by=t("doc.summary.answered_by_participant", name=participant.display_name),
        staff_by=staff_by,
        spheres=tuple(spheres),
        strengths=tuple(
            _items(own, lang, "strengths") + _items(staff_view, lang, "strengths", staff_name)
        ),
        needs=tuple(_items(own, lang, "needs") + _items(staff_view, lang, "needs", staff_name)),
        agenda=tuple(
            Row(t(f"sphere.{p.sphere}"), p.text.get(lang))
            for one in (own, staff_view)
            if one
            for p in one.profile.agenda
        ),
        missing=tuple(
            Row(t(f"sphere.{sphere}"), str(r.missing))
            for sphere, r in own.profile.spheres.items()
            if r.missing
        ),
        suggestions=_suggestions(lang, own, staff_view),
        safety=tuple(safety),
        series=tuple(series),
        generated=show_date(today, lang),
    )


def _rating(one: Scored, sphere: ScoredSphere, lang: str) -> str:
    result = one.profile.spheres.get(sphere)
    if result is None or result.rating is None:
        return ""
    return translator(lang)("card.rating", rating=result.rating)
