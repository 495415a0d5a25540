"""The values every step of the pipeline passes on: locations and findings."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import TYPE_CHECKING

from msgspec import Struct

if TYPE_CHECKING:
    from nvptool.load.yamlsource import Place

# This module is read before the plan model: reading a plan's files must not wait
# for pydantic (see nvptool.load.readahead), so it imports nothing of nvptool.


class Severity(StrEnum):
    error = "error"
    warning = "warning"


INVISIBLE = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff\ufdd0-\ufdef\ufffe\uffff"
)
"""The characters (a regex class body) that YAML escapes can put in a text but nobody sees:
control characters other than tab and line break; the zero-width space and the direction
marks (not the joiners, which join letters and emoji, and which the Markdown diff sets
to break a mention); the line and paragraph separators, which break a line where no
line break shows; the bidirectional overrides of "Trojan source"; and the noncharacters
that XML cannot hold. Rule TX04
refuses them; reports and diffs show them as escapes."""


def escape_invisible(found: re.Match[str]) -> str:
    """A found character written as its Python escape: \\x1b, \\u202e, \\n."""
    return repr(found.group())[1:-1]


# A finding is shown on one line: line breaks and tabs are escaped too, with what
# a plan's text may hide (terminal escapes, bidirectional overrides).
HIDDEN = re.compile(f"[{INVISIBLE}]")
"""One of the characters nobody sees (INVISIBLE)."""
_UNPRINTABLE = re.compile(f"[\t\n{INVISIBLE}]")


def printable(text: str) -> str:
    """The text on one line, each control character written as its escape (\\x1b, \\n)."""
    return _UNPRINTABLE.sub(escape_invisible, text)


class Location(Struct, frozen=True, order=True):
    """A place in a plan file: 1-based line and column."""

    file: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


def located(where: Location | Place) -> Location:
    """The location of a place, found now if it was not yet (yamlsource.Place)."""
    return where if isinstance(where, Location) else where.locate()


class Problem(Struct, frozen=True):
    """What a loader step or a rule reports, before the engine adds code and severity.

    A rule's problem may give a Place rather than a Location: it is located only if it
    is reported, for a problem that a waiver suppresses is never shown.
    """

    message: str
    location: Location | Place
    hint: str | None = None
    object_id: str | None = None
    related: tuple[Location | Place, ...] = ()


class Finding(Struct, frozen=True):
    """A problem with its rule code, rule name and severity attached."""

    code: str
    name: str
    severity: Severity
    message: str
    location: Location
    hint: str | None = None
    object_id: str | None = None
    related: tuple[Location, ...] = ()

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        return (loc.file, loc.line, loc.column, self.code, self.message)
