"""What a plan still lacks before it is agreed: goals (with an indicator and a date), the
participant's obligations, a review date, a responsible person per action. The plan lists it
while it is a draft; pressing "agreed" with something missing shows it with a button per gap
and "agree anyway", which asks why (the reason is kept with the plan)."""

from __future__ import annotations

from base.i18n import Text, translate
from exports.path_words import instrument_name
from flows.reply import Button, Keyboard
from flows.staff.links import PathPress, PlanPress
from storage.repos.support_paths import Goal, SupportItem, SupportPath

NAMES_SHOWN = 3  # actions named in the "responsible" gap; the rest are counted


def unassigned(items: list[SupportItem]) -> list[SupportItem]:
    """Actions of the plan with no one responsible (dropped ones need no one)."""
    return [
        i
        for i in items
        if i.responsible_staff_id is None and i.status not in ("proposed", "dropped")
    ]


def missing(lang: str, path: SupportPath, items: list[SupportItem], goals: list[Goal]) -> list[str]:
    """Each gap in words, in the order a plan is usually written."""
    gaps: list[Text] = []
    if not goals and not (path.social_goals or path.vocational_goals):
        gaps.append(Text("path.missing.goals"))
    vague = [
        str(n)
        for n, g in enumerate(goals, start=1)
        if g.ended is None and (not g.indicator or not g.due_date)
    ]
    if vague:
        gaps.append(Text("path.missing.goal_details", {"numbers": ", ".join(vague)}))
    if not path.obligations:
        gaps.append(Text("path.missing.obligations"))
    if path.review_date is None:
        gaps.append(Text("path.missing.review"))
    nobody = unassigned(items)
    if nobody:
        names = [instrument_name(lang, i.instrument_id) for i in nobody[:NAMES_SHOWN]]
        more = len(nobody) - len(names)
        shown = "; ".join(names) + (f" (+{more})" if more else "")
        gaps.append(Text("path.missing.responsible", {"actions": shown}))
    return [translate(lang, g.key, g.params) for g in gaps]


def fix_buttons(
    participant_id: int, path: SupportPath, items: list[SupportItem], goals: list[Goal]
) -> Keyboard:
    """One button per gap: each opens the question that fills it."""
    rows: list[tuple[Button, ...]] = []
    if not goals and not (path.social_goals or path.vocational_goals):
        rows.append((Button(Text("path.goal_add"), PlanPress(participant_id, "ga").encode()),))
    if not path.obligations:
        rows.append(
            (Button(Text("path.fix.obligations"), PathPress(participant_id, "w", "o").encode()),)
        )
    if path.review_date is None:
        rows.append((Button(Text("path.fix.review"), PathPress(participant_id, "rv").encode()),))
    nobody = unassigned(items)
    if nobody:
        rows.append(
            (
                Button(
                    Text("path.me_responsible", {"count": len(nobody)}),
                    PathPress(participant_id, "me").encode(),
                ),
            )
        )
    return tuple(rows)


def check_screen(
    participant_id: int,
    path: SupportPath,
    items: list[SupportItem],
    goals: list[Goal],
    gaps: list[str],
) -> tuple[tuple[Text | str, ...], Keyboard]:
    """The gaps, a button per gap, "agree anyway" and back to the plan."""
    parts = (
        Text("path.check_header"),
        "\n".join(f"• {gap}" for gap in gaps),
        Text("path.check_hint"),
    )
    rows = (
        *fix_buttons(participant_id, path, items, goals),
        (Button(Text("path.agree_anyway"), PathPress(participant_id, "agx").encode()),),
        (Button(Text("path.back"), PathPress(participant_id, "v").encode()),),
    )
    return parts, rows
