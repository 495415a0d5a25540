"""Paragraphs and list items across the plan: edited in place, moved, or gone into a split.

For each matched object, the blocks of each prose text are lined up before and
after. What is left over, there and in the objects that nothing matched, is
paired across the whole plan: a paragraph that left one place and arrived in
another is a move. Where an object's paragraphs went to several objects, one
of them new, it was split (whether or not its id survives); where one object
received paragraphs from several, one of them gone, they were merged.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet
from types import MappingProxyType

from msgspec import Struct

from nvptool.blocks import Block, BlockKind, blocks
from nvptool.diff.align import align_blocks, pair_blocks, word_diff
from nvptool.diff.labels import label, parent_kind, parent_label
from nvptool.diff.match import NO_CONTENT, Group, Ident, Matching, Side, unmatched
from nvptool.diff.model import BlockEdit, Change, Method, Move, Place
from nvptool.model.text import Text
from nvptool.plan import Node

PROSE = ("body", "context", "general_objective", "lead", "text", "details", "closing")
"""The fields whose text is aligned paragraph by paragraph; other texts word by word."""


class Spot(Struct, frozen=True):
    """A block on one side: its object, field, index among the field's blocks, and the block."""

    ident: Ident
    field: str
    position: int
    """The block's number among the blocks of its kind and depth in its text, from 1."""
    block: Block


class BlockFlow(Struct, frozen=True):
    """What the blocks did: edits in place per (new object, field), moves, found groups."""

    edits: Mapping[tuple[Ident, str], tuple[BlockEdit, ...]]
    moves: tuple[Move, ...]
    groups: tuple[Group, ...]
    carried: Mapping[tuple[Ident, Ident], tuple[str, ...]]
    """For the objects of each group: the texts that went from an old object to a new one."""


def prose(node: Node, source: str) -> Iterator[tuple[str, str]]:
    for name in PROSE:
        value = getattr(node.obj, name, None)
        if isinstance(value, Text) and value.get(source):
            yield name, value.get(source) or ""


def block_name(node: Node, block: Block) -> str:
    """paragraph, item, or measure.

    A measure is an object of its own (matched by its id, named by its number); a
    top-level list item of an objective's body or a police-approach section is named a
    measure too, as it was before measures were objects (a plan of that time keeps
    them there).
    """
    if block.kind is BlockKind.paragraph:
        return "paragraph"
    owns_measures = node.kind == "objective" or getattr(node.obj, "kind", None) == "approach"
    return "measure" if owns_measures and not block.depth else "item"


class InPlace(Struct, frozen=True):
    """Each matched object's texts lined up: edits where they stand, and the blocks left over."""

    edits: tuple[tuple[tuple[Ident, str], BlockEdit], ...]
    left_old: tuple[Spot, ...]
    left_new: tuple[Spot, ...]
    kept: frozenset[Ident]
    """Old objects whose matched self keeps some of their text."""


def flow(old: Side, new: Side, matching: Matching, source: str, lang: str) -> BlockFlow:
    """Align every changed prose text, then pair what is left over across the plan."""
    here = _in_place(old, new, matching, source)
    rest = unmatched(old, new, Matching(matching.pairs))  # Stated groups' texts count too.
    left_old = (*here.left_old, *_all_blocks(rest.old, source))
    left_new = (*here.left_new, *_all_blocks(rest.new, source))
    paired = pair_blocks([s.block.compared for s in left_old], [s.block.compared for s in left_new])
    groups = _groups(
        matching, rest.old.keys(), rest.new.keys(), here.kept, paired, left_old, left_new
    )
    in_group = {(o, n) for g in (*matching.groups, *groups) for o in g.olds for n in g.news}
    moves: list[Move] = []
    carried: dict[tuple[Ident, Ident], list[str]] = {}
    for i, j in paired:
        a, b = left_old[i], left_new[j]
        if (a.ident, b.ident) in in_group:
            carried.setdefault((a.ident, b.ident), []).append(b.block.text)
        else:
            moves.append(_move(old, new, a, b, lang))
    # Blocks of matched objects that nothing took are plain additions and removals.
    paired_old, paired_new = {i for i, _ in paired}, {j for _, j in paired}
    lone = [
        ((spot.ident, spot.field), _lone(new, spot, "added"))
        for index, spot in enumerate(left_new)
        if index not in paired_new and spot.ident in matching.by_new
    ] + [
        ((matching.by_old[spot.ident].new, spot.field), _lone(old, spot, "removed"))
        for index, spot in enumerate(left_old)
        if index not in paired_old and spot.ident in matching.by_old
    ]
    edits: dict[tuple[Ident, str], list[BlockEdit]] = {}
    for key, edit in (*here.edits, *lone):
        edits.setdefault(key, []).append(edit)
    return BlockFlow(
        MappingProxyType({key: tuple(value) for key, value in edits.items()}),
        tuple(moves),
        tuple(groups),
        MappingProxyType({key: tuple(value) for key, value in carried.items()}),
    )


def _in_place(old: Side, new: Side, matching: Matching, source: str) -> InPlace:
    edits: list[tuple[tuple[Ident, str], BlockEdit]] = []
    left_old: list[Spot] = []
    left_new: list[Spot] = []
    kept: set[Ident] = set()
    for pair in matching.pairs:
        before, after = old.nodes[pair.old], new.nodes[pair.new]
        if before.kind in NO_CONTENT:
            continue
        old_texts, new_texts = dict(prose(before, source)), dict(prose(after, source))
        for name in PROSE:
            text_before, text_after = old_texts.get(name, ""), new_texts.get(name, "")
            if text_before == text_after:
                kept.update([pair.old] if text_before else [])
                continue
            olds, news = blocks(text_before), blocks(text_after)
            aligned = align_blocks([x.compared for x in olds], [x.compared for x in news])
            if len(aligned.removed) < len(olds):
                kept.add(pair.old)
            edits += [
                (
                    (pair.new, name),
                    BlockEdit(
                        "modified",
                        block_name(after, news[j]),
                        position(news, j),
                        news[j].text,
                        word_diff(olds[i].text, news[j].text),
                    ),
                )
                for i, j in aligned.edited
            ]
            left_old += [Spot(pair.old, name, position(olds, i), olds[i]) for i in aligned.removed]
            left_new += [Spot(pair.new, name, position(news, j), news[j]) for j in aligned.added]
    return InPlace(tuple(edits), tuple(left_old), tuple(left_new), frozenset(kept))


def _move(old: Side, new: Side, a: Spot, b: Spot, lang: str) -> Move:
    changed = a.block.compared != b.block.compared
    return Move(
        _place(old, a, lang),
        _place(new, b, lang),
        b.block.text,
        word_diff(a.block.text, b.block.text) if changed else (),
    )


def _lone(side_: Side, spot: Spot, op: str) -> BlockEdit:
    """A block added or removed where it stands."""
    name = block_name(side_.nodes[spot.ident], spot.block)
    return BlockEdit(op, name, spot.position, spot.block.text)


def _all_blocks(nodes: Mapping[Ident, Node], source: str) -> list[Spot]:
    return [
        Spot(ident, name, position(found, index), block)
        for ident, node in nodes.items()
        for name, text in prose(node, source)
        for found in (blocks(text),)
        for index, block in enumerate(found)
    ]


def position(found: tuple[Block, ...], index: int) -> int:
    """The block's number among the blocks of its kind and depth in its text, from 1."""
    block = found[index]
    return 1 + sum(
        1 for other in found[:index] if other.kind is block.kind and other.depth == block.depth
    )


def _place(side_: Side, spot: Spot, lang: str) -> Place:
    node = side_.nodes[spot.ident]
    return Place(
        node.kind,
        label(node, lang, side_.plan),
        spot.field,
        block_name(node, spot.block),
        spot.position,
        node.id,
        parent_label(node, side_.plan, lang),
        parent_kind(node, side_.plan),
    )


def _groups(
    matching: Matching,
    removed: AbstractSet[Ident],
    added: AbstractSet[Ident],
    kept: frozenset[Ident],
    paired: tuple[tuple[int, int], ...],
    left_old: tuple[Spot, ...],
    left_new: tuple[Spot, ...],
) -> list[Group]:
    """Splits and merges that the moved blocks show.

    A split: an old object's blocks went to two or more objects, at least one of
    them new and made mostly of its blocks. A merge: a new object received blocks
    from two or more objects, at least one of them gone and given mostly to it.
    An object's own matched self counts among them when it keeps some of its text.
    """
    sent: dict[Ident, dict[Ident, int]] = {}  # old -> new -> characters
    for i, j in paired:
        a, b = left_old[i], left_new[j]
        to = sent.setdefault(a.ident, {})
        to[b.ident] = to.get(b.ident, 0) + len(b.block.words)
    size_new, size_old = _sizes(left_new), _sizes(left_old)
    stated_old, stated_new = matching.grouped_old(), matching.grouped_new()
    groups: list[Group] = []
    used_old: set[Ident] = set()
    used_new: set[Ident] = set()
    for origin, targets in sent.items():
        own = matching.by_old.get(origin)
        keeps = [own.new] if own is not None and origin in kept else []
        fresh = [t for t in targets if t in added and 2 * targets[t] >= size_new.get(t, 0)]
        news = tuple(dict.fromkeys([*keeps, *targets]))
        if fresh and len(news) > 1 and origin not in stated_old:
            groups.append(Group((origin,), news, Change.split, Method.similarity))
            used_old.add(origin)
            used_new.update(fresh)
    received: dict[Ident, dict[Ident, int]] = {}
    for origin, targets in sent.items():
        for target, size in targets.items():
            received.setdefault(target, {})[origin] = size
    for target, origins in received.items():
        own = matching.by_new.get(target)
        keeps = [own.old] if own is not None and own.old in kept else []
        gone = [o for o in origins if o in removed and 2 * origins[o] >= size_old.get(o, 0)]
        gone = [o for o in gone if o not in used_old]
        olds = tuple(dict.fromkeys([*keeps, *origins]))
        if gone and len(olds) > 1 and target not in stated_new and target not in used_new:
            groups.append(Group(olds, (target,), Change.merged, Method.similarity))
            used_old.update(gone)
    return groups


def _sizes(spots: tuple[Spot, ...]) -> dict[Ident, int]:
    sizes: dict[Ident, int] = {}
    for spot in spots:
        sizes[spot.ident] = sizes.get(spot.ident, 0) + len(spot.block.words)
    return sizes
