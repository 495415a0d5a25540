"""Displayed texts in the order readers expect: the Unicode Collation Algorithm (pyuca),
its table read only for the characters of the texts sorted.

pyuca reads the whole table of the algorithm, 30,000 lines for every script, before it
sorts anything: a fifth of a second of every build, for a few hundred titles and terms
in Dutch and French. A text's key depends only on the table's entries made of the text's
own characters (the code points of its decomposed form): every lookup walks the text's
code points, contractions and combining marks included, and a character the table lacks
gets a weight computed from its code point alone. So a collator holding the entries of a
set of characters gives every text made of them the key the whole table gives; a text
that brings other characters has the table read again for them too.
"""

from __future__ import annotations

import unicodedata

from pyuca import Collator
from pyuca.collator import COLL_ELEMENT_PATTERN

LATIN = frozenset(
    [
        *range(0x0000, 0x0250),  # Basic Latin to Latin Extended-B: Dutch and French letters
        *range(0x0300, 0x0370),  # combining accents, as texts decompose (é: e + U+0301)
        *range(0x2000, 0x2070),  # general punctuation: dashes, quotation marks, ellipsis
        *range(0x20A0, 0x20C1),  # currency signs
    ]
)
"""The characters read at first: a text made of others has the table read again."""


class _Entries(Collator):  # type: ignore[misc]  # pyuca has no type information
    """pyuca's collator of one version, holding the table's entries of some characters."""

    def __init__(self, characters: frozenset[int]) -> None:
        self.characters = characters
        super().__init__()

    def load(self, filename: str) -> None:
        """The table's entries whose code points are all among the characters, read as
        pyuca reads them (its own `load` adds every entry)."""
        with open(filename, encoding="utf-8") as keys_file:
            lines = keys_file.read().splitlines()
        # An entry's first code point, as the table spells it, is enough to pass over most
        # lines (other scripts) without parsing them: the table's time is in the parsing.
        firsts = {f"{point:04X}" for point in self.characters}
        for line in lines:
            if line[:1] == "@":
                self._directive(line)
            elif line[:1] not in ("", "#") and line.partition(" ")[0] in firsts:
                self._entry(line)

    def _directive(self, line: str) -> None:
        if line.startswith("@implicitweights"):
            span, base = line.split("#", 1)[0].removeprefix("@implicitweights").split(";")
            start, end = span.split("..")
            self.implicit_weights.append([int(start, 16), int(end, 16), int(base, 16)])

    def _entry(self, line: str) -> None:
        characters, elements = line.split("#", 1)[0].split(";", 1)
        points = [int(point, 16) for point in characters.split()]
        if self.characters.issuperset(points):
            weights = COLL_ELEMENT_PATTERN.finditer(elements.strip())
            self.table.add(points, [[int(w, 16) for w in m.groups()] for m in weights])


def sort_key(text: str) -> tuple[int, ...]:
    """The text's key in the Unicode Collation Algorithm, as pyuca's whole table gives it."""
    return tuple(_covering(frozenset(map(ord, unicodedata.normalize("NFD", text)))).sort_key(text))


_read: list[_Entries] = []
"""The collator read last (this process's), holding every character seen so far."""


def _covering(characters: frozenset[int]) -> _Entries:
    """A collator holding the entries of the characters, read when none is yet."""
    if not _read or not _read[0].characters.issuperset(characters):
        seen = _read[0].characters if _read else LATIN
        _read[:] = [_Entries(seen | characters)]
    return _read[0]
