"""Lists of participants on staff screens: pages with ◀ ▶, a button per person, and the typed
search that narrows a list (a part of a name, or the number /participants shows)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from base.ids import parse_id
from flows.reply import Button
from questionnaires.answers import normalize

# Ten people and the page buttons fit an old phone's screen without scrolling far.
PAGE_SIZE = 10
# Long names would make buttons wrap into unreadable blocks on a phone.
MAX_BUTTON_NAME = 32
# A search is a part of a name; longer typed text is cut here before anything reads it.
MAX_QUERY = 40

Person = tuple[int, str]  # (participant id, display name)


def page_count(total: int, size: int = PAGE_SIZE) -> int:
    """How many pages `total` rows fill (an empty list still has its one page)."""
    return max(1, -(-total // size))


def nav_row(page: int, pages: int, button: Callable[[int], str]) -> tuple[Button, ...]:
    """◀ and ▶ where there is a page that way; `button(page)` makes a page's callback data."""
    nav: list[Button] = []
    if page > 0:
        nav.append(Button("◀", button(page - 1)))
    if page < pages - 1:
        nav.append(Button("▶", button(page + 1)))
    return tuple(nav)


def short(name: str) -> str:
    """A name cut to fit on a button."""
    return name if len(name) <= MAX_BUTTON_NAME else name[: MAX_BUTTON_NAME - 1] + "…"


def person_label(participant_id: int, name: str) -> str:
    """`Name #12`: the number tells apart two people of the same name, and can be typed."""
    return f"{short(name)} #{participant_id}"


def search(people: Sequence[Person], query: str) -> list[Person]:
    """The people whose number is the query, or whose name holds every typed word (case,
    Polish and Ukrainian letters' marks and spacing ignored), in the list's order."""
    wanted = normalize(query[:MAX_QUERY])
    number = parse_id(wanted)
    words = wanted.split()
    found = []
    for participant_id, name in people:
        folded = normalize(name)
        if participant_id == number or (words and all(word in folded for word in words)):
            found.append((participant_id, name))
    return found
