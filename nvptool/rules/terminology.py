"""Translations use the glossary's terms.

The glossary pairs terms across languages (Geïntegreerde Politie / police
intégrée, WGP / LPI, zonaal veiligheidsplan / plan zonal de sécurité). Where a
source text uses a term, its translation should use the paired term; a
translation that does not is probably inconsistent with the rest of the plan.
Case does not matter, except for acronyms (EU is not the word "eu"). A warning
by default; where a term is rightly kept (an English name such as "EU Policy
Cycle"), waive the rule on that object with the reason.

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

import re
from collections.abc import Iterator

import ahocorasick

from nvptool.findings import Problem
from nvptool.plan import Plan
from nvptool.rules.base import problem
from nvptool.terms import mentions
from nvptool.texts import text_refs, translation_languages

CODE = "TR03"
NAME = "terminology"
GROUPS = ("i18n",)
SEVERITY = "warning"


def check(plan: Plan) -> Iterator[Problem]:
    source_lang = plan.config.source_language
    for lang in translation_languages(plan):
        pairs = dict(_pairs(plan, source_lang, lang))
        if not pairs:
            continue
        finder = _Finder(list(pairs))
        for ref in text_refs(plan):
            if ref.node.kind == "term":
                continue  # The glossary defines the pairs.
            translation = ref.text.translation(lang)
            if translation is None:
                continue
            for word in sorted(finder.used(ref.text.get(source_lang) or "")):
                paired = pairs[word]
                if not _uses(translation.text, paired):
                    yield problem(
                        ref.node,
                        f"the source says '{word}', but the '{lang}' translation lacks '{paired}'",
                        *ref.field,
                        lang,
                        hint=f"use the glossary's term '{paired}'",
                    )


class _Finder:
    """Which of many terms a text uses, in one pass of an Aho-Corasick automaton.

    The same matches as one regular expression of every term (longest first) at
    word boundaries, without trying every term at every position of the text.
    """

    def __init__(self, words: list[str]) -> None:
        acronyms = [w for w in words if w.isupper()]
        self.folded = {w.casefold(): w for w in words if not w.isupper()}
        self.exact = _Terms(acronyms)
        self.loose = _Terms(list(self.folded))

    def used(self, text: str) -> set[str]:
        found = set(self.exact.find(text))
        if self.folded:
            found |= {self.folded[m] for m in self.loose.find(text.casefold())}
        return found


_WORD_CHAR = re.compile(r"[\w-]")


class _Terms:
    """Every occurrence of many terms in a text, found at once."""

    def __init__(self, terms: list[str]) -> None:
        self.automaton: ahocorasick.Automaton | None = None
        if terms:
            self.automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
            for term in terms:
                self.automaton.add_word(term, term)
            self.automaton.make_automaton()

    def find(self, text: str) -> list[str]:
        """The terms at word boundaries, leftmost first, the longest where several start
        (as a regular expression of the terms, longest first, would find them)."""
        if self.automaton is None:
            return []
        longest: dict[int, str] = {}
        for last, term in self.automaton.iter(text):
            start = last + 1 - len(term)
            if _stands_alone(text, start, last + 1) and len(term) > len(longest.get(start, "")):
                longest[start] = term
        found: list[str] = []
        end = 0
        for start in sorted(longest):
            if start >= end:
                found.append(longest[start])
                end = start + len(longest[start])
        return found


def _stands_alone(text: str, start: int, end: int) -> bool:
    """No letter, digit or hyphen right before or right after."""
    before = start > 0 and _WORD_CHAR.match(text, start - 1) is not None
    return not before and _WORD_CHAR.match(text, end) is None


def _uses(text: str, term: str) -> bool:
    if term.isupper():
        return mentions(text, term)  # An acronym: its case is part of it.
    return mentions(text.casefold(), term.casefold())


def _pairs(plan: Plan, source_lang: str, lang: str) -> list[tuple[str, str]]:
    pairs = []
    for node in plan.of_kind("term"):
        word = node.obj.term.get(source_lang)
        translation = node.obj.term.translation(lang)
        if word and translation is not None:
            pairs.append((word, translation.text))
    return pairs
