"""Where glossary terms occur in the plan's text: derived, never stored."""

from __future__ import annotations

import re

from nvptool.plan import REFERENCE, Plan

_WORD_CHAR = re.compile(r"[\w-]")


def mentions(text: str, word: str) -> bool:
    """Whether the word stands alone in the text: "BIN" in "BIN's" counts, in "BINNEN" not."""
    if not word:
        return False
    at = text.find(word)
    while at != -1:  # Every occurrence, overlapping ones too: "a.a" in "ba.a.a".
        alone_before = at == 0 or _WORD_CHAR.match(text, at - 1) is None
        if alone_before and _WORD_CHAR.match(text, at + len(word)) is None:
            return True
        at = text.find(word, at + 1)
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
