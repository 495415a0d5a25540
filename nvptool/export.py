"""Every object of the plan as plain data, for analysts and other tools."""

from __future__ import annotations

from typing import Any

from nvptool.plan import CHILD_KINDS, REFERENCE, Node, Plan
from nvptool.terms import occurrences


def object_record(node: Node) -> dict[str, Any]:
    data = node.obj.model_dump(mode="json", exclude=set(CHILD_KINDS), exclude_defaults=True)
    data.pop("kind", None)
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
