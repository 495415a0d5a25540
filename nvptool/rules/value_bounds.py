"""An indicator's values, baseline and targets lie within its declared bounds.

An indicator may declare the lowest and highest value it can take (``minimum`` and
``maximum``: 0 and 100 for a percentage, 0 for a count). A value outside them is a
typing slip (1250 for 12,50 %, a minus sign) that would bend the progress charts.

Passing example::

    # indicators.yaml
    - id: ophelderingsgraad
      unit: {nl: "%"}
      minimum: 0
      maximum: 100
    # 2024.yaml
    values:
      - {indicator: ophelderingsgraad, period: "2024", value: 42.5}

Failing example::

    # 2024.yaml
    values:
      - {indicator: ophelderingsgraad, period: "2024", value: 425}   # FU03: above 100
"""

from __future__ import annotations

from collections.abc import Iterator

from nvptool.findings import Problem
from nvptool.plan import Node, Plan, object_key
from nvptool.rules.base import problem

CODE = "FU03"
NAME = "value-bounds"
GROUPS = ("follow-up",)
SEVERITY = "error"


def check(plan: Plan) -> Iterator[Problem]:
    for node in plan.of_kind("indicator"):
        low, high = node.obj.minimum, node.obj.maximum
        if low is not None and high is not None and low > high:
            yield problem(
                node,
                f"the minimum {low:g} is above the maximum {high:g}",
                "minimum",
                hint="swap them, or correct the one that is mistyped",
            )
            continue
        if node.obj.baseline is not None:
            yield from _outside(node, node, node.obj.baseline.value, "baseline", "value")
        for index, target in enumerate(node.obj.targets):
            yield from _outside(node, node, target.value, "targets", index, "value")
    for node in plan.of_kind("indicator-value"):
        indicator = plan.index.get(object_key(node.scope, "indicator", node.obj.indicator))
        if indicator is not None:  # An unknown indicator is XR02's to report.
            yield from _outside(node, indicator, node.obj.value, "value")


def _outside(node: Node, indicator: Node, value: float, *field: str | int) -> Iterator[Problem]:
    low, high = indicator.obj.minimum, indicator.obj.maximum
    if low is not None and value < low:
        side, bound = "below its minimum", low
    elif high is not None and value > high:
        side, bound = "above its maximum", high
    else:
        return
    yield problem(
        node,
        f"the value {value:g} of the indicator '{indicator.id}' is {side} {bound:g}",
        *field,
        hint=f"correct the value, or the bounds of '{indicator.id}' in indicators.yaml "
        f"({indicator.location()}) if they are wrong",
        related=(indicator.location(),),
    )
