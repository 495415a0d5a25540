"""Numbers are unique and consecutive within their parent.

Chapters, numbered sections, themes (2.2.1, 2.2.2 …), phenomena (2.3.1 …),
strategic objectives (1, 2, 3 …), footnotes (across a cycle), KIV dimensions
and NVS interests are numbered as in the published plan: no gaps, no repeats.
Measures are numbered 1, 2, 3 … within their objective, and within their
phenomenon across all its police-approach sections, in the order printed.

Passing example::

    objectives:
      - {id: a-sd1, number: 1, ...}
      - {id: a-sd2, number: 2, ...}

Failing example::

    objectives:
      - {id: a-sd1, number: 1, ...}
      - {id: a-sd3, number: 3, ...}   # NB01: number 3 follows 1; expected 2

    measures:
      - {id: a-sd1-m1, number: 1, ...}
      - {id: a-sd1-m3, number: 3, ...}   # NB01: measure 2.2.1.1.3 leaves a gap
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from nvptool.findings import Problem
from nvptool.measures import measure_number, measure_owner
from nvptool.plan import Node, Plan
from nvptool.rules.base import problem

CODE = "NB01"
NAME = "numbering-consecutive"
GROUPS = ("core", "numbering")
SEVERITY = "error"


def _last(number: object) -> int:
    return int(str(number).rsplit(".", 1)[-1])


def _prefix(number: object) -> str:
    text = str(number)
    return text.rsplit(".", 1)[0] if "." in text else ""


def _shown(plan: Plan, node: Node) -> str:
    """The number as a reader sees it: a measure's with its objective's or phenomenon's."""
    return measure_number(plan, node) if node.kind == "measure" else str(node.obj.number)


def _groups(plan: Plan) -> dict[tuple[str, ...], list[Node]]:
    """Sibling groups: numbered objects that share a parent and a number prefix."""
    groups: dict[tuple[str, ...], list[Node]] = defaultdict(list)
    for node in plan.nodes:
        number = getattr(node.obj, "number", None)
        if number is None or node.kind in {"legal-instrument"}:
            continue
        if node.kind in {"theme", "phenomenon", "chapter"}:
            key = (node.scope, node.kind, _prefix(number))
        elif node.kind == "footnote":
            key = (node.scope, "footnote", "")
        elif node.kind == "section":
            key = (node.scope, "section", _prefix(number))
        elif node.kind == "measure":
            owner = measure_owner(plan, node)
            key = (node.scope, "measure", owner.key if owner else node.parent_key or "")
        else:
            key = (node.scope, node.kind, node.parent or "")
        groups[key].append(node)
    return groups


def _measures_in_order(plan: Plan, nodes: list[Node]) -> Iterator[Problem]:
    """Measures must also be numbered in the order the plan prints them."""
    previous: Node | None = None
    for node in nodes:
        if previous is not None and node.obj.number < previous.obj.number:
            yield problem(
                node,
                f"measure {measure_number(plan, node)} is printed after measure "
                f"{measure_number(plan, previous)}",
                "number",
                hint="number the measures in the order they are printed",
            )
        previous = node


def check(plan: Plan) -> Iterator[Problem]:
    for nodes in _groups(plan).values():
        if nodes[0].kind == "measure":
            yield from _measures_in_order(plan, nodes)
        ordered = sorted(nodes, key=lambda n: _last(n.obj.number))
        expected = 1
        seen: dict[int, Node] = {}
        for node in ordered:
            number = _last(node.obj.number)
            if number in seen:
                yield problem(
                    node,
                    f"the number {node.obj.number} is also used at {seen[number].location()}",
                    "number",
                    hint="renumber one of the two",
                )
                continue
            seen[number] = node
            if number != expected:
                shown = _shown(plan, node)
                yield problem(
                    node,
                    f"the number {shown} leaves a gap: expected "
                    f"{_prefix(shown) + '.' if _prefix(shown) else ''}{expected}",
                    "number",
                    hint="number siblings 1, 2, 3 … without gaps",
                )
            expected = number + 1
