"""The measures of a plan: what owns them and the number a reader sees.

A measure belongs to a strategic objective of a theme, or to a police-approach section of
a phenomenon. Its printed number puts its own number after its owner's: measure 3 of
objective 1 of theme 2.2.2 is 2.2.2.1.3; measure 5 of phenomenon 2.3.3 is 2.3.3.5 (a
phenomenon numbers the measures of all its approach sections in one series).
"""

from __future__ import annotations

from collections.abc import Iterator

from nvptool.plan import Node, Plan

OWNER_KINDS = ("theme", "phenomenon")
"""The file objects whose number a measure's number starts with."""


def owner_chain(plan: Plan, node: Node) -> Iterator[Node]:
    """The objects a node stands in, from its parent outwards."""
    key = node.parent_key
    while key is not None:
        parent = plan.index.get(key)
        if parent is None:
            return
        yield parent
        key = parent.parent_key


def measure_owner(plan: Plan, measure: Node) -> Node | None:
    """The objective or phenomenon whose series a measure is numbered in."""
    for owner in owner_chain(plan, measure):
        if owner.kind == "objective" or owner.kind in OWNER_KINDS:
            return owner
    return None


def measure_number(plan: Plan, measure: Node) -> str:
    """The number a reader sees for a measure, e.g. 2.2.2.1.3 or 2.3.3.5."""
    parts = [str(measure.obj.number)]
    for owner in owner_chain(plan, measure):
        if owner.kind == "objective":
            parts.append(str(owner.obj.number))
        elif owner.kind in OWNER_KINDS:
            parts.append(str(owner.obj.number))
            break
    return ".".join(reversed(parts))


def measures(plan: Plan, scope: str | None = None) -> Iterator[Node]:
    """Every measure of the plan (or of one cycle), in plan order."""
    for node in plan.of_kind("measure"):
        if scope is None or node.scope == scope:
            yield node
