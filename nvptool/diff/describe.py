"""From a matching and the blocks' flow to the changes a reader sees, object by object."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from nvptool.blocks import blocks
from nvptool.diff.align import word_diff
from nvptool.diff.labels import label, parent_kind, parent_label, target, topic
from nvptool.diff.match import NO_CONTENT, Group, Ident, Matching, Pair, Side
from nvptool.diff.model import BlockEdit, Change, FieldChange, Method, ObjectChange, Piece
from nvptool.diff.moves import PROSE, BlockFlow, block_name, prose
from nvptool.diff.moves import position as block_position
from nvptool.measures import measure_number
from nvptool.model.text import Text
from nvptool.plan import CHILD_KINDS, VALUE_LISTS, Node, Plan

BOOKKEEPING = frozenset({*CHILD_KINDS, "id", "kind", "number", "succeeds"})
"""Fields not compared: child objects are compared themselves, numbers are reported as
renumbering, successions are how objects are matched. Waivers are compared: each one
turns a rule off."""

TRANSLATION_RECORD = ("state", "seen_at", "source")
"""What a translation records beside its text: a change of these alone (a translation
reviewed, found official, confirmed for a new source text) is a change to review. The
source's fingerprint is shown only when the text stayed: else the new text says it."""


def describe(
    old: Side, new: Side, matching: Matching, blocks: BlockFlow, source: str, lang: str
) -> tuple[ObjectChange, ...]:
    """Every object that changed, in the order of the new plan (the removed ones last)."""
    id_map: dict[str, set[str]] = {}
    for pair in matching.pairs:
        id_map.setdefault(old.nodes[pair.old].id, set()).add(new.nodes[pair.new].id)
    for group in matching.groups:  # The parts of a split section hold what it held.
        for before in group.olds:
            id_map.setdefault(old.nodes[before].id, set()).update(
                new.nodes[after].id for after in group.news
            )
    changes = [
        change
        for pair in matching.pairs
        if (change := _matched(old, new, id_map, pair, blocks, source, lang)) is not None
    ]
    changes += [_group(old, new, group, blocks, lang) for group in matching.groups]
    taken_old = matching.by_old.keys() | matching.grouped_old()
    taken_new = matching.by_new.keys() | matching.grouped_new()
    changes += [
        _single(node, Change.removed, old, lang)
        for ident, node in old.nodes.items()
        if ident not in taken_old
    ]
    changes += [
        _single(node, Change.added, new, lang)
        for ident, node in new.nodes.items()
        if ident not in taken_new
    ]
    Where = tuple[str, str | None]
    new_order: dict[Where, int] = {(n.kind, n.id): i for i, n in enumerate(new.nodes.values())}
    old_order: dict[Where, int] = {(n.kind, n.id): i for i, n in enumerate(old.nodes.values())}

    def position(change: ObjectChange) -> tuple[int, int]:
        if (change.kind, change.new_id) in new_order:
            return (0, new_order[(change.kind, change.new_id)])
        return (1, old_order.get((change.kind, change.old_id), 0))

    return tuple(sorted(changes, key=position))


def _matched(
    old: Side,
    new: Side,
    id_map: dict[str, set[str]],
    pair: Pair,
    blocks: BlockFlow,
    source: str,
    lang: str,
) -> ObjectChange | None:
    before, after = old.nodes[pair.old], new.nodes[pair.new]
    kinds: list[Change] = []
    if before.id != after.id and after.kind not in NO_CONTENT:
        kinds.append(Change.renamed)  # A link's id only follows its owner's.
    old_number, new_number = _number(before, old.plan), _number(after, new.plan)
    if old_number != new_number and old_number is not None and new_number is not None:
        # A measure whose objective or phenomenon was renumbered says nothing new itself.
        own = before.kind != "measure" or before.obj.number != after.obj.number
        if own or after.parent not in id_map.get(before.parent or "", {before.parent}):
            kinds.append(Change.renumbered)
    if after.parent not in id_map.get(before.parent or "", {before.parent}):
        kinds.append(Change.moved)
    fields = tuple(_fields(before.obj, after.obj, source, pair.new, blocks))
    if fields:
        kinds.append(Change.modified)
    if not kinds:
        return None
    similar = pair.method is not Method.id
    where = _topic(after, new.plan, lang)
    return ObjectChange(
        kind=after.kind,
        changes=tuple(kinds),
        old_id=before.id,
        new_id=after.id,
        label=label(after, lang, new.plan),
        old_label=label(before, lang, old.plan),
        parent=parent_label(after, new.plan, lang),
        parent_kind=parent_kind(after, new.plan),
        method=pair.method if similar else None,
        score=pair.score if similar else None,
        old_number=old_number,
        new_number=new_number,
        old_parent=parent_label(before, old.plan, lang) if Change.moved in kinds else None,
        old_parent_kind=parent_kind(before, old.plan) if Change.moved in kinds else None,
        target=target(after, new.plan, lang),
        topic=where[0],
        topic_kind=where[1],
        fields=fields,
    )


def _topic(node: Node, plan: Plan, lang: str) -> tuple[str | None, str | None]:
    """The chapter, theme or phenomenon beside the parent: its label and kind."""
    found = topic(node, plan)
    return (None, None) if found is None else (label(found, lang, plan), found.kind)


def _number(node: Node, plan: Plan) -> str | None:
    """The number a reader sees: a measure's with its objective's or phenomenon's."""
    if node.kind == "measure":
        return measure_number(plan, node)
    number = getattr(node.obj, "number", None)
    return None if number is None else str(number)


def _single(node: Node, change: Change, side_: Side, lang: str) -> ObjectChange:
    is_old = change is Change.removed
    where = _topic(node, side_.plan, lang)
    return ObjectChange(
        kind=node.kind,
        changes=(change,),
        old_id=node.id if is_old else None,
        new_id=None if is_old else node.id,
        label=label(node, lang, side_.plan),
        parent=parent_label(node, side_.plan, lang),
        parent_kind=parent_kind(node, side_.plan),
        target=target(node, side_.plan, lang),
        topic=where[0],
        topic_kind=where[1],
        fields=_whole_texts(node, change, side_.plan.config.source_language),
    )


NAMED_BY = frozenset({"title", "label", "term", "target", "instrument", "pinpoint"})
"""Fields the headline of an object names it by (its title; what a link points at)."""


def _whole_texts(node: Node, change: Change, source: str) -> tuple[FieldChange, ...]:
    """A new or removed object with what it holds: its prose paragraph by paragraph, its
    other values whole (texts in the source language), as far as they were written. The
    headline names it; its objects are changes of their own."""
    op = "removed" if change is Change.removed else "added"
    model = type(node.obj)
    named = NAMED_BY if node.kind != "measure" else frozenset()  # A measure has a number.
    if op == "removed":
        named |= {"reviewed"}  # Who read a claim goes with it.
    found = []
    prose_texts = dict(prose(node, source))
    for name in model.model_fields:
        own_values = (model.__name__, name) in VALUE_LISTS
        skipped = (name in BOOKKEEPING and not own_values) or name in named
        if skipped or name not in node.obj.model_fields_set:
            continue
        value = getattr(node.obj, name)
        if name in prose_texts:
            text = prose_texts[name]
            parts = blocks(text)
            edits = tuple(
                BlockEdit(op, block_name(node, part), block_position(parts, index), part.text)
                for index, part in enumerate(parts)
            )
            old, new = (text, None) if op == "removed" else (None, text)
            found.append(FieldChange(name, old, new, (), source, edits))
            continue
        shown = value.get(source) if isinstance(value, Text) else show(value)
        if shown:
            old, new = (shown, None) if op == "removed" else (None, shown)
            found.append(
                FieldChange(name, old, new, (), source if isinstance(value, Text) else None)
            )
    return tuple(found)


def _group(old: Side, new: Side, group: Group, blocks: BlockFlow, lang: str) -> ObjectChange:
    is_split = group.change is Change.split
    whole = old.nodes[group.olds[0]] if is_split else new.nodes[group.news[0]]
    others = group.news if is_split else group.olds
    other_side = new if is_split else old
    pieces = []
    for ident in others:
        node = other_side.nodes[ident]
        key: tuple[Ident, Ident] = (group.olds[0], ident) if is_split else (ident, group.news[0])
        piece = label(node, lang, other_side.plan)
        pieces.append(Piece(node.kind, piece, node.id, blocks.carried.get(key, ())))
    return ObjectChange(
        kind=whole.kind,
        changes=(group.change,),
        old_id=whole.id if is_split else None,
        new_id=whole.id if not is_split else None,
        label=label(whole, lang, (old if is_split else new).plan),
        parent=parent_label(whole, (old if is_split else new).plan, lang),
        parent_kind=parent_kind(whole, (old if is_split else new).plan),
        method=group.method,
        score=group.score,
        related=tuple(piece.object_id for piece in pieces),
        pieces=tuple(pieces),
    )


def _fields(
    before: Any, after: Any, source: str, ident: Ident, blocks: BlockFlow
) -> Iterable[FieldChange]:
    for name in type(after).model_fields:
        own_values = (type(after).__name__, name) in VALUE_LISTS
        if (name in BOOKKEEPING and not own_values) or not hasattr(before, name):
            continue
        old_value, new_value = getattr(before, name), getattr(after, name)
        if old_value == new_value:
            continue
        if isinstance(old_value, Text) or isinstance(new_value, Text):
            edits = blocks.edits.get((ident, name), ())
            yield from _text_changes(name, old_value, new_value, source, name in PROSE, edits)
        elif isinstance(old_value, tuple) and isinstance(new_value, tuple):
            yield FieldChange(name, *_list_change(old_value, new_value))
        else:
            yield FieldChange(name, show(old_value), show(new_value))


def _list_change(old: tuple[Any, ...], new: tuple[Any, ...]) -> tuple[str | None, str | None]:
    """A list's items that went and came (one event's date of eight); the whole lists
    when the same items only changed places."""
    gone = tuple(item for item in old if item not in new)
    came = tuple(item for item in new if item not in old)
    if gone or came:
        return show(gone), show(came)
    return show(old), show(new)


def _text_changes(
    name: str,
    old: Text | None,
    new: Text | None,
    source: str,
    prose: bool,
    edits: tuple[Any, ...],
) -> Iterable[FieldChange]:
    languages = sorted({*(old.languages if old else ()), *(new.languages if new else ())})
    for lang in sorted(languages, key=lambda code: code != source):
        before = old.get(lang) if old else None
        after = new.get(lang) if new else None
        if lang != source:
            if before != after:
                # Word by word when both exist: shown whole, two long translations that
                # differ late read alike up to where both are cut.
                words = word_diff(before, after) if before and after else ()
                yield FieldChange(name, before, after, words, lang)
            yield from _record_changes(name, old, new, lang)
        elif before == after:
            continue
        elif prose:
            # Paragraph by paragraph; a text whose blocks only moved has no edit here.
            if edits:
                yield FieldChange(name, before, after, (), lang, edits)
        else:
            yield FieldChange(name, before, after, word_diff(before or "", after or ""), lang)


def _record_changes(
    name: str, old: Text | None, new: Text | None, lang: str
) -> Iterable[FieldChange]:
    """What a translation records beside its text, as `<field>.<part>` (title.state)."""
    before = old.translation(lang) if old else None
    after = new.translation(lang) if new else None
    if before is None or after is None:
        return  # A translation added or removed: its text says so.
    for part in TRANSLATION_RECORD:
        was, now = getattr(before, part), getattr(after, part)
        if was != now and (part != "source" or before.text == after.text):
            yield FieldChange(f"{name}.{part}", show(was), show(now), (), lang)


RECORD_SEPARATOR = " · "
"""Between the values of a record shown in a few words: its first value is its kind."""


ITEM_SEPARATOR = "; "
"""Between the items of a list shown in a few words."""


def show(value: Any) -> str | None:
    """A field value in a few words: lists by their items, records by their values."""
    if value is None:
        return None
    if isinstance(value, dict):
        return ITEM_SEPARATOR.join(f"{key}: {show(item)}" for key, item in value.items()) or None
    if isinstance(value, tuple):
        return ITEM_SEPARATOR.join(show(item) or "" for item in value) or None
    if isinstance(value, Text):  # Its source text: the one written as plain text.
        return next((text for text in value.root.values() if isinstance(text, str)), None)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))  # 1000, as written, not 1000.0.
    if hasattr(value, "model_dump"):
        # A record by its values (2016 · 2019): its keys are names of the data, not words.
        given = value.model_fields_set
        shown = (show(getattr(value, name)) for name in type(value).model_fields if name in given)
        return RECORD_SEPARATOR.join(item for item in shown if item)
    return str(value)
