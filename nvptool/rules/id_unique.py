"""Every id is used once.

Ids name objects for references, links and diffs, so within one cycle (or
within the reference data) no two objects may share an id.

Passing example::

    sections:
      - id: drugs-beschrijving
      - id: drugs-politieaanpak

Failing example::

    sections:
      - id: drugs-beschrijving
      - id: drugs-beschrijving   # XR01: the id 'drugs-beschrijving' is used twice
"""

from __future__ import annotations

from collections.abc import Iterator

from nvptool.findings import Problem
from nvptool.plan import DERIVED_ID_KINDS, Plan
from nvptool.rules.base import problem

CODE = "XR01"
NAME = "id-unique"
GROUPS = ("core", "references")
SEVERITY = "error"
WHOLE_PLAN = False


def check(plan: Plan) -> Iterator[Problem]:
    for node in plan.nodes:
        if node.kind in DERIVED_ID_KINDS:
            continue
        first = plan.index[node.key]
        if first is not node:
            yield problem(
                node,
                f"the id '{node.id}' is already used by {_article(first.kind)} {first.kind} "
                f"at {first.location()}",
                hint="give this object an id of its own",
                related=(first.location(),),
            )


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"
