"""Each cycle directory holds exactly one cycle file, whose id is the directory's name.

Content files belong to the cycle of the directory they are in
(``plan/cycles/<cycle-id>/``), so the cycle file there must carry that id.

Passing example::

    # plan/cycles/nvp-2022-2025/cycle.yaml
    kind: cycle
    id: nvp-2022-2025

Failing example::

    # plan/cycles/nvp-2022-2025/cycle.yaml
    kind: cycle
    id: nvp-2022-2026     # XR05: the directory is nvp-2022-2025
"""

from __future__ import annotations

from collections.abc import Iterator

from nvptool.findings import Location, Problem
from nvptool.plan import REFERENCE, Plan
from nvptool.rules.base import problem

CODE = "XR05"
NAME = "cycle-directory"
GROUPS = ("core", "references")
SEVERITY = "error"


def check(plan: Plan) -> Iterator[Problem]:
    for scope in plan.scopes:
        if scope == REFERENCE:
            continue
        cycles = [n for n in plan.of_kind("cycle") if n.scope == scope]
        if not cycles:
            first = next(f for f in plan.files if f.scope == scope)
            yield Problem(
                f"the cycle directory '{scope}' has no cycle file",
                Location(first.path),
                "add cycle.yaml with 'kind: cycle' and 'id: " + scope + "'",
            )
        for extra in cycles[1:]:
            yield problem(
                extra,
                f"the directory '{scope}' holds a second cycle file",
                hint="a cycle directory holds one cycle file: move this one into a "
                "directory of its own, named after its id",
            )
        for node in cycles:
            if node.id != scope:
                yield problem(
                    node,
                    f"the cycle id '{node.id}' differs from its directory '{scope}'",
                    hint=f"use 'id: {scope}' or rename the directory",
                )
