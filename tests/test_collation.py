"""Sorting displayed texts: the collation table read for the texts' characters only gives
every text the key pyuca's whole table gives."""

from __future__ import annotations

import functools

import pytest
from pyuca import Collator
from test_site_render import real_site

from nvptool.site import collation


@functools.cache
def _whole_table() -> Collator:
    return Collator()


CASES = [
    "Wet van 5 augustus 1992 op het politieambt",
    "Coördinatiecomité van de Geïntegreerde Politie",
    "Code d’instruction criminelle",
    "œuvre, Œuvre, ÆSIR, Straße, Ĳsselmeer, ijs",
    "“Titel” — ‘Sous-titre’ … €5",
    "a\u0301b a\u0323\u0301b",  # combining marks, in two orders (discontiguous contraction)
    "Ǆ ǅ ǆ ﬁ ½ ²",  # compatibility characters
    "Ελληνικά, кириллица, עברית, العربية",  # other scripts, read on demand
    "中文 𠀀 한국어 \u1100\u1161\u11a8",  # implicit weights, Hangul jamo
    "😀 \U000e0001 \ufffd \x00",  # emoji, a tag, the replacement and a control character
    "l·l, ŀl, L·L",  # Catalan middle dot and its contraction
    "",
]


@pytest.mark.parametrize("text", CASES)
def test_a_text_s_key_is_the_whole_table_s(text: str) -> None:
    assert collation.sort_key(text) == tuple(_whole_table().sort_key(text))


def test_the_real_plan_s_titles_and_terms_keep_the_whole_table_s_order() -> None:
    site = real_site()
    shown = [n.obj.title for n in site.reference("legal-instrument")]
    shown += [n.obj.term for n in site.reference("term")]
    texts = [words for text in shown for lang in ("nl", "fr") if (words := text.get(lang))]
    assert len(texts) > 300
    for text in texts:
        assert collation.sort_key(text) == tuple(_whole_table().sort_key(text)), text


def test_only_the_characters_of_the_texts_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(collation, "_read", [])
    collation.sort_key("Politie")
    latin = collation._read[0]
    assert len(latin.table.root.children) < len(_whole_table().table.root.children) / 10
    collation.sort_key("École, Zürich")  # Accents are among the characters read first.
    assert collation._read[0] is latin
    collation.sort_key("Ελληνικά")
    assert collation._read[0] is not latin
    assert ord("λ") in collation._read[0].characters
    assert latin.characters < collation._read[0].characters
