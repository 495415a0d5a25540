"""Reading the follow-up of a loaded plan: its year files, what is followed, who reports.

Plain functions of a ``Plan``: the rules, the spreadsheets, the diff and the pages read
the follow-up through them, so that "which measures does a year report on" and "what
number does a reader see" are decided once.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import PurePosixPath

from msgspec import Struct

from nvptool.measures import measure_number
from nvptool.model.followup import FollowUp, Status
from nvptool.model.reference import TermKind
from nvptool.plan import REFERENCE, Node, Plan, SourceFile

FOLLOW_UP_DIR = "follow-up"
"""The directory of a cycle that holds its indicators and its reporting years."""
INDICATORS_FILE = "indicators.yaml"
EMPTY_YEAR = """\
# yaml-language-server: $schema=../../../../schema/follow-up.schema.json
# The follow-up of {cycle} for {year}: each measure's status at the end of the year and
# the indicator values measured in it. reporting says how far it has come: not-started
# (nothing reported), open (reports coming in) or closed (final).
kind: follow-up
year: {year}
reporting: not-started
"""
"""A reporting year's file before anything is reported (as the plan's own)."""
TODAY = "NVPTOOL_TODAY"
"""An ISO date that stands for today (tests, or a check "as of" a date); else the clock."""
FINAL = frozenset({Status.done, Status.dropped})
"""Statuses after which a measure needs no further yearly report."""
SHORT = 90
"""How many characters of a measure's Dutch text a spreadsheet or label shows."""


def today() -> date:
    """Today's date, or the date NVPTOOL_TODAY names."""
    given = os.environ.get(TODAY)
    if given:
        try:
            return date.fromisoformat(given.strip())
        except ValueError:
            pass  # A malformed date is the clock's: a check never fails on its environment.
    return date.today()


def year_ended(year: int, on: date | None = None) -> bool:
    """Whether the whole of a calendar year lies before today."""
    return year < (on or today()).year


class Followed(Struct, frozen=True):
    """Something a year reports on: a measure, or an objective that lists none."""

    node: Node
    number: str
    """The number a reader sees: 2.2.2.1.3 for a measure, 2.2.2.1 for an objective."""

    @property
    def id(self) -> str:
        return self.node.id


def cycle_node(plan: Plan, scope: str) -> Node | None:
    return next((n for n in plan.of_kind("cycle") if n.scope == scope), None)


def year_files(plan: Plan, scope: str | None = None) -> tuple[SourceFile, ...]:
    """The reporting years of a cycle (or of every cycle), by year, then by path."""
    found = [
        file
        for file in plan.files
        if file.kind == "follow-up" and (scope is None or file.scope == scope)
    ]
    return tuple(sorted(found, key=lambda f: (f.scope, file_year(f), f.path)))


def file_year(file: SourceFile) -> int:
    return year_model(file).year


def year_model(file: SourceFile) -> FollowUp:
    """The model of a reporting year's file."""
    assert isinstance(file.model, FollowUp), file.path
    return file.model


def followed(plan: Plan, scope: str) -> tuple[Followed, ...]:
    """The measures of a cycle and its objectives without measures, in plan order."""
    found = []
    for node in plan.of_kind("measure", "objective"):
        if node.scope != scope:
            continue
        if node.kind == "objective" and node.obj.measures:
            continue  # Its measures are followed one by one.
        found.append(Followed(node, number_of(plan, node)))
    return tuple(sorted(found, key=lambda item: _numeric(item.number)))


def _numeric(number: str) -> tuple[int, ...]:
    """2.2.10 after 2.2.9: a number's parts as numbers (in the order a reader counts)."""
    return tuple(int(part) if part.isdigit() else 0 for part in number.split("."))


def number_of(plan: Plan, node: Node) -> str:
    """The number a reader sees for a measure or an objective."""
    if node.kind == "measure":
        return measure_number(plan, node)
    if node.kind == "objective":
        owner = plan.index.get(node.parent_key or "")
        prefix = f"{owner.obj.number}." if owner is not None else ""
        return f"{prefix}{node.obj.number}"
    number = getattr(node.obj, "number", None)
    return "" if number is None else str(number)


def short_text(plan: Plan, node: Node, lang: str | None = None, length: int = SHORT) -> str:
    """The first words of a measure (or an objective's title), on one line."""
    language = lang or plan.config.source_language
    text = node.obj.text if node.kind == "measure" else getattr(node.obj, "title", None)
    words = "" if text is None else (text.get(language) or text.get(plan.config.source_language))
    line = " ".join(re.sub(r"[*_`\[\]]", "", words or "").split())
    return line if len(line) <= length else line[: length - 1].rstrip() + "…"


def organisations(plan: Plan) -> dict[str, Node]:
    """The glossary's organisations by id: who may own a measure's report."""
    return {
        n.id: n
        for n in plan.of_kind("term")
        if n.scope == REFERENCE and n.obj.type == TermKind.organisation
    }


def statuses(plan: Plan, scope: str) -> Iterator[tuple[int, Node]]:
    """Every measure status of a cycle with its year, in year order."""
    for file in year_files(plan, scope):
        year = file_year(file)
        for node in plan.in_file(file):
            if node.kind == "measure-status":
                yield year, node


def expected_year_name(year: int) -> str:
    return f"{year}.yaml"


def is_follow_up_path(path: str) -> bool:
    """Whether a plan-relative path lies in a cycle's follow-up directory."""
    parts = PurePosixPath(path).parts
    return len(parts) >= 4 and parts[0] == "cycles" and parts[2] == FOLLOW_UP_DIR
