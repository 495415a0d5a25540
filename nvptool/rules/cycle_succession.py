"""Plan cycles follow one another in time: no cycle is its own predecessor, even through others.

A cycle names the cycle it follows (`predecessor:`), and its themes and
phenomena name what they continue in that cycle (`succeeds:`). The chain must
run back in time: the predecessor ends before the cycle starts. A cycle that
follows itself, two cycles that follow each other, or a predecessor that is
not earlier would send every reader of the chain (the changes page, the diff
of cycles, a writer) in a circle.

Passing example::

    # plan/cycles/nvp-2022-2025/cycle.yaml
    id: nvp-2022-2025
    period: {start: 2022, end: 2025}
    predecessor: nvp-2016-2019        # period 2016-2019

Failing example::

    # plan/cycles/nvp-2016-2019/cycle.yaml
    id: nvp-2016-2019
    period: {start: 2016, end: 2019}
    predecessor: nvp-2022-2025        # XR06: 2022-2025 follows it, and it follows 2022-2025
"""

from __future__ import annotations

from collections.abc import Iterator

from nvptool.findings import Problem
from nvptool.plan import Node, Plan
from nvptool.rules.base import problem

CODE = "XR06"
NAME = "cycle-succession"
GROUPS = ("core", "references")
SEVERITY = "error"


def check(plan: Plan) -> Iterator[Problem]:
    cycles = {node.id: node for node in plan.of_kind("cycle")}
    for node in cycles.values():
        wanted = node.obj.predecessor
        if wanted is None or wanted not in cycles:
            continue  # An unknown predecessor is XR01's to report.
        loop = _loop(node, cycles)
        if loop:
            yield problem(
                node,
                "the cycles follow one another in a circle: " + " → ".join(loop),
                "predecessor",
                hint="a cycle's predecessor is the plan before it; remove or correct one link",
            )
            continue
        before = cycles[wanted].obj.period
        if before.end >= node.obj.period.start:
            yield problem(
                node,
                f"the predecessor '{wanted}' ({before.start}-{before.end}) does not end "
                f"before this cycle starts ({node.obj.period.start})",
                "predecessor",
                hint="name the plan that came before this one",
            )


def _loop(start: Node, cycles: dict[str, Node]) -> list[str]:
    """The ids from start back to start again, if its chain of predecessors returns."""
    chain = [start.id]
    current = start.obj.predecessor
    while current in cycles and current not in chain:
        chain.append(current)
        current = cycles[current].obj.predecessor
    return [*chain, start.id] if current == start.id else []
