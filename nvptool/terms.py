"""Where glossary terms occur in the plan's text: derived, never stored."""

from __future__ import annotations

import re
from functools import lru_cache

from nvptool.plan import REFERENCE, Plan


@lru_cache(maxsize=4096)
def _pattern(word: str) -> re.Pattern[str]:
    # A term stands alone: "BIN" in "BIN's" counts, in "BINNEN" it does not.
    return re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])")


def mentions(text: str, word: str) -> bool:
    return bool(word) and _pattern(word).search(text) is not None


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
