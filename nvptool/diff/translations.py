"""What a change does to the translations: per language, the texts now stale or untranslated."""

from __future__ import annotations

from collections.abc import Iterator

from nvptool.diff.labels import label, parent_kind, parent_label
from nvptool.diff.match import Matching, Side
from nvptool.diff.model import Stale, TranslationImpact
from nvptool.model.text import Availability, Text, availability, fingerprint
from nvptool.plan import Node, texts


def impact(old: Side, new: Side, matching: Matching, lang: str) -> tuple[TranslationImpact, ...]:
    """For each language other than the source: texts whose source changed while their
    translation did not (stale), and texts that are new and have no translation."""
    config = new.plan.config
    source = config.source_language
    targets = [code for code in config.languages if code != source]
    stale: dict[str, list[Stale]] = {code: [] for code in targets}
    missing: dict[str, list[Stale]] = {code: [] for code in targets}
    for ident, after in new.nodes.items():
        pair = matching.by_new.get(ident)
        before = old.nodes[pair.old] if pair is not None else None
        if before is not None and before.obj == after.obj:
            continue
        for field, was, now in _texts(before, after):
            if not now.get(source):
                continue
            changed = was is None or fingerprint(was.get(source) or "") != fingerprint(
                now.get(source) or ""
            )
            if not changed:
                continue
            for code in targets:
                where = Stale(
                    after.kind,
                    label(after, lang, new.plan),
                    field,
                    after.id,
                    parent_label(after, new.plan, lang),
                    parent_kind(after, new.plan),
                )
                if now.translation(code) is None:
                    missing[code].append(where)
                elif was is not None and (
                    availability(now, code, source) is Availability.stale
                    or was.get(code) == now.get(code)
                ):
                    stale[code].append(where)
    return tuple(
        TranslationImpact(code, tuple(stale[code]), tuple(missing[code])) for code in targets
    )


def _texts(before: Node | None, after: Node) -> Iterator[tuple[str, Text | None, Text]]:
    """The new object's texts, each with the text at the same place before (if any)."""
    earlier = dict(texts(before.obj)) if before is not None else {}
    for path, text in texts(after.obj):
        yield ".".join(str(part) for part in path), earlier.get(path), text
