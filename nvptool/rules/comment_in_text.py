"""A text written without quotes does not stop at a `#`.

In YAML, a `#` after a space starts a comment, also on the line of a text written
without quotes: the text ends before it, and the rest of the line is silently
left out ("nl: De campagne #MeToo liep ..." is the text "De campagne"). Quoted
texts and block texts (`|`) keep their `#`. A comment a writer means to keep
after a text can stand on a line of its own.

Passing example::

    body:
      nl: "De campagne #MeToo liep met de partners."

Failing example::

    body:
      nl: De campagne #MeToo liep met de partners.   # TX05: the text stops at '#MeToo'
"""

from __future__ import annotations

from collections.abc import Iterator
from textwrap import shorten

from nvptool.findings import Location, Problem
from nvptool.load.yamlsource import YamlPath
from nvptool.plan import Plan, SourceFile
from nvptool.rules.base import TextReader
from nvptool.texts import TextRef

CODE = "TX05"
NAME = "comment-in-text"
GROUPS = ("core",)
SEVERITY = "error"
WHOLE_PLAN = False


class Reader(TextReader):
    def __init__(self, plan: Plan) -> None:
        super().__init__(plan)
        self.commented: dict[str, dict[YamlPath, tuple[Location, str]]] = {}
        """Each file's values a comment follows (read once a file's text asks)."""

    def read(self, ref: TextRef) -> Iterator[Problem]:
        file = ref.node.file
        if not file.source.comments_after_values:
            return  # No line of the file has a comment after something.
        commented = self._commented(file)
        for lang in ref.text.languages:
            written = (*ref.path, lang)
            key, found = lang, commented.get(written)
            if found is None:
                key, found = "text", commented.get((*written, "text"))
            if found is not None:
                where, words = found
                left_out = shorten(words, 60, placeholder=" …")
                yield Problem(
                    f"the '{lang}' text ends before '{left_out}': after a space, "
                    "YAML reads '#' and the rest of its line as a comment",
                    where,
                    'put the whole text in quotes ("…"), or write it as a block '
                    f"('{key}: |' and the text on the lines below, indented)",
                    object_id=ref.node.key,
                )

    def _commented(self, file: SourceFile) -> dict[YamlPath, tuple[Location, str]]:
        if file.path not in self.commented:
            self.commented[file.path] = file.source.commented_values()
        return self.commented[file.path]
