"""Read a plan directory: every file, every problem, in one pass.

Problems of all files are collected; a file with problems is left out of the
plan, so that the rules only ever see valid models.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from nvptool.config import CONFIG_FILE, DEFAULT_CONFIG, Config
from nvptool.findings import Location, Problem
from nvptool.load.schema_errors import did_you_mean, validation_problems
from nvptool.load.yamlsource import YamlDocument, YamlError, read_yaml
from nvptool.model.files import FILE_KINDS
from nvptool.plan import REFERENCE, Plan, SourceFile

CONTENT_KINDS = {"cycle", "chapter", "theme", "phenomenon"}
CYCLES_DIR = "cycles"

Coded = tuple[str, Problem]


@dataclass(frozen=True)
class LoadResult:
    plan: Plan
    problems: tuple[Coded, ...]


def plan_files(plan_dir: Path) -> Iterator[Path]:
    """Every YAML file below plan_dir, in a stable order, the configuration excepted."""
    for directory, subdirs, names in os.walk(plan_dir):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        for name in sorted(names):
            if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                path = Path(directory, name)
                if path.parent != plan_dir or name != CONFIG_FILE:
                    yield path


def load_plan(plan_dir: Path) -> LoadResult:
    problems: list[Coded] = []
    config = _load_config(plan_dir, problems)
    files: list[SourceFile] = []
    for path in plan_files(plan_dir):
        loaded = _load_file(plan_dir, path, problems)
        if loaded is not None:
            files.append(loaded)
    return LoadResult(Plan(str(plan_dir), config, tuple(files)), tuple(problems))


def _display(path: Path) -> str:
    return path.as_posix()


def _read(plan_dir: Path, path: Path, problems: list[Coded]) -> YamlDocument | None:
    display = _display(path)
    try:
        resolved = path.resolve(strict=True)
        if not resolved.is_relative_to(plan_dir.resolve()):
            problems.append(
                ("LD08", Problem("the file links to a place outside the plan", Location(display)))
            )
            return None
        return read_yaml(resolved.read_bytes(), display)
    except YamlError as error:
        problems.append((error.code, Problem(error.message, error.location, error.hint)))
    except OSError as error:
        problems.append(
            ("LD05", Problem(f"cannot read the file: {error.strerror}", Location(display)))
        )
    return None


def _load_config(plan_dir: Path, problems: list[Coded]) -> Config:
    path = plan_dir / CONFIG_FILE
    if not path.is_file():
        return DEFAULT_CONFIG
    document = _read(plan_dir, path, problems)
    if document is None:
        return DEFAULT_CONFIG
    model = _validate(Config, document, problems)
    return model if isinstance(model, Config) else DEFAULT_CONFIG


def _load_file(plan_dir: Path, path: Path, problems: list[Coded]) -> SourceFile | None:
    document = _read(plan_dir, path, problems)
    if document is None:
        return None
    data = document.data
    display = document.source.file
    if not isinstance(data, dict):
        problems.append(
            ("SC03", Problem("a plan file must be a mapping of keys to values", Location(display)))
        )
        return None
    kind = data.get("kind")
    model_type = FILE_KINDS.get(kind) if isinstance(kind, str) else None
    if model_type is None or not isinstance(kind, str):
        problems.append(("SC04", _unknown_kind(kind, document)))
        return None
    scope = _scope(plan_dir, path, kind)
    if scope is None:
        where = f"{CYCLES_DIR}/<cycle-id>/" if kind in CONTENT_KINDS else "outside cycles/"
        problems.append(
            (
                "LD09",
                Problem(
                    f"a {kind} file belongs {where}",
                    document.source.value(("kind",)),
                    "move the file",
                ),
            )
        )
        return None
    model = _validate(model_type, document, problems)
    return None if model is None else SourceFile(display, model, document.source, scope)


def _scope(plan_dir: Path, path: Path, kind: str) -> str | None:
    parts = path.relative_to(plan_dir).parts
    in_cycle = len(parts) >= 3 and parts[0] == CYCLES_DIR
    if kind in CONTENT_KINDS:
        return parts[1] if in_cycle else None
    return None if in_cycle else REFERENCE


def _unknown_kind(kind: Any, document: YamlDocument) -> Problem:
    kinds = sorted(FILE_KINDS)
    if kind is None:
        return Problem(
            "the file has no 'kind:'",
            document.source.value(()),
            "start the file with 'kind:' and one of: " + ", ".join(kinds),
        )
    suggestion = did_you_mean(str(kind), kinds)
    hint = f"did you mean '{suggestion}'?" if suggestion else "use one of: " + ", ".join(kinds)
    return Problem(f"unknown kind of file '{kind}'", document.source.value(("kind",)), hint)


def _validate(
    model_type: type[BaseModel], document: YamlDocument, problems: list[Coded]
) -> BaseModel | None:
    try:
        return model_type.model_validate(document.data)
    except ValidationError as error:
        problems.extend(validation_problems(error, model_type, document.data, document.source))
        return None
