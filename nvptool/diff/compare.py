"""Compare two plans (or two cycles) object by object.

Objects are matched, in this order: by id; by the successor links the newer
plan records (``succeeds``); by content similarity (rapidfuzz), for
objects of the same kind whose texts are at least SIMILAR percent alike. A
match not made by id says how it was made and how sure it is. An old object
whose text now lies in several new ones (or the reverse) is a split (a merge).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from nvptool.diff.model import Change, DiffResult, FieldChange, Method, ObjectChange, Words
from nvptool.model.text import Text
from nvptool.plan import CHILD_KINDS, Node, Plan, texts

SIMILAR = 85.0
"""Texts at least this alike (rapidfuzz ratio, 0-100) are one object renamed."""
PART_OF = 90.0
"""A text at least this alike to part of another (partial ratio) is a piece of it."""
MIN_TEXT = 40
"""Shorter texts are not matched by content: too little to be sure."""

Ident = tuple[str, str, str]
NO_CONTENT = {"mapping", "citation"}
"""Kinds whose ids name what they link; their content is the link itself."""


@dataclass(frozen=True)
class Side:
    label: str
    plan: Plan
    nodes: dict[Ident, Node]


def side(plan: Plan, label: str, scope: str | None = None) -> Side:
    """The objects to compare: one cycle's (scope given) or the whole plan's."""
    nodes = {}
    for node in plan.nodes:
        if scope is not None and node.scope != scope:
            continue
        # Between two cycles, each cycle object stands for its side: they match.
        object_id = "" if scope is not None and node.kind == "cycle" else node.id
        nodes[(node.scope if scope is None else "", node.kind, object_id)] = node
    return Side(label, plan, nodes)


def only(result: DiffResult, kinds: set[str]) -> DiffResult:
    """The changes to objects of some kinds only (phenomena and themes, say)."""
    if not kinds:
        return result
    kept = tuple(change for change in result.changes if change.kind in kinds)
    return DiffResult(result.old, result.new, kept)


def compare(old: Side, new: Side, lang: str | None = None) -> DiffResult:
    """Everything that changed from old to new; labels in lang (default: the source language).

    Texts are compared in every language; word by word in the source language.
    """
    source = new.plan.config.source_language
    labels = lang or source
    matches: dict[Ident, tuple[Ident, Method, float]] = {}
    for ident in old.nodes.keys() & new.nodes.keys():
        matches[ident] = (ident, Method.id, 100.0)
    groups = _successors(old, new, matches)
    _by_similarity(old, new, matches, source)
    groups += _pieces(old, new, matches, groups, source)
    _links(old, new, matches)
    changes = _matched(old, new, matches, source, labels)
    changes += [_group(old, new, olds, news, kind, source, labels) for olds, news, kind in groups]
    grouped_old = {i for olds, _, _ in groups for i in olds}
    grouped_new = {i for _, news, _ in groups for i in news}
    matched_new = {target for target, _, _ in matches.values()}
    for ident, node in old.nodes.items():
        if ident not in matches and ident not in grouped_old:
            changes.append(_single(node, Change.removed, old, labels))
    for ident, node in new.nodes.items():
        if ident not in matched_new and ident not in grouped_new:
            changes.append(_single(node, Change.added, new, labels))
    new_order: dict[tuple[str, str | None], int] = {
        (n.kind, n.id): i for i, n in enumerate(new.nodes.values())
    }
    old_order: dict[tuple[str, str | None], int] = {
        (n.kind, n.id): i for i, n in enumerate(old.nodes.values())
    }

    def position(change: ObjectChange) -> tuple[int, int]:
        if (change.kind, change.new_id) in new_order:
            return (0, new_order[(change.kind, change.new_id)])
        return (1, old_order.get((change.kind, change.old_id), 0))

    changes.sort(key=position)
    return DiffResult(old.label, new.label, tuple(changes))


def content(node: Node, source: str) -> str:
    return " ".join(" ".join((t.get(source) or "").split()) for _, t in texts(node.obj))


def label(node: Node, lang: str) -> str:
    number = getattr(node.obj, "number", None)
    title = getattr(node.obj, "title", None) or getattr(node.obj, "label", None)
    if not isinstance(title, Text):
        title = getattr(node.obj, "term", None)
    words = ""
    if isinstance(title, Text):
        shown = title.get(lang) or next((title.get(code) for code in title.languages), "")
        words = " ".join((shown or "").split())
    words = words or node.id
    return f"{number} {words}" if number and node.kind != "footnote" else words


def _successors(
    old: Side, new: Side, matches: dict[Ident, tuple[Ident, Method, float]]
) -> list[tuple[list[Ident], list[Ident], Change]]:
    """Matches, splits and merges stated with succeeds.

    A link is read from either side: the newer plan names its predecessors, and
    when the sides are swapped the same link, read backwards, still holds.
    """
    matched_new = {target for target, _, _ in matches.values()}
    old_topics, new_topics = _topics(old), _topics(new)
    links: list[tuple[Ident, Ident]] = []
    for ident, node in new.nodes.items():
        for old_id in predecessors(node):
            found = old_topics.get(old_id)
            if found and found not in matches and ident not in matched_new:
                links.append((found, ident))
    for ident, node in old.nodes.items():
        for new_id in predecessors(node):
            found = new_topics.get(new_id)
            if found and ident not in matches and found not in matched_new:
                links.append((ident, found))
    forward: dict[Ident, list[Ident]] = {}
    backward: dict[Ident, list[Ident]] = {}
    for source_ident, target in links:
        forward.setdefault(source_ident, []).append(target)
        backward.setdefault(target, []).append(source_ident)
    groups: list[tuple[list[Ident], list[Ident], Change]] = []
    for source_ident, targets in forward.items():
        if len(targets) > 1:
            groups.append(([source_ident], targets, Change.split))
        elif len(backward[targets[0]]) == 1:
            matches[source_ident] = (targets[0], Method.successor, 100.0)
    for target, sources in backward.items():
        if len(sources) > 1:
            groups.append((sources, [target], Change.merged))
    return groups


def predecessors(node: Node) -> tuple[str, ...]:
    succession = getattr(node.obj, "succeeds", None)
    return () if succession is None else tuple(succession.predecessors)


def _topics(side_: Side) -> dict[str, Ident]:
    """Themes and phenomena by id: what successor links point at."""
    found: dict[str, Ident] = {}
    for ident, node in side_.nodes.items():
        if node.kind in {"theme", "phenomenon"}:
            found.setdefault(node.id, ident)
    return found


def _unmatched(
    old: Side, new: Side, matches: dict[Ident, tuple[Ident, Method, float]]
) -> tuple[dict[Ident, Node], dict[Ident, Node]]:
    matched_new = {target for target, _, _ in matches.values()}
    olds = {i: n for i, n in old.nodes.items() if i not in matches and n.kind not in NO_CONTENT}
    news = {i: n for i, n in new.nodes.items() if i not in matched_new and n.kind not in NO_CONTENT}
    return olds, news


def _by_similarity(
    old: Side, new: Side, matches: dict[Ident, tuple[Ident, Method, float]], source: str
) -> None:
    olds, news = _unmatched(old, new, matches)
    texts_new = {i: content(n, source) for i, n in news.items()}
    candidates = []
    for ident, node in olds.items():
        text = content(node, source)
        if len(text) < MIN_TEXT:
            continue
        for other, other_text in texts_new.items():
            if news[other].kind == node.kind and len(other_text) >= MIN_TEXT:
                score = fuzz.ratio(text, other_text, score_cutoff=SIMILAR)
                if score:
                    candidates.append((score, ident, other))
    taken: set[Ident] = set()
    for score, ident, other in sorted(candidates, reverse=True):
        if ident not in matches and other not in taken:
            matches[ident] = (other, Method.similarity, round(score, 1))
            taken.add(other)


def _pieces(
    old: Side,
    new: Side,
    matches: dict[Ident, tuple[Ident, Method, float]],
    groups: list[tuple[list[Ident], list[Ident], Change]],
    source: str,
) -> list[tuple[list[Ident], list[Ident], Change]]:
    """Splits and merges found by content: one text now spread over several."""
    olds, news = _unmatched(old, new, matches)
    texts = {i: content(n, source) for i, n in (*olds.items(), *news.items())}
    used = {i for olds_, news_, _ in groups for i in (*olds_, *news_)}
    found: list[tuple[list[Ident], list[Ident], Change]] = []
    for whole, parts, change in ((olds, news, Change.split), (news, olds, Change.merged)):
        for ident, node in whole.items():
            text = texts[ident]
            if ident in used or len(text) < MIN_TEXT:
                continue
            pieces = [
                other
                for other, piece in parts.items()
                if other not in used
                and piece.kind == node.kind
                and MIN_TEXT <= len(texts[other]) < len(text)
                and fuzz.partial_ratio(texts[other], text) >= PART_OF
            ]
            if len(pieces) > 1:
                used.update([ident, *pieces])
                if change is Change.split:
                    found.append(([ident], pieces, change))
                else:
                    found.append((pieces, [ident], change))
    return found


def _links(old: Side, new: Side, matches: dict[Ident, tuple[Ident, Method, float]]) -> None:
    """Mappings and citations follow their owner: a renamed theme keeps its mappings."""
    owners = {old.nodes[o].id: new.nodes[n].id for o, (n, _, _) in matches.items()}
    matched_new = {target for target, _, _ in matches.values()}
    for ident, node in old.nodes.items():
        if node.kind not in NO_CONTENT or ident in matches or node.parent not in owners:
            continue
        renamed = owners[node.parent] + node.id.removeprefix(node.parent)
        candidate = (ident[0], ident[1], renamed)
        if candidate in new.nodes and candidate not in matched_new:
            matches[ident] = (candidate, Method.id, 100.0)
            matched_new.add(candidate)


def _matched(
    old: Side,
    new: Side,
    matches: dict[Ident, tuple[Ident, Method, float]],
    source: str,
    labels: str,
) -> list[ObjectChange]:
    id_map = {old.nodes[o].id: new.nodes[n].id for o, (n, _, _) in matches.items()}
    changes = []
    for old_ident, (new_ident, method, score) in matches.items():
        before, after = old.nodes[old_ident], new.nodes[new_ident]
        kinds: list[Change] = []
        if before.id != after.id and after.kind not in NO_CONTENT:
            kinds.append(Change.renamed)  # A link's id only follows its owner's.
        old_number, new_number = _number(before), _number(after)
        if old_number != new_number and old_number is not None and new_number is not None:
            kinds.append(Change.renumbered)
        mapped_parent = id_map.get(before.parent or "", before.parent)
        if mapped_parent != after.parent:
            kinds.append(Change.moved)
        fields = _fields(before.obj, after.obj, source)
        if fields:
            kinds.append(Change.modified)
        if not kinds:
            continue
        changes.append(
            ObjectChange(
                kind=after.kind,
                changes=tuple(kinds),
                old_id=before.id,
                new_id=after.id,
                label=label(after, labels),
                old_label=label(before, labels),
                parent=_parent_label(after, new, labels),
                method=None if method is Method.id else method,
                score=None if method is Method.id else score,
                old_number=old_number,
                new_number=new_number,
                old_parent=before.parent if Change.moved in kinds else None,
                target=_target(after, new, labels),
                fields=tuple(fields),
            )
        )
    return changes


def _number(node: Node) -> str | None:
    number = getattr(node.obj, "number", None)
    return None if number is None else str(number)


def _parent_label(node: Node, side_: Side, lang: str) -> str | None:
    parent = side_.plan.index.get(node.parent_key or "")
    return None if parent is None else label(parent, lang)


def _target(node: Node, side_: Side, lang: str) -> str | None:
    if node.kind == "mapping":
        found = side_.plan.index.get(f"reference:{node.obj.target}")
        return label(found, lang) if found else node.obj.target
    if node.kind == "citation":
        found = side_.plan.index.get(f"reference:legal/{node.obj.instrument}")
        name = label(found, lang) if found else node.obj.instrument
        return f"{name}, {node.obj.pinpoint}" if node.obj.pinpoint else name
    return None


def _single(node: Node, change: Change, side_: Side, lang: str) -> ObjectChange:
    is_old = change is Change.removed
    return ObjectChange(
        kind=node.kind,
        changes=(change,),
        old_id=node.id if is_old else None,
        new_id=None if is_old else node.id,
        label=label(node, lang),
        parent=_parent_label(node, side_, lang),
        target=_target(node, side_, lang),
    )


def _group(
    old: Side,
    new: Side,
    olds: list[Ident],
    news: list[Ident],
    change: Change,
    source: str,
    lang: str,
) -> ObjectChange:
    first_old, first_new = old.nodes[olds[0]], new.nodes[news[0]]
    whole = first_old if change is Change.split else first_new
    others = news if change is Change.split else olds
    side_other = new if change is Change.split else old
    whole_text = content(whole, source)
    scores = [fuzz.partial_ratio(content(side_other.nodes[i], source), whole_text) for i in others]
    linked = any(predecessors(new.nodes[i]) for i in news) or any(
        predecessors(old.nodes[i]) for i in olds
    )
    return ObjectChange(
        kind=whole.kind,
        changes=(change,),
        old_id=first_old.id if change is Change.split else None,
        new_id=first_new.id if change is Change.merged else None,
        label=label(whole, lang),
        method=Method.successor if linked else Method.similarity,
        score=100.0 if linked else round(min(scores, default=0.0), 1),
        related=tuple(side_other.nodes[i].id for i in others),
    )


def _fields(before: Any, after: Any, source: str) -> list[FieldChange]:
    # Numbers are reported as renumbering; waivers and successions are bookkeeping.
    skip = {*CHILD_KINDS, "id", "kind", "number", "waivers", "succeeds"}
    changes: list[FieldChange] = []
    for name in type(after).model_fields:
        if name in skip or not hasattr(before, name):
            continue
        old_value, new_value = getattr(before, name), getattr(after, name)
        if old_value == new_value:
            continue
        if isinstance(old_value, Text) or isinstance(new_value, Text):
            changes.extend(_text_changes(name, old_value, new_value, source))
        else:
            changes.append(FieldChange(name, _show(old_value), _show(new_value)))
    return changes


def _text_changes(
    name: str, old: Text | None, new: Text | None, source: str
) -> Iterable[FieldChange]:
    languages = sorted({*(old.languages if old else ()), *(new.languages if new else ())})
    for lang in sorted(languages, key=lambda code: code != source):
        before = old.get(lang) if old else None
        after = new.get(lang) if new else None
        if before == after:
            continue
        if lang != source:
            yield FieldChange(name, before, after, (), lang)
            continue
        old_items, new_items = list_items(before or ""), list_items(after or "")
        yield FieldChange(
            name,
            before,
            after,
            word_diff(before or "", after or ""),
            lang,
            tuple(item for item in new_items if item not in old_items),
            tuple(item for item in old_items if item not in new_items),
        )


TOKEN = re.compile(r"\s+|[^\s]+")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+(.*)$")


def list_items(text: str) -> list[str]:
    """The items of the Markdown lists in a text, each as one line of words."""
    return [" ".join(m.group(1).split()) for m in map(LIST_ITEM.match, text.splitlines()) if m]


def word_diff(before: str, after: str) -> tuple[Words, ...]:
    """Word by word: runs of equal, deleted and inserted words."""
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


def _show(value: Any) -> str | None:
    """A field value in a few words: lists by their length, records as key: value."""
    if value is None:
        return None
    if isinstance(value, tuple):
        return f"{len(value)} item{'s' * (len(value) != 1)}"
    if hasattr(value, "model_dump"):
        fields = value.model_dump(mode="json", exclude_defaults=True)
        return ", ".join(f"{key}: {item}" for key, item in fields.items())
    return str(value)
