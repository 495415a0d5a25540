"""Evidence links are https addresses.

A status may list links to what shows it (a report, a circular, a press release).
The site links them as they are: an ``http`` address can be altered on the way to
the reader, and a ``javascript:``, ``file:`` or relative address is no evidence
anyone can open. Give the https address of the document.

Passing example::

    statuses:
      - measure: drugs-m1
        status: done
        evidence: [https://www.police.be/nl/jaarverslag-2023]

Failing example::

    statuses:
      - measure: drugs-m1
        status: done
        evidence: [http://www.police.be/nl/jaarverslag-2023]   # FU05: not https
"""

from __future__ import annotations

from collections.abc import Iterator

from nvptool.findings import Problem
from nvptool.plan import Plan
from nvptool.rules.base import problem
from nvptool.urls import INVISIBLE_IN_URLS, is_https_address, url_scheme

CODE = "FU05"
NAME = "evidence-https"
GROUPS = ("follow-up",)
SEVERITY = "error"
WHOLE_PLAN = False


def check(plan: Plan) -> Iterator[Problem]:
    for node in plan.of_kind("measure-status"):
        for index, link in enumerate(node.obj.evidence):
            if is_https_address(link):
                continue
            scheme = url_scheme(link)
            hidden = INVISIBLE_IN_URLS.search(link.strip())
            if hidden:
                why = "holds spaces or invisible characters"
            elif scheme is None:
                why = "is not a full address"
            elif scheme == "https":
                why = "holds a character an address cannot hold (a quote, <, >, ` or \\)"
            else:
                why = f"uses {scheme}:, not https:"
            yield problem(
                node,
                f"the evidence link '{link}' {why}",
                "evidence",
                index,
                hint="give the https address of the document (https://…)",
            )
