"""Every footnote is referenced from the text of its file, once.

A footnote that nothing refers to cannot be placed on the page; a footnote
referenced twice in one language is usually a copy-paste slip.

Passing example::

    body: {nl: "... de deelstaten[^fn-1] ..."}
    footnotes:
      - {id: fn-1, number: 1, text: {nl: ...}}

Failing example::

    body: {nl: "... de deelstaten ..."}
    footnotes:
      - {id: fn-1, number: 1, text: {nl: ...}}   # XR04: footnote 'fn-1' is not referenced
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from nvptool.findings import Problem
from nvptool.plan import Plan
from nvptool.rules.base import problem
from nvptool.rules.footnote_resolves import FOOTNOTE_REF

CODE = "XR04"
NAME = "footnote-used"
GROUPS = ("core", "references", "footnotes")
SEVERITY = "error"
WHOLE_PLAN = False


def check(plan: Plan) -> Iterator[Problem]:
    source = plan.config.source_language
    for file in plan.files:
        nodes = plan.in_file(file)
        counts: Counter[str] = Counter()
        for node in nodes:
            for _, text in plan.texts(node):
                counts.update(FOOTNOTE_REF.findall(text.get(source) or ""))
        for node in nodes:
            if node.kind != "footnote":
                continue
            if counts[node.id] == 0:
                yield problem(
                    node,
                    f"the footnote '{node.id}' is not referenced from the text",
                    hint=f"add '[^{node.id}]' where the footnote belongs, or remove it",
                )
            elif counts[node.id] > 1:
                yield problem(
                    node,
                    f"the footnote '{node.id}' is referenced {counts[node.id]} times",
                    hint="refer to each footnote once",
                )
