"""The intake summary of one participant and one reading, as data ready for a template.

Built inside the transaction (database reads only); drawing and rendering happen later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from base.i18n import translate
from exports.chart import RadarSeries, series_from_profile
from exports.dossier import Scored, in_words, scored, staff_view_for
from exports.words import agenda_topic, local_date, score_text, show_date, translator
from questionnaires import engine
from questionnaires.answers import answer_label
from questionnaires.bundled import catalogue
from questionnaires.model import SCORED_SPHERES, ScoredSphere
from storage.repos.exports import ExportParticipant
from storage.repos.readings import Reading
from storage.tx import Tx

# The short summary names this many suggested instruments per sphere (the card does too).
TOP_SUGGESTIONS = 3


@dataclass(frozen=True)
class Row:
    """A label and its value, e.g. a question and its answer in words."""

    label: str
    value: str


@dataclass(frozen=True)
class SphereView:
    """One sphere: the person's score and rating, the staff's rating with its barriers, the
    findings of both in words, the top suggestions, and (full summary) both sets of answers."""

    name: str
    self_score: str
    rating: str
    staff_score: str
    answers: tuple[Row, ...]
    staff_answers: tuple[Row, ...]
    staff_detail: str = ""
    needs: tuple[str, ...] = ()
    strengths: tuple[str, ...] = ()
    staff_needs: tuple[str, ...] = ()
    staff_strengths: tuple[str, ...] = ()
    suggestions: str = ""
    staff_label: str = ""

    @property
    def staff_cell(self) -> str:
        """The staff's rating and, on the next line, its barriers (DOCX keeps the break)."""
        return "\n".join(x for x in (self.staff_score, self.staff_detail) if x)

    @property
    def needs_cell(self) -> str:
        """The person's needs, then on a line of their own the staff's."""
        return _cell(self.needs, self.staff_needs, self.staff_label)

    @property
    def strengths_cell(self) -> str:
        """The person's strengths, then on a line of their own the staff's."""
        return _cell(self.strengths, self.staff_strengths, self.staff_label)

    @property
    def has_findings(self) -> bool:
        """Whether the sphere has any strength or need in words."""
        return bool(self.needs or self.strengths or self.staff_needs or self.staff_strengths)


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
    full: bool = False

    @property
    def answered_lines(self) -> str:
        """Who answered, one per line."""
        return "\n".join(x for x in (self.answered_by, self.staff_by) if x)

    @property
    def has_chart(self) -> bool:
        """Whether any sphere has a score to draw."""
        return any(v is not None for one in self.series for v in one.values.values())


def _cell(own: tuple[str, ...], staff: tuple[str, ...], staff_label: str) -> str:
    lines = ["; ".join(own)] if own else []
    if staff:
        lines.append(f"{staff_label} " + "; ".join(staff))
    return "\n".join(lines)


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
    *,
    full: bool = False,
) -> SummaryDoc:
    """The summary of a participant's self-assessment reading with the staff assessment: short
    (one or two A4 pages) by default, with every answer and every suggestion's reasons when
    full."""
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
    mine, theirs = in_words(own, lang), in_words(staff_view, lang)
    top = _top_suggestions(lang, own, staff_view)
    spheres = [
        SphereView(
            name=t(f"sphere.{sphere}"),
            self_score=score_text(lang, own.profile.spheres.get(sphere)),
            rating=_rating(own, sphere, lang),
            staff_score=_rating(staff_view, sphere, lang) or t("doc.summary.no_rating")
            if staff_view
            else "",
            staff_detail="; ".join(theirs.needs.get(sphere, [])),
            answers=_answers(own, lang, sphere) if full else (),
            staff_answers=_answers(staff_view, lang, sphere) if full else (),
            needs=tuple(mine.needs.get(sphere, [])),
            strengths=tuple(mine.strengths.get(sphere, [])),
            staff_needs=tuple(theirs.needs.get(sphere, [])),
            staff_strengths=tuple(theirs.strengths.get(sphere, [])),
            suggestions=top.get(sphere, ""),
            staff_label=t("doc.summary.by_staff"),
        )
        for sphere in SCORED_SPHERES
    ]
    general = (_answers(own, lang, "general"), _answers(staff_view, lang, "general"))
    if full and any(general):
        spheres.append(SphereView(t("sphere.general"), "", "", "", *general))
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
        strengths=(),
        needs=(),
        agenda=tuple(
            Row(t(f"sphere.{p.sphere}"), agenda_topic(p, lang))
            for one in (own, staff_view)
            if one
            for p in one.profile.agenda
        ),
        missing=tuple(
            Row(t(f"sphere.{sphere}"), str(r.missing))
            for sphere, r in own.profile.spheres.items()
            if r.missing
        ),
        suggestions=_suggestions(lang, own, staff_view) if full else (),
        safety=tuple(safety),
        series=tuple(series),
        generated=show_date(today, lang),
        full=full,
    )


def _top_suggestions(lang: str, *sources: Scored | None) -> dict[str, str]:
    """Per sphere, the names of the top suggested instruments and how many more there are."""
    merged: dict[str, list[str]] = {}
    for one in sources:
        for suggestion in one.profile.suggestions if one else []:
            found = merged.setdefault(suggestion.sphere or "general", [])
            if suggestion.instrument not in found:
                found.append(suggestion.instrument)
    out: dict[str, str] = {}
    for sphere, ids in merged.items():
        names = []
        for instrument_id in ids[:TOP_SUGGESTIONS]:
            instrument = catalogue().instrument(instrument_id)
            names.append(instrument.name.get(lang) if instrument else instrument_id)
        text = ", ".join(names)
        if len(ids) > TOP_SUGGESTIONS:
            more = len(ids) - TOP_SUGGESTIONS
            text += " " + translate(lang, "card.suggestions_more", {"count": more}, count=more)
        out[sphere] = text
    return out


def _rating(one: Scored | None, sphere: ScoredSphere, lang: str) -> str:
    if one is None:
        return ""
    result = one.profile.spheres.get(sphere)
    if result is None or result.rating is None:
        return ""
    return translator(lang)("doc.summary.rating_value", rating=result.rating)
