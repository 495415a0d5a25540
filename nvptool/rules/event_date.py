"""Event dates fall within sensible bounds of their cycle.

Advice, validation and approval of a plan happen shortly before or during its
period: from two years before its start to one year after its end. A date
outside that window is usually a typing error (2012 for 2021).

Passing example::

    period: {start: 2022, end: 2025}
    events:
      - {kind: approval, date: 2022-02-04, ...}

Failing example::

    events:
      - {kind: approval, date: 2012-02-04, ...}   # DT01
"""

from __future__ import annotations

from collections.abc import Iterator

from nvptool.findings import Problem
from nvptool.plan import Plan
from nvptool.rules.base import problem

CODE = "DT01"
NAME = "event-date-in-cycle"
GROUPS = ("core", "dates")
SEVERITY = "error"
WHOLE_PLAN = False

BEFORE = 2
AFTER = 1


def check(plan: Plan) -> Iterator[Problem]:
    for node in plan.of_kind("cycle"):
        period = node.obj.period
        for index, event in enumerate(node.obj.events):
            year = int(event.date[:4])
            if not period.start - BEFORE <= year <= period.end + AFTER:
                yield problem(
                    node,
                    f"the {event.kind} of {event.date} lies outside {period.start - BEFORE}"
                    f"–{period.end + AFTER}, the window of a {period.start}-{period.end} plan",
                    "events",
                    index,
                    "date",
                    hint="check the year",
                )
