"""The registries of translation formats; the command line's choices come from here.

Work formats carry texts to a translator and back (`i18n extract`, `i18n apply`);
memory formats hand the plan's translations and terminology to a CAT tool
(`i18n tm`). Each entry names the module that implements it, imported only when
the format is used: this module stays light, for the command line's help, and
translate-toolkit is not loaded for `nvptool check`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from nvptool.formats import Format

if TYPE_CHECKING:
    from nvptool.i18n.xmlread import Received


WORK_FORMATS: Mapping[str, Format] = {
    f.name: f
    for f in (
        Format("yaml", "yaml", "nvptool's own work file (the default)", "nvptool.i18n.work"),
        Format("xliff", "xlf", "XLIFF 1.2, read by every CAT tool", "nvptool.i18n.xliff12"),
        Format("xliff2", "xlf", "XLIFF 2.0", "nvptool.i18n.xliff20"),
    )
}

MEMORY_FORMATS: Mapping[str, Format] = {
    f.name: f
    for f in (
        Format("tmx", "tmx", "translation memory (TMX 1.4b)", "nvptool.i18n.tmx"),
        Format("tbx", "tbx", "the glossary as a termbase (TBX-Basic)", "nvptool.i18n.tbx"),
    )
}

XLIFF_READERS = {"1.": "xliff", "2.": "xliff2"}
"""A returned XLIFF file's version, and the work format that reads it."""


def looks_like_xml(raw: bytes) -> bool:
    return raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def read_xliff(raw: bytes, name: str) -> Received:
    """A returned XLIFF file of either version."""
    from nvptool.i18n.xmlread import FormatError, root_of

    tag, version = root_of(raw, name)
    if tag != "xliff":
        raise FormatError(f"{name}: not an XLIFF file: its root element is <{tag}>")
    for prefix, fmt in XLIFF_READERS.items():
        if version.startswith(prefix):
            reader: Callable[[bytes, str], Received] = WORK_FORMATS[fmt].function("read")
            return reader(raw, name)
    raise FormatError(f"{name}: XLIFF version '{version}' is not one nvptool reads (1.2, 2.0)")
