"""Translation work files: the texts to translate out, the translations back in.

`nvptool i18n extract` writes every text that a language lacks (or whose
translation is stale) with its source text and fingerprint; a translator fills
in `translation`; `nvptool i18n apply` puts each translation beside its source,
refusing any whose source text changed in the meantime.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any

from pydantic import Field

from nvptool.blocks import layout_change
from nvptool.i18n.edit import Change
from nvptool.model.base import StrictModel
from nvptool.model.text import Availability, TranslationState, fingerprint
from nvptool.plan import Plan
from nvptool.roundtrip import dump_yaml
from nvptool.texts import TextRef, text_refs


class WorkItem(StrictModel):
    file: str
    path: tuple[str | int, ...]
    object: str = Field(description="Id of the object the text belongs to, for orientation.")
    fingerprint: str
    source: str
    translation: str = ""


class WorkFile(StrictModel):
    kind: str = Field(default="translation-work", pattern="^translation-work$")
    language: str
    state: TranslationState = TranslationState.machine
    texts: tuple[WorkItem, ...]


TODO = {Availability.missing, Availability.stale}


def extract(plan: Plan, lang: str, everything: bool = False) -> WorkFile:
    source_lang = plan.config.source_language
    refs = [r for r in text_refs(plan) if everything or r.state(lang, source_lang) in TODO]
    return work_file(plan, lang, refs)


def work_file(plan: Plan, lang: str, refs: Iterable[TextRef]) -> WorkFile:
    source_lang = plan.config.source_language
    items = []
    for ref in refs:
        source = ref.text.get(source_lang)
        if source is not None:
            items.append(_item(ref, source))
    return WorkFile(language=lang, texts=tuple(items))


def write_work(plan: Plan, lang: str, refs: list[TextRef], previous: object = None) -> bytes:
    """The work file of the chosen texts, as YAML (the work format registry's entry)."""
    return dump_yaml(work_file(plan, lang, refs).model_dump(mode="json")).encode("utf-8")


def _item(ref: TextRef, source: str) -> WorkItem:
    return WorkItem(
        file=ref.file,
        path=ref.path,
        object=ref.node.id,
        fingerprint=fingerprint(source),
        source=source,
    )


def changes(plan: Plan, work: WorkFile) -> tuple[list[Change], list[str]]:
    """The edits a filled-in work file asks for, and why the others were refused.

    A work file names each text's file as the plan was named where it was extracted
    (plan/cycles/…); it is found by its path inside the plan, from wherever it is applied.
    """
    source_lang = plan.config.source_language
    current: dict[tuple[str, tuple[Any, ...]], tuple[str, str, str]] = {}
    for ref in text_refs(plan):
        source = ref.text.get(source_lang)
        if source is not None:
            key = (plan.inside(ref.file), ref.path)
            current[key] = (ref.file, fingerprint(source), source)
    inside = {relative for relative, _ in current}
    accepted: list[Change] = []
    refused: list[str] = []
    for item in work.texts:
        if not item.translation.strip():
            continue
        found = current.get((_in_plan(item.file, inside), item.path))
        where = f"{item.file}: {'.'.join(map(str, item.path))}"
        if found is None:
            refused.append(f"{where}: no such text in the plan any more")
        elif found[1] != item.fingerprint:
            refused.append(f"{where}: the source text changed since it was extracted")
        elif (change := layout_change(found[2], item.translation)) is not None:
            refused.append(
                f"{where}: the translation is laid out unlike its source: {change}; lay it out "
                "as the source (the same lists, headings and quotations)"
            )
        else:
            file, now, _ = found
            accepted.append(
                Change(file, item.path, work.language, now, work.state, item.translation)
            )
    return accepted, refused


def _in_plan(file: str, inside: set[str]) -> str:
    """The path inside the plan that a work file's name for a file ends with."""
    parts = PurePosixPath(file).parts
    for start in range(len(parts)):
        candidate = "/".join(parts[start:])
        if candidate in inside:
            return candidate
    return file


def _of_target(refs: list[TextRef], target: str) -> list[TextRef]:
    """The texts of a file, or of an object named by its id or its key."""
    return [ref for ref in refs if target in {ref.file, ref.node.id, ref.node.key}]


def has_translations(plan: Plan, target: str, lang: str) -> bool:
    """Whether a file or an object (by id or key) has any translation in lang."""
    refs = _of_target(list(text_refs(plan)), target)
    return any(ref.text.translation(lang) is not None for ref in refs)


class AmbiguousTarget(Exception):
    """An id that names objects of several cycles: the message lists their files."""


def confirmations(plan: Plan, target: str, lang: str, everything: bool = False) -> list[Change]:
    """Mark as reviewed the stale translations in lang of a file or an object (by id or
    key): those whose source text changed since, or that record none. everything: every
    translation of the target, which a person has reviewed whole (a machine translation
    that is not stale is otherwise left marked as the machine's).

    Raises AmbiguousTarget for an id that objects of several cycles have (an id is
    unique within a cycle only): which one was meant cannot be known."""
    source_lang = plan.config.source_language
    refs = _of_target(list(text_refs(plan)), target)
    named = {ref.node.key: ref.file for ref in refs if ref.node.id == target}
    if len(named) > 1:
        keys = ", ".join(sorted(named))
        raise AmbiguousTarget(
            f"'{target}' is the id of objects in several cycles ({keys}); "
            "give the key of the one to confirm (as check's hint does), or its file"
        )
    found = []
    for ref in refs:
        translation = ref.text.translation(lang)
        source = ref.text.get(source_lang)
        if translation is None or source is None:
            continue
        current = fingerprint(source)
        confirmed = translation.state in (TranslationState.reviewed, TranslationState.official)
        if translation.source == current and (confirmed or not everything):
            continue  # Current (and, for --all, a person's already): nothing to confirm.
        state = (
            TranslationState.official
            if translation.state == TranslationState.official
            else TranslationState.reviewed
        )
        found.append(Change(ref.file, ref.path, lang, current, state))
    return found
