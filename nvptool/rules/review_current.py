"""An editorial claim no rule can check carries a person's review of its current words.

Whether a mapping's or a succession's reason is what the text says, and whether
a figure's label counts what the quote counts, only a reader of the text can
tell. So each records ``reviewed:``: who compared it with the text, when,
against which words, and the fingerprint of the label or reason approved. A
claim without a review, or edited after it, is reported until it is reviewed
again (``fingerprint`` is ``nvptool``'s fingerprint of the Dutch, as in
translations).

Passing example::

    mappings:
      - target: economische-veiligheid
        basis: editorial
        reason: {nl: Fiscale fraude zorgt volgens de tekst voor concurrentievervalsing.}
        reviewed: {by: A. Redacteur, date: 2026-12-06, fingerprint: <of the reason>,
                   against: "line 1977: “ongelijkheid en concurrentievervalsing”"}

Failing example::

    mappings:
      - target: economische-welvaart
        basis: editorial
        reason: {nl: De aanpak richt zich op de havens.}        # RV01: never reviewed
"""

from __future__ import annotations

from collections.abc import Iterator

from nvptool.findings import Problem
from nvptool.model.content import Basis, Review
from nvptool.model.text import Text, fingerprint
from nvptool.plan import Node, Plan
from nvptool.rules.base import problem

CODE = "RV01"
NAME = "review-current"
GROUPS = ("review",)
SEVERITY = "warning"
WHOLE_PLAN = False


def check(plan: Plan) -> Iterator[Problem]:
    source = plan.config.source_language
    for node in plan.of_kind("mapping", "figure", "theme", "phenomenon"):
        obj = node.obj
        if node.kind == "mapping" and obj.basis == Basis.editorial:
            yield from _current(node, "reason", obj.reason, obj.reviewed, source, ())
        elif node.kind == "figure":
            yield from _current(node, "label", obj.label, obj.reviewed, source, ())
        elif node.kind in {"theme", "phenomenon"} and obj.succeeds is not None:
            succession = obj.succeeds
            if succession.basis == Basis.editorial:
                yield from _current(
                    node, "reason", succession.reason, succession.reviewed, source, ("succeeds",)
                )


def _current(
    node: Node,
    field: str,
    text: Text,
    review: Review | None,
    source: str,
    prefix: tuple[str, ...],
) -> Iterator[Problem]:
    words = text.get(source)
    what = f"the {field} of {node.kind} '{node.id}'"
    if review is None:
        yield problem(
            node,
            f"{what} has not been reviewed against the text",
            *prefix,
            field,
            hint="compare it with the text and add reviewed: {by, date, against, fingerprint}",
        )
    elif words is not None and review.fingerprint != fingerprint(words):
        yield problem(
            node,
            f"{what} was edited after {review.by} reviewed it on {review.date}",
            *prefix,
            "reviewed",
            hint="review it again and record the new fingerprint, or undo the edit",
        )
