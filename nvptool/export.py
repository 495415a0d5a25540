"""Every object of the plan as plain data, for analysts and other tools."""

from __future__ import annotations

from typing import Any

from nvptool.plan import CHILD_KINDS, REFERENCE, Node, Plan
from nvptool.terms import occurrences


def object_record(node: Node) -> dict[str, Any]:
    data = node.obj.model_dump(mode="json", exclude=set(CHILD_KINDS), exclude_defaults=True)
    data.pop("kind", None)
    if node.kind == "figure":
        # "exact" is the default, yet a reader of a table must see it beside "about".
        data["qualifier"] = node.obj.qualifier.value
    location = node.location()
    return {
        "id": node.id,
        "kind": node.kind,
        "cycle": None if node.scope == REFERENCE else node.scope,
        "parent": node.parent,
        "file": location.file,
        "line": location.line,
        **{key: value for key, value in data.items() if key != "id"},
    }


def export_plan(plan: Plan) -> dict[str, Any]:
    used = occurrences(plan)
    objects = []
    for node in plan.nodes:
        record = object_record(node)
        if node.kind == "term":
            record["occurs_in"] = list(used[node.key])
        objects.append(record)
    return {"plan": plan.root, "languages": list(plan.config.languages), "objects": objects}


def csv_tables(plan: Plan) -> dict[str, str]:
    """One CSV table per kind of object: file name -> CSV text.

    Nested values become dotted columns (title.nl, title.fr.text); lists are
    written as JSON, so that a spreadsheet shows them and a program can read them.
    Texts that a spreadsheet would run as a formula are made inert (see _inert).
    """
    import csv
    import io
    import json

    rows: dict[str, list[dict[str, str]]] = {}
    for record in export_plan(plan)["objects"]:
        flat: dict[str, str] = {}
        _flatten(record, "", flat, json.dumps)
        rows.setdefault(record["kind"], []).append(flat)
    tables = {}
    for kind, records in sorted(rows.items()):
        first = ["id", "kind", "cycle", "parent", "file", "line"]
        others = sorted({key for r in records for key in r} - set(first))
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=first + others, lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)
        tables[f"{kind}.csv"] = out.getvalue()
    return tables


def _flatten(value: Any, prefix: str, out: dict[str, str], dumps: Any) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(item, f"{prefix}.{key}" if prefix else str(key), out, dumps)
    elif isinstance(value, list):
        out[prefix] = dumps(value, ensure_ascii=False)
    elif value is None:
        out[prefix] = ""
    elif isinstance(value, str):
        out[prefix] = _inert(value)
    else:
        out[prefix] = str(value)


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
