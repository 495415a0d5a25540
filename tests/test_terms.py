"""Where a glossary term stands alone in a text: the fast search means what the plain one does."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nvptool.terms import Terms, mentions


def reference(text: str, word: str) -> bool:
    """The definition: the word, not preceded nor followed by a word character or a hyphen."""
    return bool(word) and re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("de BIN's van de gemeente", "BIN", True),
        ("BINNEN de gemeente", "BIN", False),
        ("PREVENT-BIN", "BIN", False),
        ("BIN", "BIN", True),
        ("ba.a.a ", "a.a", True),  # The second, overlapping occurrence stands alone.
        ("", "BIN", False),
        ("BIN", "", False),
    ],
)
def test_examples(text: str, word: str, expected: bool) -> None:
    assert mentions(text, word) is expected


@given(
    st.text(alphabet="ab.- é_", max_size=30),
    st.text(alphabet="ab.- é", min_size=1, max_size=4),
)
def test_same_as_the_definition(text: str, word: str) -> None:
    assert mentions(text, word) == reference(text, word)


PIECES = st.sampled_from(["a", "b", "A", "-", ".", " ", "'", "é", "_", "a.a", "ab"])
WORDS = st.lists(st.lists(PIECES, min_size=1, max_size=3).map("".join), max_size=8)


@given(WORDS, st.lists(PIECES, max_size=25).map("".join))
def test_many_words_at_once_mean_what_each_word_alone_means(words: list[str], text: str) -> None:
    """The index finds every word that `mentions` finds, overlapping occurrences and
    words inside other words included, and no other."""
    assert Terms(words).occurring(text) == {word for word in words if mentions(text, word)}


def test_an_index_of_no_words_finds_nothing() -> None:
    assert Terms(["", ""]).occurring("anything") == set()
    assert Terms([]).leftmost_longest("anything") == []


def test_the_longest_word_where_several_start_and_none_overlapping() -> None:
    terms = Terms(["zonaal", "zonaal veiligheidsplan", "veiligheidsplan", "plan"])
    text = "het zonaal veiligheidsplan en het plan"
    assert terms.leftmost_longest(text) == ["zonaal veiligheidsplan", "plan"]
    assert terms.occurring(text) == {"zonaal", "zonaal veiligheidsplan", "veiligheidsplan", "plan"}


def test_the_glossary_uses_on_the_real_plan_are_the_plain_search() -> None:
    """Each term's objects, found by the index, are those whose text `mentions` it."""
    from pathlib import Path

    from nvptool.load.plan import load_plan
    from nvptool.plan import REFERENCE
    from nvptool.terms import term_uses

    plan = load_plan(Path(__file__).parent.parent / "plan").plan
    uses = term_uses(plan)
    plain: dict[str, list[str]] = {key: [] for key in uses}
    for node in plan.nodes:
        if node.scope == REFERENCE:
            continue
        text = " ".join(t.get("nl") or "" for _, t in plan.texts(node))
        for term in plan.of_kind("term"):
            if mentions(text, term.obj.term.get("nl") or ""):
                plain[term.key].append(node.key)
    assert {key: [n.key for n in nodes] for key, nodes in uses.items()} == plain
    assert sum(map(len, uses.values())) > 100  # The plan uses its glossary.
