"""A YAML file with the line of every key, and pydantic validation whose every error names
its line (`file:line: what is wrong`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from questionnaires.problems import Problem

PathKey = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


class LineLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans, so `id: yes` and `equals: no` stay strings."""


# YAML 1.1 reads yes/no/on/off as booleans, which would turn the yes/no option ids of the
# format into True/False; only true/false are booleans here.
LineLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
LineLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _has(node: Any, key: str | int) -> bool:
    """Whether `node[key]` exists in parsed YAML data."""
    if isinstance(node, dict):
        return key in node
    return isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node)


@dataclass
class Source:
    """A parsed YAML file: its data, the line of every key and list entry, its problems."""

    file: str
    data: Any = None
    lines: dict[PathKey, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, path: PathKey) -> int:
        """The line of the deepest recorded node on `path`."""
        for end in range(len(path), -1, -1):
            if (line := self.lines.get(path[:end])) is not None:
                return line
        return 1

    def item_at(self, path: PathKey) -> str | None:
        """The id of the questionnaire item (or other entry) that `path` runs through."""
        found: str | None = None
        node = self.data
        for key in path:
            if not _has(node, key):
                break
            node = node[key]
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                found = node["id"]
        return found

    def problem(self, path: PathKey, message: str, *, severity: str = "error") -> Problem:
        """A problem at `path`, with its line and item id."""
        return Problem(
            file=self.file,
            line=self.line_of(path),
            item_id=self.item_at(path),
            message=message,
            severity="warning" if severity == "warning" else "error",
        )


def _record_lines(node: yaml.Node, path: PathKey, source: Source) -> None:
    """Walk the composed YAML graph, noting the line of each key and list entry."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                source.problems.append(
                    Problem(
                        file=source.file,
                        line=line,
                        item_id=None,
                        message=f"key `{key}` appears twice in one mapping "
                        f"(first on line {seen[key]}); the last one would win",
                    )
                )
            seen[key] = line
            source.lines.setdefault((*path, key), line)
            _record_lines(value_node, (*path, key), source)
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            source.lines.setdefault((*path, index), child.start_mark.line + 1)
            _record_lines(child, (*path, index), source)


def read_yaml(path: Path | str) -> Source:
    """Parse a YAML file; malformed YAML becomes a problem at its line, never a traceback."""
    source = Source(file=str(path))
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        source.problems.append(
            Problem(file=str(path), line=1, item_id=None, message="no such file")
        )
        return source
    except (OSError, UnicodeDecodeError) as exc:
        message = f"cannot read the file: {exc}"
        source.problems.append(Problem(file=str(path), line=1, item_id=None, message=message))
        return source
    loader = LineLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            source.lines[()] = node.start_mark.line + 1
            _record_lines(node, (), source)
            source.data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        what = " ".join(part for part in (exc.context, exc.problem) if part)
        if exc.context and "flow" in exc.context:
            # Questions end in "?", which ends a plain value inside {...}; the fix is quoting.
            what += " (inside {...} or [...], put the text in quotes if it has ? : , [ ] { })"
        source.problems.append(
            Problem(file=str(path), line=line, item_id=None, message=f"malformed YAML: {what}")
        )
    except yaml.YAMLError as exc:
        source.problems.append(
            Problem(file=str(path), line=1, item_id=None, message=f"malformed YAML: {exc}")
        )
    finally:
        loader.dispose()
    if source.data is None and not source.problems:
        source.problems.append(Problem(file=str(path), line=1, item_id=None, message="empty file"))
    return source


def _data_path(data: Any, loc: tuple[int | str, ...]) -> PathKey:
    """The part of a pydantic error location that exists in the data.

    Union tags (an item's `type` such as `text`, a condition's form such as `equals`) appear in
    locations but not in the data, and a tag can also be a key (`text`), so every reading is
    tried and the one that follows the location furthest into the data wins.
    """

    def walk(node: Any, start: int) -> list[int]:
        """Indices of `loc` consumed, best first by count, then by reaching deeper."""
        best: list[int] = []
        for index in range(start, len(loc)):
            key = loc[index]
            if _has(node, key):
                taken = [index, *walk(node[key], index + 1)]
                if (len(taken), taken[-1]) > (len(best), best[-1] if best else -1):
                    best = taken
        return best

    consumed = walk(data, 0)
    return tuple(loc[i] for i in consumed)


def _message(error: Any, path: PathKey) -> str:
    """An operator-friendly sentence for one pydantic error."""
    kind = error["type"]
    msg = str(error["msg"]).removeprefix("Value error, ")
    loc = error["loc"]
    last = loc[-1] if loc else ""
    if kind == "missing":
        return f"`{last}` is missing"
    if kind == "extra_forbidden":
        return f"unknown key `{last}`"
    # Name the key only when it is really in the file (not a union tag such as `single`).
    named = isinstance(last, str) and bool(path) and path[-1] == last
    return f"{last}: {msg}" if named else msg


def validate(source: Source, model: type[M]) -> M | None:
    """Validate parsed data against a model, turning every error into a located problem."""
    if source.data is None:
        return None
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        for error in exc.errors():
            path = _data_path(source.data, tuple(error["loc"]))
            source.problems.append(source.problem(path, _message(error, path)))
        return None
