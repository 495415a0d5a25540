"""Translation memory as TMX 1.4b, written with translate-toolkit.

Every reviewed and official pair, and on request the machine-made ones, each
marked with its state so that a CAT tool (or the person running it) can rank
them. The segments carry the same inline codes as the XLIFF files, so that a
memory match comes with its tags. Stale pairs are left out: their Dutch is no
longer the one they translate.
"""

from __future__ import annotations

import io

from lxml import etree
from translate.storage.tmx import tmxfile, tmxunit

from nvptool.i18n.inline import Parts, align, lex
from nvptool.i18n.units import unit_id
from nvptool.model.text import Availability
from nvptool.plan import Plan
from nvptool.texts import text_refs

TAGS = {"ph": "ph", "open": "bpt", "close": "ept"}
MACHINE_NOTE = "Machine translation, not reviewed by a person."


def write_memory(plan: Plan, lang: str, machine: bool) -> bytes:
    """The memory formats registry's entry."""
    source_lang = plan.config.source_language
    wanted = {Availability.reviewed, Availability.official}
    if machine:
        wanted.add(Availability.machine)
    store = tmxfile(sourcelanguage=source_lang, targetlanguage=lang)
    _header(store, source_lang)
    for ref in text_refs(plan):
        state = ref.state(lang, source_lang)
        dutch = ref.text.get(source_lang)
        translation = ref.text.translation(lang)
        if state not in wanted or dutch is None or translation is None:
            continue
        unit: tmxunit = store.addsourceunit(dutch, source_lang)
        unit.settarget(translation.text, lang, append=True)
        unit.xmlelement.set("tuid", unit_id(ref))
        if state == Availability.machine:
            unit.addnote(MACHINE_NOTE)
        _prop(unit, "x-state", state.value)
        source = lex(dutch)
        _fill_segments(unit, {source_lang: source, lang: align(source, translation.text)})
    out = io.BytesIO()
    store.serialize(out)
    return out.getvalue()


def _header(store: tmxfile, source_lang: str) -> None:
    header = store.document.getroot().find("header")
    assert header is not None  # translate-toolkit's skeleton has one.
    header.attrib.update(
        {
            "creationtool": "nvptool",
            "creationtoolversion": "1",
            "segtype": "paragraph",
            "o-tmf": "nvptool plan YAML",
            "adminlang": "en",
            "srclang": source_lang,
            "datatype": "plaintext",
        }
    )


def _prop(unit: tmxunit, kind: str, value: str) -> None:
    prop = etree.Element("prop", type=kind)
    prop.text = value
    first_tuv = unit.xmlelement.find("tuv")
    assert first_tuv is not None  # The source's, just added.
    first_tuv.addprevious(prop)


def _fill_segments(unit: tmxunit, by_lang: dict[str, Parts]) -> None:
    """Rewrite each <seg> with the text's inline codes as TMX tags."""
    for tuv in unit.xmlelement.iter("tuv"):
        lang = tuv.get("{http://www.w3.org/XML/1998/namespace}lang")
        seg = tuv.find("seg")
        if lang not in by_lang or seg is None:
            continue
        seg.text = None
        last = None
        for part in by_lang[lang]:
            if isinstance(part, str):
                if last is None:
                    seg.text = (seg.text or "") + part
                else:
                    last.tail = (last.tail or "") + part
                continue
            node = etree.SubElement(seg, TAGS[part.role])
            if part.role == "ph":
                node.set("x", part.id)
            else:
                node.set("i", part.id)
            node.text = part.native
            last = node
