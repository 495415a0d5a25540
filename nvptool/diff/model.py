"""What a diff finds, as plain immutable data. Words, colour and markup live in templates."""

from __future__ import annotations

from enum import Enum, StrEnum
from typing import Any

from msgspec import Struct
from msgspec.structs import asdict


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


class Words(Struct, frozen=True):
    """One run of a word-level diff: equal, insert or delete."""

    op: str
    text: str


class Place(Struct, frozen=True):
    """Where a paragraph or list item stands: which object, which field, which one of its kind."""

    kind: str
    """The object's kind: section, objective …"""
    label: str
    """The object's number and title, as a reader knows it."""
    field: str
    block: str
    """paragraph, item or measure."""
    position: int
    """1 for the first paragraph (item, measure) of the field, 2 for the second …"""
    object_id: str = ""
    parent: str | None = None
    """The label of the object it stands in, when it stands in one."""
    parent_kind: str | None = None


class BlockEdit(Struct, frozen=True):
    """A paragraph or list item added, removed or changed where it stands."""

    op: str
    """added, removed or modified."""
    block: str
    position: int
    text: str
    """The new text (the old one for a removal)."""
    words: tuple[Words, ...] = ()


class Move(Struct, frozen=True):
    """A paragraph or list item that now stands elsewhere: reordered, or in another object."""

    origin: Place
    destination: Place
    text: str
    words: tuple[Words, ...] = ()
    """What also changed inside it; empty when it moved unchanged."""


class FieldChange(Struct, frozen=True):
    field: str
    old: str | None
    new: str | None
    words: tuple[Words, ...] = ()
    language: str | None = None
    blocks: tuple[BlockEdit, ...] = ()
    """For prose in the source language: what changed paragraph by paragraph."""


class Piece(Struct, frozen=True):
    """For a split or merge: the text that went from one object to another."""

    kind: str
    label: str
    object_id: str
    texts: tuple[str, ...] = ()
    """The paragraphs and items that went there (empty when the objects were linked by hand)."""


class ObjectChange(Struct, frozen=True):
    kind: str
    changes: tuple[Change, ...]
    old_id: str | None
    new_id: str | None
    label: str
    """The object's number and title, as a reader knows it."""
    old_label: str | None = None
    """The label it had before, when it had one."""
    parent: str | None = None
    parent_kind: str | None = None
    method: Method | None = None
    score: float | None = None
    """How sure a match not made by id is, from 0 to 100."""
    old_number: str | None = None
    new_number: str | None = None
    old_parent: str | None = None
    """The label of the object it stood in before it moved."""
    old_parent_kind: str | None = None
    related: tuple[str, ...] = ()
    """For a split or merge: the ids on the other side."""
    pieces: tuple[Piece, ...] = ()
    """For a split or merge: the objects on the other side, and the text that went where."""
    target: str | None = None
    """For a mapping or citation: the label of what it points at."""
    topic: str | None = None
    """The chapter, theme or phenomenon it stands in, when its parent is not one."""
    topic_kind: str | None = None
    fields: tuple[FieldChange, ...] = ()

    @property
    def id(self) -> str:
        return self.new_id or self.old_id or ""


class Stale(Struct, frozen=True):
    """A text whose translation in a language no longer matches its source, or is missing."""

    kind: str
    label: str
    field: str
    object_id: str = ""
    parent: str | None = None
    """What it stands in: sections of the same name stand in many themes and phenomena."""
    parent_kind: str | None = None


class TranslationImpact(Struct, frozen=True):
    """What a change does to the translations of one language."""

    language: str
    stale: tuple[Stale, ...] = ()
    """Texts whose source changed while their translation stayed."""
    untranslated: tuple[Stale, ...] = ()
    """Texts that are new (or newly without a translation)."""


class FollowUpChange(Struct, frozen=True):
    """A change of the follow-up as its reader says it: a measure's status in a year, an
    indicator's value for a period, or how far a year's reporting has come."""

    kind: str
    """measure-status, indicator-value or follow-up (a year's reporting state)."""
    change: Change
    """added (newly reported), removed, or modified (revised)."""
    year: int
    subject: str
    """The measure's or indicator's id; for a reporting state, the cycle's."""
    label: str
    """The measure's number (2.2.2.1.3), the indicator's label, or the cycle's title."""
    old: str | None = None
    """The status, value or reporting state before (for a new status: the one the
    measure had in an earlier year, if any)."""
    new: str | None = None
    old_year: int | None = None
    """The year old stands for, when it is an earlier year's status."""
    period: str | None = None
    unit: str | None = None
    old_provisional: bool | None = None
    new_provisional: bool | None = None
    fields: tuple[FieldChange, ...] = ()
    """Other fields that changed (owner, note, reason, evidence)."""
    scope: str = ""
    subject_kind: str = ""
    """What the subject is: measure, objective (one without measures), indicator or cycle."""

    @property
    def id(self) -> str:
        return f"{self.scope}:{self.kind}/{self.year}/{self.subject}/{self.period or ''}"


class DiffResult(Struct, frozen=True):
    old: str
    new: str
    changes: tuple[ObjectChange, ...] = ()
    moves: tuple[Move, ...] = ()
    """Paragraphs and list items that moved (within a text or to another object)."""
    translations: tuple[TranslationImpact, ...] = ()
    lang: str = ""
    """The language of the labels."""
    followup: tuple[FollowUpChange, ...] = ()
    """Statuses, indicator values and reporting states that changed."""

    @property
    def empty(self) -> bool:
        return not self.changes and not self.moves and not self.followup

    def count(self) -> dict[str, int]:
        """How many objects changed in each way; moved paragraphs and items count apart."""
        counts: dict[str, int] = {}
        for change in self.changes:
            for kind in change.changes:
                counts[kind.value] = counts.get(kind.value, 0) + 1
        return dict(sorted(counts.items()))

    def as_dict(self) -> dict[str, Any]:
        summary = {**self.count(), **({"moved_blocks": len(self.moves)} if self.moves else {})}
        if self.followup:
            summary["follow_up"] = len(self.followup)
        document = {"summary": summary, **asdict(self)}
        return _plain(document)  # type: ignore[no-any-return]


def _plain(value: Any) -> Any:
    """Records as dicts, enums as their values, tuples as lists: data any JSON encoder takes."""
    if isinstance(value, Struct):
        return _plain(asdict(value))
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value
