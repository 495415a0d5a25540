"""Turn pydantic validation errors into plain-words problems at file:line:col."""

from __future__ import annotations

import re
import types
import typing
import unicodedata
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any, NamedTuple, Union

from pydantic import BaseModel, RootModel, ValidationError
from pydantic_core import ErrorDetails

from nvptool.findings import Problem
from nvptool.load.yamlsource import SourceMap, YamlPath
from nvptool.model.base import (
    CHAPTER_NUMBER_PATTERN,
    DATE_PATTERN,
    FIGURE_PERIOD_PATTERN,
    FINGERPRINT_PATTERN,
    ID_PATTERN,
    LANGUAGE_PATTERN,
    NUMBER_PATTERN,
    WEB_ADDRESS_PATTERN,
)
from nvptool.model.followup import PERIOD_PATTERN
from nvptool.model.text import Text
from nvptool.urls import WEB_ADDRESS_WORDS

UNKNOWN_KEY = "SC01"
MISSING_KEY = "SC02"
INVALID_VALUE = "SC03"


class Plain(NamedTuple):
    """A kind of wrong value (pydantic's error type), said for a writer: what is wrong,
    and what to do; {name} is the key, {ctx} pydantic's context (its limits)."""

    means: str
    advice: str


_NUMBER = "write digits only, such as 2023, without quotes or decimals"
_DECIMAL = "write digits, with a point before decimals (12.5), without quotes"
_MAPPING = "write its keys on the lines under '{name}:', indented, each as 'key: value'"
_LIST = "write each item on a line of its own under '{name}:', starting with '- '"
PLAIN_VALUE_ERRORS = {
    "string_type": Plain(
        "expected text",
        "write text after '{name}: '; text that YAML reads as a number, a date or "
        "true/false goes in quotes ('2.3')",
    ),
    "int_type": Plain("expected a whole number", _NUMBER),
    "int_parsing": Plain("expected a whole number", _NUMBER),
    "int_from_float": Plain("expected a whole number, without decimals", _NUMBER),
    "float_type": Plain("expected a number", _DECIMAL),
    "float_parsing": Plain("expected a number", _DECIMAL),
    "bool_type": Plain("expected true or false", "write true or false, without quotes"),
    "bool_parsing": Plain("expected true or false", "write true or false, without quotes"),
    "dict_type": Plain("expected a mapping of keys to values", _MAPPING),
    "model_type": Plain("expected a mapping of keys to values", _MAPPING),
    "model_attributes_type": Plain("expected a mapping of keys to values", _MAPPING),
    "list_type": Plain("expected a list", _LIST),
    "tuple_type": Plain("expected a list", _LIST),
    "string_too_short": Plain("the text is empty", "write the text, or remove '{name}:'"),
    "string_too_long": Plain("the text is longer than {ctx[max_length]} characters", "shorten it"),
    "too_short": Plain(
        "expected at least {ctx[min_length]} items",
        "add items, each on a line of its own starting with '- '",
    ),
    "greater_than_equal": Plain(
        "expected {ctx[ge]} or more", "write a number of at least {ctx[ge]}"
    ),
    "less_than_equal": Plain("expected {ctx[le]} or less", "write a number of at most {ctx[le]}"),
}
"""Every kind of wrong value a plan file can hold; another kind says pydantic's words."""

PATTERN_WORDS = {
    DATE_PATTERN: (
        "a date is written as year-month-day (2022-03-10), year-month (2022-03) or a year"
    ),
    FIGURE_PERIOD_PATTERN: (
        "a period is a year or a year-month (2021, 2021-06), or two of them joined by "
        "'/' (2019/2021)"
    ),
    PERIOD_PATTERN: (
        "a period is a year, or a year with its quarter (2023-Q1), half (2023-S2) or "
        "month (2023-03)"
    ),
    NUMBER_PATTERN: "a number as printed is digits joined by points, such as 2.3.3",
    CHAPTER_NUMBER_PATTERN: "a chapter's number is digits only",
    LANGUAGE_PATTERN: "a language is two lower-case letters, such as nl or fr",
    WEB_ADDRESS_PATTERN: WEB_ADDRESS_WORDS,
    FINGERPRINT_PATTERN: (
        "a fingerprint is twelve digits and letters a to f, as 'nvptool i18n' writes it"
    ),
}
"""Each pattern of the models, in words (a test holds every pattern of the schema here)."""


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
    # Every path that leads to another's place: a file of thousands of mistakes is read once.
    above = {path[:depth] for path, _ in located for depth in range(len(path))}
    misspelt = _misspelt(located, model)
    lines = cache(lambda: (source.text() or "").splitlines())  # Read again once, if at all.
    seen: set[YamlPath] = set()
    for path, detail in located:
        deeper = path in above
        if path in seen or (deeper and detail["type"] not in {"missing", "extra_forbidden"}):
            # Another branch of a union explains this place better (or already did).
            continue
        if detail["type"] == "missing" and path in misspelt:
            continue  # The unknown key's "did you mean" says it already.
        seen.add(path)
        yield _problem(detail, path, model, source, lines)


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
    detail: ErrorDetails,
    path: YamlPath,
    model: type[BaseModel],
    source: SourceMap,
    lines: Callable[[], list[str]],
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
    message, hint = _plain(detail, name, model, path)
    value = detail.get("input")
    if kind == "string_type" and value is None and _comment_after_key(source, path, lines):
        hint = f"after '{name}: ' a '#' starts a comment: put text that starts with '#' in quotes"
    shown = f" (got {value!r})" if isinstance(value, str | int | float | bool) else ""
    return INVALID_VALUE, Problem(f"'{name}': {message}{shown}", source.value(path), hint)


def _comment_after_key(source: SourceMap, path: YamlPath, lines: Callable[[], list[str]]) -> bool:
    """Whether the line of the key at path goes on with a comment ("nl: # Titel"): the writer
    wrote a text, and YAML read none. Read only for such an error."""
    where = source.key(path)
    if where.line is None:
        return False
    line = lines()[where.line - 1] if where.line <= len(lines()) else ""
    return re.match(rf"\s*(?:-\s+)?{re.escape(str(path[-1]))}\s*:\s+#", line) is not None


def _plain(
    detail: ErrorDetails, name: str, model: type[BaseModel], path: YamlPath
) -> tuple[str, str | None]:
    """What is wrong with a value, and what to do, in a writer's words."""
    kind, value, ctx = detail["type"], detail.get("input"), detail.get("ctx", {})
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == ID_PATTERN:
        message = "an id is lower-case letters and digits joined by hyphens"
        return message, f"did you mean '{slug(str(value))}'?"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == LANGUAGE_PATTERN:
        lower = str(value).strip().lower()
        words = PATTERN_WORDS[LANGUAGE_PATTERN]
        if re.fullmatch(LANGUAGE_PATTERN, lower):
            return words, f"did you mean '{lower}'?"
        return words, "write the language's code, as the file's other texts have it"
    if kind == "string_pattern_mismatch":
        words = PATTERN_WORDS.get(str(ctx.get("pattern")), "the text is not in the expected form")
        example = _example(model, path)
        return words, (f"for example: {example}" if example else None)
    if kind in {"literal_error", "enum"}:
        expected = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        suggestion = did_you_mean(str(value), expected)
        advice = f"did you mean '{suggestion}'?" if suggestion else "write one of them"
        meant = _shown_as(str(value), expected) if suggestion is None else None
        if meant is not None:
            advice = f"'{value}' is how the site says '{meant}': write {meant}"
        return "expected one of: " + ", ".join(expected), advice
    if kind == "value_error":  # nvptool's own checks of a value say it in its words.
        error = ctx.get("error")
        example = _example(model, path)
        hint = getattr(error, "hint", None) or (f"for example: {example}" if example else None)
        return str(error or detail["msg"]), hint
    if kind in {"dict_type", "model_type"} and isinstance(value, str) and _is_text(model, path):
        return "a text is written per language", (
            f"put it on the line under '{name}:', indented, after its language code and ': ', "
            "as the file's other texts are written"
        )
    if kind == "int_type" and isinstance(value, float):
        kind = "int_from_float"  # 1.5 where a whole number goes: its decimals are the matter.
    plain = PLAIN_VALUE_ERRORS.get(kind)
    if plain is None:
        return detail["msg"], None
    return plain.means.format(ctx=ctx), plain.advice.format(name=name, ctx=ctx)


def _shown_as(word: str, values: list[str]) -> str | None:
    """The value a word of the site's interface texts stands for, in any language
    (vertraagd: delayed, ongeveer: about): writers know the words the site shows."""
    return next(
        (key for key in _interface_words().get(word.casefold().strip(), ()) if key in values), None
    )


@cache
def _interface_words() -> dict[str, tuple[str, ...]]:
    """Each word of the interface texts (folded) with the keys it is written for, in every
    language: read once, and only when a value is wrong."""
    import yaml

    from nvptool import templates_dir

    found: dict[str, list[str]] = {}
    for path in sorted((templates_dir() / "i18n").glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, yaml.YAMLError):
            continue
        pending = [data]
        while pending:
            node = pending.pop()
            if isinstance(node, dict):
                for key, shown in node.items():
                    if isinstance(shown, str):
                        found.setdefault(shown.casefold().strip(), []).append(str(key))
                    pending.append(shown)
            elif isinstance(node, list):
                pending.extend(node)
    return {word: tuple(keys) for word, keys in found.items()}


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


def _is_text(model: type[BaseModel], path: YamlPath) -> bool:
    """Whether the value at path is one of the plan's texts (a text by language)."""
    annotation: Any = model
    for step in path:
        annotation = _step(annotation, step)
        if annotation is None:
            return False
    return any(candidate is Text for candidate in _model_types(annotation))


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
