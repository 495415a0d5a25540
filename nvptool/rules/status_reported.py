"""Every measure has a status in each reporting year that has ended.

A year's file (``follow-up/<year>.yaml``) lists the status of each measure of the
cycle (and of each objective that lists no measures) at the end of that year. Once
the year is over, a measure without a status is a gap in the report: the progress
pages would count it as unknown. A measure that was done or dropped in an earlier
year needs no further status. A year whose ``reporting`` is still ``not-started``
is not checked measure by measure: the site says that nothing was reported for it.
Years end on 31 December; the environment variable NVPTOOL_TODAY (an ISO date)
checks the plan as of another day.

Passing example::

    # follow-up/2023.yaml, checked in 2024
    kind: follow-up
    year: 2023
    reporting: open
    statuses:
      - {measure: drugs-m1, status: in-progress}
      - {measure: drugs-m2, status: done}

Failing example::

    # follow-up/2023.yaml, checked in 2024; the cycle also has measure drugs-m3
    kind: follow-up
    year: 2023
    reporting: open
    statuses:        # FU02: no status for measure 2.3.1.3 (drugs-m3) in 2023
      - {measure: drugs-m1, status: in-progress}
      - {measure: drugs-m2, status: done}
"""

from __future__ import annotations

from collections.abc import Iterator

from nvptool.findings import Problem
from nvptool.followup.data import (
    FINAL,
    Followed,
    cycle_node,
    file_year,
    followed,
    statuses,
    today,
    year_ended,
    year_files,
    year_model,
)
from nvptool.model.followup import Reporting
from nvptool.plan import Plan, SourceFile

CODE = "FU02"
NAME = "status-reported"
GROUPS = ("follow-up",)
SEVERITY = "warning"


def check(plan: Plan) -> Iterator[Problem]:
    now = today()
    for scope in sorted({f.scope for f in year_files(plan)}):
        items = followed(plan, scope)
        finished_before: dict[str, int] = {}  # A measure's first year as done or dropped.
        reported: dict[int, set[str]] = {}
        for year, node in statuses(plan, scope):
            reported.setdefault(year, set()).add(node.obj.measure)
            if node.obj.status in FINAL:
                finished_before.setdefault(node.obj.measure, year)
        for file in year_files(plan, scope):
            year = file_year(file)
            if not year_ended(year, now) or year_model(file).reporting == Reporting.not_started:
                continue
            for item in items:
                if item.id in reported.get(year, set()):
                    continue
                if finished_before.get(item.id, year) < year:
                    continue
                yield _missing(file, year, item)
        yield from _missing_years(plan, scope, now.year)


def _missing(file: SourceFile, year: int, item: Followed) -> Problem:
    """Located at the year's statuses; a waiver on the measure itself suppresses it."""
    field = "statuses" if year_model(file).statuses else "reporting"
    what = "measure" if item.node.kind == "measure" else "objective"
    return Problem(
        f"no status for {what} {item.number} ({item.id}) in {year}, a year that has ended",
        file.source.key((field,)),
        f"add '- {{measure: {item.id}, status: …}}' under statuses: (planned, in-progress, "
        "done, delayed or dropped)",
        object_id=item.node.key,
    )


def _missing_years(plan: Plan, scope: str, this_year: int) -> Iterator[Problem]:
    """A cycle that reports follow-up has a file for each of its years that has ended."""
    cycle = cycle_node(plan, scope)
    if cycle is None:
        return
    have = {file_year(f) for f in year_files(plan, scope)}
    period = cycle.obj.period
    for year in range(period.start, min(period.end, this_year - 1) + 1):
        if year not in have:
            yield Problem(
                f"the cycle has no follow-up file for {year}, a year of its period that has ended",
                cycle.location("period"),
                f"add follow-up/{year}.yaml with 'kind: follow-up', 'year: {year}' and "
                "'reporting: not-started' until the reports come in",
                object_id=cycle.key,
            )
