"""`i18n extract` and `i18n apply` for every work format: choose the texts, write them
in the chosen format; read a returned XLIFF file and decide what it changes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from msgspec import Struct

from nvptool.formats import choices
from nvptool.i18n.formats import WORK_FORMATS, read_xliff
from nvptool.i18n.history import previous_sources
from nvptool.i18n.units import Outcome, Selection, SelectionError, TextKey, decide, select
from nvptool.i18n.work import TODO
from nvptool.i18n.xmlread import FormatError
from nvptool.model.text import Availability
from nvptool.plan import Plan
from nvptool.texts import TextRef, hidden_character


class ExtractError(Exception):
    pass


class Extraction(Struct, frozen=True):
    """A work file, how many texts it holds, and the states of the texts it left out."""

    data: bytes
    count: int
    chosen: frozenset[Availability]
    left_out: Counter[Availability]

    def summary(self, lang: str) -> str:
        """One line for the person who extracted: how many texts, and what else there is."""
        said = f"{self.count} texts for {lang} in the work file"
        if self.count or not self.left_out:
            return said
        states = " or ".join(sorted(state.value for state in self.chosen))
        others = ", ".join(f"{n} {state.value}" for state, n in sorted(self.left_out.items()))
        return (
            f"no text for {lang} is {states}; the others are {others}: choose them with "
            "--state (e.g. --state machine to review machine-made text) or take --all"
        )


def extract_work(
    plan: Plan,
    lang: str,
    fmt: str,
    everything: bool,
    states: Sequence[str],
    files: Sequence[str],
    objects: Sequence[str],
) -> Extraction:
    if fmt not in WORK_FORMATS:
        raise ExtractError(f"--format {fmt}: choose one of {choices(WORK_FORMATS)}")
    selection = Selection(_states(everything, states), tuple(files), tuple(objects))
    try:
        found = select(plan, lang, selection)
    except SelectionError as error:
        raise ExtractError(str(error)) from None
    refs = [ref for ref, state in found if state in selection.states]
    hidden = hidden_character(refs)
    if hidden:
        raise ExtractError(hidden)
    left_out = Counter(state for _, state in found if state not in selection.states)
    previous = previous_sources(
        Path(plan.root), _stale_fingerprints(plan, lang, refs), plan.config.source_language
    )
    data: bytes = WORK_FORMATS[fmt].function("write_work")(plan, lang, refs, previous)
    return Extraction(data, len(refs), selection.states, left_out)


def _states(everything: bool, names: Sequence[str]) -> frozenset[Availability]:
    if everything:
        return frozenset(Availability) - {Availability.source}
    if not names:
        return frozenset(TODO)
    known = {a.value: a for a in Availability if a != Availability.source}
    wrong = [name for name in names if name not in known]
    if wrong:
        raise ExtractError(f"--state {wrong[0]}: choose from {', '.join(known)}")
    return frozenset(known[name] for name in names)


def _stale_fingerprints(plan: Plan, lang: str, refs: list[TextRef]) -> dict[TextKey, str]:
    source_lang = plan.config.source_language
    wanted = {}
    for ref in refs:
        translation = ref.text.translation(lang)
        stale = ref.state(lang, source_lang) == Availability.stale
        if stale and translation is not None and translation.source is not None:
            wanted[(ref.file, ref.path)] = translation.source
    return wanted


def returned_changes(plan: Plan, raw: bytes, name: str) -> Outcome:
    """What a returned XLIFF file changes; a file in the wrong languages changes nothing."""
    received = read_xliff(raw, name)
    source_lang = plan.config.source_language
    languages = [lang for lang in plan.config.languages if lang != source_lang]
    if received.source_lang != source_lang:
        raise FormatError(
            f"{name}: its source language is '{received.source_lang}'; the plan's is "
            f"'{source_lang}'"
        )
    if received.target_lang not in languages:
        raise FormatError(
            f"{name}: its target language '{received.target_lang}' is not one the plan is "
            f"translated into ({', '.join(languages)})"
        )
    return decide(plan, received.target_lang, received.units)
