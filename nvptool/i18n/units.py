"""Translation units: the plan's texts as a translator's CAT tool sees them, and back.

Out: one unit per text of the plan, with an id made of the object's key and the
field (it survives re-extraction), the Dutch source and the current translation
split into words and inline codes, the translation's state, and notes that
place it (file and line, heading, the glossary terms it uses with their
translation, the previous Dutch of a stale translation).

Back: each returned unit is checked against the plan as it is now (the source
must be the one extracted, the codes all there, the language right) and turned
into a round-trip edit of one text; refusals say the unit's id and why.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

from msgspec import Struct, field

from nvptool.blocks import layout_change
from nvptool.findings import HIDDEN, escape_invisible
from nvptool.i18n.edit import Change
from nvptool.i18n.inline import (
    Code,
    Parts,
    align,
    code_problems,
    codes,
    foreign,
    lex,
    markdown,
    natives,
)
from nvptool.load.yamlsource import YamlPath
from nvptool.model.text import (
    Availability,
    TranslationState,
    fingerprint,
)
from nvptool.plan import Node, Plan
from nvptool.terms import Terms
from nvptool.texts import TextRef, text_refs

TextKey = tuple[str, YamlPath]
"""A text's file and its path in that file."""


def unit_id(ref: TextRef) -> str:
    """The object's key and the field: stable while the object keeps its id."""
    return f"{ref.node.key}#{'.'.join(map(str, ref.field))}"


def nmtoken(readable: str) -> str:
    """The id as an XML name token (XLIFF 2 wants one): "/" and "#" become ":" and ".."."""
    return re.sub(r"[^\w.:-]", "_", readable.replace("/", ":").replace("#", ".."))


class Unit(Struct, frozen=True):
    id: str
    file: str
    line: int
    source: Parts
    target: Parts | None
    state: Availability
    notes: tuple[str, ...]
    previous: str | None = None
    """The Dutch a stale translation translated, where the history still has it."""


class Batch(Struct, frozen=True):
    """The units of one extraction, with the languages they go between."""

    source_lang: str
    target_lang: str
    units: tuple[Unit, ...]


class Selection(Struct, frozen=True):
    """Which texts to extract: by state, by file, by object (with what it contains)."""

    states: frozenset[Availability] = frozenset({Availability.missing, Availability.stale})
    files: tuple[str, ...] = ()
    objects: tuple[str, ...] = ()


class SelectionError(Exception):
    pass


def select(plan: Plan, lang: str, selection: Selection) -> list[tuple[TextRef, Availability]]:
    """Every text of the selection's files and objects, whatever its state, with its state
    in lang: the caller keeps the selection's states and can say what it left out."""
    source_lang = plan.config.source_language
    plan_files = [f.path for f in plan.files]
    for name in selection.files:
        if not any(_same_file(plan, name, file) for file in plan_files):
            raise SelectionError(f"--file {name}: no such plan file")
    ids = {node.id for node in plan.nodes} | {node.key for node in plan.nodes}
    for name in selection.objects:
        if name not in ids:
            raise SelectionError(f"--object {name}: no object has this id or key")
    found = []
    for ref in text_refs(plan):
        if ref.text.get(source_lang) is None:
            continue
        if selection.files and not any(_same_file(plan, n, ref.file) for n in selection.files):
            continue
        if selection.objects and not _within(plan, ref, set(selection.objects)):
            continue
        found.append((ref, ref.state(lang, source_lang)))
    return found


def _same_file(plan: Plan, name: str, file: str) -> bool:
    """Whether name is the plan file: as the plan names it, relative to the plan
    directory, or as an absolute path."""
    path, known = Path(name), Path(file)
    return path in {known, known.absolute()} or Path(plan.root) / path == known


def _within(plan: Plan, ref: TextRef, objects: set[str]) -> bool:
    node = ref.node
    while True:
        if node.id in objects or node.key in objects:
            return True
        if node.parent_key is None or node.parent_key not in plan.index:
            return False
        node = plan.index[node.parent_key]


def batch(plan: Plan, lang: str, refs: Iterable[TextRef], previous: Mapping[TextKey, str]) -> Batch:
    source_lang = plan.config.source_language
    glossary = _glossary(plan, lang)
    units = []
    for ref in refs:
        dutch = ref.text.get(source_lang) or ""
        source = lex(dutch)
        translation = ref.text.translation(lang)
        state = ref.state(lang, source_lang)
        line = ref.node.value_location(*ref.field).line
        units.append(
            Unit(
                id=unit_id(ref),
                file=shown_path(plan, ref.file),
                line=line,
                source=source,
                target=None if translation is None else align(source, translation.text),
                state=state,
                notes=_notes(plan, ref, line, dutch, glossary),
                previous=previous.get((ref.file, ref.path)),
            )
        )
    return Batch(source_lang, lang, tuple(units))


def shown_path(plan: Plan, file: str) -> str:
    """A plan file as a translator sees it: relative to the plan directory, so that
    no path of the machine that extracted it travels with the file."""
    try:
        return Path(file).relative_to(plan.root).as_posix()
    except ValueError:
        return file


class _Glossary(Struct, frozen=True):
    pairs: list[tuple[str, str]]
    """(source term, translated term) of every glossary term, in the glossary's order."""
    terms: Terms
    """The source terms, found in a text in one pass."""


def _glossary(plan: Plan, lang: str) -> _Glossary:
    """Every glossary term with its translation; a machine-made translation says so,
    a translator should not take it as settled."""
    source_lang = plan.config.source_language
    pairs = []
    for node in plan.of_kind("term"):
        word = node.obj.term.get(source_lang)
        if not word:
            continue
        translation = node.obj.term.translation(lang)
        if translation is None:
            pairs.append((word, "(no translation yet)"))
        elif translation.state == TranslationState.machine:
            pairs.append((word, f"{translation.text} (machine translation)"))
        else:
            pairs.append((word, translation.text))
    return _Glossary(pairs, Terms(word for word, _ in pairs))


def _notes(plan: Plan, ref: TextRef, line: int, dutch: str, glossary: _Glossary) -> tuple[str, ...]:
    lang_pair = plan.config.languages
    where = shown_path(plan, ref.file)
    notes = [f"Where: {where}, line {line} ({ref.node.kind} {ref.node.id}, {_field(ref)})"]
    heading = _heading(plan, ref)
    if heading:
        notes.append("Heading: " + " | ".join(heading))
    found = glossary.terms.occurring(dutch)
    used = [f"{nl} = {other}" for nl, other in glossary.pairs if nl in found]
    if used:
        notes.append(f"Glossary ({' = '.join(lang_pair)}): " + "; ".join(used))
    return tuple(notes)


def _field(ref: TextRef) -> str:
    return ".".join(map(str, ref.field))


def _heading(plan: Plan, ref: TextRef) -> list[str]:
    """The title the text stands under, in each language that has it: its object's,
    or the nearest one above (a title stands under its parent's; a footnote or a
    figure under its section's)."""
    node: Node | None = ref.node
    if ref.field == ("title",):
        node = plan.index.get(ref.node.parent_key or "")
    while node is not None and getattr(node.obj, "title", None) is None:
        node = plan.index.get(node.parent_key or "")
    if node is None:
        return []
    title = node.obj.title
    number = getattr(node.obj, "number", None)
    prefix = f"{number} " if number else ""
    return [f"{prefix}{title.get(lang)}" for lang in plan.config.languages if title.get(lang)]


def previous_note(previous: str | None) -> str:
    if previous is None:
        return (
            "The source text changed since this translation was made; the earlier source "
            "is not in the history any more. Compare the translation with the source as it is now."
        )
    return "The source text changed since this translation was made. Earlier source:\n" + previous


class Returned(Struct, frozen=True):
    """One unit as a translator sent it back."""

    id: str
    where: str
    """The unit's place in the returned file, for messages: "work.xlf:120"."""
    source: Parts
    target: Parts | None
    state: TranslationState | None
    """None: the translator has not finished it (new, needs review …); left as it is."""
    lang: str | None = None


class Outcome(Struct):
    changes: list[Change] = field(default_factory=list)
    described: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    """Units whose translation was edited but not marked as done: not applied."""
    unfinished: int = 0
    unchanged: int = 0


def decide(plan: Plan, lang: str, returned: Iterable[Returned]) -> Outcome:
    """The edits a returned file asks for; refusals name the unit and the reason."""
    source_lang = plan.config.source_language
    refs: dict[str, TextRef] = {}
    for ref in text_refs(plan):
        refs[unit_id(ref)] = refs[nmtoken(unit_id(ref))] = ref
    outcome = Outcome()
    units = list(returned)
    keys = [unit_id(refs[u.id]) if u.id in refs else u.id for u in units]
    times = Counter(keys)  # A unit given twice: which one was meant cannot be known.
    for unit, key in zip(units, keys, strict=True):
        found = refs.get(unit.id)
        problem = _problem(found, unit, lang, source_lang)
        if problem is None and times[key] > 1:
            problem = f"the file has this unit {times[key]} times; keep one (none is applied)"
        if found is None or problem is not None:
            outcome.refused.append(f"{unit.where}: unit {unit.id}: {problem}")
            continue
        _decide_one(found, unit, lang, source_lang, outcome)
    return outcome


def _problem(ref: TextRef | None, unit: Returned, lang: str, source_lang: str) -> str | None:
    if ref is None:
        return "no such text in the plan any more; extract again"
    if unit.lang is not None and unit.lang != lang:
        return f"its translation is marked as language '{unit.lang}', not '{lang}'"
    dutch = ref.text.get(source_lang) or ""
    if not _same_source(unit.source, dutch):
        return (
            "its source text changed since it was extracted (or the file's source was "
            "edited); extract it again and translate the new source"
        )
    if unit.target is None or unit.state is None:
        return None
    problems = code_problems(lex(dutch), unit.target)
    if problems:
        return "; ".join(problems) + " (keep every tag of the source, once, in order of nesting)"
    hidden = HIDDEN.search("".join(p for p in unit.target if isinstance(p, str)))
    if hidden:
        shown = escape_invisible(hidden)
        return f"its translation holds an invisible control character ({shown}); remove it"
    return None


def _same_source(returned: Parts, dutch: str) -> bool:
    """Whether the returned source is the plan's Dutch: the same words (white space
    aside, as fingerprints go) and the same codes. A CAT tool may leave out the
    Markdown of a code; where it keeps it, it must be the plan's."""
    plan = lex(dutch)
    mine, theirs = codes(plan), codes(returned)
    if [(c.id, c.role) for c in mine] != [(c.id, c.role) for c in theirs]:
        return False
    if any(t.native and t.native != m.native for m, t in zip(mine, theirs, strict=True)):
        return False
    return fingerprint(markdown(returned, natives(plan))) == fingerprint(dutch)


def _decide_one(
    ref: TextRef, unit: Returned, lang: str, source_lang: str, outcome: Outcome
) -> None:
    dutch = ref.text.get(source_lang) or ""
    if unit.target is None or unit.state is None or _empty(unit.target):
        outcome.unfinished += 1
        if unit.target is not None and not _empty(unit.target):
            _note_if_edited(ref, unit, lang, dutch, outcome)
        return
    text = markdown(unit.target, natives(lex(dutch)))
    current = ref.text.translation(lang)
    stale = ref.state(lang, source_lang) == Availability.stale
    if current is not None and current.text == text and current.state == unit.state and not stale:
        outcome.unchanged += 1
        return
    added = foreign(lex(dutch), text) - foreign(lex(dutch), current.text if current else "")
    # A paragraph's end typed as such is the translation's own (a language may split a
    # sentence): only Markdown that makes more than paragraphs is refused here.
    added = Counter({native: n for native, n in added.items() if native.strip()})
    if added:
        shown = ", ".join(repr(native) for native in sorted(added))
        outcome.refused.append(
            f"{unit.where}: unit {unit.id}: its translation adds Markdown the source does not "
            f"have ({shown}); write it as words, or use the tags of the source"
        )
        return
    change = layout_change(dutch, text)
    if change is not None:
        outcome.refused.append(
            f"{unit.where}: unit {unit.id}: its translation is laid out unlike its source: "
            f"{change}; lay it out as the source (no line indented four spaces, say)"
        )
        return
    outcome.changes.append(Change(ref.file, ref.path, lang, fingerprint(dutch), unit.state, text))
    before = "missing" if current is None else ref.state(lang, source_lang).value
    if current is None:
        what = "new translation"
    elif current.text == text:
        what = "state"
    else:
        what = "text" if current.state == unit.state else "text and state"
    outcome.described.append(f"{unit.id}: {what}, {before} -> {unit.state.value}")


def _note_if_edited(ref: TextRef, unit: Returned, lang: str, dutch: str, outcome: Outcome) -> None:
    """A translator's work on a unit still marked new or to review would be lost
    without a word: say which units they are."""
    assert unit.target is not None
    current = ref.text.translation(lang)
    if code_problems(lex(dutch), unit.target):
        edited = True
    else:
        edited = current is None or markdown(unit.target, natives(lex(dutch))) != current.text
    if edited:
        outcome.left.append(
            f"{unit.where}: unit {unit.id}: its translation changed but it is still marked as "
            "not finished; mark it translated (or signed-off) to apply it"
        )


def _empty(parts: Parts) -> bool:
    return not any(isinstance(part, Code) or part.strip() for part in parts)
