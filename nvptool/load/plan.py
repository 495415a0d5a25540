"""Read a plan directory: every file, every problem, in one pass.

Problems of all files are collected; a file with problems is left out of the
plan, so that the rules only ever see valid models.
"""

from __future__ import annotations

import contextlib
import functools
import gc
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from msgspec import Struct
from pydantic import BaseModel, ValidationError

from nvptool.config import DEFAULT_CONFIG, Config
from nvptool.findings import Location, Problem
from nvptool.load.readahead import PrereadSource, ReadAhead
from nvptool.load.schema_errors import did_you_mean, validation_problems
from nvptool.load.sources import DirectorySource, EditedSource, GitSource, RawFile, is_config
from nvptool.load.yamlsource import (
    PLAN_FILES,
    Limits,
    Marks,
    SourceMap,
    YamlDocument,
    YamlError,
    read_yaml,
)
from nvptool.model.files import FILE_KINDS
from nvptool.plan import REFERENCE, Plan, SourceFile

CONTENT_KINDS = {"cycle", "chapter", "theme", "phenomenon", "indicators", "follow-up"}
CYCLES_DIR = "cycles"

Coded = tuple[str, Problem]
PlanSource = DirectorySource | GitSource
M = TypeVar("M", bound=BaseModel)


class LoadResult(Struct, frozen=True):
    plan: Plan
    problems: tuple[Coded, ...]
    config_source: SourceMap | None = None
    """Where each setting of nvptool.yaml stands, when the plan has one."""


def plan_files(plan_dir: Path) -> Iterator[Path]:
    """Every YAML file below plan_dir, in a stable order, the configuration excepted."""
    for raw in DirectorySource(plan_dir).files():
        if not is_config(raw):
            yield plan_dir / raw.relative


def load_plan(
    plan_dir: Path, ahead: ReadAhead | None = None, marks: Marks | None = None
) -> LoadResult:
    """The plan in plan_dir; its files as `ahead` read and parsed them, when given with
    the same marks.

    With marks, where the objects (or all values) stand is kept as the files are read
    (yamlsource.Marks); otherwise it is found when a problem is reported.
    """
    if ahead is None or ahead.marks != marks:
        return load_source(DirectorySource(plan_dir), marks=marks)
    with no_cyclic_gc():
        return _load_source(ahead.source, None, ahead.parse)


def load_source(
    source: PlanSource | EditedSource, only: set[str] | None = None, marks: Marks | None = None
) -> LoadResult:
    """Read every file of a plan source (or only some, by relative path; the
    configuration is always read); every problem of every file is kept."""
    with no_cyclic_gc():
        parse = _parse if marks is None else functools.partial(_parse, marks=marks)
        return _load_source(source, only, parse)


@contextlib.contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Reading builds many small objects and no cycles; Python's cyclic collector
    would scan them again and again (it tripled the time of a large check)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # What was read stays alive: keep it out of every later collection.
        gc.freeze()
        if enabled:
            gc.enable()


Parse = Callable[[RawFile], YamlDocument]
"""A file's document, or its YamlError raised."""


def _parse(raw: RawFile, marks: Marks | None = None, limits: Limits = PLAN_FILES) -> YamlDocument:
    assert raw.data is not None
    return read_yaml(raw.data, raw.display, marks, limits, raw.reread())


def _load_source(
    source: PlanSource | EditedSource | PrereadSource,
    only: set[str] | None,
    parse: Parse = _parse,
) -> LoadResult:
    problems: list[Coded] = []
    raws = deque(source.files(only))
    config_raw = next((raw for raw in raws if is_config(raw)), None)
    config, config_source = (
        _load_config(config_raw, problems, parse) if config_raw else (DEFAULT_CONFIG, None)
    )
    files: list[SourceFile] = []
    while raws:  # Each file's bytes let go once its values are read (sources.Reread).
        raw = raws.popleft()
        if not is_config(raw):
            loaded = _load_file(raw, problems, parse)
            if loaded is not None:
                files.append(loaded)
    return LoadResult(Plan(source.label, config, tuple(files)), tuple(problems), config_source)


def read_model(
    model_type: type[M], raw: bytes, display: str, limits: Limits = PLAN_FILES
) -> tuple[M | None, list[Coded]]:
    """One YAML file outside the plan (a work file, say) read as a model, or its problems."""
    problems: list[Coded] = []
    parse = functools.partial(_parse, limits=limits)
    document = _read(RawFile(display, display, raw), problems, parse)
    model = None if document is None else _validate(model_type, document, problems)
    return (model if isinstance(model, model_type) else None), problems


def _read(raw: RawFile, problems: list[Coded], parse: Parse = _parse) -> YamlDocument | None:
    if raw.error is not None:  # A source gives a file's bytes, or why it could not read them.
        code, message, hint = raw.error
        problems.append((code, Problem(message, Location(raw.display), hint)))
        return None
    try:
        return parse(raw)
    except YamlError as error:
        problems.append((error.code, Problem(error.message, error.location, error.hint)))
    return None


def _load_config(
    raw: RawFile, problems: list[Coded], parse: Parse
) -> tuple[Config, SourceMap | None]:
    document = _read(raw, problems, parse)
    if document is None:
        return DEFAULT_CONFIG, None
    model = _validate(Config, document, problems)
    if not isinstance(model, Config):
        return DEFAULT_CONFIG, None
    return model, document.source


def _load_file(raw: RawFile, problems: list[Coded], parse: Parse) -> SourceFile | None:
    document = _read(raw, problems, parse)
    if document is None:
        return None
    data = document.data
    display = document.source.file
    if not isinstance(data, dict):
        problem = Problem(
            "a plan file must be a mapping of keys to values",
            Location(display),
            "write each key at the start of a line, as 'key: value' (kind: glossary …)",
        )
        problems.append(("SC03", problem))
        return None
    kind = data.get("kind")
    model_type = FILE_KINDS.get(kind) if isinstance(kind, str) else None
    if model_type is None or not isinstance(kind, str):
        problems.append(("SC04", _unknown_kind(kind, document)))
        return None
    scope = _scope(raw.relative, kind)
    if scope is None:
        where = f"in {CYCLES_DIR}/<cycle-id>/" if kind in CONTENT_KINDS else "outside cycles/"
        home = {v: k for k, v in FOLDER_KINDS.items()}.get(kind, "")
        into = (
            f"move the file into {CYCLES_DIR}/<cycle-id>/{home}"
            if kind in CONTENT_KINDS
            else "move the file out of cycles/, into reference/"
        )
        problems.append(
            (
                "LD09",
                Problem(
                    f"a {kind} file belongs {where}",
                    document.source.value(("kind",)),
                    into,
                ),
            )
        )
        return None
    folder = _kind_folder(raw.relative)
    if folder is not None and FOLDER_KINDS[folder] != kind:
        problems.append(("LD09", _in_another_kinds_folder(kind, folder, document)))
        return None  # Read as its kind, it would only repeat keys of the other kind as unknown.
    model = _validate(model_type, document, problems)
    return None if model is None else SourceFile(display, model, document.source, scope)


FOLDER_KINDS = {"chapters": "chapter", "themes": "theme", "phenomena": "phenomenon"}
"""A cycle's folders of one kind of file each (as `nvptool init` and `cycle new` make them)."""


def _kind_folder(relative: str) -> str | None:
    """The folder of one kind a file of a cycle stands in (cycles/<id>/themes/x.yaml)."""
    parts = PurePosixPath(relative).parts
    if len(parts) >= 4 and parts[0] == CYCLES_DIR and parts[2] in FOLDER_KINDS:
        return parts[2]
    return None


def _in_another_kinds_folder(kind: str, folder: str, document: YamlDocument) -> Problem:
    expected = FOLDER_KINDS[folder]
    home = next((name for name, of in FOLDER_KINDS.items() if of == kind), None)
    move = f"; else move it out of {folder}/"
    if home:
        move = f"; if it is a {kind}, move it to {home}/"
    return Problem(
        f"the file says kind: {kind}, but stands in {folder}/, the folder of {expected} files",
        document.source.value(("kind",)),
        f"if it is a {expected}, write kind: {expected}{move}",
    )


def _scope(relative: str, kind: str) -> str | None:
    parts = PurePosixPath(relative).parts
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
