"""XLIFF 2.0, written and read with lxml (translate-toolkit's 2.0 support leaves out
inline codes and puts notes where the schema does not allow them).

One <file> per plan file, one <unit> per text, one <segment>. The Markdown of
the inline codes sits in <originalData>; <ph> and <pc> point at it.
"""

from __future__ import annotations

from collections.abc import Mapping

from lxml import etree

from nvptool.i18n.inline import Code, Part, Parts
from nvptool.i18n.units import Batch, Returned, TextKey, Unit, batch, nmtoken, previous_note
from nvptool.i18n.xmlread import FormatError, Received, inline_parts, parse
from nvptool.model.text import Availability, TranslationState
from nvptool.plan import Plan
from nvptool.texts import TextRef

NAMESPACE = "urn:oasis:names:tc:xliff:document:2.0"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

STATES = {
    Availability.machine: ("translated", "nvptool:machine"),
    Availability.stale: ("initial", "nvptool:stale"),
    Availability.reviewed: ("reviewed", None),
    Availability.official: ("final", None),
    Availability.missing: ("initial", None),
}
"""A text's state as XLIFF 2.0 says it: state and subState of the <segment>. XLIFF 2
has no "needs review": a stale translation is "initial" until someone checks it."""

DONE = {
    "translated": TranslationState.reviewed,
    "reviewed": TranslationState.reviewed,
    "final": TranslationState.official,
}


def _el(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{NAMESPACE}}}{tag}", attributes)


def write_work(
    plan: Plan, lang: str, refs: list[TextRef], previous: Mapping[TextKey, str]
) -> bytes:
    """The chosen texts as an XLIFF file (the work format registry's entry)."""
    return write(batch(plan, lang, refs, previous))


def write(work: Batch) -> bytes:
    root = etree.Element(
        f"{{{NAMESPACE}}}xliff",
        {"version": "2.0", "srcLang": work.source_lang, "trgLang": work.target_lang},
        nsmap={None: NAMESPACE},  # type: ignore[dict-item]
    )
    files: dict[str, etree._Element] = {}
    inline: list[tuple[etree._Element, Parts]] = []
    for unit in work.units:
        if unit.file not in files:
            files[unit.file] = _el(root, "file", id=f"f{len(files) + 1}", original=unit.file)
        inline.extend(_unit(files[unit.file], unit))
    etree.indent(root, space="  ")
    for element, parts in inline:  # After indenting: the texts' own white space is theirs.
        _fill(element, parts)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def _unit(file: etree._Element, unit: Unit) -> list[tuple[etree._Element, Parts]]:
    element = _el(file, "unit", id=nmtoken(unit.id), name=unit.id)
    notes = _el(element, "notes")
    for text in unit.notes:
        _el(notes, "note", category="context").text = text
    if unit.state == Availability.stale:
        _el(notes, "note", category="previous-source").text = previous_note(unit.previous)
    data = {c.id + c.role: c.native for c in unit.source if isinstance(c, Code)}
    if data:
        original = _el(element, "originalData")
        for key, native in data.items():
            _el(original, "data", id=f"d{key}").set(XML_SPACE, "preserve")
            original[-1].text = native
    state, sub = STATES[unit.state]
    segment = _el(element, "segment", state=state)
    if sub:
        segment.set("subState", sub)
    source = _el(segment, "source")
    source.set(XML_SPACE, "preserve")
    inline = [(source, unit.source)]
    if unit.target is not None:
        target = _el(segment, "target")
        target.set(XML_SPACE, "preserve")
        inline.append((target, unit.target))
    return inline


def _fill(element: etree._Element, parts: Parts) -> None:
    """Text, <ph/> for standalone codes, <pc> around the text between a pair."""
    stack = [element]
    for part in parts:
        here = stack[-1]
        if isinstance(part, str):
            if len(here):
                here[-1].tail = (here[-1].tail or "") + part
            else:
                here.text = (here.text or "") + part
        elif part.role == "ph":
            _el(here, "ph", id=part.id, dataRef=f"d{part.id}ph")
        elif part.role == "open":
            pc = _el(here, "pc", id=part.id, dataRefStart=f"d{part.id}open")
            pc.set("dataRefEnd", f"d{part.id}close")
            stack.append(pc)
        else:
            stack.pop()


def read(raw: bytes, name: str) -> Received:
    root = parse(raw, name)
    if root.tag != f"{{{NAMESPACE}}}xliff":
        raise FormatError(f"{name}:{root.sourceline}: not an XLIFF 2.0 file (<{root.tag}>)")
    source_lang, target_lang = root.get("srcLang"), root.get("trgLang")
    if not source_lang or not target_lang:
        raise FormatError(f"{name}:{root.sourceline}: <xliff> needs srcLang and trgLang")
    units = [_returned(u, name) for u in root.iter(f"{{{NAMESPACE}}}unit")]
    return Received(source_lang, target_lang, units)


def _returned(unit: etree._Element, name: str) -> Returned:
    """A unit as a translator returns it. A CAT tool may split its text into segments
    (sentences), with what lies between them in <ignorable>: the text is all of them, in
    order, and it is done when every segment is."""
    where = f"{name}:{unit.sourceline}"
    pieces = [
        child
        for child in unit
        if isinstance(child.tag, str) and etree.QName(child).localname in {"segment", "ignorable"}
    ]
    segments = [p for p in pieces if etree.QName(p).localname == "segment"]
    if not segments:
        raise FormatError(f"{where}: unit {unit.get('id')} has no <segment>")
    data = {d.get("id"): _text(d) for d in unit.iter(f"{{{NAMESPACE}}}data")}

    def code(node: etree._Element, at: str) -> list[Part] | None:
        return _code(node, at, data, code)

    source: tuple[Part, ...] = ()
    target: tuple[Part, ...] | None = ()
    lang = None
    for piece in pieces:
        source_node = piece.find(f"{{{NAMESPACE}}}source")
        target_node = piece.find(f"{{{NAMESPACE}}}target")
        own = () if source_node is None else inline_parts(source_node, where, code)
        source += own
        if target_node is not None:
            lang = lang or target_node.get(XML_LANG)
            if target is not None:
                target += inline_parts(target_node, where, code)
        elif etree.QName(piece).localname == "ignorable":
            target = None if target is None else target + own  # What lies between, as it is.
        else:
            target = None  # A segment not translated: the unit is not.
    return Returned(
        unit.get("name") or unit.get("id") or "",
        where,
        source,
        target or None,
        _state([_segment_state(s, where) for s in segments]),
        lang,
    )


STATE_NAMES = ("initial", "translated", "reviewed", "final")
"""The states XLIFF 2.0 has."""


def _segment_state(segment: etree._Element, where: str) -> TranslationState | None:
    written = segment.get("state", "initial")  # Given empty, it is no state of XLIFF's.
    if written not in STATE_NAMES:
        raise FormatError(
            f"{where}: a segment's state '{written}' is not one of XLIFF 2.0's: "
            + ", ".join(STATE_NAMES)
        )
    if written == "translated" and segment.get("subState") == "nvptool:machine":
        return TranslationState.machine
    return DONE.get(written)


def _state(states: list[TranslationState | None]) -> TranslationState | None:
    """A unit's state from its segments': done when all are, as the least done of them."""
    if any(state is None for state in states):
        return None
    if TranslationState.machine in states:
        return TranslationState.machine
    if all(state == TranslationState.official for state in states):
        return TranslationState.official
    return TranslationState.reviewed


def _code(
    node: etree._Element, where: str, data: dict[str | None, str], again: object
) -> list[Part] | None:
    tag = etree.QName(node).localname
    code_id = node.get("id") or ""
    if tag == "ph":
        return [Code(code_id, "ph", data.get(node.get("dataRef"), ""), "")]
    if tag == "sc":
        return [Code(code_id, "open", data.get(node.get("dataRef"), ""), "")]
    if tag == "ec":
        return [
            Code(node.get("startRef") or code_id, "close", data.get(node.get("dataRef"), ""), "")
        ]
    if tag == "pc":
        inner = inline_parts(node, where, again)  # type: ignore[arg-type]
        return [
            Code(code_id, "open", data.get(node.get("dataRefStart"), ""), ""),
            *inner,
            Code(code_id, "close", data.get(node.get("dataRefEnd"), ""), ""),
        ]
    return None


def _text(node: etree._Element) -> str:
    return "".join(str(piece) for piece in node.itertext())
