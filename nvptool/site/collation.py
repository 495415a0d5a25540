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
from pathlib import Path

import pyuca
from msgspec import Struct
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


class Table(Struct, frozen=True):
    """The table's entries whose code points are all among some characters, as pyuca
    reads them: its implicit weights, and each entry's code points with its weights."""

    characters: frozenset[int]
    implicit_weights: list[list[int]]
    entries: list[tuple[list[int], list[list[int]]]]


class _Entries(Collator):  # type: ignore[misc]  # pyuca has no type information
    """pyuca's collator of one version, holding a table's entries (its own `load` adds
    every entry)."""

    def __init__(self, table: Table) -> None:
        self.given = table
        super().__init__()

    @property
    def characters(self) -> frozenset[int]:
        """The characters whose entries the collator holds."""
        return self.given.characters

    def load(self, filename: str) -> None:
        self.implicit_weights.extend(self.given.implicit_weights)
        for points, weights in self.given.entries:
            self.table.add(points, weights)


def read_table(characters: frozenset[int] = LATIN) -> Table:
    """The table's entries whose code points are all among the characters."""
    name = f"allkeys-{Collator.UCA_VERSION}.txt"
    with open(Path(pyuca.__file__).with_name(name), encoding="utf-8") as keys_file:
        lines = keys_file.read().splitlines()
    table = Table(characters, [], [])
    # An entry's first code point, as the table spells it, is enough to pass over most
    # lines (other scripts) without parsing them: the table's time is in the parsing.
    firsts = {f"{point:04X}" for point in characters}
    for line in lines:
        if line.startswith("@implicitweights"):
            span, base = line.split("#", 1)[0].removeprefix("@implicitweights").split(";")
            start, end = span.split("..")
            table.implicit_weights.append([int(start, 16), int(end, 16), int(base, 16)])
        elif line[:1] not in ("", "#", "@") and line.partition(" ")[0] in firsts:
            points_text, elements = line.split("#", 1)[0].split(";", 1)
            points = [int(point, 16) for point in points_text.split()]
            if characters.issuperset(points):
                weights = COLL_ELEMENT_PATTERN.finditer(elements.strip())
                table.entries.append((points, [[int(w, 16) for w in m.groups()] for m in weights]))
    return table


def use_table(table: Table) -> None:
    """Sort with the table's entries, read already (site.prefetch), until a text brings
    characters it lacks."""
    _read[:] = [_Entries(table)]


def sort_key(text: str) -> tuple[int, ...]:
    """The text's key in the Unicode Collation Algorithm, as pyuca's whole table gives it."""
    return tuple(_covering(frozenset(map(ord, unicodedata.normalize("NFD", text)))).sort_key(text))


_read: list[_Entries] = []
"""The collator read last (this process's), holding every character seen so far."""


def _covering(characters: frozenset[int]) -> _Entries:
    """A collator holding the entries of the characters, read when none is yet."""
    if not _read or not _read[0].characters.issuperset(characters):
        seen = _read[0].characters if _read else LATIN
        use_table(read_table(seen | characters))
    return _read[0]
