"""Translations use the glossary's terms.

The glossary pairs terms across languages (Geïntegreerde Politie / police
intégrée, WGP / LPI, zonaal veiligheidsplan / plan zonal de sécurité). Where a
source text uses a term, its translation should use the paired term; a
translation that does not is probably inconsistent with the rest of the plan.
Case does not matter, except for acronyms (EU is not the word "eu"). A
translation that keeps the source's own term where the glossary pairs another
("ICT" for TIC, "dark number" for chiffre noir) is reported too, so that one
thing has one name in each language (mensenhandel: traite des êtres humains,
never trafic, which is smuggling). Official wordings are what they are and are
not checked. A warning by default; where a term is rightly kept (an English name
such as "EU Policy Cycle"), waive the rule on that object with the reason.

Passing example::

    # glossary: term: {nl: WGP, fr: {text: LPI, ...}}
    body:
      nl: Conform artikel 37 WGP ...
      fr: {text: "Conformément à l'article 37 LPI ...", ...}

Failing example::

    body:
      nl: Conform artikel 37 WGP ...
      fr: {text: "Conformément à l'article 37 WGP ...", ...}   # TR03: expected 'LPI'
    # glossary: term: {nl: mensenhandel, fr: {text: traite des êtres humains, ...}}
    body:
      nl: De strijd tegen mensenhandel ...
      fr: {text: "La lutte contre le trafic d’êtres humains ...", ...}  # TR03
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from msgspec import Struct

from nvptool.findings import Problem
from nvptool.model.text import TranslationState
from nvptool.plan import Plan
from nvptool.rules.base import TextReader, problem
from nvptool.terms import Terms, mentions
from nvptool.texts import TextRef, translation_languages

CODE = "TR03"
NAME = "terminology"
GROUPS = ("i18n",)
SEVERITY = "warning"


class Reader(TextReader):
    def __init__(self, plan: Plan) -> None:
        super().__init__(plan)
        self.source = plan.config.source_language
        self.glossaries: dict[str, _Glossary] = {}
        """The glossary of each translation language that has one."""
        for lang in translation_languages(plan):
            pairs = dict(_pairs(plan, self.source, lang))
            if pairs:
                avoided = _avoided(plan, self.source, lang)
                self.glossaries[lang] = _Glossary(pairs, avoided, _Finder(list(pairs)))

    def read(self, ref: TextRef) -> Iterator[Problem]:
        if ref.node.kind == "term":
            return  # The glossary defines the pairs.
        for lang, glossary in self.glossaries.items():
            translation = ref.text.translation(lang)
            if translation is None or translation.state == TranslationState.official:
                continue
            used = glossary.finder.used(ref.text.get(self.source) or "")
            translated = _Translated(translation.text, _same(translation.text))
            yield from _lacking(ref, lang, used, glossary.pairs, translated)
            yield from _avoided_forms(ref, lang, used, glossary, translated)
            yield from _kept(ref, lang, used, glossary, translated)


class _Translated(NamedTuple):
    """A translation, and the same as words are compared (folded once: texts are long)."""

    text: str
    same: str

    def uses(self, term: str) -> bool:
        if term.isupper():
            return mentions(self.text, term)  # An acronym: its case is part of it.
        return mentions(self.same, _same(term))


class _Glossary(Struct, frozen=True):
    """The glossary of one language pair, as the checks read it."""

    pairs: dict[str, str]
    avoided: dict[str, tuple[str, ...]]
    finder: _Finder


def _lacking(
    ref: TextRef, lang: str, used: set[str], pairs: dict[str, str], translated: _Translated
) -> Iterator[Problem]:
    """Terms of the source whose paired term the translation does not use."""
    for word in sorted(used):
        paired = pairs[word]
        if not translated.uses(paired):
            yield problem(
                ref.node,
                f"the source says '{word}', but the '{lang}' translation lacks '{paired}'",
                *ref.field,
                lang,
                hint=f"use the glossary's term '{paired}'",
            )


def _kept(
    ref: TextRef, lang: str, used: set[str], glossary: _Glossary, translated: _Translated
) -> Iterator[Problem]:
    """Source terms left in the translation ("ICT" for TIC), web addresses aside."""
    for word in sorted(glossary.finder.used(_without_addresses(translated.text))):
        paired = glossary.pairs[word]
        lacking = word in used and not translated.uses(paired)  # Reported as lacking.
        if word.casefold() not in paired.casefold() and not lacking:
            yield problem(
                ref.node,
                f"the '{lang}' translation keeps '{word}' where the glossary pairs '{paired}'",
                *ref.field,
                lang,
                hint=f"write '{paired}'",
            )


class _Finder:
    """Which of many terms a text uses, in one pass (nvptool.terms.Terms).

    The same matches as one regular expression of every term (longest first) at
    word boundaries, without trying every term at every position of the text.
    """

    def __init__(self, words: list[str]) -> None:
        acronyms = [w for w in words if w.isupper()]
        self.folded = {w.casefold(): w for w in words if not w.isupper()}
        self.exact = Terms(acronyms)
        self.loose = Terms(list(self.folded))

    def used(self, text: str) -> set[str]:
        found = set(self.exact.leftmost_longest(text))
        if self.folded:
            found |= {self.folded[m] for m in self.loose.leftmost_longest(text.casefold())}
        return found


def _avoided_forms(
    ref: TextRef, lang: str, used: set[str], glossary: _Glossary, translated: _Translated
) -> Iterator[Problem]:
    """Wordings the glossary forbids for a term the source uses, unless another term the
    source uses is paired with that very wording ("trafic" is right for mensensmokkel)."""
    pairs = glossary.pairs
    allowed = [_same(pairs[w]) for w in used]
    for word in sorted(used):
        for form in glossary.avoided.get(word, ()):
            if translated.uses(form) and not any(_same(form) in a for a in allowed):
                yield problem(
                    ref.node,
                    f"the '{lang}' translation says '{form}' for '{word}', "
                    f"which the glossary pairs with '{pairs[word]}'",
                    *ref.field,
                    lang,
                    hint=f"write '{pairs[word]}'",
                )


ADDRESS = re.compile(r"<[^>\s]+>|https?://\S+")


def _without_addresses(text: str) -> str:
    """Web addresses keep their words in any language (…/veiligheidsmonitor)."""
    return ADDRESS.sub(" ", text)


def _same(text: str) -> str:
    """Text compared as words: case and the form of the apostrophe do not matter."""
    return text.casefold().replace("'", "’")


def _avoided(plan: Plan, source_lang: str, lang: str) -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}
    for node in plan.of_kind("term"):
        word = node.obj.term.get(source_lang)
        if word and node.obj.avoid.get(lang):
            found[word] = node.obj.avoid[lang]
    return found


def _pairs(plan: Plan, source_lang: str, lang: str) -> list[tuple[str, str]]:
    pairs = []
    for node in plan.of_kind("term"):
        word = node.obj.term.get(source_lang)
        translation = node.obj.term.translation(lang)
        if word and translation is not None:
            pairs.append((word, translation.text))
    return pairs
