"""Every KIV dimension of a cycle's framework is served by some theme or phenomenon.

A dimension that no part of the plan serves is a gap in the police
translation of the Kadernota; the finding stands on the dimension, and names
the cycle that leaves it unserved.

Passing example::

    # kiv-2022-2025.yaml lists digitale-veiligheid, and
    # phenomena/13-hacking.yaml maps to it.

Failing example::

    # No theme or phenomenon of nvp-2022-2025 maps to ecologische-veiligheid:
    # MP02: the KIV dimension 'ecologische-veiligheid' is served by nothing in nvp-2022-2025
"""

from __future__ import annotations

from collections.abc import Iterator

from nvptool.findings import Problem
from nvptool.plan import Plan
from nvptool.rules.base import problem

CODE = "MP02"
NAME = "kiv-served"
GROUPS = ("core", "mapping")
SEVERITY = "error"


def check(plan: Plan) -> Iterator[Problem]:
    for cycle in plan.of_kind("cycle"):
        framework = cycle.obj.frameworks.kiv
        if framework is None or cycle.obj.partial:
            continue
        served = {
            m.target
            for n in plan.of_kind("theme", "phenomenon")
            if n.scope == cycle.scope
            for m in n.obj.mappings
        }
        for dimension in plan.of_kind("kiv-dimension"):
            if dimension.parent == framework and dimension.id not in served:
                yield problem(
                    dimension,
                    f"the KIV dimension '{dimension.id}' is served by nothing in {cycle.id}",
                    hint="map a theme or phenomenon to it, or waive this with the reason",
                )
