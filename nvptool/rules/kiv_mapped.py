"""Every theme and phenomenon serves at least one KIV security dimension.

The NVP is the police translation of the Kadernota Integrale Veiligheid: a
theme or phenomenon that serves none of its dimensions is either mis-mapped or
outside the KIV, and a reviewer should see which. Only the dimensions of the KIV
named in the cycle's ``frameworks`` count.

Passing example::

    mappings:
      - target: persoonsgebonden-veiligheid
        basis: editorial
        reason: {nl: Het fenomeen betreft misdrijven tegen personen.}

Failing example::

    kind: phenomenon
    id: drugs
    mappings: []            # MP01: 'drugs' serves no KIV dimension
"""

from __future__ import annotations

from collections.abc import Iterator

from nvptool.findings import Problem
from nvptool.plan import Plan
from nvptool.rules.base import problem

CODE = "MP01"
NAME = "kiv-mapped"
GROUPS = ("core", "mapping")
SEVERITY = "error"

TARGET_KIND = "kiv-dimension"
WORDS = "KIV dimension"


def check(plan: Plan) -> Iterator[Problem]:
    yield from unmapped(plan, TARGET_KIND, "kiv", WORDS)


def unmapped(plan: Plan, target_kind: str, framework: str, words: str) -> Iterator[Problem]:
    """Themes and phenomena that serve nothing of their cycle's framework.

    A cycle without that framework (an NVP older than the NVS) is not checked.
    """
    frameworks = {n.scope: getattr(n.obj.frameworks, framework) for n in plan.of_kind("cycle")}
    members: dict[str, set[str]] = {}
    for target in plan.of_kind(target_kind):
        members.setdefault(target.parent or "", set()).add(target.id)
    for node in plan.of_kind("theme", "phenomenon"):
        framework_id = frameworks.get(node.scope)
        if framework_id is None:
            continue
        targets = members.get(framework_id, set())
        if not any(m.target in targets for m in node.obj.mappings):
            yield problem(
                node,
                f"the {node.kind} '{node.id}' serves no {words}",
                hint=f"add a mapping to a {words} with its basis and reason",
            )
