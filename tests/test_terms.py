"""Where a glossary term stands alone in a text: the fast search means what the plain one does."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nvptool.terms import mentions


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
