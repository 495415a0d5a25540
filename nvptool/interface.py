"""The interface texts of a language (templates/i18n/<lang>.yaml), read and checked.

Menus, headings, notices and the diff's phrases come from one file a language, and
adding a language is adding such a file. Every language's file is held against the
plan's source language's, which the templates are written and tested with: a text
it lacks, a name it misspells, a mapping where a text belongs, or a placeholder
({year}) that nvptool does not fill in would otherwise stop the build halfway with
a bare KeyError. So the whole file is checked before anything is rendered, and
every problem is said at its line, with what to do.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from msgspec import Struct

from nvptool.findings import Location, Problem, located
from nvptool.load.yamlsource import SourceMap, YamlError, YamlPath, read_yaml

OWN_WORDS: frozenset[YamlPath] = frozenset({("share_words",), ("pinpoint_words",)})
"""Mappings whose keys are words of a language (a unit's word for a share, the source
language's words of a legal pinpoint), not names that every language shares."""

PLURAL_FORMS = frozenset({"one", "other"})
"""A text may be given as its forms for one and for other counts (diff.render.plural)."""

Text = str | Mapping[str, str]
"""A text, or its plural forms."""

PLACEHOLDER = re.compile(r"\{([A-Za-z_]+)\}")
"""A value that nvptool fills into a text: {year}, {old}."""


EMPTY = "LD06"
EMPTY_HINT = "write the interface texts, one 'name: text' a line, as the other languages' files do"


def interface_path(templates: Path, lang: str) -> Path:
    """Where the interface texts of a language live: templates/i18n/<lang>.yaml."""
    return templates / "i18n" / f"{lang}.yaml"


class InterfaceError(Exception):
    """A language's interface texts cannot be used; every problem is in the message."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(f"{p.location}: {p.message} ({p.hint})" for p in problems))
        self.problems = problems


def _problem(location: Location, message: str, hint: str) -> Problem:
    return Problem(message, location, hint)


def read_interface(templates: Path, lang: str, source: str) -> dict[str, Any]:
    """The interface texts of lang, held against those of the source language.

    Raises InterfaceError when either file cannot be read, or when lang's file lacks a
    text of the source language's, has one it does not, or gives one in another shape.
    """
    found = _read(interface_path(templates, lang))
    if lang == source:
        return found.data
    reference = _read(interface_path(templates, source))
    problems = sorted(
        _Shape(found, reference).mapping(reference.data, found.data, ()),
        key=lambda problem: located(problem.location).line,
    )
    if problems:
        raise InterfaceError(problems)
    return found.data


class _File(Struct, frozen=True):
    file: str
    data: dict[str, Any]
    source: SourceMap

    def locate(self, path: YamlPath) -> Location:
        """Where the key at path stands, or the nearest that holds it (found only for a
        problem: the file is composed again)."""
        return self.source.key(path) if path else Location(self.file)


def _read(path: Path) -> _File:
    file = _shown_path(path)
    try:
        document = read_yaml(path.read_bytes(), file)
    except OSError as error:
        location = Location(file)
        reason = error.strerror or str(error)
        raise InterfaceError(
            [
                _problem(
                    location, f"the file cannot be read: {reason}", "add it, or make it readable"
                )
            ]
        ) from None
    except YamlError as error:
        hint = EMPTY_HINT if error.code == EMPTY else error.hint or "correct the YAML"
        raise InterfaceError([_problem(error.location, error.message, hint)]) from None
    if not isinstance(document.data, dict):
        raise InterfaceError(
            [
                _problem(
                    Location(file, 1, 1),
                    "the file is not a mapping of interface texts",
                    EMPTY_HINT,
                )
            ]
        )
    return _File(file, document.data, document.source)


def _shown_path(path: Path) -> str:
    """The file as its writer finds it: from the working directory when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(path)


class _Shape:
    """Holds a language's texts against the source language's, and says every difference."""

    def __init__(self, found: _File, reference: _File) -> None:
        self.locate = found.locate
        self.source = Path(reference.file).name

    def mapping(
        self, reference: Mapping[str, Any], found: Mapping[str, Any], path: YamlPath
    ) -> Iterator[Problem]:
        if path in OWN_WORDS:
            return
        misspelt = self._misspelt(reference, found)
        before: str | None = None  # The text the source language gives before the missing one.
        for key, expected in reference.items():
            if key in found:
                yield from self.value(expected, found[key], (*path, key))
                before = key
            elif key not in misspelt.values():
                holder = f"under '{_name(path)}'" if path else "to the file"
                yield _problem(
                    self.locate((*path, before) if before else path),
                    f"the interface text '{_name((*path, key))}' is missing",
                    f"add it {f'after {before!r}' if before else holder}, translated from "
                    f"{self.source}: {_shown(expected)}",
                )
        for key in found:
            if key not in reference:
                meant = misspelt.get(key)
                advice = f"did you mean '{meant}'?" if meant else f"{self.source} has no such text:"
                yield _problem(
                    self.locate((*path, key)),
                    f"'{_name((*path, key))}' is not an interface text",
                    f"{advice} correct its name, or remove it",
                )

    @staticmethod
    def _misspelt(reference: Mapping[str, Any], found: Mapping[str, Any]) -> dict[str, str]:
        """The names found that are close to a missing one: said once, as misspelt."""
        unknown = [str(key) for key in found if key not in reference]
        missing = [str(key) for key in reference if key not in found]
        if not unknown or not missing:
            return {}
        from nvptool.load.schema_errors import did_you_mean  # the models: only when needed

        guesses = {key: did_you_mean(key, missing) for key in unknown}
        return {key: guess for key, guess in guesses.items() if guess}

    def value(self, expected: Any, value: Any, path: YamlPath) -> Iterator[Problem]:
        if isinstance(expected, dict) and not _is_text(expected):
            if isinstance(value, dict):
                yield from self.mapping(expected, value, path)
                return
            names = ", ".join(map(str, expected))
            yield self._differs(path, "a mapping of texts", value, f"with the names {names}")
        elif _is_text(expected) and not _is_text(value):
            wanted = "a text, or its forms for one and for other counts"
            yield self._differs(path, wanted, value, _shown(expected))
        elif _is_text(expected):
            yield from self.placeholders(expected, value, path)
        elif type(value) is not type(expected):
            yield self._differs(path, _kind(expected), value, _shown(expected))

    def _differs(self, path: YamlPath, wanted: str, value: Any, example: str) -> Problem:
        return _problem(
            self.locate(path),
            f"'{_name(path)}' should be {wanted}, not {_kind(value)}",
            f"write it as {self.source} does: {example}",
        )

    def placeholders(self, expected: Text, value: Text, path: YamlPath) -> Iterator[Problem]:
        """A translation names the values that nvptool fills into the source's text."""
        wanted, named = _named(expected), _named(value)
        unknown, missing = sorted(named - wanted), sorted(wanted - named)
        if len(unknown) == len(missing) == 1:  # One renamed: said once.
            yield _problem(
                self.locate(path),
                f"'{_name(path)}' names {{{unknown[0]}}} where {self.source} names "
                f"{{{missing[0]}}}",
                f"write {{{missing[0]}}}: a name between braces stays as it is in every language",
            )
            return
        for name in unknown:
            fills = ", ".join(f"{{{n}}}" for n in sorted(wanted)) or "no value"
            yield _problem(
                self.locate(path),
                f"'{_name(path)}' names {{{name}}}, which nvptool does not fill in here",
                f"this text takes {fills}, as in {self.source}",
            )
        for name in missing:
            yield _problem(
                self.locate(path),
                f"'{_name(path)}' leaves out {{{name}}}",
                f"write {{{name}}} where its value belongs, as {self.source} does: "
                + _shown(expected),
            )


def _is_text(value: Any) -> bool:
    return isinstance(value, str) or (
        isinstance(value, dict)
        and set(value) == PLURAL_FORMS
        and all(isinstance(form, str) for form in value.values())
    )


def _named(text: Text) -> set[str]:
    forms = [text] if isinstance(text, str) else list(text.values())
    return {name for form in forms for name in PLACEHOLDER.findall(form)}


def _name(path: YamlPath) -> str:
    return ".".join(str(step) for step in path)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    return "a text"


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"' if len(value) <= 60 else f'"{value[:57]}…"'
    if isinstance(value, dict) and _is_text(value):
        return f'{{one: "{value["one"]}", other: "{value["other"]}"}}'
    if isinstance(value, dict):
        return "a mapping of " + ", ".join(map(str, value))
    return str(value).lower() if isinstance(value, bool) else str(value)
