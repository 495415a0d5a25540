"""Figures of one series each have their own period.

A series is drawn as a chart, one bar per period: a figure without a period
cannot be placed, a range has no single value to draw, and two figures of one
series for the same period contradict each other (or belong to different series).

Passing example::

    figures:
      - {id: verkeersdoden-2019, series: verkeersdoden, period: "2019", ...}
      - {id: verkeersdoden-2020, series: verkeersdoden, period: "2020", ...}

Failing example::

    figures:
      - {id: verkeersdoden-2019, series: verkeersdoden, period: "2019", ...}
      - {id: verkeersdoden-2020, series: verkeersdoden, period: "2019", ...}   # FG01
"""

from __future__ import annotations

from collections.abc import Iterator

from nvptool.findings import Problem
from nvptool.plan import Plan
from nvptool.rules.base import problem

CODE = "FG01"
NAME = "series-period"
GROUPS = ("core", "figures")
SEVERITY = "error"


def check(plan: Plan) -> Iterator[Problem]:
    seen: dict[tuple[str, str, str], str] = {}
    for node in plan.of_kind("figure"):
        series = node.obj.series
        if series is None:
            continue
        if node.obj.value is None:
            yield problem(
                node,
                f"the figure '{node.id}' is a range and cannot be one bar of the series '{series}'",
                "series",
                hint="take the range out of the series",
            )
            continue
        period = node.obj.period
        if period is None:
            yield problem(
                node,
                f"the figure '{node.id}' belongs to the series '{series}' but has no period",
                hint="add the period the text gives, or take the figure out of the series",
            )
            continue
        key = (node.scope, series, period)
        if key in seen:
            yield problem(
                node,
                f"the series '{series}' already has a figure for {period}: '{seen[key]}'",
                "period",
                hint="correct the period, or keep one of the two figures in the series",
            )
        else:
            seen[key] = node.id
