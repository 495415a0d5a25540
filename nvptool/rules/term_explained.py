"""Every glossary term is explained, and says where its explanation comes from.

A glossary entry that only repeats its term tells a reader nothing: an
abbreviation gets its ``expansion`` (what it stands for), an organisation, a
programme or a notion its ``definition`` (what it is), or both. Each of them is
a claim, and a reader must tell the plan's words from the editors':
``expansion_basis`` and ``definition_basis`` give the basis, ``stated`` (the
plan's words; ``seen_at`` names the section, the source line and the words),
``reference`` (the reference facts; ``seen_at`` where) or ``editorial`` (the
editors' words; a definition's ``note`` says what they rest on, and where the
editors could say nothing certain, that the definition rests only on how the
plan uses the term). The older single ``basis:`` of a term is read in earlier
revisions, and reported here: it cannot say which of two texts it covers.

Passing example::

    - id: kruispuntbank-veiligheid
      type: programme
      term: {nl: kruispuntbank Veiligheid}
      definition: {nl: Een op te richten systeem voor de veiligheidsdiensten …}
      definition_basis:
        basis: stated
        seen_at: "3.1, nvp-2022-2025.nl.txt, line 3026: “De kruispuntbank moet een”"
    - id: europol
      type: organisation
      term: {nl: Europol}
      definition: {nl: Het agentschap van de Europese Unie voor samenwerking …}
      definition_basis: {basis: editorial, note: General facts; the plan names it in 1.2.}

Failing example::

    - id: child-focus                 # GL01: neither an expansion nor a definition
      type: organisation
      term: {nl: Child Focus}
    - id: anpr
      type: abbreviation
      term: {nl: ANPR}
      expansion: {nl: Automatic Number Plate Recognition}
      basis: editorial                # GL01: which text? write expansion_basis
"""

from __future__ import annotations

from collections.abc import Iterator

from nvptool.findings import Problem
from nvptool.model.reference import ClaimBasis, Grounds
from nvptool.plan import Node, Plan
from nvptool.rules.base import problem

CODE = "GL01"
NAME = "term-explained"
GROUPS = ("glossary", "provenance")
SEVERITY = "error"
WHOLE_PLAN = False

EXPLAINED_BY = ("expansion", "definition")


def check(plan: Plan) -> Iterator[Problem]:
    for node in plan.of_kind("term"):
        term = node.obj
        if term.basis is not None:
            yield problem(
                node,
                f"term '{node.id}' has the older single 'basis', which cannot say whether "
                "it covers the expansion or the definition",
                "basis",
                hint="replace it by expansion_basis: {basis: …} and/or "
                "definition_basis: {basis: …}",
            )
        if term.expansion is None and term.definition is None:
            yield problem(
                node,
                f"term '{node.id}' has neither an expansion nor a definition",
                "term",
                hint="add expansion: (what an abbreviation stands for) or definition: (what it "
                "is), with expansion_basis or definition_basis saying where it comes from",
            )
        for field in EXPLAINED_BY:
            yield from _grounded(node, field)


def _grounded(node: Node, field: str) -> Iterator[Problem]:
    """The text and its basis come together, and the basis says what a reader needs."""
    text = getattr(node.obj, field)
    grounds: Grounds | None = getattr(node.obj, f"{field}_basis")
    if text is not None and grounds is None:
        yield problem(
            node,
            f"the {field} of term '{node.id}' does not say where it comes from",
            field,
            hint=f"add {field}_basis: {{basis: stated, seen_at: …}} (the plan's words), "
            "reference (the reference facts, seen_at) or editorial (with a note)",
        )
    elif text is None and grounds is not None:
        yield problem(
            node,
            f"term '{node.id}' has a {field}_basis but no {field}",
            f"{field}_basis",
            hint=f"add the {field}, or remove its basis",
        )
    elif grounds is not None and grounds.basis == ClaimBasis.stated and not grounds.seen_at:
        yield problem(
            node,
            f"the {field} of term '{node.id}' is stated in the plan, but not where",
            f"{field}_basis",
            hint="add seen_at: the section, the source line and the words "
            "(3.1, nvp-2022-2025.nl.txt, line 3026: “De kruispuntbank moet”)",
        )
    elif (
        grounds is not None
        and field == "definition"
        and grounds.basis == ClaimBasis.editorial
        and not (grounds.note or "").strip()
    ):
        yield problem(
            node,
            f"the editorial definition of term '{node.id}' does not say what it rests on",
            f"{field}_basis",
            hint="add a note: general facts about an institution, or how the plan uses the term",
        )
