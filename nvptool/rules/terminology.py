"""Translations use the glossary's terms.

The glossary pairs terms across languages (Geïntegreerde Politie / police
intégrée, WGP / LPI, zonaal veiligheidsplan / plan zonal de sécurité). Where a
source text uses a term, its translation should use the paired term; a
translation that does not is probably inconsistent with the rest of the plan.
Case does not matter. A warning by default.

Passing example::

    # glossary: term: {nl: WGP, fr: {text: LPI, ...}}
    body:
      nl: Conform artikel 37 WGP ...
      fr: {text: "Conformément à l'article 37 LPI ...", ...}

Failing example::

    body:
      nl: Conform artikel 37 WGP ...
      fr: {text: "Conformément à l'article 37 WGP ...", ...}   # TR03: expected 'LPI'
"""

from __future__ import annotations

from collections.abc import Iterator

from nvptool.findings import Problem
from nvptool.i18n.texts import text_refs, translation_languages
from nvptool.plan import Plan
from nvptool.rules.base import problem
from nvptool.terms import mentions

CODE = "TR03"
NAME = "terminology"
GROUPS = ("i18n",)
SEVERITY = "warning"


def check(plan: Plan) -> Iterator[Problem]:
    source_lang = plan.config.source_language
    for lang in translation_languages(plan):
        pairs = _pairs(plan, source_lang, lang)
        for ref in text_refs(plan):
            if ref.node.kind == "term":
                continue  # The glossary defines the pairs.
            source = (ref.text.get(source_lang) or "").casefold()
            translation = ref.text.translation(lang)
            if translation is None:
                continue
            target = translation.text.casefold()
            for word, paired in pairs:
                if mentions(source, word) and not mentions(target, paired):
                    yield problem(
                        ref.node,
                        f"the source says '{word}', but the '{lang}' translation lacks '{paired}'",
                        *ref.field,
                        lang,
                        hint=f"use the glossary's term '{paired}'",
                    )


def _pairs(plan: Plan, source_lang: str, lang: str) -> list[tuple[str, str]]:
    pairs = []
    for node in plan.of_kind("term"):
        word = node.obj.term.get(source_lang)
        translation = node.obj.term.translation(lang)
        if word and translation is not None:
            pairs.append((word.casefold(), translation.text.casefold()))
    return pairs
