"""A translation marked official says where the official wording was seen.

``state: official`` tells readers that a wording is the one an authority
published, not the editors' translation. That is a claim about a source, so it
names the source in ``seen_at``: the Belgisch Staatsblad, the published plan,
a ministry's page. A wording seen only in a newspaper or a secondary source is
not official: mark it ``reviewed`` or ``machine`` and say so in a comment.

Passing example::

    title:
      nl: Wet op het politieambt
      fr: {text: Loi sur la fonction de police, state: official,
           seen_at: "reference-facts.md, Legal references (WPA / LFP)", source: ...}

Failing example::

    title:
      nl: Drugs
      fr: {text: Les drogues, state: official, source: ...}     # TR04: seen where?
"""

from __future__ import annotations

from collections.abc import Iterator

from nvptool.findings import Problem
from nvptool.model.text import TranslationState
from nvptool.plan import Plan
from nvptool.rules.base import TextReader, problem
from nvptool.texts import TextRef, translation_languages

CODE = "TR04"
NAME = "official-provenance"
GROUPS = ("i18n", "provenance")
SEVERITY = "error"
WHOLE_PLAN = False


class Reader(TextReader):
    def __init__(self, plan: Plan) -> None:
        super().__init__(plan)
        self.languages = translation_languages(plan)

    def read(self, ref: TextRef) -> Iterator[Problem]:
        for lang in self.languages:
            translation = ref.text.translation(lang)
            if translation is None or translation.state != TranslationState.official:
                continue
            if not (translation.seen_at or "").strip():
                yield problem(
                    ref.node,
                    f"the '{lang}' text is marked official but does not say where it was seen",
                    *ref.field,
                    lang,
                    hint="add seen_at: with the publication that prints this wording, "
                    "or mark it reviewed (checked by a person) or machine",
                )
