"""Follow-up years lie in their cycle, and each year file reports on its own year.

A cycle's ``follow-up/<year>.yaml`` reports on one year of the cycle's period: its
``year`` is the one in its name and lies within the period. The values it lists are
measured in that year (a period such as ``2024``, ``2024-Q3``, ``2024-S1`` or
``2024-06`` of the file for 2024), and an indicator's targets are for years of the
cycle. A year outside these is a copy that was not updated, or a slip of a digit. A year
whose reporting has not started reports nothing: its statuses and values would be
shown nowhere.

Passing example::

    # cycles/nvp-2022-2025/follow-up/2024.yaml
    kind: follow-up
    year: 2024
    reporting: open
    values:
      - {indicator: ophelderingsgraad, period: 2024-Q3, value: 41}

Failing example::

    # cycles/nvp-2022-2025/follow-up/2024.yaml
    kind: follow-up
    year: 2023             # FU08: the file is named 2024.yaml
    reporting: open
    values:
      - {indicator: ophelderingsgraad, period: 2022-Q3, value: 41}   # FU08: not in 2023
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from nvptool.findings import Problem
from nvptool.followup.data import cycle_node, file_year, year_files
from nvptool.model.followup import FollowUp, Reporting
from nvptool.plan import Plan, SourceFile
from nvptool.rules.base import problem

CODE = "FU08"
NAME = "follow-up-period"
GROUPS = ("follow-up",)
SEVERITY = "error"


def check(plan: Plan) -> Iterator[Problem]:
    for file in year_files(plan):
        year = file_year(file)
        yield from _file_year(plan, file, year)
        for node in plan.in_file(file):
            if node.kind == "indicator-value" and int(node.obj.period[:4]) != year:
                yield problem(
                    node,
                    f"the period {node.obj.period} is not in {year}, the year this file reports on",
                    "period",
                    hint=f"a value measured in {node.obj.period[:4]} belongs in "
                    f"{node.obj.period[:4]}.yaml; or correct the period",
                )
    for node in plan.of_kind("indicator"):
        cycle = cycle_node(plan, node.scope)
        if cycle is None:
            continue
        period = cycle.obj.period
        for index, target in enumerate(node.obj.targets):
            if not period.start <= target.year <= period.end:
                yield problem(
                    node,
                    f"the target year {target.year} lies outside the cycle "
                    f"({period.start}-{period.end})",
                    "targets",
                    index,
                    "year",
                    hint="a cycle's indicators aim at years of the cycle; the next cycle "
                    "sets its own targets",
                )


def _file_year(plan: Plan, file: SourceFile, year: int) -> Iterator[Problem]:
    # Located only when reported: finding a place reads the file's tree again.
    name = PurePosixPath(file.path).name
    if name != f"{year}.yaml":
        yield Problem(
            f"the file {name} reports on {year}: a year's file is named after its year",
            file.source.value(("year",)),
            f"rename the file to {year}.yaml, or correct the year",
        )
    model = file.model
    reported = len(model.statuses) + len(model.values) if isinstance(model, FollowUp) else 0
    if isinstance(model, FollowUp) and model.reporting == Reporting.not_started and reported:
        yield Problem(
            f"the year says 'reporting: not-started', yet it reports {reported} statuses "
            "and values: the site and the evaluation show none of them",
            file.source.value(("reporting",)),
            "write 'reporting: open' while reports come in, 'closed' once they are final",
        )
    cycle = cycle_node(plan, file.scope)
    if cycle is not None:
        period = cycle.obj.period
        if not period.start <= year <= period.end:
            yield Problem(
                f"{year} lies outside the cycle {cycle.id} ({period.start}-{period.end})",
                file.source.value(("year",)),
                "report on a year of the cycle's period; a year of the next plan belongs "
                "in that cycle's follow-up",
            )
