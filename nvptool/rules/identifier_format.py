"""ELI and numac identifiers are well-formed and agree with the instrument's date.

A numac is 10 digits starting with the year it was filed (the year of the
instrument or shortly after). A Belgian ELI has the form
``http://www.ejustice.just.fgov.be/eli/{type}/{YYYY}/{MM}/{DD}/{numac}/{version}``
where the date is the instrument's date and the numac its numac.

Passing example::

    identifiers:
      numac: "1998021488"
      eli: http://www.ejustice.just.fgov.be/eli/wet/1998/12/07/1998021488/justel

Failing example::

    identifiers:
      numac: "199802148"   # LG02: a numac has 10 digits
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from nvptool.findings import Problem
from nvptool.plan import Node, Plan
from nvptool.rules.base import problem

CODE = "LG02"
NAME = "identifier-format"
GROUPS = ("legal",)
SEVERITY = "error"
WHOLE_PLAN = False

NUMAC = re.compile(r"^(\d{4})\d{6}$")
ELI = re.compile(
    r"^http://www\.ejustice\.just\.fgov\.be/eli/"
    r"(wet|loi|decreet|decret|ordonnantie|ordonnance|besluit|arrete|grondwet|constitution)/"
    r"(\d{4})/(\d{2})/(\d{2})/(\d{10})/(justel|staatsblad|moniteur)$"
)


def check(plan: Plan) -> Iterator[Problem]:
    for node in plan.of_kind("legal-instrument"):
        ids = node.obj.identifiers
        if ids is None:
            continue
        yield from _numac(node, ids.numac)
        yield from _eli(node, ids.eli, ids.numac)


def _year(node: Node) -> int | None:
    date = node.obj.date
    return int(date[:4]) if date else None


def _numac(node: Node, numac: str | None) -> Iterator[Problem]:
    if numac is None:
        return
    match = NUMAC.match(numac)
    at = ("identifiers", "numac")
    if match is None:
        yield problem(
            node,
            f"the numac '{numac}' is not 10 digits",
            *at,
            hint="copy the numac from the Belgisch Staatsblad: the year filed, then six digits",
        )
        return
    year = _year(node)
    filed = int(match.group(1))
    if year is not None and not year <= filed <= year + 3:
        yield problem(
            node,
            f"the numac '{numac}' was filed in {filed}, but the instrument dates from {year}",
            *at,
            hint="check the numac against the Belgisch Staatsblad",
        )


def _eli(node: Node, eli: str | None, numac: str | None) -> Iterator[Problem]:
    if eli is None:
        return
    at = ("identifiers", "eli")
    match = ELI.match(eli)
    if match is None:
        yield problem(
            node,
            f"the ELI '{eli}' is not a Belgian ELI",
            *at,
            hint="http://www.ejustice.just.fgov.be/eli/{type}/{YYYY}/{MM}/{DD}/{numac}/justel",
        )
        return
    _, year, month, day, eli_numac, _ = match.groups()
    if node.obj.date and len(node.obj.date) == 10 and node.obj.date != f"{year}-{month}-{day}":
        yield problem(
            node,
            f"the ELI's date {year}-{month}-{day} is not the instrument's date",
            *at,
            hint="check the ELI and 'date' against the Belgisch Staatsblad",
        )
    if numac is not None and eli_numac != numac:
        yield problem(
            node,
            f"the ELI's numac {eli_numac} differs from the numac {numac}",
            *at,
            hint="check both against the Belgisch Staatsblad: the ELI ends with the numac",
        )
