"""The glossary as a termbase: TBX-Basic (TBX 2, ISO 30042:2008, the version CAT tools
import), written with lxml.

One concept (<termEntry>) per glossary term; per language a <langSet> with the
term, its expansion as the full form of an abbreviation, and the definition.
A translated term that is machine-made says so in a note, so that a terminologist
knows which French terms still want checking.
"""

from __future__ import annotations

from lxml import etree

from nvptool.model.reference import TermKind
from nvptool.model.text import Text, TranslationState
from nvptool.plan import Node, Plan

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DOCTYPE = '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">'
"""The core structure TBX-Basic files name, as TBX checkers and CAT tools expect."""

TERM_TYPES = {
    TermKind.abbreviation: "abbreviation",
    TermKind.organisation: "fullForm",
    TermKind.programme: "fullForm",
    TermKind.term: "fullForm",
}
PARTS_OF_SPEECH = {TermKind.organisation: "properNoun", TermKind.programme: "properNoun"}
MACHINE_NOTE = "Machine translation, not reviewed by a person."


def write_memory(plan: Plan, lang: str, machine: bool) -> bytes:
    """The memory formats registry's entry. Every term goes in: a termbase wants the
    Dutch term even where its translation is machine-made (the note says so)."""
    source_lang = plan.config.source_language
    root = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: source_lang})
    header = etree.SubElement(root, "martifHeader")
    file_desc = etree.SubElement(header, "fileDesc")
    source_desc = etree.SubElement(file_desc, "sourceDesc")
    etree.SubElement(source_desc, "p").text = "Glossary of the plan, exported by nvptool."
    encoding = etree.SubElement(header, "encodingDesc")
    etree.SubElement(encoding, "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for node in plan.of_kind("term"):
        _entry(body, node, (source_lang, lang))
    etree.indent(root, space="  ")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", doctype=DOCTYPE))


def _entry(body: etree._Element, node: Node, languages: tuple[str, str]) -> None:
    term = node.obj
    entry = etree.SubElement(body, "termEntry", id=f"term-{node.id}")
    for lang in languages:
        word = term.term.get(lang)
        if not word:
            continue
        lang_set = etree.SubElement(entry, "langSet", {XML_LANG: lang})
        if term.definition is not None and term.definition.get(lang):
            definition = etree.SubElement(lang_set, "descrip", type="definition")
            definition.text = term.definition.get(lang)
        _tig(lang_set, word, TERM_TYPES[term.type], term.type, _machine(term.term, lang))
        expansion = term.expansion.get(lang) if term.expansion is not None else None
        if expansion and expansion != word:
            machine = _machine(term.expansion, lang)
            _tig(lang_set, expansion, "fullForm", term.type, machine)


def _tig(
    lang_set: etree._Element, word: str, term_type: str, kind: TermKind, machine: bool
) -> None:
    tig = etree.SubElement(lang_set, "tig")
    etree.SubElement(tig, "term").text = word
    etree.SubElement(tig, "termNote", type="termType").text = term_type
    part_of_speech = PARTS_OF_SPEECH.get(kind, "noun")
    etree.SubElement(tig, "termNote", type="partOfSpeech").text = part_of_speech
    if machine:
        etree.SubElement(tig, "note").text = MACHINE_NOTE


def _machine(text: Text, lang: str) -> bool:
    translation = text.translation(lang)
    return translation is not None and translation.state == TranslationState.machine
