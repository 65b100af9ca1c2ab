"""Callback data: short, versioned, and checked before use."""

from __future__ import annotations

from dataclasses import dataclass

VERSION = "1"
MAX_BYTES = 64  # Telegram's limit for callback_data
MAX_ID_DIGITS = 15
_SEP = ":"


@dataclass(frozen=True)
class Callback:
    """Decoded callback data: a kind and its fields (still untrusted)."""

    kind: str
    fields: tuple[str, ...]


def encode(kind: str, *fields: str | int) -> str:
    """Data for a button; raises if it would not fit Telegram's limit."""
    text_fields = [str(f) for f in fields]
    if any(_SEP in f for f in [kind, *text_fields]):
        raise ValueError("callback fields must not contain ':'")
    data = _SEP.join([VERSION, kind, *text_fields])
    if len(data.encode("utf-8")) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


def decode(data: str) -> Callback | None:
    """Parse data from a button press; None for anything malformed or of another version."""
    if not data or len(data.encode("utf-8")) > MAX_BYTES:
        return None
    version, _, rest = data.partition(_SEP)
    if version != VERSION or not rest:
        return None
    kind, *fields = rest.split(_SEP)
    if not kind:
        return None
    # Ids in our data are far below 10**15; longer digit runs are forged and would overflow
    # SQLite's 64-bit integers if they reached a query.
    if any(f.isdigit() and len(f) > MAX_ID_DIGITS for f in fields):
        return None
    return Callback(kind=kind, fields=tuple(fields))
