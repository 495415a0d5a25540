"""A citation's pinpoint keeps every subdivision its quote names.

"Art. 3, 15° van de wet" cites point 15° of article 3, not the whole article;
"art. 8, 1°, tweede lid, c)" and "…, b)" are two different places. A pinpoint
cut short ("art. 3", "art. 8") sends the reader to a larger text than the plan
cites and makes two citations look the same. Each paragraph (§1), point (15°),
paragraph of an article (tweede lid) and letter (c)) that the quote writes must
stand in the pinpoint.

Passing example::

    citations:
      - {instrument: wet-1998-11-30, pinpoint: "art. 3, 15°",
         quote: "Art. 3, 15° van de wet van 30 november 1998"}

Failing example::

    citations:
      - {instrument: wet-1998-11-30, pinpoint: art. 3,            # LG05: 15° is missing
         quote: "Art. 3, 15° van de wet van 30 november 1998"}
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from nvptool.findings import Problem
from nvptool.plan import Plan
from nvptool.rules.base import problem
from nvptool.rules.pinpoint_format import ORDINAL

CODE = "LG05"
NAME = "pinpoint-complete"
GROUPS = ("legal", "references")
SEVERITY = "error"
WHOLE_PLAN = False

SUBDIVISIONS = re.compile(rf"§\s*\d+|\b\d+°|\b{ORDINAL} lid\b|(?<![\w(])[a-z]\)")


def _normal(part: str) -> str:
    return " ".join(part.replace("§ ", "§").split())


def subdivisions(text: str) -> list[str]:
    """The paragraphs, points, 'leden' and letters a citation's words name, in order."""
    return [_normal(found) for found in SUBDIVISIONS.findall(text)]


def check(plan: Plan) -> Iterator[Problem]:
    for node in plan.of_kind("citation"):
        quote, pinpoint = node.obj.quote, node.obj.pinpoint
        if not quote or not pinpoint:
            continue
        present = set(subdivisions(pinpoint))
        missing = [part for part in subdivisions(quote) if part not in present]
        if missing:
            yield problem(
                node,
                f"the pinpoint '{pinpoint}' leaves out {', '.join(missing)}, which its quote names",
                "pinpoint",
                hint="write every subdivision the text gives, e.g. 'art. 8, 1°, tweede lid, c)'",
            )
