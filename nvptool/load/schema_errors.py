"""Turn pydantic validation errors into plain-words problems at file:line:col."""

from __future__ import annotations

import re
import types
import typing
import unicodedata
from collections.abc import Iterator
from typing import Any, Union

from pydantic import BaseModel, RootModel, ValidationError
from pydantic_core import ErrorDetails

from nvptool.findings import Problem
from nvptool.load.yamlsource import SourceMap, YamlPath
from nvptool.model.base import ID_PATTERN

UNKNOWN_KEY = "SC01"
MISSING_KEY = "SC02"
INVALID_VALUE = "SC03"

FRIENDLY = {
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "bool_type": "expected true or false",
    "dict_type": "expected a mapping of keys to values",
    "model_type": "expected a mapping of keys to values",
    "list_type": "expected a list",
    "tuple_type": "expected a list",
    "string_too_short": "the text is too short",
}


def slug(text: str) -> str:
    """A valid id made from any text: lower case, accents dropped, hyphens between words."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", plain)) or "id"


def did_you_mean(word: str, choices: list[str], cutoff: float = 70.0) -> str | None:
    """The closest of choices to word, when it is close enough to be a likely typo.

    Plain edit similarity: WRatio's partial matching suggests 'wgp' for 'gpi-44ter'.
    """
    from rapidfuzz import fuzz, process  # Only when there is something to suggest.

    match = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
    return None if match is None else str(match[0])


def validation_problems(
    error: ValidationError, model: type[BaseModel], data: Any, source: SourceMap
) -> Iterator[tuple[str, Problem]]:
    """One problem per distinct place, in the words a policy writer understands."""
    located = [(_data_path(detail, data), detail) for detail in error.errors()]
    paths = {path for path, _ in located}
    misspelt = _misspelt(located, model)
    seen: set[YamlPath] = set()
    for path, detail in located:
        deeper = any(other[: len(path)] == path and len(other) > len(path) for other in paths)
        if path in seen or (deeper and detail["type"] not in {"missing", "extra_forbidden"}):
            # Another branch of a union explains this place better (or already did).
            continue
        if detail["type"] == "missing" and path in misspelt:
            continue  # The unknown key's "did you mean" says it already.
        seen.add(path)
        yield _problem(detail, path, model, source)


def _misspelt(
    located: list[tuple[YamlPath, ErrorDetails]], model: type[BaseModel]
) -> set[YamlPath]:
    """Paths of missing keys that an unknown key beside them probably meant."""
    found = set()
    for path, detail in located:
        if detail["type"] == "extra_forbidden" and path:
            suggestion = did_you_mean(str(path[-1]), _fields_at(model, path[:-1]))
            if suggestion is not None:
                found.add((*path[:-1], suggestion))
    return found


def _problem(
    detail: ErrorDetails, path: YamlPath, model: type[BaseModel], source: SourceMap
) -> tuple[str, Problem]:
    kind = detail["type"]
    name = _name(path)
    if kind == "extra_forbidden":
        allowed = sorted(_fields_at(model, path[:-1]))
        suggestion = did_you_mean(name, allowed)
        hint = f"did you mean '{suggestion}'?" if suggestion else None
        if hint is None and allowed:
            hint = "allowed keys here: " + ", ".join(allowed)
        return UNKNOWN_KEY, Problem(f"unknown key '{name}'", source.key(path), hint)
    if kind == "missing":
        return MISSING_KEY, Problem(
            f"the required key '{name}' is missing", source.value(path[:-1]), f"add '{name}:'"
        )
    message = FRIENDLY.get(kind, detail["msg"])
    hint = None
    value = detail.get("input")
    if kind == "string_pattern_mismatch" and detail.get("ctx", {}).get("pattern") == ID_PATTERN:
        message = "an id is lower-case letters and digits joined by hyphens"
        hint = f"did you mean '{slug(str(value))}'?"
    elif kind == "string_pattern_mismatch":
        message = detail["msg"].replace("String should match pattern", "the text should match")
        example = _example(model, path)
        hint = f"for example: {example}" if example else None
    elif kind in {"literal_error", "enum"}:
        expected = re.findall(r"'([^']*)'", str(detail.get("ctx", {}).get("expected", "")))
        message = "expected one of: " + ", ".join(expected)
        suggestion = did_you_mean(str(value), expected)
        hint = f"did you mean '{suggestion}'?" if suggestion else None
    if kind == "value_error":
        message = str(detail.get("ctx", {}).get("error", message))
    shown = f" (got {value!r})" if isinstance(value, str | int | float | bool) else ""
    return INVALID_VALUE, Problem(f"'{name}': {message}{shown}", source.value(path), hint)


def _name(path: YamlPath) -> str:
    """What a message calls the place: a key, or a list item by its number from 1."""
    if not path:
        return "the file"
    last = path[-1]
    if isinstance(last, int) and len(path) > 1:
        return f"{path[-2]}, item {last + 1}"
    return str(last)


def _data_path(detail: ErrorDetails, data: Any) -> YamlPath:
    """The loc without pydantic's union-branch tags: only steps that exist in the data."""
    path: list[str | int] = []
    node = data
    loc = detail["loc"]
    for index, step in enumerate(loc):
        last = index == len(loc) - 1
        if _has_step(node, step):
            path.append(step)
            node = node[step]
        elif last and detail["type"] in {"missing", "extra_forbidden"}:
            path.append(step)
    return tuple(path)


def _has_step(node: Any, step: str | int) -> bool:
    if isinstance(node, dict):
        return step in node
    return isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)


def _model_types(annotation: Any) -> list[Any]:
    """The types an annotation may hold, unwrapped from unions, tuples and dicts."""
    origin = typing.get_origin(annotation)
    if origin in (Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _model_types(arg)]
    if origin is typing.Annotated:
        return _model_types(typing.get_args(annotation)[0])
    return [annotation]


def _step(annotation: Any, step: str | int) -> Any:
    for candidate in _model_types(annotation):
        origin = typing.get_origin(candidate)
        if isinstance(candidate, type) and issubclass(candidate, RootModel):
            candidate = candidate.model_fields["root"].annotation
            origin = typing.get_origin(candidate)
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            field = candidate.model_fields.get(str(step))
            if field is not None:
                return field.annotation
        elif origin in (tuple, list) and isinstance(step, int):
            return typing.get_args(candidate)[0]
        elif origin is dict:
            return typing.get_args(candidate)[1]
    return None


def _fields_at(model: type[BaseModel], path: YamlPath) -> list[str]:
    annotation: Any = model
    for step in path:
        annotation = _step(annotation, step)
        if annotation is None:
            return []
    for candidate in _model_types(annotation):
        if (
            isinstance(candidate, type)
            and issubclass(candidate, BaseModel)
            and not issubclass(candidate, RootModel)
        ):
            return list(candidate.model_fields)
    return []


def _example(model: type[BaseModel], path: YamlPath) -> str | None:
    if not path:
        return None
    parent: Any = model
    for step in path[:-1]:
        parent = _step(parent, step)
        if parent is None:
            return None
    for candidate in _model_types(parent):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            field = candidate.model_fields.get(str(path[-1]))
            if field is not None and field.examples:
                return ", ".join(str(e) for e in field.examples[:2])
    return None
