"""Every language of a text is one of the plan's languages.

The languages are configuration (``languages`` in nvptool.yaml); a text in a
language that is not configured is usually a typo (``nk`` for ``nl``) and would
never be published.

Passing example::

    # nvptool.yaml: languages: [nl, fr]
    title: {nl: Drugs}

Failing example::

    title: {nl: Drugs, de: {text: Drogen, state: machine}}   # TX02 unless de is configured
"""

from __future__ import annotations

from collections.abc import Iterator

from nvptool.findings import Problem
from nvptool.load.schema_errors import did_you_mean
from nvptool.plan import Plan
from nvptool.rules.base import TextReader, problem
from nvptool.texts import TextRef

CODE = "TX02"
NAME = "language-known"
GROUPS = ("core", "i18n")
SEVERITY = "error"
WHOLE_PLAN = False


class Reader(TextReader):
    def __init__(self, plan: Plan) -> None:
        super().__init__(plan)
        self.languages = list(plan.config.languages)
        self.meant = set(plan.mistyped_languages.values())
        """Languages nvptool.yaml misspells (told there once, not at every text)."""

    def read(self, ref: TextRef) -> Iterator[Problem]:
        languages = self.languages
        for lang in ref.text.root:
            if lang not in languages and lang not in self.meant:
                suggestion = did_you_mean(lang, languages, cutoff=40)
                hint = f"did you mean '{suggestion}'?" if suggestion else None
                yield problem(
                    ref.node,
                    f"'{lang}' is not one of the plan's languages ({', '.join(languages)})",
                    *ref.field,
                    lang,
                    hint=hint or "add the language to nvptool.yaml",
                )
