"""Button data: every kind round-trips, the longest still fits Telegram's 64 bytes, and
anything malformed, forged or out of date decodes to None (answered as stale everywhere)."""

from __future__ import annotations

from dataclasses import dataclass, fields

import pytest
from hypothesis import given
from hypothesis import strategies as st

from base.ids import MAX_ID, parse_id
from flows import buttons, registry
from flows.buttons import MAX_BYTES, ButtonData
from flows.staff.links import OpenCard, PathItemPress, PathPress
from flows.staff.team import Deactivate
from questionnaires.bundled import catalogue


def test_every_kind_round_trips_and_its_longest_form_fits() -> None:
    kinds = buttons.kinds()
    assert len(kinds) >= 40
    for kind, cls in kinds.items():
        biggest = buttons.largest(cls)
        data = biggest.encode()  # raises when over 64 bytes
        assert len(data.encode("utf-8")) <= MAX_BYTES, kind
        assert data.startswith(f"{buttons.VERSION}:{kind}")
        assert buttons.decode(data) == biggest, kind
        assert type(buttons.decode(data)) is cls


def test_every_kind_belongs_to_exactly_one_flow() -> None:
    claimed = [b for flow in registry.ALL for b in flow.buttons]
    assert sorted(c.kind for c in claimed) == sorted(buttons.kinds())
    assert len(claimed) == len(set(claimed))


def test_the_wire_format_is_the_one_stored_buttons_carry() -> None:
    # Messages already in people's chats keep working after an upgrade...
    assert OpenCard(12).encode() == "1:pcd:12"
    assert PathPress(5, "cs", "health").encode() == "1:sp:5:cs:health"
    assert buttons.decode("1:sp:5:o") == PathPress(5, "o")
    assert buttons.decode("1:sd:3") == Deactivate(3)
    # ...except a support path item's, which moved to a kind of its own (out of date: stale).
    assert PathItemPress(5, "ss", 7, "d").encode() == "1:spi:5:ss:7:d"
    assert buttons.decode("1:sp:5:ss:7:d") is None


def test_catalogue_ids_fit_a_button_word() -> None:
    # Instrument and activity kind ids travel in buttons (PathPress, PickKind).
    cat = catalogue()
    for found in [*cat.instruments, *cat.activity_kinds]:
        assert len(found.id) <= buttons.WORD_CHARS, found.id


@pytest.mark.parametrize(
    "data",
    [
        "",
        "2:pcd:1",  # another version of the bot
        "1:",
        "1",
        "x" * 65,
        "1::5",
        "ąę" * 40,
        "1:zz:1",  # no such kind
        "1:pcd",  # a field missing
        "1:pcd:1:2",  # a field too many
        "1:pcd:x",  # not a number
        "1:pcd:²",  # a digit int() refuses
        "1:pcd:-1",
        "1:pcd:1000000000000000",  # longer than any id we make
        "1:sd:99999999999999999999",
        "1:sp:1:zz",  # no such action
        "1:nr:1:q",  # no such reading kind
        "1:x:z",
        "1:tw:1",  # a kind without fields, with one
        "1:zd",  # the list's number missing
    ],
)
def test_malformed_forged_or_out_of_date_is_none(data: str) -> None:
    assert buttons.decode(data) is None


@given(st.text(max_size=200))
def test_decode_never_raises(data: str) -> None:
    result = buttons.decode(data)
    if result is not None:
        assert len(data.encode("utf-8")) <= MAX_BYTES
        assert buttons.decode(result.encode()) == result


def test_the_largest_id_is_accepted_and_one_more_is_not() -> None:
    assert buttons.decode(f"1:pcd:{MAX_ID}") == OpenCard(MAX_ID)
    assert parse_id(str(MAX_ID)) == MAX_ID
    assert parse_id(f"#{MAX_ID}") == MAX_ID
    assert parse_id(str(MAX_ID + 1)) is None


def test_encoding_refuses_what_would_not_decode() -> None:
    with pytest.raises(ValueError, match="will not decode"):
        OpenCard(MAX_ID + 1).encode()
    with pytest.raises(ValueError, match="will not decode"):
        PathPress(1, "cs", "a:b").encode()


def test_a_kind_cannot_be_declared_twice() -> None:
    with pytest.raises(TypeError, match="declared twice"):

        @dataclass(frozen=True)
        class Again(ButtonData, kind="pcd"):
            participant: int

    assert [f.name for f in fields(OpenCard)] == ["participant"]
