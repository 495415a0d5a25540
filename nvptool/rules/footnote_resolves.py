"""Every footnote reference in the text has its footnote in the same file.

Prose refers to a footnote as ``[^fn-12]``; the footnote itself stands in the
``footnotes:`` list of the same file, so that the text and its notes travel
together in one pull request.

Passing example::

    body: {nl: "... tussen de federale staat en de deelstaten[^fn-1] ..."}
    footnotes:
      - {id: fn-1, number: 1, text: {nl: Samenwerkingsakkoord van 7 januari 2014 ...}}

Failing example::

    body: {nl: "... de deelstaten[^fn-2] ..."}   # XR03: no footnote 'fn-2' in this file
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from nvptool.findings import Problem
from nvptool.load.schema_errors import did_you_mean
from nvptool.plan import Plan
from nvptool.rules.base import problem

CODE = "XR03"
NAME = "footnote-resolves"
GROUPS = ("core", "references", "footnotes")
SEVERITY = "error"
WHOLE_PLAN = False

FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\]")


def check(plan: Plan) -> Iterator[Problem]:
    for file in plan.files:
        nodes = plan.in_file(file)
        footnotes = sorted(n.id for n in nodes if n.kind == "footnote")
        for node in nodes:
            for path, text in plan.texts(node):
                for lang in text.languages:
                    for label in FOOTNOTE_REF.findall(text.get(lang) or ""):
                        if label in footnotes:
                            continue
                        suggestion = did_you_mean(label, footnotes)
                        hint = (
                            f"did you mean '[^{suggestion}]'?"
                            if suggestion
                            else "add the footnote to this file's footnotes: list"
                        )
                        yield problem(
                            node,
                            f"the footnote reference '[^{label}]' ({lang}) has no footnote "
                            "in this file",
                            *path,
                            hint=hint,
                        )
