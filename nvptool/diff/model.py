"""What a diff finds, as plain immutable data. Colour and markup live in templates."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum, StrEnum
from typing import Any


class Change(Enum):
    """Kinds of change. (An Enum, not a StrEnum: a member named split would shadow str.split.)"""

    added = "added"
    removed = "removed"
    modified = "modified"
    renamed = "renamed"
    renumbered = "renumbered"
    moved = "moved"
    split = "split"
    merged = "merged"


class Method(StrEnum):
    """How an old object was matched to a new one."""

    id = "id"
    successor = "successor"
    similarity = "similarity"


@dataclass(frozen=True)
class Words:
    """One run of a word-level diff: equal, insert or delete."""

    op: str
    text: str


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str | None
    new: str | None
    words: tuple[Words, ...] = ()
    language: str | None = None
    items_added: tuple[str, ...] = ()
    """List items (measures, bullets) that the new text has and the old one lacks."""
    items_removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class ObjectChange:
    kind: str
    changes: tuple[Change, ...]
    old_id: str | None
    new_id: str | None
    label: str
    """The object's number and title (or id), as a reader knows it."""
    old_label: str | None = None
    """The label it had before, when it had one."""
    parent: str | None = None
    method: Method | None = None
    score: float | None = None
    """How sure a match not made by id is, from 0 to 100."""
    old_number: str | None = None
    new_number: str | None = None
    old_parent: str | None = None
    related: tuple[str, ...] = ()
    """For a split or merge: the ids on the other side."""
    target: str | None = None
    """For a mapping or citation: the label of what it points at."""
    fields: tuple[FieldChange, ...] = ()

    @property
    def id(self) -> str:
        return self.new_id or self.old_id or ""


@dataclass(frozen=True)
class DiffResult:
    old: str
    new: str
    changes: tuple[ObjectChange, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return not self.changes

    def count(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for change in self.changes:
            for kind in change.changes:
                counts[kind.value] = counts.get(kind.value, 0) + 1
        return dict(sorted(counts.items()))

    def as_dict(self) -> dict[str, Any]:
        document = {"summary": self.count(), **asdict(self)}
        return _plain(document)  # type: ignore[no-any-return]


def _plain(value: Any) -> Any:
    """Enums as their values, tuples as lists: data any JSON encoder takes."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value
