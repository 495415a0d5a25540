"""The page of changes since a revision (`nvptool build --since REV`): the diff, as its
readers on the site read it.

Readers see what changed in the plan, in the page's language: a claim's basis by its
kind, not the editors' working notes; texts without footnote markers. The diff of a pull
request (`nvptool diff`) keeps all of it.
"""

from __future__ import annotations

from msgspec import Struct
from msgspec.structs import replace

from nvptool.blocks import FOOTNOTE_REF
from nvptool.diff.describe import RECORD_SEPARATOR
from nvptool.diff.model import (
    Change,
    DiffResult,
    FieldChange,
    Move,
    ObjectChange,
    TranslationImpact,
    Words,
)
from nvptool.diff.render import Shown, excerpt
from nvptool.diff.settings import KIND as SETTINGS
from nvptool.plan import REFERENCE, Node
from nvptool.site import data as d
from nvptool.site.contexts import node_in


class SinceEntry(Struct, frozen=True):
    """A changed object of the diff since a revision, and where this site shows it, if it does."""

    change: ObjectChange
    node: Node | None


class SinceMove(Struct, frozen=True):
    """A moved paragraph or list item, and the objects it left and joined, where shown."""

    move: Move
    origin: Node | None
    destination: Node | None


class SinceContext(Struct, frozen=True):
    """Everything that changed between the plan at a revision and the plan being built."""

    revision: str
    commit: str
    result: DiffResult
    objects: tuple[SinceEntry, ...]
    moves: tuple[SinceMove, ...]
    counts: tuple[tuple[str, int], ...]
    translations: tuple[TranslationImpact, ...]
    """The languages whose texts went stale or lack a translation, with what."""

    @property
    def kinds(self) -> type[Change]:
        """The kinds of change, for the phrases the diff and this page share."""
        return Change

    def shown(self, words: tuple[Words, ...]) -> list[Shown]:
        """A word diff as the page shows it: the changes with some words of context."""
        return excerpt(words, context=SINCE_CONTEXT_WORDS)


SINCE_CONTEXT_WORDS = 12


def since_context(site: d.SiteData, since: d.Since, result: DiffResult) -> SinceContext:
    def shown(kind: str, object_id: str | None) -> Node | None:
        """The object on this site: in its cycle, else in the reference data."""
        for scope in (site.cycle.scope, REFERENCE):
            node = node_in(site, scope, kind, object_id)
            if node is not None and node.key in site.targets:
                return node
        return None

    read = replace(
        result,
        changes=tuple(filter(None, map(_for_readers, result.changes))),
        moves=tuple(_move_for_readers(m) for m in result.moves),
    )
    objects = tuple(SinceEntry(c, shown(c.kind, c.new_id or c.old_id)) for c in read.changes)
    moves = tuple(
        SinceMove(
            m,
            shown(m.origin.kind, m.origin.object_id),
            shown(m.destination.kind, m.destination.object_id),
        )
        for m in read.moves
    )
    counts = tuple(read.count().items())
    translations = tuple(t for t in result.translations if t.stale or t.untranslated)
    return SinceContext(since.revision, since.commit, read, objects, moves, counts, translations)


def _for_readers(change: ObjectChange) -> ObjectChange | None:
    """A change as the site's readers see it: the basis of a claim by its kind only (stated,
    reference, editorial), a basis that only moved to another field (basis to
    expansion_basis, of the same kind) left out, and no footnote markers ([^fn-16]) in
    the texts. Where a basis was seen and the editors' note are the plan's working notes,
    in the editors' words; the diff of a pull request shows them. None for an object
    whose only change was such a note, a translation's record or the settings."""
    if change.kind == SETTINGS:
        return None  # How the plan is checked and published, not what it says.
    fields = []
    for field in change.fields:
        if field.language is not None and "." in field.field:
            continue  # A translation's record (reviewed, confirmed): the page marks its state.
        if _is_basis(field):
            old, new = _kind_of(field.old), _kind_of(field.new)
            if old == new:
                continue
            field = replace(field, old=old, new=new, words=())
        fields.append(_without_notes(field))
    fields = _without_moved_bases(fields)
    if not fields and change.fields and set(change.changes) == {Change.modified}:
        return None
    pieces = tuple(
        replace(piece, texts=tuple(_no_note(text) or "" for text in piece.texts))
        for piece in change.pieces
    )
    return replace(change, fields=tuple(fields), pieces=pieces)


def _is_basis(field: FieldChange) -> bool:
    return field.field.split(".")[-1].endswith("basis") and field.language is None


def _without_moved_bases(fields: list[FieldChange]) -> list[FieldChange]:
    """Bases removed from one field and added to another with the same kind: a change of
    where the plan records it, not of how sure it is."""
    removed = [f for f in fields if _is_basis(f) and f.old and not f.new]
    added = [f for f in fields if _is_basis(f) and f.new and not f.old]
    moved: set[int] = set()
    for gone in removed:
        match = next((f for f in added if f.new == gone.old and id(f) not in moved), None)
        if match is not None:
            moved |= {id(gone), id(match)}
    return [f for f in fields if id(f) not in moved]


def _without_notes(field: FieldChange) -> FieldChange:
    """A text's footnote markers ([^fn-16]) left out: the page shows no footnote."""
    return replace(
        field,
        old=_no_note(field.old),
        new=_no_note(field.new),
        words=tuple(replace(w, text=_no_note(w.text) or "") for w in field.words),
        blocks=tuple(
            replace(
                b,
                text=_no_note(b.text) or "",
                words=tuple(replace(w, text=_no_note(w.text) or "") for w in b.words),
            )
            for b in field.blocks
        ),
    )


def _move_for_readers(move: Move) -> Move:
    words = tuple(replace(w, text=_no_note(w.text) or "") for w in move.words)
    return replace(move, text=_no_note(move.text) or "", words=words)


def _no_note(text: str | None) -> str | None:
    return FOOTNOTE_REF.sub("", text) if text else text


def _kind_of(shown: str | None) -> str | None:
    return shown.split(RECORD_SEPARATOR)[0] if shown else shown
