"""A year reports once on each measure, and once on each indicator and period.

Two statuses of one measure in one year (in one file, or in two files of the same
year), or two values of one indicator for one period, contradict each other: the
pages would show one of them at random. Keep one, usually the later report.

Passing example::

    statuses:
      - {measure: drugs-m1, status: done}
      - {measure: drugs-m2, status: in-progress}

Failing example::

    statuses:
      - {measure: drugs-m1, status: in-progress}
      - {measure: drugs-m1, status: done}         # FU09: drugs-m1 has a status already
"""

from __future__ import annotations

from collections.abc import Iterator

from nvptool.findings import Problem
from nvptool.followup.data import file_year, year_files
from nvptool.plan import Node, Plan
from nvptool.rules.base import problem

CODE = "FU09"
NAME = "status-once"
GROUPS = ("follow-up",)
SEVERITY = "error"


def check(plan: Plan) -> Iterator[Problem]:
    seen: dict[tuple[str, str, int, str], Node] = {}
    years: dict[tuple[str, int], str] = {}
    for file in year_files(plan):
        year = file_year(file)
        first_file = years.setdefault((file.scope, year), file.path)
        if first_file != file.path:
            yield Problem(
                f"{first_file} reports on {year} already",
                file.source.value(("year",)),
                "keep one file per year: move what this one adds into that one",
            )
        for node in plan.in_file(file):
            if node.kind not in ("measure-status", "indicator-value"):
                continue
            key = (file.scope, node.kind, year, node.id)
            first = seen.setdefault(key, node)
            if first is not node:
                yield _twice(node, first, year)


def _twice(node: Node, first: Node, year: int) -> Problem:
    if node.kind == "measure-status":
        what = f"'{node.obj.measure}' has a status for {year} already"
        field = "measure"
    else:
        what = f"'{node.obj.indicator}' has a value for {node.obj.period} already"
        field = "period"
    return problem(
        node,
        f"{what}, at {first.location()}",
        field,
        hint="keep one of them (usually the later report) and remove the other",
        related=(first.location(),),
    )
