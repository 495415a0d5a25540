"""XLIFF 1.2, the version every CAT tool reads, written and read with translate-toolkit.

One <file> per plan file, one <trans-unit> per text. Inline codes: <ph> for a
standalone piece of Markdown, <bpt>/<ept> (same id) around emphasis and link
text; each holds its Markdown, as XLIFF 1.2 wants native code to be held.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

from lxml import etree
from translate.storage.xliff import Xliff1File, Xliff1Unit

from nvptool.i18n.inline import Code, Part, Parts
from nvptool.i18n.units import Batch, Returned, TextKey, Unit, batch, previous_note
from nvptool.i18n.xmlread import FormatError, Received, inline_parts, parse
from nvptool.model.text import Availability, TranslationState
from nvptool.plan import Plan
from nvptool.texts import TextRef

NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"

STATES = {
    Availability.machine: ("translated", "mt-suggestion"),
    Availability.stale: ("needs-review-translation", None),
    Availability.reviewed: ("signed-off", None),
    Availability.official: ("final", None),
    Availability.missing: ("new", None),
}
"""A text's state as XLIFF 1.2 says it: state and state-qualifier of the <target>."""

MACHINE_QUALIFIERS = {"mt-suggestion", "leveraged-mt"}
DONE = {"translated": TranslationState.reviewed, "signed-off": TranslationState.reviewed}
DONE_FINAL = {"final": TranslationState.official}

TAGS = {"ph": "ph", "open": "bpt", "close": "ept"}
CTYPES = {"break": "lb", "image": "image", "strong": "bold", "emphasis": "italic", "link": "link"}


class _Unit(Xliff1Unit):
    namespace = NAMESPACE


class _File(Xliff1File[Xliff1Unit]):
    """translate-toolkit's XLIFF store, started from an XLIFF 1.2 skeleton (its own
    is 1.1, which CAT tools read as well but the 1.2 schema does not accept)."""

    UnitClass = _Unit
    XMLskeleton = f"""<?xml version="1.0" ?>
<xliff version='1.2' xmlns='{NAMESPACE}'>
<file original='NoName' source-language='en' datatype='plaintext'>
<body>
</body>
</file>
</xliff>"""
    namespace = NAMESPACE


def write_work(
    plan: Plan, lang: str, refs: list[TextRef], previous: Mapping[TextKey, str]
) -> bytes:
    """The chosen texts as an XLIFF file (the work format registry's entry)."""
    return write(batch(plan, lang, refs, previous))


def write(work: Batch) -> bytes:
    store = _File(sourcelanguage=work.source_lang, targetlanguage=work.target_lang)
    current = None
    for unit in work.units:
        if unit.file != current:  # A switch looks for the <file> among all of them.
            store.switchfile(unit.file, createifmissing=True)
            current = unit.file
        store.addunit(_unit(unit))
    store.settargetlanguage(work.target_lang)  # On every <file>: once, at the end.
    out = io.BytesIO()
    store.serialize(out)
    return out.getvalue()


def _unit(unit: Unit) -> Xliff1Unit:
    made = _Unit("-")  # translate-toolkit makes the <source> of a non-empty text.
    made.setid(unit.id)
    made.xmlelement.set("resname", unit.id)
    source = made.get_source_dom()
    source.text = None
    _fill(source, unit.source)
    state, qualifier = STATES[unit.state]
    target = etree.Element(made.namespaced("target"), state=state)
    if qualifier:
        target.set("state-qualifier", qualifier)
    _fill(target, unit.target or ())
    source.addnext(target)
    done = unit.state in {Availability.reviewed, Availability.official}
    made.xmlelement.set("approved", "yes" if done else "no")
    # The name of a context group must be unique in its <file>.
    made.createcontextgroup(
        f"location {unit.id}",
        [("sourcefile", unit.file), ("linenumber", str(unit.line))],
        "location",
    )
    for note in unit.notes:
        made.addnote(note, origin="nvptool")
    if unit.state == Availability.stale:
        made.addnote(previous_note(unit.previous), origin="nvptool")
    return made


def _fill(element: etree._Element, parts: Parts) -> None:
    last: etree._Element | None = None
    for part in parts:
        if isinstance(part, str):
            _append_text(element, last, part)
            continue
        node = etree.SubElement(element, f"{{{NAMESPACE}}}{TAGS[part.role]}", id=part.id)
        if part.role != "ph":
            node.set("rid", part.id)
        if part.role != "close":  # <ept> takes its type from its <bpt>.
            node.set("ctype", _ctype(part))
        node.text = part.native
        last = node


def _ctype(code: Code) -> str:
    """The XLIFF 1.2 content type: a standard one where the schema has it for the
    element (lb and image for <ph>; bold, italic and link for <bpt>), else x-<kind>."""
    standard = CTYPES.get(code.kind)
    paired = standard in {"bold", "italic", "link"}
    if standard and paired == (code.role == "open"):
        return standard
    return f"x-{code.kind}"


def _append_text(element: etree._Element, last: etree._Element | None, text: str) -> None:
    if last is None:
        element.text = (element.text or "") + text
    else:
        last.tail = (last.tail or "") + text


def read(raw: bytes, name: str) -> Received:
    root = parse(raw, name)
    if root.tag != f"{{{NAMESPACE}}}xliff":
        raise FormatError(f"{name}:{root.sourceline}: not an XLIFF 1.2 file (<{root.tag}>)")
    if root.find(f"{{{NAMESPACE}}}file") is None:
        raise FormatError(f"{name}:{root.sourceline}: the file holds no <file> element")
    try:
        store = _File.parsestring(raw)
    except (ValueError, StopIteration, AssertionError) as error:
        raise FormatError(
            f"{name}: not a readable XLIFF 1.2 file ({error or 'incomplete'})"
        ) from None
    source_langs, target_langs, units = set(), set(), []
    for file_node in store.document.getroot().iterchildren(f"{{{NAMESPACE}}}file"):
        source_langs.add(file_node.get("source-language"))
        target_langs.add(file_node.get("target-language"))
    for unit in store.units:
        units.append(_returned(unit, name))
    return Received(_one(source_langs, name, "source"), _one(target_langs, name, "target"), units)


def _one(langs: set[str | None], name: str, which: str) -> str:
    if len(langs) != 1 or None in langs:
        shown = ", ".join(sorted(str(lang) for lang in langs)) or "none"
        raise FormatError(f"{name}: its <file> elements need one {which}-language (found {shown})")
    return str(next(iter(langs)))


def _returned(unit: Xliff1Unit, name: str) -> Returned:
    element = unit.xmlelement
    where = f"{name}:{element.sourceline}"
    target = unit.get_target_dom()
    state: TranslationState | None = None
    parts: tuple[Part, ...] | None = None
    lang = None
    if target is not None:
        parts = inline_parts(target, where, _code)
        state = _state(target.get("state"), target.get("state-qualifier"), element, where)
        lang = target.get("{http://www.w3.org/XML/1998/namespace}lang")
    source = inline_parts(unit.get_source_dom(), where, _code)
    return Returned(element.get("id") or "(no id)", where, source, parts, state, lang)


def _code(node: etree._Element, where: str) -> list[Part] | None:
    tag = etree.QName(node).localname
    role = {"ph": "ph", "bpt": "open", "ept": "close"}.get(tag)
    if role is None:
        return None
    code_id = node.get("id") or node.get("rid") or ""
    return [Code(code_id, role, "".join(node.itertext()), "")]  # type: ignore[arg-type]


STATE_NAMES = (
    "new",
    "needs-translation",
    "needs-l10n",
    "needs-adaptation",
    "translated",
    "needs-review-translation",
    "needs-review-l10n",
    "needs-review-adaptation",
    "signed-off",
    "final",
)
"""The states XLIFF 1.2 has; a tool's own begin with "x-"."""


QUALIFIERS = (
    *("exact-match", "fuzzy-match", "id-match", "leveraged-glossary", "leveraged-inherited"),
    *("leveraged-mt", "leveraged-repository", "leveraged-tm", "mt-suggestion"),
    *("rejected-grammar", "rejected-inaccurate", "rejected-length", "rejected-spelling"),
    "tm-suggestion",
)
"""The state-qualifiers XLIFF 1.2 has: a misspelt one ("mt-sugestion") would make the
machine's translation a person's."""


def _state(
    state: str | None, qualifier: str | None, element: etree._Element, where: str
) -> TranslationState | None:
    if state is not None and state not in STATE_NAMES and not state.startswith("x-"):
        raise FormatError(
            f"{where}: a target's state '{state}' is not one of XLIFF 1.2's "
            "(new, translated, signed-off, final …; a tool's own start with 'x-')"
        )
    if qualifier is not None and qualifier not in QUALIFIERS and not qualifier.startswith("x-"):
        raise FormatError(
            f"{where}: a target's state-qualifier '{qualifier}' is not one of XLIFF 1.2's "
            "(mt-suggestion, leveraged-mt, exact-match …; a tool's own start with 'x-')"
        )
    if state == "translated" and qualifier in MACHINE_QUALIFIERS:
        return TranslationState.machine
    if state in DONE:
        return DONE[state]
    if state in DONE_FINAL:
        return DONE_FINAL[state]
    if state is None and element.get("approved") == "yes":
        return TranslationState.reviewed
    return None
