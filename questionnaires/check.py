"""`kisbot questionnaire check` and `schema`: every problem of the given files, as file:line."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from questionnaires.loader import bundled_dir
from questionnaires.model import Catalogue, Questionnaire
from questionnaires.problems import Problem, errors_only
from questionnaires.source import Source, read_yaml, validate
from questionnaires.validate import (
    check_catalogue_model,
    check_findings,
    check_questionnaire_model,
)

CATALOGUE_NAME = "instruments.yaml"


def _is_catalogue(source: Source) -> bool:
    """A catalogue is told apart by its keys, whatever the file is called."""
    return isinstance(source.data, dict) and "instruments" in source.data


def check_catalogue(path: Path | str) -> tuple[Catalogue | None, list[Problem]]:
    """The catalogue (None if it has errors) and every problem found in it."""
    source = read_yaml(path)
    catalogue = validate(source, Catalogue)
    if catalogue is not None:
        check_catalogue_model(catalogue, source)
    return (None if errors_only(source.problems) else catalogue), source.problems


def check_questionnaire(path: Path | str, catalogue: Catalogue | None) -> list[Problem]:
    """Every problem of a questionnaire file; instruments are checked when a catalogue is given."""
    source = read_yaml(path)
    questionnaire = validate(source, Questionnaire)
    if questionnaire is not None:
        check_questionnaire_model(questionnaire, source, catalogue)
        check_findings(questionnaire, source)
    return source.problems


def _catalogue_for(path: Path, given: dict[Path, Catalogue | None]) -> Catalogue | None:
    """The catalogue beside the questionnaire, else one given on the command line, else bundled."""
    for candidate in (path.parent / CATALOGUE_NAME, bundled_dir() / CATALOGUE_NAME):
        if candidate.resolve() in given:
            return given[candidate.resolve()]
        if candidate.exists():
            catalogue, _ = check_catalogue(candidate)
            given[candidate.resolve()] = catalogue
            return catalogue
    return next(iter(given.values()), None)


def check_files(paths: Iterable[Path | str]) -> list[Problem]:
    """Check questionnaire and catalogue files; problems in file order, then by line."""
    sources = [(Path(p), read_yaml(p)) for p in paths]
    catalogues: dict[Path, Catalogue | None] = {}
    problems: list[Problem] = []
    for path, source in sources:
        if _is_catalogue(source):
            catalogue, found = check_catalogue(path)
            catalogues[path.resolve()] = catalogue
            problems.extend(found)
    for path, source in sources:
        if not _is_catalogue(source):
            problems.extend(check_questionnaire(path, _catalogue_for(path, catalogues)))
    order = {str(path): n for n, (path, _) in enumerate(sources)}
    return sorted(problems, key=lambda p: (order.get(p.file, len(order)), p.line))


def format_problems(problems: Iterable[Problem]) -> str:
    """One `file:line: item-id: message` line per problem."""
    return "\n".join(str(p) for p in problems)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of questionnaire files, for editors."""
    schema = Questionnaire.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "kisbot questionnaire"
    return schema


def catalogue_json_schema() -> dict[str, Any]:
    """The JSON Schema of the instrument catalogue file."""
    schema = Catalogue.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "kisbot instrument catalogue"
    return schema
