"""Button data: one declared type per kind of button, encoded and decoded from its fields.

A kind is a frozen dataclass subclassing `ButtonData` with `kind="..."`; its fields say what
the wire text holds, and `encode`/`decode` are derived from them:

    @dataclass(frozen=True)
    class OpenCard(ButtonData, kind="pcd"):
        participant: int

    OpenCard(12).encode() == "1:pcd:12";  decode("1:pcd:12") == OpenCard(12)

Field types: `int` (an id: ASCII digits, at most `MAX_ID`), `Literal["a", "b"]`, a short text
`Word` (at most `WORD_CHARS` characters) and any of them `| None = None` at the end (left out
of the text when None, so a button with fewer fields keeps the older, shorter data).

Anything that does not decode to a declared kind with valid fields is None: forged, from an
older version of the bot, or simply out of date; every router answers it the same way
(`flows.common.stale_button`, docs/DECISIONS.md).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal, get_args, get_origin

from base.ids import MAX_ID, parse_id

VERSION = "1"
MAX_BYTES = 64  # Telegram's limit for callback_data
SEP = ":"
WORD_CHARS = 32


@dataclass(frozen=True)
class Chars:
    """The most characters a text field may hold (checked both ways)."""

    limit: int


# A short code in button data: a catalogue id, a language, a role... never free text.
Word = Annotated[str, Chars(WORD_CHARS)]


@dataclass(frozen=True)
class _Field:
    name: str
    parse: Callable[[str], Any]  # the value, or None when the text is not valid
    optional: bool
    largest: Any  # the value that makes the longest text (for the size test)


_KINDS: dict[str, type[ButtonData]] = {}
_FIELDS: dict[type[ButtonData], tuple[_Field, ...]] = {}


@dataclass(frozen=True)
class ButtonData:
    """Base of every button kind; subclasses name their kind: `class X(ButtonData, kind="x")`."""

    kind: ClassVar[str]

    def __init_subclass__(cls, *, kind: str, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not kind or SEP in kind:
            raise TypeError(f"{cls.__name__}: a button kind is a short text without ':'")
        if kind in _KINDS:
            raise TypeError(f"button kind {kind!r} declared twice: {_KINDS[kind]} and {cls}")
        cls.kind = kind
        _KINDS[kind] = cls

    def encode(self) -> str:
        """The callback data; raises ValueError if it would not fit Telegram's 64 bytes."""
        texts = []
        for spec in fields_of(type(self)):
            value = getattr(self, spec.name)
            if value is None:
                if not spec.optional:
                    raise ValueError(f"{type(self).__name__}.{spec.name} is required")
                break
            text = str(value)
            if not text or SEP in text or spec.parse(text) is None:
                raise ValueError(f"{type(self).__name__}.{spec.name}: {text!r} will not decode")
            texts.append(text)
        data = SEP.join([VERSION, self.kind, *texts])
        if len(data.encode("utf-8")) > MAX_BYTES:
            raise ValueError(f"button data over {MAX_BYTES} bytes: {data!r}")
        return data


def kinds() -> dict[str, type[ButtonData]]:
    """Every declared kind (those of the modules imported so far)."""
    return dict(_KINDS)


def decode(data: str) -> ButtonData | None:
    """The typed button, or None for anything not made by this version of the bot."""
    if not data or len(data.encode("utf-8")) > MAX_BYTES:
        return None
    version, _, rest = data.partition(SEP)
    if version != VERSION or not rest:
        return None
    kind, *texts = rest.split(SEP)
    cls = _KINDS.get(kind)
    if cls is None:
        return None
    specs = fields_of(cls)
    required = sum(1 for s in specs if not s.optional)
    if not required <= len(texts) <= len(specs):
        return None
    values: dict[str, Any] = {}
    for spec, text in zip(specs, texts, strict=False):
        value = spec.parse(text)
        if value is None:
            return None
        values[spec.name] = value
    return cls(**values)


def largest(cls: type[ButtonData]) -> ButtonData:
    """The kind with every field at its longest (for the 64-byte test)."""
    return cls(**{s.name: s.largest for s in fields_of(cls)})


def fields_of(cls: type[ButtonData]) -> tuple[_Field, ...]:
    """How each field of a kind reads and writes (worked out once from its annotations)."""
    found = _FIELDS.get(cls)
    if found is None:
        hints = typing.get_type_hints(cls, include_extras=True)
        found = tuple(_field(cls, f.name, hints[f.name]) for f in dataclasses.fields(cls))
        seen_optional = False
        for spec in found:
            if seen_optional and not spec.optional:
                raise TypeError(f"{cls.__name__}: optional fields come last")
            seen_optional = seen_optional or spec.optional
        _FIELDS[cls] = found
    return found


def _field(cls: type, name: str, hint: Any) -> _Field:
    optional = False
    if get_origin(hint) in (typing.Union, types.UnionType):
        args = get_args(hint)
        inner = [a for a in args if a is not type(None)]
        optional = len(inner) < len(args)
        if all(get_origin(a) is Literal for a in inner):
            # Literal["a"] | Literal["b"] is Literal["a", "b"].
            inner = [Literal[tuple(c for a in inner for c in get_args(a))]]
        if len(inner) != 1:
            raise TypeError(f"{cls.__name__}.{name}: one type, optionally | None")
        hint = inner[0]
    if hint is int:
        return _Field(name, parse_id, optional, MAX_ID)
    if get_origin(hint) is Literal:
        choices = tuple(str(a) for a in get_args(hint))
        return _Field(name, lambda t: t if t in choices else None, optional, max(choices, key=len))
    if get_origin(hint) is Annotated and get_args(hint)[0] is str:
        limit = next(m.limit for m in get_args(hint)[1:] if isinstance(m, Chars))
        return _Field(name, lambda t: t if 0 < len(t) <= limit else None, optional, "x" * limit)
    raise TypeError(f"{cls.__name__}.{name}: int, Literal[...] or Word, not {hint!r}")
