"""Every object of the plan as plain data, for analysts and other tools.

Each object is one record with a key unique across the whole plan
(``<cycle or reference>/<kind>/<id>``), where it stands, and every field of its
model. The shape follows the model, not how the YAML happened to be written: a
text has every configured language, the source language as a string, every
other one as ``{text, state, source}``. CSV tables have one fixed set of columns
per kind, taken from the models (see ``columns`` and docs/export.md).
"""

from __future__ import annotations

import csv
import io
import json
import types
import typing
from collections.abc import Iterator
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from nvptool.measures import measure_number
from nvptool.model.files import FILE_KINDS
from nvptool.model.text import Text
from nvptool.plan import CHILD_KINDS, FILE_OBJECT_KINDS, REFERENCE, Node, Plan, child_kind
from nvptool.terms import occurrences

PLACE = ("key", "id", "kind", "cycle", "parent", "parent_key", "file", "line")
"""The columns every table starts with: which object, and where it stands."""

DERIVED = {
    "term": {"occurs_in": "Ids of the objects whose text uses it (JSON list)."},
    "measure": {
        "full_number": "Its number as printed, after its objective's or phenomenon's: "
        "2.2.2.1.3, 2.3.3.5."
    },
}
"""Columns computed from the plan rather than written in it, by kind."""
"""Columns computed from the plan rather than written in it."""

TRANSLATION = ("text", "state", "source")


def record_key(scope: str, kind: str, object_id: str) -> str:
    return f"{scope}/{kind}/{object_id}"


def _key(node: Node) -> str:
    return record_key(node.scope, node.kind, node.id)


def _own_kind(kind: str) -> str:
    """The column of a model's own kind field (a section's description, situation …)."""
    return f"{kind}_kind"


def _plain(value: Any, languages: tuple[str, ...], source: str) -> Any:
    """A model value as JSON data of a fixed shape."""
    if isinstance(value, Text):
        return {lang: _text(value, lang, source) for lang in languages}
    if isinstance(value, BaseModel):
        return {
            name: _plain(getattr(value, name), languages, source)
            for name in type(value).model_fields
            if child_kind(type(value), name) is None
        }
    if isinstance(value, list | tuple):
        return [_plain(item, languages, source) for item in value]
    if isinstance(value, dict):
        return {str(k): _plain(v, languages, source) for k, v in value.items()}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value


def _text(text: Text, lang: str, source: str) -> Any:
    if lang == source:
        return text.get(lang)
    translation = text.translation(lang)
    return {
        "text": text.get(lang),
        "state": translation.state.value if translation else None,
        "source": translation.source if translation else None,
    }


def object_record(node: Node, plan: Plan, parents: dict[str, Node]) -> dict[str, Any]:
    config = plan.config
    fields = _plain(node.obj, tuple(config.languages), config.source_language)
    own_kind = fields.pop("kind", None)
    if node.kind not in FILE_OBJECT_KINDS and own_kind is not None:
        fields[_own_kind(node.kind)] = own_kind
    fields.pop("id", None)
    parent = parents.get(node.parent_key) if node.parent_key else None
    location = node.location()
    return {
        "key": _key(node),
        "id": node.id,
        "kind": node.kind,
        "cycle": None if node.scope == REFERENCE else node.scope,
        "parent": node.parent,
        "parent_key": _key(parent) if parent else None,
        "file": plan.inside(location.file),
        "line": location.line,
        **fields,
    }


def _plan_name(root: str) -> str:
    """The plan directory's own name ("plan"), not the path it was given by: the same on
    every machine."""
    return Path(root).resolve().name


def export_plan(plan: Plan) -> dict[str, Any]:
    used = occurrences(plan)
    parents = {node.key: node for node in plan.nodes}
    objects = []
    for node in plan.nodes:
        record = object_record(node, plan, parents)
        if node.kind == "term":
            record["occurs_in"] = list(used[node.key])
        elif node.kind == "measure":
            record["full_number"] = measure_number(plan, node)
        objects.append(record)
    return {
        "plan": _plan_name(plan.root),
        "source_language": plan.config.source_language,
        "languages": list(plan.config.languages),
        "objects": objects,
    }


# The models' kinds of object and their fields, for fixed CSV columns.


def _list_item(annotation: Any) -> Any:
    args = typing.get_args(annotation)
    return args[0] if args else None


def kind_models() -> dict[str, type[BaseModel]]:
    """Every kind of object and its model, found by walking the file models."""
    found: dict[str, type[BaseModel]] = {}

    def visit(kind: str, model: type[BaseModel]) -> None:
        if kind in found:
            return
        found[kind] = model
        for name, field in model.model_fields.items():
            item = _list_item(field.annotation)
            kind_of = child_kind(model, name)
            if kind_of and isinstance(item, type) and issubclass(item, BaseModel):
                visit(kind_of, item)

    for kind, model in FILE_KINDS.items():
        if kind in FILE_OBJECT_KINDS:
            visit(kind, model)
        else:
            for name, field in model.model_fields.items():
                item = _list_item(field.annotation)
                if name in CHILD_KINDS and isinstance(item, type):
                    visit(CHILD_KINDS[name], item)
    return found


def _bare(annotation: Any) -> Any:
    """X for X | None."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else annotation
    return annotation


def _number_or_json(annotation: Any) -> bool:
    """Whether a field's cells are numbers or JSON, which never start a formula."""
    origin = typing.get_origin(annotation) or annotation
    if origin is typing.Annotated:
        return _number_or_json(typing.get_args(annotation)[0])
    if isinstance(annotation, types.UnionType) or origin is typing.Union:
        return all(_number_or_json(a) for a in typing.get_args(annotation) if a is not type(None))
    return origin in (int, float, bool, list, tuple, dict)


@typing.no_type_check
def _field_columns(
    model: type[BaseModel], prefix: str, languages: tuple[str, ...], source: str
) -> Iterator[tuple[str, str, bool]]:
    """(column, description, is text) for every field of a model, nested ones dotted."""
    for name, field in model.model_fields.items():
        if child_kind(model, name):
            continue
        column, annotation = prefix + name, _bare(field.annotation)
        description = field.description or ""
        if isinstance(annotation, type) and issubclass(annotation, Text):
            for lang in languages:
                if lang == source:
                    yield f"{column}.{lang}", f"{description} ({lang}, the source)", True
                    continue
                for part in TRANSLATION:
                    yield f"{column}.{lang}.{part}", f"{description} ({lang}: {part})", True
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield from _field_columns(annotation, column + ".", languages, source)
        else:
            yield column, description, not _number_or_json(annotation)


def columns(kind: str, languages: tuple[str, ...], source: str) -> list[tuple[str, str, bool]]:
    """The fixed columns of a kind's table: (name, description, formula guard applies)."""
    own = [
        (
            "key",
            "Unique in the whole plan: cycle/kind/id, reference/kind/id for reference data.",
            True,
        ),
        ("id", "The object's id, unique within its cycle and kind.", True),
        ("kind", f"Always {kind}.", True),
        ("cycle", "The cycle it belongs to; empty for reference data.", True),
        ("parent", "Id of the object it belongs to, if any.", True),
        ("parent_key", "Key of the object it belongs to, if any.", True),
        ("file", "The plan file it stands in, inside the plan directory (cycles/…).", True),
        ("line", "The line of its id in that file.", False),
    ]
    fields = []
    for column, description, text in _field_columns(kind_models()[kind], "", languages, source):
        if column == "id":
            continue
        if column == "kind":
            column = _own_kind(kind)
            if kind in FILE_OBJECT_KINDS:
                continue
        fields.append((column, description, text))
    derived = [(name, description, False) for name, description in DERIVED.get(kind, {}).items()]
    return own + fields + derived


def csv_tables(plan: Plan) -> dict[str, str]:
    """One CSV table per kind of object, for every kind: file name -> CSV text.

    The columns are fixed per kind (see columns): nested values are dotted columns
    (title.nl, title.fr.text); lists and mappings are written as JSON, so that a
    spreadsheet shows them and a program can read them. Texts that a spreadsheet
    would run as a formula are made inert (see _inert).
    """
    config = plan.config
    languages = tuple(config.languages)
    records: dict[str, list[dict[str, Any]]] = {}
    for record in export_plan(plan)["objects"]:
        records.setdefault(record["kind"], []).append(record)
    tables = {}
    # Every kind's table, a kind the plan has none of with its header only: a folder of
    # tables is the plan's whole, never mixed with an earlier export's.
    for kind in sorted({*kind_models(), *records}):
        found = records.get(kind, [])
        names = [name for name, _, _ in columns(kind, languages, config.source_language)]
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(names)
        writer.writerows([_cell(record, name) for name in names] for record in found)
        tables[f"{kind}.csv"] = out.getvalue()
    return tables


def _cell(record: dict[str, Any], column: str) -> str:
    value: Any = record
    for part in column.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    if isinstance(value, str):
        return _inert(value)
    return str(value)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert(text: str) -> str:
    """Text a spreadsheet will not run as a formula (OWASP's CSV injection advice).

    A text that starts like a formula gets a leading apostrophe, which spreadsheets
    hide; numbers such as -19.1 stay as they are.
    """
    if text.startswith(FORMULA_STARTS):
        try:
            float(text)
        except ValueError:
            return "'" + text
    return text


def data_dictionary(languages: tuple[str, ...], source: str) -> str:
    """docs/export.md: every table and column, from the models (tests keep the file fresh)."""
    lines = [
        "# The export's data dictionary",
        "",
        "`nvptool export` writes every object of the plan: `--format json` as one document,",
        "`--format csv --out DIR` as one table per kind (`DIR/<kind>.csv`), every kind's,",
        "with its header only where the plan has none of that kind. This file is",
        "generated from the models (`nvptool export --dictionary`); the tests keep it fresh.",
        "",
        "- **key** is unique in the whole plan: `<cycle>/<kind>/<id>`, or",
        "  `reference/<kind>/<id>` for reference data. Ids repeat across cycles; keys do not.",
        "- Every table of a kind has the same columns, whatever the YAML looks like: a text",
        f"  has a column for the source language ({source}) and three for each translation",
        "  (`text`; `state`: machine, reviewed or official; `source`: the fingerprint of",
        "  the source text it translates). Columns of values a file leaves out are empty.",
        "- Lists and mappings are written as JSON in one cell.",
        "- **Formula guard**: in the columns marked *yes*, a text that a spreadsheet would",
        "  run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return,",
        "  and is not a number) is written with a leading apostrophe, which spreadsheets",
        "  hide. The JSON export always keeps the exact text. Columns marked *no* hold",
        "  numbers, fixed words or JSON, which never start a formula.",
        "- `--bom` starts each CSV file with a byte-order mark, so that Excel reads it",
        "  as UTF-8; without it the files are plain UTF-8.",
        "",
        f"Languages of this dictionary: {', '.join(languages)}.",
    ]
    for kind in sorted(kind_models()):
        lines += ["", f"## {kind}.csv", "", "| column | formula guard | meaning |"]
        lines.append("| --- | --- | --- |")
        for name, description, text in columns(kind, languages, source):
            meaning = " ".join(description.split()).replace("|", "\\|").replace("<", "&lt;")
            lines.append(f"| `{name}` | {'yes' if text else 'no'} | {meaning} |")
    return "\n".join(lines) + "\n"
