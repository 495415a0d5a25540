"""Numbers are unique and consecutive within their parent.

Chapters, numbered sections, themes (2.2.1, 2.2.2 …), phenomena (2.3.1 …),
strategic objectives (1, 2, 3 …), footnotes (across a cycle), KIV dimensions
and NVS interests are numbered as in the published plan: no gaps, no repeats.

Passing example::

    objectives:
      - {id: a-sd1, number: 1, ...}
      - {id: a-sd2, number: 2, ...}

Failing example::

    objectives:
      - {id: a-sd1, number: 1, ...}
      - {id: a-sd3, number: 3, ...}   # NB01: number 3 follows 1; expected 2
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from nvptool.findings import Problem
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
        else:
            key = (node.scope, node.kind, node.parent or "")
        groups[key].append(node)
    return groups


def check(plan: Plan) -> Iterator[Problem]:
    for nodes in _groups(plan).values():
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
                yield problem(
                    node,
                    f"the number {node.obj.number} leaves a gap: expected "
                    f"{_prefix(node.obj.number) + '.' if _prefix(node.obj.number) else ''}"
                    f"{expected}",
                    "number",
                    hint="number siblings 1, 2, 3 … without gaps",
                )
            expected = number + 1
