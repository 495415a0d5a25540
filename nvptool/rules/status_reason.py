"""A measure that is dropped or delayed says why.

A reader of the follow-up, and the evaluation at the end of the cycle, need the
reason a measure was given up or fell behind (a law not yet voted, a budget, a
merger of two measures). Write it in ``reason`` in the source language.

Passing example::

    statuses:
      - measure: drugs-m4
        status: dropped
        reason: {nl: Opgenomen in maatregel drugs-m2.}

Failing example::

    statuses:
      - measure: drugs-m4
        status: dropped        # FU06: dropped without a reason
"""

from __future__ import annotations

from collections.abc import Iterator

from nvptool.findings import Problem
from nvptool.model.followup import Status
from nvptool.plan import Plan
from nvptool.rules.base import problem

CODE = "FU06"
NAME = "status-reason"
GROUPS = ("follow-up",)
SEVERITY = "error"
WHOLE_PLAN = False

NEEDS_REASON = frozenset({Status.dropped, Status.delayed})


def check(plan: Plan) -> Iterator[Problem]:
    source = plan.config.source_language
    for node in plan.of_kind("measure-status"):
        status = node.obj.status
        reason = node.obj.reason
        if status in NEEDS_REASON and not (reason and (reason.get(source) or "").strip()):
            yield problem(
                node,
                f"'{node.obj.measure}' is {status.value} without a reason",
                "status",
                hint=f"add 'reason: {{{source}: …}}': why it was {status.value}",
            )
