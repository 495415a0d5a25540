"""Where glossary terms occur in the plan's text: derived, never stored.

A word occurs in a text where it stands alone: no letter, digit or hyphen right
before or right after it ("BIN" in "BIN's", not in "BINNEN" nor "PREVENT-BIN").
`mentions` asks this of one word; `Terms` asks it of many words at once, in one
pass over the text, for the lookups that would otherwise try every glossary
term on every text (the glossary's "used in", a page's abbreviations, a
translation's glossary notes, the terminology rule).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import ahocorasick

from nvptool.plan import REFERENCE, Node, Plan

_WORD_CHAR = re.compile(r"[\w-]")


def mentions(text: str, word: str) -> bool:
    """Whether the word stands alone in the text: "BIN" in "BIN's" counts, in "BINNEN" not."""
    if not word:
        return False
    at = text.find(word)
    while at != -1:  # Every occurrence, overlapping ones too: "a.a" in "ba.a.a".
        if _stands_alone(text, at, at + len(word)):
            return True
        at = text.find(word, at + 1)
    return False


def _stands_alone(text: str, start: int, end: int) -> bool:
    """No letter, digit or hyphen right before or right after."""
    before = start > 0 and _WORD_CHAR.match(text, start - 1) is not None
    return not before and _WORD_CHAR.match(text, end) is None


class Terms:
    """Many words found in a text at once, by one Aho-Corasick automaton.

    Every occurrence of every word is seen in one pass, overlapping ones too, so
    `occurring` means exactly what `mentions` means for each word.
    """

    def __init__(self, words: Iterable[str]) -> None:
        self.automaton: ahocorasick.Automaton | None = None
        kept = {word for word in words if word}
        if kept:
            self.automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
            for word in kept:
                self.automaton.add_word(word, word)
            self.automaton.make_automaton()

    def _alone(self, text: str) -> Iterable[tuple[int, str]]:
        """(start, word) of every occurrence that stands alone, by where it ends."""
        if self.automaton is None:
            return
        for last, word in self.automaton.iter(text):
            start = last + 1 - len(word)
            if _stands_alone(text, start, last + 1):
                yield start, word

    def occurring(self, text: str) -> set[str]:
        """The words that stand alone somewhere in the text (`mentions` of each)."""
        return {word for _, word in self._alone(text)}

    def leftmost_longest(self, text: str) -> list[str]:
        """The words as one regular expression of them all, longest first, finds them in
        turn: leftmost first, the longest where several start, none overlapping."""
        longest: dict[int, str] = {}
        for start, word in self._alone(text):
            if len(word) > len(longest.get(start, "")):
                longest[start] = word
        found: list[str] = []
        end = 0
        for start in sorted(longest):
            if start >= end:
                found.append(longest[start])
                end = start + len(longest[start])
        return found


def term_uses(plan: Plan) -> dict[str, tuple[Node, ...]]:
    """For each term (by key), the objects whose source text uses it, in plan order."""
    source = plan.config.source_language
    words = {node.key: node.obj.term.get(source) or "" for node in plan.of_kind("term")}
    keys: dict[str, list[str]] = {}
    for key, word in words.items():
        keys.setdefault(word, []).append(key)
    terms = Terms(words.values())
    found: dict[str, list[Node]] = {key: [] for key in words}
    for node in plan.nodes:
        if node.scope == REFERENCE:
            continue  # The plan's own text, not the register's titles.
        text = " ".join(t.get(source) or "" for _, t in plan.texts(node))
        for word in terms.occurring(text):
            for key in keys[word]:
                found[key].append(node)
    return {key: tuple(nodes) for key, nodes in found.items()}


def occurrences(plan: Plan) -> dict[str, tuple[str, ...]]:
    """For each term (by key), the ids of the objects whose source text uses it."""
    return {key: tuple(node.id for node in nodes) for key, nodes in term_uses(plan).items()}
