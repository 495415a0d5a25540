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

from collections.abc import Iterator

from nvptool.blocks import FOOTNOTE_REF
from nvptool.findings import Problem
from nvptool.load.schema_errors import did_you_mean
from nvptool.plan import Plan
from nvptool.rules.base import TextReader, problem
from nvptool.texts import TextRef

CODE = "XR03"
NAME = "footnote-resolves"
GROUPS = ("core", "references", "footnotes")
SEVERITY = "error"
WHOLE_PLAN = False


class Reader(TextReader):
    def __init__(self, plan: Plan) -> None:
        super().__init__(plan)
        self.footnotes: dict[str, frozenset[str]] = {}
        """The ids of each file's footnotes."""
        for node in plan.of_kind("footnote"):
            path = node.file.path
            self.footnotes[path] = self.footnotes.get(path, frozenset()) | {node.id}

    def read(self, ref: TextRef) -> Iterator[Problem]:
        text = ref.text
        footnotes = self.footnotes.get(ref.node.file.path, frozenset())
        for lang in text.languages:
            value = text.get(lang) or ""
            if "[^" not in value:
                continue
            for label in FOOTNOTE_REF.findall(value):
                if label in footnotes:
                    continue
                suggestion = did_you_mean(label, sorted(footnotes))
                hint = (
                    f"did you mean '[^{suggestion}]'?"
                    if suggestion
                    else "add the footnote to this file's footnotes: list"
                )
                yield problem(
                    ref.node,
                    f"the footnote reference '[^{label}]' ({lang}) has no footnote in this file",
                    *ref.field,
                    hint=hint,
                )
