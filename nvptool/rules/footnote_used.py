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

from nvptool.blocks import FOOTNOTE_REF
from nvptool.findings import Problem
from nvptool.plan import Plan
from nvptool.rules.base import TextReader, problem
from nvptool.texts import TextRef

CODE = "XR04"
NAME = "footnote-used"
GROUPS = ("core", "references", "footnotes")
SEVERITY = "error"
WHOLE_PLAN = False


class Reader(TextReader):
    def __init__(self, plan: Plan) -> None:
        super().__init__(plan)
        self.source = plan.config.source_language
        self.counts: dict[str, Counter[str]] = {}
        """How often each file's texts refer to each footnote label."""

    def read(self, ref: TextRef) -> Iterator[Problem]:
        value = ref.text.get(self.source) or ""
        if "[^" in value:
            counts = self.counts.setdefault(ref.node.file.path, Counter())
            counts.update(FOOTNOTE_REF.findall(value))
        return iter(())

    def end(self) -> Iterator[Problem]:
        for node in self.plan.of_kind("footnote"):
            counts = self.counts.get(node.file.path, Counter())
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
