"""How a support path looks: the plan with its annex log, one item, and their buttons."""

from __future__ import annotations

from datetime import date

from base.i18n import Param, Text, translate
from exports.path_words import goal_end, goal_end_changes, instrument_name, reasons, summary
from exports.plan import week_of
from flows.reply import Button, Keyboard
from flows.staff.links import (
    ItemAction,
    PathAction,
    PathItemPress,
    PathPress,
    PlanAction,
    PlanPress,
)
from flows.staff.parsing import show_date
from flows.staff.path_check import fix_buttons
from storage.repos.participants import Participant
from storage.repos.staff import StaffMember
from storage.repos.support_paths import (
    Annex,
    Goal,
    Review,
    SupportItem,
    SupportPath,
    TextField,
)

# Item statuses a person may set, by their short code in callback data.
STATUS_CODES = {"p": "planned", "g": "in_progress", "d": "done", "x": "dropped"}
TEXT_FIELDS: dict[str, TextField] = {
    "s": "social_goals",
    "v": "vocational_goals",
    "o": "obligations",
}
ANNEXES_SHOWN = 10


def t(lang: str, key: str, **params: Param) -> str:
    """A catalogue text."""
    return translate(lang, key, params or None)


def data(participant_id: int, action: PathAction, target: str | None = None) -> str:
    """Callback data of a button of the plan."""
    return PathPress(participant_id, action, target).encode()


def plan(participant_id: int, action: PlanAction) -> str:
    """Callback data of a button of the plan's own fields (goals, week, reviews, texts)."""
    return PlanPress(participant_id, action).encode()


def item_data(
    participant_id: int, action: ItemAction, item_id: int, value: str | int | None = None
) -> str:
    """Callback data of a button of one item."""
    return PathItemPress(
        participant_id, action, item_id, None if value is None else str(value)
    ).encode()


def _item_line(lang: str, number: int, item: SupportItem, staff: dict[int, str]) -> str:
    cells = [
        f"{number}. {instrument_name(lang, item.instrument_id)}",
        t(lang, f"sphere.{item.sphere}"),
        t(lang, f"path.status.{item.status}"),
    ]
    if item.partner:
        cells.append(t(lang, "path.item_partner", value=item.partner))
    if item.responsible_staff_id is not None:
        who = staff.get(item.responsible_staff_id, "?")
        cells.append(t(lang, "path.item_responsible", value=who))
    if item.start_date:
        cells.append(t(lang, "path.item_start", value=show_date(item.start_date)))
    if item.target_date:
        cells.append(t(lang, "path.item_target", value=show_date(item.target_date)))
    line = " · ".join(cells)
    why = reasons(lang, item)
    if why and item.status == "proposed":
        line += "\n   " + t(lang, "path.item_reason", value=" ".join(dict.fromkeys(why)))
    return line


def plan_text(
    lang: str,
    participant: Participant,
    path: SupportPath,
    items: list[SupportItem],
    annexes: list[Annex],
    staff: dict[int, str],
    goals: list[Goal] | None = None,
    reviews: list[Review] | None = None,
    gaps: list[str] | None = None,
) -> str:
    """The plan: state, goals, the week, obligations, reviews, items, what is still missing
    before agreement, and the annex log."""
    goals, reviews = goals or [], reviews or []
    lines = [t(lang, "path.header", name=participant.display_name, id=participant.id)]
    if path.agreed_at:
        lines.append(t(lang, "path.agreed_on", date=show_date(path.agreed_at)))
        if path.agreed_gaps:
            lines.append(t(lang, "path.agreed_gaps", reason=path.agreed_gaps))
    else:
        lines.append(t(lang, "path.draft"))
    empty = t(lang, "path.not_set")
    week = week_of(lang, path)
    lines += [
        t(lang, "path.social_goals", value=path.social_goals or empty),
        t(lang, "path.vocational_goals", value=path.vocational_goals or empty),
        *(
            t(
                lang,
                "path.goal_short",
                number=n,
                goal=g.goal,
                date=show_date(g.due_date) or empty,
            )
            if g.ended is None
            else t(lang, "goal_end.goal_short", number=n, goal=g.goal, mark=goal_end(lang, g.ended))
            for n, g in enumerate(goals, start=1)
        ),
        t(lang, "path.week", value=week.rows[-1].value)
        if week.agreed
        else t(lang, "path.week_none", value=empty),
        t(lang, "path.obligations", value=path.obligations or empty),
        t(lang, "path.review_date", value=show_date(path.review_date) or empty),
    ]
    if reviews:
        last = reviews[-1]
        lines.append(
            t(lang, "path.reviews_held", count=len(reviews), date=show_date(last.reviewed_on))
        )
    if path.final_assessment:
        lines.append(t(lang, "path.final", value=path.final_assessment))
    lines += [
        "",
        t(lang, "path.items_header") if items else t(lang, "path.no_items"),
    ]
    lines += [_item_line(lang, n, item, staff) for n, item in enumerate(items, start=1)]
    if any(item.status == "proposed" for item in items):
        lines.append(t(lang, "path.proposed_hint"))
    # What is missing once the proposals are decided (before, their reasons fill the screen).
    if gaps and path.agreed_at is None and not any(i.status == "proposed" for i in items):
        lines += ["", t(lang, "path.missing_header"), *(f"• {gap}" for gap in gaps)]
    changes = [a for a in annexes if a.number > 0]
    ended_by = goal_end_changes(lang, goals, show_date)
    if changes:
        lines += ["", t(lang, "path.annexes_header")]
        for annex in changes[-ANNEXES_SHOWN:]:
            lines.append(
                t(
                    lang,
                    "path.annex_line",
                    number=annex.number,
                    date=show_date(annex.created_at.date()),
                    author=annex.author_name or "?",
                    change=ended_by.get(annex.number) or summary(lang, annex.summary, staff),
                )
            )
    return "\n".join(lines)


def plan_buttons(
    lang: str,
    participant_id: int,
    path: SupportPath,
    items: list[SupportItem],
    goal_list: list[Goal] | None = None,
    reviews: int = 0,
    today: date | None = None,
) -> Keyboard:
    """Accepting every suggestion (while some wait), a button per item, a button per gap, then
    adding, the plan's fields, the review date and agreement: today in one press once nothing
    is missing (pressing "agreed" earlier lists the gaps, with "agree anyway")."""
    waiting = sum(1 for item in items if item.status == "proposed")
    rows: list[tuple[Button, ...]] = []
    if waiting:
        rows.append(
            (Button(t(lang, "path.accept_all", count=waiting), data(participant_id, "aa")),)
        )
    rows += [
        (
            Button(
                f"{n}. {instrument_name(lang, item.instrument_id)}",
                item_data(participant_id, "i", item.id),
            ),
        )
        for n, item in enumerate(items, start=1)
    ]
    rows.append((Button(t(lang, "path.add"), data(participant_id, "c")),))
    if path.agreed_at is None and not waiting:
        rows += fix_buttons(participant_id, path, items, goal_list or [])  # a button per gap
    rows.append(
        (
            Button(
                Text("path.goals_button", {"count": len(goal_list or [])}),
                plan(participant_id, "g"),
            ),
            Button(Text("path.week_button"), plan(participant_id, "w")),
            Button(Text("path.reviews_button", {"count": reviews}), plan(participant_id, "r")),
        )
    )
    rows.append(
        tuple(
            Button(t(lang, f"path.edit_{field}"), data(participant_id, "w", code))
            for code, field in TEXT_FIELDS.items()
        )
    )
    rows.append(
        (
            Button(Text("path.edit_end_conditions"), plan(participant_id, "e")),
            Button(Text("path.edit_final_assessment"), plan(participant_id, "f")),
        )
    )
    last = [Button(t(lang, "path.edit_review"), data(participant_id, "rv"))]
    complete = not waiting and not fix_buttons(participant_id, path, items, goal_list or [])
    if path.agreed_at is None and complete and today is not None:
        rows.append(
            (Button(t(lang, "path.agree_now", date=show_date(today)), data(participant_id, "agt")),)
        )
        last.append(Button(t(lang, "path.agree_other_day"), data(participant_id, "ag")))
    elif path.agreed_at is None:
        last.append(Button(t(lang, "path.agree"), data(participant_id, "ag")))
    rows.append(tuple(last))
    return tuple(rows)


def item_text(lang: str, item: SupportItem, staff: dict[int, str]) -> str:
    """One item with every field."""
    empty = t(lang, "path.not_set")
    lines = [
        f"{instrument_name(lang, item.instrument_id)} · {t(lang, f'sphere.{item.sphere}')}",
        t(lang, "path.item_status", value=t(lang, f"path.status.{item.status}")),
        t(lang, "path.item_partner", value=item.partner or empty),
        t(
            lang,
            "path.item_responsible",
            value=staff.get(item.responsible_staff_id, "?")
            if item.responsible_staff_id is not None
            else empty,
        ),
        t(lang, "path.item_start", value=show_date(item.start_date) or empty),
        t(lang, "path.item_target", value=show_date(item.target_date) or empty),
    ]
    why = reasons(lang, item)
    if why:
        lines.append(t(lang, "path.item_reason", value=" ".join(dict.fromkeys(why))))
    return "\n".join(lines)


def next_item(items: list[SupportItem], item: SupportItem) -> SupportItem | None:
    """The item after this one (the first after the last), None when it is the only one."""
    others = [i.id for i in items]
    if item.id not in others or len(others) < 2:
        return None
    return items[(others.index(item.id) + 1) % len(items)]


def item_buttons(
    lang: str,
    participant_id: int,
    item: SupportItem,
    agreed: bool,
    following: SupportItem | None = None,
) -> Keyboard:
    """Accept or remove (a draft), the fields, and back to the plan or on to the next item:
    the item stays on screen while its fields are set."""
    rows: list[tuple[Button, ...]] = []
    first: list[Button] = []
    if item.status == "proposed":
        first.append(Button(t(lang, "path.accept"), item_data(participant_id, "a", item.id)))
    if not agreed:
        first.append(Button(t(lang, "path.remove"), item_data(participant_id, "x", item.id)))
    if first:
        rows.append(tuple(first))
    if item.status != "proposed":
        rows.append(
            tuple(
                Button(
                    t(lang, f"path.status.{status}"), item_data(participant_id, "ss", item.id, code)
                )
                for code, status in STATUS_CODES.items()
                if status != item.status
            )
        )
    rows.append(
        (
            Button(t(lang, "path.edit_partner"), item_data(participant_id, "pt", item.id)),
            Button(t(lang, "path.edit_responsible"), item_data(participant_id, "r", item.id)),
        )
    )
    rows.append(
        (
            Button(t(lang, "path.edit_start"), item_data(participant_id, "sd", item.id)),
            Button(t(lang, "path.edit_target"), item_data(participant_id, "dt", item.id)),
        )
    )
    last = [Button(t(lang, "path.back"), data(participant_id, "v"))]
    if following is not None:
        last.append(Button(t(lang, "path.next_item"), item_data(participant_id, "i", following.id)))
    rows.append(tuple(last))
    return tuple(rows)


def staff_names(members: list[StaffMember]) -> dict[int, str]:
    """Staff ids to names (former members too: old items and annexes name them)."""
    return {m.id: m.display_name for m in members}
