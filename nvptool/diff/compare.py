"""Compare two plans (or two cycles): the one entry point of the diff.

The steps, each a function of values: ``match`` pairs old objects with new
ones (by id, successor links, similarity); ``flow`` aligns their paragraphs
and list items and pairs what moved, which also shows splits and merges;
``describe`` says what changed, object by object; ``impact`` says which
translations went stale. A site page or a report takes the ``DiffResult``.
"""

from __future__ import annotations

from nvptool.diff.describe import describe
from nvptool.diff.followup import KINDS as FOLLOW_UP_KINDS
from nvptool.diff.followup import followup_changes
from nvptool.diff.match import Side, links, match, pieces, side
from nvptool.diff.model import DiffResult
from nvptool.diff.moves import flow
from nvptool.diff.settings import settings_change
from nvptool.diff.translations import impact
from nvptool.plan import Plan

__all__ = ["Side", "between", "compare", "only", "side"]


def compare(old: Side, new: Side, lang: str | None = None) -> DiffResult:
    """Everything that changed from old to new; labels in lang (default: the source language).

    Texts are compared in every language; paragraph by paragraph and word by word in the
    source language.
    """
    source = new.plan.config.source_language
    labels = lang or source
    matching = match(old, new, source)
    blocks = flow(old, new, matching, source, labels)
    matching = matching.adding(groups=blocks.groups)
    matching = matching.adding(groups=pieces(old, new, matching, source))
    matching = matching.adding(links(old, new, matching))
    described = describe(old, new, matching, blocks, source, labels)
    settings = settings_change(old.plan.config, new.plan.config)
    return DiffResult(
        old.label,
        new.label,
        (
            *(() if settings is None else (settings,)),
            *(change for change in described if change.kind not in FOLLOW_UP_KINDS),
        ),
        blocks.moves,
        impact(old, new, matching, labels),
        labels,
        # Two cycles of one plan: each has its own years; their follow-up is no change.
        () if _between_cycles(new) else followup_changes(old, new, labels),
    )


def _between_cycles(new: Side) -> bool:
    return any(ident[0] == "" for ident in new.nodes)


def between(
    old: Plan, new: Plan, old_label: str, new_label: str, lang: str | None = None
) -> DiffResult:
    """What changed between two loaded plans (two revisions, say): for a page or a report."""
    return compare(side(old, old_label), side(new, new_label), lang)


def only(result: DiffResult, kinds: set[str]) -> DiffResult:
    """The changes to objects of some kinds only (phenomena and themes, say)."""
    if not kinds:
        return result
    return DiffResult(
        result.old,
        result.new,
        tuple(change for change in result.changes if change.kind in kinds),
        tuple(
            move
            for move in result.moves
            if move.origin.kind in kinds or move.destination.kind in kinds
        ),
        tuple(
            type(impact_)(
                impact_.language,
                tuple(s for s in impact_.stale if s.kind in kinds),
                tuple(s for s in impact_.untranslated if s.kind in kinds),
            )
            for impact_ in result.translations
        ),
        result.lang,
        tuple(change for change in result.followup if change.kind in kinds),
    )
