"""The values every step of the pipeline passes on: locations and findings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nvptool.config import Severity
from nvptool.model.text import INVISIBLE, escape_invisible

# A finding is shown on one line: line breaks and tabs are escaped too, with what
# a plan's text may hide (terminal escapes, bidirectional overrides).
_UNPRINTABLE = re.compile(f"[\t\n{INVISIBLE}]")


def printable(text: str) -> str:
    """The text on one line, each control character written as its escape (\\x1b, \\n)."""
    return _UNPRINTABLE.sub(escape_invisible, text)


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in a plan file: 1-based line and column."""

    file: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Problem:
    """What a loader step or a rule reports, before the engine adds code and severity."""

    message: str
    location: Location
    hint: str | None = None
    object_id: str | None = None
    related: tuple[Location, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem with its rule code, rule name and severity attached."""

    code: str
    name: str
    severity: Severity
    message: str
    location: Location
    hint: str | None = None
    object_id: str | None = None
    related: tuple[Location, ...] = field(default=())

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        return (loc.file, loc.line, loc.column, self.code, self.message)
