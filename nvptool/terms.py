"""Where glossary terms occur in the plan's text: derived, never stored."""

from __future__ import annotations

import re
from functools import lru_cache

from nvptool.plan import REFERENCE, Plan

_WORD_CHAR = re.compile(r"[\w-]")


@lru_cache(maxsize=4096)
def _pattern(word: str) -> re.Pattern[str]:
    # The word first, so that the regex engine can skip ahead to it; a lookbehind
    # in front would make it try every position of a long page.
    return re.compile(rf"{re.escape(word)}(?![\w-])")


def mentions(text: str, word: str) -> bool:
    """Whether the word stands alone in the text: "BIN" in "BIN's" counts, in "BINNEN" not."""
    if not word or word not in text:
        return False
    pattern = _pattern(word)
    found = pattern.search(text)
    while found is not None:
        start = found.start()
        if start == 0 or not _WORD_CHAR.match(text, start - 1):
            return True
        found = pattern.search(text, start + 1)  # Overlapping: "a.a" in "ba.a.a".
    return False


def occurrences(plan: Plan) -> dict[str, tuple[str, ...]]:
    """For each term (by key), the ids of the objects whose source text uses it."""
    source = plan.config.source_language
    words = {node.key: node.obj.term.get(source) or "" for node in plan.of_kind("term")}
    found: dict[str, list[str]] = {key: [] for key in words}
    for node in plan.nodes:
        if node.scope == REFERENCE:
            continue  # The plan's own text, not the register's titles.
        text = " ".join(t.get(source) or "" for _, t in plan.texts(node))
        if not text:
            continue
        for key, word in words.items():
            if mentions(text, word):
                found[key].append(node.id)
    return {key: tuple(ids) for key, ids in found.items()}
