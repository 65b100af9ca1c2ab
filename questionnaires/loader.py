"""Load questionnaire and catalogue files, keeping line numbers for every problem."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from questionnaires.model import Catalogue, Questionnaire
from questionnaires.problems import Problem, QuestionnaireError, errors_only
from questionnaires.source import Source, read_yaml, validate
from questionnaires.validate import check_catalogue_model, check_questionnaire_model

M = TypeVar("M", bound=BaseModel)


def _checked(path: Path | str, model: type[M], semantic: Callable[[M, Source], None]) -> M:
    """Read, validate and check a file; raise QuestionnaireError on any error."""
    source = read_yaml(path)
    result = validate(source, model)
    if result is not None:
        semantic(result, source)
    if errors_only(source.problems) or result is None:
        raise QuestionnaireError(errors_only(source.problems))
    return result


def _mtime(path: Path | str) -> tuple[str, int]:
    """The cache key of a file: its resolved path and modification time (one stat: a step
    loads its questionnaire a few times, under the database's lock)."""
    resolved = _resolved(str(path))
    try:
        return resolved, os.stat(resolved).st_mtime_ns
    except OSError:
        return resolved, -1


@functools.lru_cache(maxsize=256)
def _resolved(path: str) -> str:
    # Resolving walks every folder of the path (an lstat each): 50-70 us, once per path.
    return str(Path(path).resolve())


@functools.lru_cache(maxsize=64)
def _load_questionnaire(path: str, mtime: int) -> Questionnaire:

    return _checked(path, Questionnaire, lambda q, s: check_questionnaire_model(q, s, None))


@functools.lru_cache(maxsize=8)
def _load_catalogue(path: str, mtime: int) -> Catalogue:

    return _checked(path, Catalogue, check_catalogue_model)


def load_questionnaire(path: Path | str) -> Questionnaire:
    """Load a questionnaire file (cached until the file changes)."""
    return _load_questionnaire(*_mtime(path))


def load_catalogue(path: Path | str) -> Catalogue:
    """Load the instrument catalogue (cached until the file changes)."""
    return _load_catalogue(*_mtime(path))


@functools.cache
def bundled_dir() -> Path:
    """The directory holding the bundled questionnaire files."""
    return Path(__file__).resolve().parent


def bundled_catalogue(directory: Path | None = None) -> Catalogue:
    """The bundled instrument catalogue."""
    return load_catalogue((directory or bundled_dir()) / "instruments.yaml")


def questionnaire_path(
    questionnaire_id: str, version: int | None = None, directory: Path | None = None
) -> Path:
    """The file of a questionnaire: the current one, or the one of a given version."""
    base = directory or bundled_dir()
    current = base / f"{questionnaire_id}.yaml"
    if version is None:
        return current
    superseded = base / f"{questionnaire_id}.v{version}.yaml"
    if superseded.exists():
        return superseded
    return current


def load_bundled(
    questionnaire_id: str, version: int | None = None, directory: Path | None = None
) -> Questionnaire:
    """The current questionnaire, or the given version (kept as `<id>.v<version>.yaml`)."""
    if not re.fullmatch(r"[a-z0-9_]+", questionnaire_id):
        raise QuestionnaireError(
            [Problem(file=questionnaire_id, line=1, item_id=None, message="not a questionnaire id")]
        )
    path = questionnaire_path(questionnaire_id, version, directory)
    questionnaire = load_questionnaire(path)
    if questionnaire.id != questionnaire_id or (
        version is not None and questionnaire.version != version
    ):
        wanted = f"{questionnaire_id} version {version}" if version else questionnaire_id
        found = f"{questionnaire.id} version {questionnaire.version}"
        message = f"expected {wanted}, the file holds {found}"
        raise QuestionnaireError([Problem(file=str(path), line=1, item_id=None, message=message)])
    return questionnaire


def bundled_versions(questionnaire_id: str, directory: Path | None = None) -> list[int]:
    """Every version of a questionnaire that can still be loaded, oldest first."""
    base = directory or bundled_dir()
    versions = {
        int(m.group(1))
        for p in base.glob(f"{questionnaire_id}.v*.yaml")
        if (m := re.fullmatch(rf"{re.escape(questionnaire_id)}\.v(\d+)\.yaml", p.name))
    }
    current = base / f"{questionnaire_id}.yaml"
    if current.exists():
        versions.add(load_questionnaire(current).version)
    return sorted(versions)
