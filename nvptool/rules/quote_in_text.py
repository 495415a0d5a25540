"""A citation's, figure's or target's quote stands word for word in its object's text.

The quote anchors the annotation to the sentence that states it, so that the
site can link the words and a reviewer can check the figure; a quote that is
not in the text (after an edit of the text, say) anchors nothing. A measure's
citations, figures and targets stand on the measure: its lead, text and
details are its text, not its objective's.

Passing example::

    body: {nl: "In 2019 stierven 646 personen op de Belgische wegen."}
    figures:
      - {id: verkeersdoden-2019, quote: "In 2019 stierven 646 personen", ...}

Failing example::

    figures:
      - {id: verkeersdoden-2019, quote: "In 2019 stierven 664 personen", ...}   # LG04
"""

from __future__ import annotations

from collections.abc import Iterator

from nvptool.findings import Problem
from nvptool.plan import Node, Plan
from nvptool.rules.base import problem

CODE = "LG04"
NAME = "quote-in-text"
GROUPS = ("core", "references")
SEVERITY = "error"
WHOLE_PLAN = False


def _flat(text: str) -> str:
    return " ".join(text.split())


def check(plan: Plan) -> Iterator[Problem]:
    source = plan.config.source_language
    for node in plan.of_kind("citation", "figure", "target"):
        quote = node.obj.quote
        owner = plan.index.get(node.parent_key or "")
        if not quote or owner is None:
            continue
        if _flat(quote) not in _text_of(plan, owner, source):
            measure = next(
                (
                    m
                    for m in plan.children(owner)
                    if m.kind == "measure" and _flat(quote) in _text_of(plan, m, source)
                ),
                None,
            )
            yield problem(
                node,
                f"the quote '{quote}' is not in the text of {owner.kind} '{owner.id}'",
                "quote",
                hint=f"the words stand in measure '{measure.id}': move it there"
                if measure is not None
                else "copy the words exactly from the text, or update the quote",
            )


def _text_of(plan: Plan, node: Node, source: str) -> str:
    return _flat(" ".join(t.get(source) or "" for _, t in plan.texts(node)))
