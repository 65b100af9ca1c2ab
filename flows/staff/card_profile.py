"""The card's profile in words: one line per sphere (self, staff, change), the findings that
make the strengths and needs, and the top suggested instruments per sphere."""

from __future__ import annotations

from base.i18n import Param, translate
from exports.dossier import InWords, Scored
from questionnaires.bundled import catalogue
from questionnaires.model import SCORED_SPHERES
from questionnaires.scoring import ProfileChange, SphereResult, Suggestion

TOP_SUGGESTIONS = 3


def _t(lang: str, key: str, **params: Param) -> str:
    return translate(lang, key, params or None)


def score_cell(lang: str, result: SphereResult | None) -> str:
    """ "42/100 (potrzeba)", or "brak danych"."""
    if result is None or result.score is None:
        return _t(lang, "card.no_data")
    klass = _t(lang, f"class.{result.klass}") if result.klass else ""
    return _t(lang, "card.score", score=f"{result.score:.0f}", klass=klass)


def sphere_lines(
    lang: str,
    own: Scored | None,
    staff_view: Scored | None,
    change: ProfileChange | None,
) -> list[str]:
    """One line per sphere: the self-assessment's score and own rating, the staff's rating,
    the change of the score since the first self-assessment; each number named."""
    lines: list[str] = []
    for sphere in SCORED_SPHERES:
        mine = own.profile.spheres.get(sphere) if own else None
        cells = [_t(lang, "card.self", value=score_cell(lang, mine))]
        if mine is not None and mine.rating is not None:
            cells.append(_t(lang, "card.rating", rating=mine.rating))
        if staff_view is not None:
            theirs = staff_view.profile.spheres.get(sphere)
            rating = theirs.rating if theirs else None
            cells.append(
                _t(lang, "card.staff_rating", rating=rating)
                if rating is not None
                else _t(lang, "card.staff_no_rating")
            )
        moved = change.spheres[sphere] if change else None
        if moved is not None and moved.score_before is not None and moved.score_after is not None:
            # The change of the scores as shown, so that 40 → 65 always reads +25.
            delta = round(moved.score_after) - round(moved.score_before)
            cells.append(_t(lang, "card.change", delta=f"{delta:+d}"))
        lines.append(
            _t(
                lang,
                "card.sphere_line",
                sphere=_t(lang, f"sphere.{sphere}"),
                cells=" · ".join(cells),
            )
        )
    return lines


def findings_block(lang: str, kind: str, own: InWords, staff: InWords) -> str | None:
    """ "Potrzeby:" and a line per sphere: the person's findings, then the staff's."""
    lines: list[str] = []
    for sphere in SCORED_SPHERES:
        mine = (own.needs if kind == "needs" else own.strengths).get(sphere, [])
        theirs = (staff.needs if kind == "needs" else staff.strengths).get(sphere, [])
        if not mine and not theirs:
            continue
        parts = []
        if mine:
            parts.append("; ".join(mine))
        if theirs:
            parts.append(_t(lang, "card.by_staff", findings="; ".join(theirs)))
        lines.append(f"• {_t(lang, f'sphere.{sphere}')}: " + " · ".join(parts))
    if not lines:
        return None
    return "\n".join([_t(lang, f"card.{kind}_header"), *lines])


def merged_suggestions(*scored: Scored | None) -> list[Suggestion]:
    """Suggestions of both readings, each instrument once with all its reasons."""
    merged: dict[str, Suggestion] = {}
    for one in scored:
        for suggestion in one.profile.suggestions if one else []:
            old = merged.get(suggestion.instrument)
            merged[suggestion.instrument] = (
                suggestion
                if old is None
                else old.model_copy(update={"reasons": [*old.reasons, *suggestion.reasons]})
            )
    return list(merged.values())


def by_sphere(suggestions: list[Suggestion]) -> dict[str, list[Suggestion]]:
    """Suggestions grouped by their instrument's sphere, the most-reasoned first."""
    grouped: dict[str, list[Suggestion]] = {}
    for suggestion in suggestions:
        grouped.setdefault(suggestion.sphere or "general", []).append(suggestion)
    return {
        sphere: sorted(found, key=lambda s: -len({r.rule for r in s.reasons}))
        for sphere, found in grouped.items()
    }


def instrument_name(lang: str, instrument_id: str) -> str:
    """An instrument's name in the reader's language (its id if the catalogue lost it)."""
    instrument = catalogue().instrument(instrument_id)
    return instrument.name.get(lang) if instrument else instrument_id


def suggestions_block(lang: str, suggestions: list[Suggestion]) -> tuple[str | None, int]:
    """The top suggestions per sphere, and how many more there are."""
    grouped = by_sphere(suggestions)
    if not grouped:
        return None, 0
    lines = [_t(lang, "card.suggestions_header", top=TOP_SUGGESTIONS)]
    hidden = 0
    for sphere in (*SCORED_SPHERES, "general"):
        found = grouped.get(sphere, [])
        if not found:
            continue
        names = ", ".join(instrument_name(lang, s.instrument) for s in found[:TOP_SUGGESTIONS])
        more = len(found) - TOP_SUGGESTIONS
        if more > 0:
            hidden += more
            names += " " + translate(lang, "card.suggestions_more", {"count": more}, count=more)
        lines.append(f"• {_t(lang, f'sphere.{sphere}')}: {names}")
    return "\n".join(lines), hidden


def all_suggestions_text(lang: str, suggestions: list[Suggestion]) -> tuple[str, ...]:
    """Every suggestion, per sphere, with its reasons (the card's "more"); the adapter splits
    a text over Telegram's limit at line ends, so nothing is cut."""
    lines = []
    grouped = by_sphere(suggestions)
    for sphere in (*SCORED_SPHERES, "general"):
        for suggestion in grouped.get(sphere, []):
            reasons = {r.reason.get(lang): None for r in suggestion.reasons}
            name = instrument_name(lang, suggestion.instrument)
            lines.append(f"• {_t(lang, f'sphere.{sphere}')} – {name}: " + " ".join(reasons))
    return (_t(lang, "card.suggestions_all_header"), "\n".join(lines))


# Telegram's limit for a message's text is 4096 characters; a little room for safety.
CARD_LIMIT = 4000


def fit_card(blocks: list[str]) -> tuple[str, ...]:
    """The card's blocks within one message: long blocks lose their last lines first."""
    sizes = [len(b) + 2 for b in blocks]
    over = sum(sizes) - CARD_LIMIT
    if over <= 0:
        return tuple(blocks)
    fitted = list(blocks)
    # The biggest blocks (the lists) give way; the first block (safety or details) never does.
    for index in sorted(range(1, len(fitted)), key=lambda i: -len(fitted[i])):
        if over <= 0:
            break
        lines = fitted[index].split("\n")
        while len(lines) > 2 and over > 0:
            over -= len(lines.pop()) + 1
        lines.append("…")
        over += 2
        fitted[index] = "\n".join(lines)
    return tuple(fitted)
