"""Reading returned XML files safely: no entities, no network, errors with their line."""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree
from msgspec import Struct

from nvptool.i18n.inline import Part
from nvptool.i18n.units import Returned

CodeReader = Callable[[etree._Element, str], list[Part] | None]


class FormatError(Exception):
    """A file that cannot be read as it claims to be; the message says where."""


class Received(Struct, frozen=True):
    """A returned file: its languages and its units."""

    source_lang: str
    target_lang: str
    units: list[Returned]


def parse(raw: bytes, name: str) -> etree._Element:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as error:
        line, column = error.position
        raise FormatError(f"{name}:{line}:{column}: not well-formed XML: {error.msg}") from None
    if getattr(root.getroottree().docinfo, "doctype", ""):
        # Its entities would be read as nothing (none is resolved): a translator's words lost.
        raise FormatError(
            f"{name}: the file declares a document type (<!DOCTYPE …>), which XLIFF and "
            "nvptool's files have none of; remove the declaration and any &name; it defines"
        )
    return root


def root_of(raw: bytes, name: str) -> tuple[str, str]:
    """The root element's local name and its version attribute."""
    root = parse(raw, name)
    return etree.QName(root).localname, root.get("version") or ""


MARKERS = {"mrk"}
"""Annotations a CAT tool may add around words (terms, comments): their text counts."""
IGNORED = {"sm", "em"}
"""Standalone annotation markers of XLIFF 2: they hold no text."""


def inline_parts(element: etree._Element | None, where: str, code: CodeReader) -> tuple[Part, ...]:
    """Text and codes of a <source> or <target>, in order."""
    if element is None:
        return ()
    parts: list[Part] = []
    if element.text:
        parts.append(element.text)
    for child in element:
        if isinstance(child.tag, str):
            found = code(child, where)
            local = etree.QName(child).localname
            if found is not None:
                parts.extend(found)
            elif local in MARKERS:
                parts.extend(inline_parts(child, where, code))
            elif local not in IGNORED:
                raise FormatError(
                    f"{where}: inline element <{local}> (line {child.sourceline}) is not one "
                    "nvptool writes; keep the tags of the source as they are"
                )
        if child.tail:
            parts.append(child.tail)
    return tuple(parts)
