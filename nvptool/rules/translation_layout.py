"""A translation is laid out as its source is.

A translation says what its source says, in the same headings, lists, quotations,
tables and code: the page shows it so. A line of the translation that starts with
four spaces becomes a block of code, a `#` a heading, a `>` a quotation, a `|` a
table, where the source has a paragraph; a translator, a translation tool or a
hostile hand may add them, and `i18n apply` refuses them too. Paragraphs are the
translation's own: a language may split or join sentences as it reads best.

Passing example::

    body:
      nl: |-
        - de productie van synthetische drugs;
        - de invoer van cocaïne.
      fr:
        text: |-
          - la production de drogues synthétiques ;
          - l’importation de cocaïne.
        state: machine

Failing example::

    body:
      nl: Meer gericht, meer efficiënt.
      fr: {text: "    Plus ciblée, plus efficace.", state: machine}   # TR05: a block of code
"""

from __future__ import annotations

from collections.abc import Iterator

from nvptool.blocks import layout_change
from nvptool.findings import Problem
from nvptool.plan import Plan
from nvptool.rules.base import TextReader, problem
from nvptool.texts import TextRef, translation_languages

CODE = "TR05"
NAME = "translation-layout"
GROUPS = ("i18n",)
SEVERITY = "warning"
WHOLE_PLAN = False


class Reader(TextReader):
    def __init__(self, plan: Plan) -> None:
        super().__init__(plan)
        self.source = plan.config.source_language
        self.languages = translation_languages(plan)

    def read(self, ref: TextRef) -> Iterator[Problem]:
        source = ref.text.get(self.source)
        if source is None:
            return
        for lang in self.languages:
            translation = ref.text.translation(lang)
            if translation is None:
                continue
            change = layout_change(source, translation.text)
            if change is not None:
                yield problem(
                    ref.node,
                    f"the '{lang}' translation is laid out unlike its source: {change}",
                    *ref.field,
                    lang,
                    hint="lay it out as the source: the same lists, headings and quotations; "
                    "start no line with four spaces, '#', '>' or '|' where the source does not",
                    related=(ref.node.value_location(*ref.field, self.source),),
                )
