"""An instrument's title and type say where they come from.

A register title can be the plan's own words, a title recorded in the reference
facts, or the editors' construction from a sentence; a type ("ministerial
circular") can be what the text says or what the editors know. A reader cannot
tell them apart unless the register says so: ``title_basis`` and ``type_basis``
give the basis (``stated``, ``reference`` or ``editorial``) and where it was
seen, and the site marks an editorial title as such.

Passing example::

    - id: gpi-44ter
      type: ministerial-circular
      title: {nl: GPI44ter}
      title_basis: {basis: stated, seen_at: "2.2.4 (“de GPI44ter”)"}
      type_basis: {basis: editorial, note: The text does not say who issued it.}

Failing example::

    - id: gpi-44ter
      type: ministerial-circular            # LG06: no type_basis
      title: {nl: Omzendbrief GPI 44ter}     # LG06: no title_basis
"""

from __future__ import annotations

from collections.abc import Iterator

from nvptool.findings import Problem
from nvptool.plan import Plan
from nvptool.rules.base import problem

CODE = "LG06"
NAME = "instrument-basis"
GROUPS = ("legal", "provenance")
SEVERITY = "error"
WHOLE_PLAN = False


def check(plan: Plan) -> Iterator[Problem]:
    for node in plan.of_kind("legal-instrument"):
        for field in ("title", "type"):
            if getattr(node.obj, f"{field}_basis") is None:
                yield problem(
                    node,
                    f"instrument '{node.id}' does not say where its {field} comes from",
                    field,
                    hint=f"add {field}_basis: {{basis: stated, seen_at: …}} (the plan's words), "
                    "reference (the reference facts) or editorial (with a note)",
                )
