"""Callback data is short, versioned, and anything malformed is refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flows import callbacks


def test_round_trip() -> None:
    data = callbacks.encode("a", 12, "housing", "own_flat")
    assert data == "1:a:12:housing:own_flat"
    decoded = callbacks.decode(data)
    assert decoded == callbacks.Callback("a", ("12", "housing", "own_flat"))


def test_too_long_is_refused_when_encoding() -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        callbacks.encode("a", "x" * 70)


@pytest.mark.parametrize("data", ["", "2:a:1", "1:", "1", "x" * 65, "1::5", "ąę" * 40])
def test_malformed_is_none(data: str) -> None:
    assert callbacks.decode(data) is None


@given(st.text(max_size=200))
def test_decode_never_raises(data: str) -> None:
    result = callbacks.decode(data)
    if result is not None:
        assert len(data.encode("utf-8")) <= 64
        assert data.startswith("1:")


def test_forged_huge_ids_are_refused() -> None:
    assert callbacks.decode("1:sd:99999999999999999999") is None
    assert callbacks.decode("1:sd:123456789012345") == callbacks.Callback(
        "sd", ("123456789012345",)
    )
