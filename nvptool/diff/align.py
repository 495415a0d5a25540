"""Alignment: word by word inside a text, block by block between texts.

Values in, values out. ``word_diff`` gives runs of equal, deleted and inserted
words; ``align_blocks`` lines up the paragraphs and list items of one text
before and after; ``pair_blocks`` pairs the blocks left over anywhere in the
plan, so that a paragraph that left one place and arrived in another is one
move, not a deletion and an addition.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from msgspec import Struct
from rapidfuzz import fuzz

from nvptool.diff.model import Words

EDITED = 60.0
"""Two blocks in the same place at least this alike (rapidfuzz ratio) are one block edited."""
MOVED = 85.0
"""Two blocks in different places at least this alike are one block moved (and edited)."""
MIN_MOVED = 40
"""Shorter blocks are paired across places only when they are equal: too little to be sure."""
MAX_TABLE = 250_000
"""Texts with more block pairs than this are lined up by difflib, not by the exact table."""
MAX_PAIRS = 1_000_000
"""Above this many candidate pairs, blocks are paired across places by equal text only."""

TOKEN = re.compile(r"\s+|[^\s]+")


def word_diff(before: str, after: str) -> tuple[Words, ...]:
    """Word by word: runs of equal, deleted and inserted words (white space kept)."""
    a, b = TOKEN.findall(before), TOKEN.findall(after)
    runs: list[Words] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in {"delete", "replace"}:
            runs.append(Words("delete", "".join(a[i1:i2])))
        if op in {"insert", "replace"}:
            runs.append(Words("insert", "".join(b[j1:j2])))
        if op == "equal":
            runs.append(Words("equal", "".join(a[i1:i2])))
    return tuple(runs)


class Alignment(Struct, frozen=True):
    """How the blocks of one text line up before and after (indices into each side)."""

    edited: tuple[tuple[int, int], ...]
    """Blocks in the same place whose words changed."""
    removed: tuple[int, ...]
    """Old blocks with no counterpart here (they may have moved elsewhere)."""
    added: tuple[int, ...]


def align_blocks(old: Sequence[str], new: Sequence[str]) -> Alignment:
    """Line up two texts' blocks (given by their words): equal, edited in place, or left over."""
    edited: list[tuple[int, int]] = []
    removed: list[int] = []
    added: list[int] = []
    i1 = j1 = 0
    for i2, j2 in [*_kept(old, new), (len(old), len(new))]:
        # Between two kept blocks: what changed in this stretch.
        pairs = _pair_in_place(old, new, range(i1, i2), range(j1, j2))
        edited.extend(pairs)
        removed.extend(i for i in range(i1, i2) if i not in {p[0] for p in pairs})
        added.extend(j for j in range(j1, j2) if j not in {p[1] for p in pairs})
        i1, j1 = i2 + 1, j2 + 1
    return Alignment(tuple(edited), tuple(removed), tuple(added))


def _kept(old: Sequence[str], new: Sequence[str]) -> list[tuple[int, int]]:
    """The equal blocks that stay in order, keeping as much text as can be (a longest common
    subsequence weighted by length): when two paragraphs swap, the shorter one moved."""
    if len(old) * len(new) > MAX_TABLE:
        matcher = difflib.SequenceMatcher(None, list(old), list(new), autojunk=False)
        return [
            (block.a + k, block.b + k)
            for block in matcher.get_matching_blocks()
            for k in range(block.size)
        ]
    rows, cols = len(old), len(new)
    best = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            same = best[i + 1][j + 1] + len(old[i]) + 1 if old[i] == new[j] else 0
            best[i][j] = max(same, best[i + 1][j], best[i][j + 1])
    kept: list[tuple[int, int]] = []
    i = j = 0
    while i < rows and j < cols:
        if old[i] == new[j] and best[i][j] == best[i + 1][j + 1] + len(old[i]) + 1:
            kept.append((i, j))
            i, j = i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    return kept


def _pair_in_place(
    old: Sequence[str], new: Sequence[str], olds: range, news: range
) -> list[tuple[int, int]]:
    """Within one changed stretch, pair blocks that are one block edited, keeping their order."""
    if not olds or not news:
        return []
    scored = sorted(
        (
            (score, i, j)
            for i in olds
            for j in news
            if (score := fuzz.ratio(old[i], new[j], score_cutoff=EDITED))
        ),
        reverse=True,
    )
    pairs: list[tuple[int, int]] = []
    for _, i, j in scored:
        # Pairs must not cross: an edited block keeps its place among the others.
        if all((i < a) == (j < b) and i != a and j != b for a, b in pairs):
            pairs.append((i, j))
    return sorted(pairs)


def pair_blocks(old: Sequence[str], new: Sequence[str]) -> tuple[tuple[int, int], ...]:
    """Pair left-over blocks from anywhere: equal words first, then alike ones."""
    pairs: list[tuple[int, int]] = []
    waiting: dict[str, list[int]] = {}
    for j, words in enumerate(new):
        waiting.setdefault(words, []).append(j)
    unpaired_old: list[int] = []
    for i, words in enumerate(old):
        if waiting.get(words):
            pairs.append((i, waiting[words].pop(0)))
        else:
            unpaired_old.append(i)
    taken_new = {j for _, j in pairs}
    rest_new = [j for j in range(len(new)) if j not in taken_new and len(new[j]) >= MIN_MOVED]
    rest_old = [i for i in unpaired_old if len(old[i]) >= MIN_MOVED]
    if rest_old and rest_new and len(rest_old) * len(rest_new) <= MAX_PAIRS:
        scored = sorted(
            (
                (score, i, j)
                for i in rest_old
                for j in rest_new
                if (score := fuzz.ratio(old[i], new[j], score_cutoff=MOVED))
            ),
            reverse=True,
        )
        used_old: set[int] = set()
        for _, i, j in scored:
            if i not in used_old and j not in taken_new:
                pairs.append((i, j))
                used_old.add(i)
                taken_new.add(j)
    return tuple(sorted(pairs))
