"""The reporting spreadsheet of one year, as plain tables: what `follow-up export` writes
and `follow-up import` reads back, whatever the file format.

A template has two tables. ``statuses``: one row per measure (and per objective
without measures) the owner reports on, with the measure's number and the start of
its Dutch text, its status in the year before, and the cells to fill: status,
owner, note and reason in each language, evidence links. ``values``: the values of
the indicators that follow those measures, one row per period, with an empty row for
the year itself where it has no value yet. Column names are the keys of the year's
YAML file; columns marked read-only are shown to help and ignored on the way back.
"""

from __future__ import annotations

from collections.abc import Iterable

from msgspec import Struct

from nvptool.followup.data import (
    Followed,
    file_year,
    followed,
    organisations,
    short_text,
    statuses,
    year_files,
)
from nvptool.model.followup import MeasureStatus
from nvptool.plan import Node, Plan

Cell = str | float | int | bool | None
STATUSES = "statuses"
VALUES = "values"
UNASSIGNED = "unassigned"
"""The file name part of the template of what no organisation owns yet."""
STATUS_READ_ONLY = ("number", "text", "previous")
VALUE_READ_ONLY = ("label", "unit")


def status_columns(languages: Iterable[str]) -> tuple[str, ...]:
    langs = tuple(languages)
    return (
        "year",
        "measure",
        "number",
        "text",
        "previous",
        "status",
        "owner",
        *(f"note.{lang}" for lang in langs),
        *(f"reason.{lang}" for lang in langs),
        "evidence",
    )


def value_columns(languages: Iterable[str]) -> tuple[str, ...]:
    notes = tuple(f"note.{lang}" for lang in languages)
    return ("year", "indicator", "label", "unit", "period", "value", "provisional", *notes)


class Table(Struct, frozen=True):
    sheet: str
    """statuses or values."""
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


class Template(Struct, frozen=True):
    year: int
    owner: str | None
    """The organisation it is for; None for what no organisation owns yet."""
    tables: tuple[Table, ...]

    @property
    def stem(self) -> str:
        return f"follow-up-{self.year}-{self.owner or UNASSIGNED}"


def templates(plan: Plan, scope: str, year: int, owner: str | None = None) -> tuple[Template, ...]:
    """One template per owner of the year (or only the one of owner), in owner order."""
    languages = tuple(plan.config.languages)
    items = followed(plan, scope)
    this_year = {n.obj.measure: n.obj for y, n in statuses(plan, scope) if y == year}
    before = _latest_before(plan, scope, year)
    owners = {item.id: _owner(this_year.get(item.id), before.get(item.id)) for item in items}
    known = organisations(plan)
    wanted: list[str | None] = list(
        [owner] if owner else sorted({o for o in owners.values() if o and o in known})
    )
    if owner is None and any(o is None or o not in known for o in owners.values()):
        wanted.append(None)
    indicators = [n for n in plan.of_kind("indicator") if n.scope == scope]
    found = []
    for who in wanted:
        mine = {i.id for i in items if _belongs(owners[i.id], who, known)}
        rows = tuple(_status_row(plan, year, i, this_year, before) for i in items if i.id in mine)
        shown = [
            n
            for n in indicators
            if mine.intersection(n.obj.follows)
            or (who is None and not any(_owned(owners.get(f), known) for f in n.obj.follows))
        ]
        tables = (
            Table(STATUSES, status_columns(languages), rows),
            Table(VALUES, value_columns(languages), _value_rows(plan, scope, year, shown)),
        )
        found.append(Template(year, who, tables))
    return tuple(found)


def _owned(owner: str | None, known: dict[str, Node]) -> bool:
    return owner is not None and owner in known


def _belongs(owner: str | None, who: str | None, known: dict[str, Node]) -> bool:
    if who is None:
        return owner is None or owner not in known
    return owner == who


def _owner(now: MeasureStatus | None, before: MeasureStatus | None) -> str | None:
    if now is not None and now.owner:
        return now.owner
    return before.owner if before is not None else None


def _latest_before(plan: Plan, scope: str, year: int) -> dict[str, MeasureStatus]:
    latest: dict[str, MeasureStatus] = {}
    for status_year, node in statuses(plan, scope):
        if status_year < year:
            latest[node.obj.measure] = node.obj  # Year order: the later one wins.
    return latest


def _text(text: object, lang: str) -> str | None:
    get = getattr(text, "get", None)
    return get(lang) if callable(get) else None


def _status_row(
    plan: Plan,
    year: int,
    item: Followed,
    this_year: dict[str, MeasureStatus],
    before: dict[str, MeasureStatus],
) -> tuple[Cell, ...]:
    now = this_year.get(item.id)
    previous = before.get(item.id)
    languages = plan.config.languages
    return (
        year,
        item.id,
        item.number,
        short_text(plan, item.node),
        previous.status.value if previous else None,
        now.status.value if now else None,
        _owner(now, previous),
        *(_text(now.note, lang) if now else None for lang in languages),
        *(_text(now.reason, lang) if now else None for lang in languages),
        "\n".join(now.evidence) if now and now.evidence else None,
    )


def _value_rows(
    plan: Plan, scope: str, year: int, indicators: list[Node]
) -> tuple[tuple[Cell, ...], ...]:
    source = plan.config.source_language
    languages = plan.config.languages
    measured: dict[str, list[Node]] = {}
    for file in year_files(plan, scope):
        if file_year(file) == year:
            for node in plan.in_file(file):
                if node.kind == "indicator-value":
                    measured.setdefault(node.obj.indicator, []).append(node)
    rows: list[tuple[Cell, ...]] = []
    for indicator in indicators:
        label = _text(indicator.obj.label, source)
        unit = _text(indicator.obj.unit, source)
        values = measured.get(indicator.id, [])
        if not any(v.obj.period == str(year) for v in values):
            rows.append((year, indicator.id, label, unit, str(year), None, None))
            rows[-1] += (None,) * len(languages)
        for value in values:
            v = value.obj
            notes = tuple(_text(v.note, lang) if v.note else None for lang in languages)
            rows.append((year, indicator.id, label, unit, v.period, v.value, v.provisional, *notes))
    return tuple(rows)
