"""A measure that is done stays done in the years after.

Each year's file gives a measure's status at the end of that year. Once a year
reports it ``done``, a later year that reports it planned, in progress, delayed or
dropped sends the progress pages backwards; usually the later report was copied
from an older one. If the measure really was taken up again, say so with a waiver
on the later status, with the reason.

Passing example::

    # 2023.yaml
    statuses:
      - {measure: drugs-m1, status: done}
    # 2024.yaml
    statuses:
      - {measure: drugs-m1, status: done}

Failing example::

    # 2024.yaml
    statuses:
      - {measure: drugs-m1, status: in-progress}   # FU04: done in 2023
"""

from __future__ import annotations

from collections.abc import Iterator

from nvptool.findings import Problem
from nvptool.followup.data import statuses, year_files
from nvptool.model.followup import Status
from nvptool.plan import Node, Plan
from nvptool.rules.base import problem

CODE = "FU04"
NAME = "status-regression"
GROUPS = ("follow-up",)
SEVERITY = "error"


def check(plan: Plan) -> Iterator[Problem]:
    for scope in sorted({f.scope for f in year_files(plan)}):
        done: dict[str, tuple[int, Node]] = {}
        for year, node in statuses(plan, scope):
            measure = node.obj.measure
            if node.obj.status == Status.done:
                done.setdefault(measure, (year, node))
                continue
            first = done.get(measure)
            if first is not None and first[0] < year:
                yield problem(
                    node,
                    f"'{measure}' was done in {first[0]}, and is {node.obj.status.value} in {year}",
                    "status",
                    hint="a measure that is done stays done: correct this status (often copied "
                    "from an older report), or waive FU04 here with why it was taken up again",
                    related=(first[1].location("status"),),
                )
