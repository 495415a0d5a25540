"""Which old object is which new one: an immutable matching, built step by step.

Objects are matched, in this order: by id; by the successor links the newer
plan records (``succeeds``); by content similarity (rapidfuzz), for objects of
the same kind whose texts are at least SIMILAR percent alike; mappings and
citations follow their owner. Each step reads the matching so far and returns
what it adds; ``match`` puts the steps together.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cached_property
from types import MappingProxyType

from msgspec import Struct, field
from rapidfuzz import fuzz

from nvptool.diff.model import Change, Method
from nvptool.plan import LINK, Node, Plan, texts

SIMILAR = 85.0
"""Texts at least this alike (rapidfuzz ratio, 0-100) are one object renamed."""
PART_OF = 90.0
"""A text at least this alike to part of another (partial ratio) is a piece of it."""
MIN_TEXT = 40
"""Shorter texts are not matched by content: too little to be sure."""
NO_CONTENT = frozenset({"mapping", "citation"})
"""Kinds whose ids name what they link; their content is the link itself."""
BY_KEY_ONLY = frozenset({"measure-status", "indicator-value"})
"""Kinds named by what they report on (a measure in a year, an indicator in a period):
never one object under another id, whatever their notes say."""

Ident = tuple[str, str, str]
"""(scope, kind, id): an object's key on one side of a diff."""


class Side(Struct, frozen=True):
    label: str
    plan: Plan
    nodes: Mapping[Ident, Node]


def side(plan: Plan, label: str, scope: str | None = None) -> Side:
    """The objects to compare: one cycle's (scope given) or the whole plan's."""
    nodes = {}
    for node in plan.nodes:
        if scope is not None and node.scope != scope:
            continue
        # Between two cycles, each cycle object stands for its side: they match.
        object_id = "" if scope is not None and node.kind == "cycle" else node.id
        nodes[(node.scope if scope is None else "", node.kind, object_id)] = node
    return Side(label, plan, MappingProxyType(nodes))


class Pair(Struct, frozen=True):
    old: Ident
    new: Ident
    method: Method
    score: float = 100.0


class Group(Struct, frozen=True):
    """A split (one old object, several new) or a merge (several old, one new)."""

    olds: tuple[Ident, ...]
    news: tuple[Ident, ...]
    change: Change
    method: Method
    score: float = 100.0


class Matching(Struct, frozen=True, dict=True):
    pairs: tuple[Pair, ...] = ()
    groups: tuple[Group, ...] = ()

    @cached_property
    def by_old(self) -> Mapping[Ident, Pair]:
        return MappingProxyType({pair.old: pair for pair in self.pairs})

    @cached_property
    def by_new(self) -> Mapping[Ident, Pair]:
        return MappingProxyType({pair.new: pair for pair in self.pairs})

    def grouped_old(self) -> frozenset[Ident]:
        return frozenset(i for g in self.groups for i in g.olds)

    def grouped_new(self) -> frozenset[Ident]:
        return frozenset(i for g in self.groups for i in g.news)

    def adding(self, pairs: Iterable[Pair] = (), groups: Iterable[Group] = ()) -> Matching:
        return Matching((*self.pairs, *pairs), (*self.groups, *groups))


class Unmatched(Struct, frozen=True):
    old: Mapping[Ident, Node] = field(default_factory=dict)
    new: Mapping[Ident, Node] = field(default_factory=dict)


def unmatched(old: Side, new: Side, matching: Matching, content_only: bool = True) -> Unmatched:
    """The objects on each side that nothing matched or grouped yet."""
    skip = NO_CONTENT | BY_KEY_ONLY if content_only else frozenset()
    taken_old = matching.by_old.keys() | matching.grouped_old()
    taken_new = matching.by_new.keys() | matching.grouped_new()
    return Unmatched(
        {i: n for i, n in old.nodes.items() if i not in taken_old and n.kind not in skip},
        {i: n for i, n in new.nodes.items() if i not in taken_new and n.kind not in skip},
    )


def match(old: Side, new: Side, source: str) -> Matching:
    """Every old object paired with its new self, and the splits and merges stated by hand."""
    matching = Matching(tuple(Pair(i, i, Method.id) for i in old.nodes.keys() & new.nodes.keys()))
    pairs, groups = _successors(old, new, matching)
    matching = matching.adding(pairs, groups)
    matching = matching.adding(_by_same_content(old, new, matching, source))
    matching = matching.adding(_by_similarity(old, new, matching, source))
    return matching.adding(links(old, new, matching))


def content(node: Node, source: str) -> str:
    return " ".join(" ".join((t.get(source) or "").split()) for _, t in texts(node.obj))


def predecessors(node: Node) -> tuple[str, ...]:
    """The ids an object succeeds: a theme's succession record, a measure's list of ids."""
    succession = getattr(node.obj, "succeeds", None)
    if succession is None:
        return ()
    if isinstance(succession, tuple):
        return succession  # A measure names the measures it continues, nothing more.
    return tuple(succession.predecessors)


SUCCEEDING = {"theme": "topic", "phenomenon": "topic", "measure": "measure"}
"""What successor links point at: a theme or phenomenon at either; a measure at a measure."""


def _topics(side_: Side) -> dict[tuple[str, str], Ident]:
    """Themes, phenomena and measures by (what they are, id)."""
    found: dict[tuple[str, str], Ident] = {}
    for ident, node in side_.nodes.items():
        if node.kind in SUCCEEDING:
            found.setdefault((SUCCEEDING[node.kind], node.id), ident)
    return found


def _successors(old: Side, new: Side, matching: Matching) -> tuple[list[Pair], list[Group]]:
    """Matches, splits and merges stated with succeeds.

    A link is read from either side: the newer plan names its predecessors, and
    when the sides are swapped the same link, read backwards, still holds.
    """
    old_topics, new_topics = _topics(old), _topics(new)
    links: list[tuple[Ident, Ident]] = []
    for ident, node in new.nodes.items():
        for old_id in predecessors(node):
            found = old_topics.get((SUCCEEDING.get(node.kind, ""), old_id))
            if found and found not in matching.by_old and ident not in matching.by_new:
                links.append((found, ident))
    for ident, node in old.nodes.items():
        for new_id in predecessors(node):
            found = new_topics.get((SUCCEEDING.get(node.kind, ""), new_id))
            if found and ident not in matching.by_old and found not in matching.by_new:
                links.append((ident, found))
    forward: dict[Ident, list[Ident]] = {}
    backward: dict[Ident, list[Ident]] = {}
    for source_ident, target in links:
        forward.setdefault(source_ident, []).append(target)
        backward.setdefault(target, []).append(source_ident)
    pairs: list[Pair] = []
    groups: list[Group] = []
    for source_ident, targets in forward.items():
        if len(targets) > 1:
            groups.append(Group((source_ident,), tuple(targets), Change.split, Method.successor))
        elif len(backward[targets[0]]) == 1:
            pairs.append(Pair(source_ident, targets[0], Method.successor))
    for target, sources in backward.items():
        if len(sources) > 1:
            groups.append(Group(tuple(sources), (target,), Change.merged, Method.successor))
    return pairs, groups


def _by_same_content(old: Side, new: Side, matching: Matching, source: str) -> list[Pair]:
    """An object under a new id whose texts are the same, however short (a law's title, a
    term): one of its kind on each side with those texts, then it is that object."""
    left = unmatched(old, new, matching)
    sides: dict[tuple[str, str], tuple[list[Ident], list[Ident]]] = {}
    for index, found in enumerate((left.old, left.new)):
        for ident, node in found.items():
            text = content(node, source)
            if text:
                sides.setdefault((node.kind, text), ([], []))[index].append(ident)
    return [
        Pair(olds[0], news[0], Method.similarity, 100.0)
        for olds, news in sides.values()
        if len(olds) == 1 and len(news) == 1
    ]


def _by_similarity(old: Side, new: Side, matching: Matching, source: str) -> list[Pair]:
    """Objects of one kind whose whole texts are nearly the same: one object under a new id."""
    left = unmatched(old, new, matching)
    texts_new = {
        i: text for i, n in left.new.items() if len(text := content(n, source)) >= MIN_TEXT
    }
    candidates = []
    for ident, node in left.old.items():
        text = content(node, source)
        if len(text) < MIN_TEXT:
            continue
        for other, other_text in texts_new.items():
            if left.new[other].kind == node.kind:
                score = fuzz.ratio(text, other_text, score_cutoff=SIMILAR)
                if score:
                    candidates.append((score, ident, other))
    pairs: list[Pair] = []
    taken_old: set[Ident] = set()
    taken_new: set[Ident] = set()
    for score, ident, other in sorted(candidates, reverse=True):
        if ident not in taken_old and other not in taken_new:
            pairs.append(Pair(ident, other, Method.similarity, round(score, 1)))
            taken_old.add(ident)
            taken_new.add(other)
    return pairs


def links(old: Side, new: Side, matching: Matching) -> list[Pair]:
    """Mappings and citations follow their owner: a renamed theme keeps its mappings, and
    the parts of a split section the citations of the whole."""
    owners: dict[str, list[str]] = {}
    for pair in matching.pairs:
        owners.setdefault(old.nodes[pair.old].id, []).append(new.nodes[pair.new].id)
    for group in matching.groups:
        for before in group.olds:
            owners.setdefault(old.nodes[before].id, []).extend(
                new.nodes[after].id for after in group.news
            )
    renamed = {old.nodes[p.old].id: new.nodes[p.new].id for p in matching.pairs}
    taken = set(matching.by_new)
    pairs: list[Pair] = []
    for ident, node in old.nodes.items():
        if node.kind not in NO_CONTENT or ident in matching.by_old or node.parent not in owners:
            continue
        # "<owner>-><target> <pinpoint>": what it points at may have a new id too.
        link = node.id.removeprefix(node.parent)
        pointed = link.removeprefix(LINK).split(" ", 1)
        if link.startswith(LINK) and pointed[0] in renamed:
            link = LINK + " ".join([renamed[pointed[0]], *pointed[1:]])
        for owner in owners[node.parent]:
            candidate = (ident[0], ident[1], owner + link)
            if candidate in new.nodes and candidate not in taken:
                pairs.append(Pair(ident, candidate, Method.id))
                taken.add(candidate)
                break
    return pairs


def pieces(old: Side, new: Side, matching: Matching, source: str) -> list[Group]:
    """Splits and merges found by content when no paragraph moved whole: one text spread over
    several objects, sentence by sentence."""
    left = unmatched(old, new, matching)
    text_of = {i: content(n, source) for i, n in (*left.old.items(), *left.new.items())}
    used: set[Ident] = set()
    found: list[Group] = []
    for whole, parts, change in (
        (left.old, left.new, Change.split),
        (left.new, left.old, Change.merged),
    ):
        for ident, node in whole.items():
            text = text_of[ident]
            if ident in used or len(text) < MIN_TEXT:
                continue
            scored = [
                (other, fuzz.partial_ratio(text_of[other], text))
                for other, piece in parts.items()
                if other not in used
                and piece.kind == node.kind
                and MIN_TEXT <= len(text_of[other]) < len(text)
            ]
            found_parts = [(other, score) for other, score in scored if score >= PART_OF]
            if len(found_parts) > 1:
                others = tuple(other for other, _ in found_parts)
                used.update([ident, *others])
                score = round(min(score for _, score in found_parts), 1)
                olds, news = ((ident,), others) if change is Change.split else (others, (ident,))
                found.append(Group(olds, news, change, Method.similarity, score))
    return found
