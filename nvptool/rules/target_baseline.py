"""An indicator with targets has a baseline: the value it starts from, and when.

A target says where an indicator should be in a year; without the value it starts
from, nobody can tell whether it moves towards the target, and the progress pages
cannot draw the line from baseline to target. Give the baseline's value and year,
or leave the targets out until the baseline is known.

Passing example::

    indicators:
      - id: drugs-inbeslagnames
        baseline: {value: 120, year: 2021}
        targets:
          - {year: 2025, value: 150}

Failing example::

    indicators:
      - id: drugs-inbeslagnames
        targets:             # FU01: targets, but no baseline to measure progress from
          - {year: 2025, value: 150}
"""

from __future__ import annotations

from collections.abc import Iterator

from nvptool.findings import Problem
from nvptool.plan import Plan
from nvptool.rules.base import problem

CODE = "FU01"
NAME = "target-baseline"
GROUPS = ("follow-up",)
SEVERITY = "error"
WHOLE_PLAN = False


def check(plan: Plan) -> Iterator[Problem]:
    for node in plan.of_kind("indicator"):
        if node.obj.targets and node.obj.baseline is None:
            yield problem(
                node,
                f"the indicator '{node.id}' has targets but no baseline to measure progress from",
                "targets",
                hint="add 'baseline: {value: …, year: …}' (the value before the plan), "
                "or remove the targets until it is known",
            )
