"""The page of changes between the plan's cycles (changes.md): what changed in its
structure since the cycle before, as readers of the site see it (a new id alone is no
rename); the diff of the two cycles, computed only for a plan that has one before."""

from __future__ import annotations

from collections.abc import Iterator

from msgspec import Struct

from nvptool.diff.model import Change, DiffResult, ObjectChange
from nvptool.plan import Node
from nvptool.site import data as d
from nvptool.site.contexts import framework_target, node_in


class ObjectEntry(Struct, frozen=True):
    """A theme or phenomenon that changed, with both of its versions where they exist."""

    change: ObjectChange
    old: Node | None
    new: Node | None
    kinds: tuple[str, ...]
    """What changed, as the page names it: renamed only when the title changed."""
    related: tuple[Node, ...]
    """For a split or merge: the objects on the other side."""


class MappingChange(Struct, frozen=True):
    """A topic that serves a dimension or interest it did not serve before, or no longer."""

    topic: Node
    target: Node
    added: bool


class ChangesContext(Struct, frozen=True):
    previous: Node
    cycle: Node
    counts: tuple[tuple[str, int], ...]
    objects: tuple[ObjectEntry, ...]
    mappings: tuple[MappingChange, ...]
    frameworks_differ: tuple[str, ...]
    """The frameworks (kiv, nvs) that the two plans name differently: their mappings are
    not compared, since they point at different lists of dimensions or interests."""


def changes_context(site: d.SiteData, previous: Node, result: DiffResult) -> ChangesContext:
    old_scope, new_scope = previous.scope, site.cycle.scope
    differ = tuple(
        name
        for name in ("kiv", "nvs")
        if getattr(previous.obj.frameworks, name) != getattr(site.cycle.obj.frameworks, name)
    )
    shared = {
        getattr(site.cycle.obj.frameworks, name) for name in ("kiv", "nvs") if name not in differ
    } - {None}
    objects = []
    mappings = []
    for change in result.changes:
        if change.kind == "mapping":
            found = _mapping_change(site, change, old_scope, new_scope, shared)
            if found is not None:
                mappings.append(found)
            continue
        old = node_in(site, old_scope, change.kind, change.old_id)
        new = node_in(site, new_scope, change.kind, change.new_id)
        kinds = tuple(_change_words(change, old, new, site.plan.config.source_language))
        if not kinds:
            continue
        side_scope = new_scope if change.changes[0] == Change.split else old_scope
        related = tuple(
            n
            for i in change.related
            if (n := node_in(site, side_scope, change.kind, i)) is not None
        )
        objects.append(ObjectEntry(change, old, new, kinds, related))
    objects.sort(key=lambda e: _reading_order(site, e))
    counts: dict[str, int] = {}
    for entry in objects:
        for kind in entry.kinds:
            counts[kind] = counts.get(kind, 0) + 1
    for mapping in mappings:
        kind = "added" if mapping.added else "removed"
        counts[kind] = counts.get(kind, 0) + 1
    order = tuple((k.value, counts[k.value]) for k in Change if k.value in counts)
    return ChangesContext(previous, site.cycle, order, tuple(objects), tuple(mappings), differ)


def _reading_order(site: d.SiteData, entry: ObjectEntry) -> tuple[int, int]:
    """The new plan's objects in its order, then those split or merged, then those gone."""
    if entry.new is not None and entry.new in site.topics:
        return (0, site.topics.index(entry.new))
    return (1 if entry.related else 2, 0)


def _mapping_change(
    site: d.SiteData, change: ObjectChange, old_scope: str, new_scope: str, shared: set[str]
) -> MappingChange | None:
    """An added or removed mapping to a framework both plans name, else None."""
    added = change.changes[0] == Change.added
    if not added and change.changes[0] != Change.removed:
        return None
    mapping = node_in(site, new_scope if added else old_scope, "mapping", change.id)
    if mapping is None:
        return None
    target = framework_target(site, mapping.obj.target)
    topic = site.plan.index.get(mapping.parent_key or "")
    if target is None or topic is None or target.parent not in shared:
        return None
    return MappingChange(topic, target, added)


def _change_words(
    change: ObjectChange, old: Node | None, new: Node | None, source: str
) -> Iterator[str]:
    """The changes a reader sees: a new id alone is no rename; a new title is one."""
    for kind in change.changes:
        if kind == Change.renamed:
            continue
        yield kind.value
    if (
        old is not None
        and new is not None
        and _title_words(old, source) != _title_words(new, source)
    ):
        yield Change.renamed.value


def _title_words(node: Node, source: str) -> str:
    title = node.obj.title
    return " ".join((title.get(source) or "").split()).casefold() if title else ""
