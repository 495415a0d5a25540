"""A citation's pinpoint is written the way Belgian legal citations are.

Articles as ``art. 37``, ``art. 433quinquies``, ``art. 371/1``, lists as
``art. 4, 36, 37, 37bis``, a paragraph as ``art. 46sexies, §1``, then the
subdivisions in order: ``art. 46sexies, §1, tweede lid``, ``art. 3, 15°``,
``art. 8, 1°, tweede lid, c)``; titles, chapters and books as ``titel VIII``,
``hoofdstuk V``, ``boek II``.

Passing example::

    citations:
      - {instrument: strafwetboek, pinpoint: art. 433quinquies}

Failing example::

    citations:
      - {instrument: strafwetboek, pinpoint: artikel 433 quinquies}   # LG01
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from nvptool.findings import Problem
from nvptool.plan import Plan
from nvptool.rules.base import problem

CODE = "LG01"
NAME = "pinpoint-format"
GROUPS = ("legal",)
SEVERITY = "error"
WHOLE_PLAN = False

SUFFIX = r"(?:bis|ter|quater|quinquies|sexies|septies|octies|novies|decies)"
ORDINAL = r"(?:eerste|tweede|derde|vierde|vijfde|zesde|zevende|achtste|negende|tiende)"
SUBDIVISION = rf"(?:§\d+|{ORDINAL} lid|\d+°|[a-z]\))"
ARTICLE = rf"\d+(?:/\d+)?{SUFFIX}?(?:, {SUBDIVISION})*"
DIVISION = r"(?:titel|hoofdstuk|boek|afdeling) [IVXLC]+(?:bis|ter)?"
PINPOINT = re.compile(rf"^(?:art\. {ARTICLE}(?:, {ARTICLE})*|{DIVISION})$")


def check(plan: Plan) -> Iterator[Problem]:
    for node in plan.of_kind("citation"):
        pinpoint = node.obj.pinpoint
        if pinpoint is not None and not PINPOINT.match(pinpoint):
            yield problem(
                node,
                f"the pinpoint '{pinpoint}' is not in the citation form",
                "pinpoint",
                hint="write e.g. 'art. 37, 37bis', 'art. 46sexies, §1, tweede lid' or 'titel VIII'",
            )
