"""Every text has its source-language version, and each language is written in its form.

The source language (``source_language`` in nvptool.yaml, Dutch for the NVP)
is the text as published, written as plain text; translations are made from
it. A text with only a translation has nothing to be checked against. A
translation records its state and the source it translates; written as plain
text it is no translation: the translated site and the translation tools take
it for missing and show the source in its place.

Passing example::

    title:
      nl: Drugs
      fr: {text: Drogues, state: machine}

Failing example::

    title:
      fr: {text: Drogues, state: machine}   # TX01: no 'nl' text
    body:
      nl: Tekst.
      fr: Texte.   # TX01: the translation needs its state
"""

from __future__ import annotations

from collections.abc import Iterator

from nvptool.findings import Problem
from nvptool.model.text import Translation
from nvptool.plan import Plan
from nvptool.rules.base import TextReader, problem
from nvptool.texts import TextRef

CODE = "TX01"
NAME = "source-text"
GROUPS = ("core", "i18n")
SEVERITY = "error"
WHOLE_PLAN = False


class Reader(TextReader):
    def __init__(self, plan: Plan) -> None:
        super().__init__(plan)
        self.source = plan.config.source_language

    def read(self, ref: TextRef) -> Iterator[Problem]:
        source = self.source
        value = ref.text.root.get(source)
        if value is None:
            yield problem(
                ref.node,
                f"the text has no '{source}' version (the source language)",
                *ref.field,
                hint=f"add '{source}:' with the published text",
            )
        elif isinstance(value, Translation):
            yield problem(
                ref.node,
                f"the '{source}' text is the source: write it as plain text, not as a translation",
                *ref.field,
                source,
                hint=f"write '{source}:' followed by the text itself, without 'text:' and 'state:'",
            )
        elif not value.strip():
            yield problem(
                ref.node,
                f"the '{source}' text is empty",
                *ref.field,
                source,
                hint="write the published text, or remove the key",
            )
        for lang, translated in ref.text.root.items():
            if lang != source and isinstance(translated, str):
                yield problem(
                    ref.node,
                    f"the '{lang}' text is written as plain text, so it is no translation: "
                    f"the site shows the '{source}' text in its place",
                    *ref.field,
                    lang,
                    hint=f"write it with its state: '{lang}: {{text: …, state: reviewed}}' "
                    "for a person's translation, 'state: machine' for a machine's",
                )
