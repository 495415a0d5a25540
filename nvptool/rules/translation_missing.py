"""Every text has a translation in each of the plan's languages.

The plan is published in every language of ``languages`` in nvptool.yaml. A
text without a translation shows the source text on the translated site, with
a notice; this rule lists them so that none is forgotten. A warning by
default; the strict profile makes it an error.

Passing example::

    title:
      nl: Drugs
      fr: {text: Drogues, state: machine, source: 5c1f0a4e2b7d}

Failing example::

    title:
      nl: Drugs          # TR01: no 'fr' translation
"""

from __future__ import annotations

from collections.abc import Iterator

from nvptool.findings import Problem
from nvptool.plan import Plan
from nvptool.rules.base import TextReader, problem
from nvptool.texts import TextRef, translation_languages

CODE = "TR01"
NAME = "translation-missing"
GROUPS = ("i18n",)
SEVERITY = "warning"
WHOLE_PLAN = False


class Reader(TextReader):
    def __init__(self, plan: Plan) -> None:
        super().__init__(plan)
        # A language nvptool.yaml misspells is told there once, not at every text.
        self.languages = tuple(
            lang for lang in translation_languages(plan) if lang not in plan.mistyped_languages
        )

    def read(self, ref: TextRef) -> Iterator[Problem]:
        for lang in self.languages:
            if lang not in ref.text.root:
                yield problem(
                    ref.node,
                    f"no '{lang}' translation of this text",
                    *ref.field,
                    hint=f"translate it (nvptool i18n extract --lang {lang})",
                )
