"""Buttons that open a staff flow from another screen (the card, the list, a finished
assessment). They live apart from their flows so a screen can show them without importing the
flow behind them (and so without import cycles: the card shows the path's button, the path
module never needs the card)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from flows.buttons import ButtonData, Chars, Word

# A status code or a staff member's id (at most 15 digits, base/ids.py).
ShortValue = Annotated[str, Chars(15)]


@dataclass(frozen=True)
class OpenCard(ButtonData, kind="pcd"):
    """A participant's card."""

    participant: int


@dataclass(frozen=True)
class MoreSuggestions(ButtonData, kind="pcm"):
    """The card's "more": every suggested instrument of a participant, with its reasons."""

    participant: int


@dataclass(frozen=True)
class StartAssessment(ButtonData, kind="as"):
    """Start or continue one's own assessment of a participant."""

    participant: int


@dataclass(frozen=True)
class NewReading(ButtonData, kind="nr"):
    """Offer the kinds of reading (without a kind), or open one: mid-way, exit, follow-up."""

    participant: int
    reading_kind: Literal["m", "x", "f"] | None = None


@dataclass(frozen=True)
class Export(ButtonData, kind="ex"):
    """Offer the documents (alone), or send one: summary or plan, HTML, DOCX or Markdown."""

    participant: int
    document: Literal["s", "f", "p"] | None = None
    format: Literal["h", "d", "m"] | None = None


# open, view (edit in place), catalogue, its sphere, its instrument, a text field, review
# date (ask; a date from a button), agree (check what is missing; ask the date), agree today,
# accept every suggestion, make me responsible for every action without anyone, agree anyway
PathAction = Literal[
    "o", "v", "c", "cs", "ca", "w", "rv", "rvd", "ag", "agd", "agt", "aa", "me", "agx"
]
# show, accept, remove, status, responsible menu and choice, partner, target date, a partner
# from the club's register, add the typed partner to the register, start date, a target or
# start date from a button
ItemAction = Literal["i", "a", "x", "ss", "r", "rr", "pt", "dt", "pp", "pa", "sd", "dtp", "sdp"]


@dataclass(frozen=True)
class PathPress(ButtonData, kind="sp"):
    """A button of the support path plan, with its target: a sphere, an instrument or a text
    field's code."""

    participant: int
    action: PathAction
    target: Word | None = None


@dataclass(frozen=True)
class PathItemPress(ButtonData, kind="spi"):
    """A button of one item of the plan, with a value: a status code or a staff member's id."""

    participant: int
    action: ItemAction
    item: int
    value: ShortValue | None = None


@dataclass(frozen=True)
class NotePress(ButtonData, kind="nt"):
    """New note, the list, or save the typed note for the team / for my specialism."""

    participant: int
    action: Literal["n", "l", "a", "s"]


StatusAction = Literal["m", "g", "e", "o", "y", "l", "lr", "ls", "yl", "n"]


@dataclass(frozen=True)
class StatusPress(ButtonData, kind="st"):
    """Ending the programme: menu, outcomes, employment outcomes, an outcome, confirm it, left
    (the reasons), a reason code, no further text, confirm left, keep."""

    participant: int
    action: StatusAction
    outcome: Word | None = None


@dataclass(frozen=True)
class AuditView(ButtonData, kind="au"):
    """The audit log of a participant."""

    participant: int


@dataclass(frozen=True)
class EraseAsk(ButtonData, kind="xa"):
    """A leader opens a participant's deletion request: what goes, what the club keeps."""

    participant: int


# open, new enrolment, confirm it, certificate, phone follow-up (months, then answer),
# case person (roles, then a role: typed details follow), edit a detail (typed value follows),
# formal basis (kinds, then one), art. 1(2) groups (list, toggle one), an extension (typed)
EnrolmentAction = Literal[
    "o", "n", "ny", "c", "f", "fm", "fa", "p", "pr", "pd", "px", "d", "b", "bk", "g", "gt", "x"
]


@dataclass(frozen=True)
class EnrolmentPress(ButtonData, kind="enr"):
    """The enrolment and case screen of a participant, with a code (a field, a role, a basis,
    a group, a follow-up month and answer)."""

    participant: int
    action: EnrolmentAction
    value: Word | None = None


@dataclass(frozen=True)
class PartnersPress(ButtonData, kind="prt"):
    """The club's partner register: the list, add one (kinds, then a kind: typed details)."""

    action: Literal["l", "a", "k"]
    kind_code: Word | None = None


# goals (list, add one, its date from a button, remove one, correct one's indicator or date),
# the agreed week (its screen, one part's hours), reviews (list, record one, its date from a
# button), final assessment, the conditions for ending participation
PlanAction = Literal["g", "ga", "gd", "gx", "gi", "ge", "w", "wh", "r", "ra", "rd", "f", "e"]


@dataclass(frozen=True)
class PlanPress(ButtonData, kind="spg"):
    """A button of the plan's own fields, with a value: a goal's id, an hour field's code or
    a date (eight digits)."""

    participant: int
    action: PlanAction
    value: Word | None = None


@dataclass(frozen=True)
class GoalEndPress(ButtonData, kind="sge"):
    """Ending a goal of an agreed plan by an annex: start (s, the goal's id), a reason (r, its
    code), the date it takes effect (d, eight digits), record the annex (c, the goal's id),
    cancel (x)."""

    participant: int
    action: Literal["s", "r", "d", "c", "x"]
    value: Word | None = None


@dataclass(frozen=True)
class PartnerEdit(ButtonData, kind="pre"):
    """One partner of the register: show it (s), change a detail (f, the detail's code) or
    its kind (k, then the kind), take it off the register (r, then ry to confirm)."""

    partner: int
    action: Literal["s", "f", "k", "r", "ry"]
    value: Word | None = None


@dataclass(frozen=True)
class ThreadPress(ButtonData, kind="thr"):
    """Messages with a participant: the thread (view) or answer it (a typed answer follows)."""

    participant: int
    action: Literal["v", "a"]
