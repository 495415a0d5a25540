"""A returned reporting spreadsheet, read as the new data of a year's file.

Every cell is checked before anything is written: the year of each row, the ids of
measures, organisations and indicators (with a "did you mean"), statuses, numbers,
yes/no cells, periods and evidence links. Each refusal names the file (and sheet),
the row and the column. An empty cell leaves what the file holds; the read-only
columns are not read.
"""

from __future__ import annotations

import copy
import datetime
import math
import re
from collections.abc import Callable, Mapping
from typing import Any

from msgspec import Struct, field

from nvptool.followup.data import followed, organisations
from nvptool.followup.formats import ReadRow, ReadTable, column_letter
from nvptool.followup.sheets import STATUSES, VALUES, status_columns, value_columns
from nvptool.load.schema_errors import did_you_mean
from nvptool.model.followup import PERIOD_PATTERN, Reporting, Status
from nvptool.model.text import fingerprint
from nvptool.plan import Plan
from nvptool.urls import is_https_address

YES = frozenset({"true", "yes", "ja", "oui", "1", "waar", "vrai"})
NO = frozenset({"false", "no", "nee", "non", "0", "onwaar", "faux"})
NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
AMBIGUOUS = re.compile(r"^[+-]?[1-9]\d{0,2}[.,]\d{3}$")
"""1.000 is a thousand to a Belgian reader and one to a spreadsheet in English: refused."""


class Refusal(Struct, frozen=True):
    where: str
    row: int
    column: str
    """The column's letter and name, e.g. F (status); empty for the whole row."""
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        cell = f", column {self.column}" if self.column else ""
        hint = f"; {self.hint}" if self.hint else ""
        return f"{self.where}: row {self.row}{cell}: {self.message}{hint}"


class Report(Struct):
    """What a spreadsheet reports: per measure and per (indicator, period) the cells given."""

    statuses: dict[str, dict[str, Any]] = field(default_factory=dict)
    values: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    refused: list[Refusal] = field(default_factory=list)
    rows: dict[str, _Row] = field(default_factory=dict)
    """The row each measure was read from."""
    value_rows: dict[tuple[str, str], _Row] = field(default_factory=dict)
    """The row each (indicator, period) was read from."""
    status_words: dict[str, str] = field(default_factory=dict)
    """Statuses in the plan's languages' words (read_report)."""


class _Row(Struct, frozen=True):
    table: ReadTable
    row: ReadRow

    def cell(self, name: str) -> object:
        index = self.table.header.index(name) if name in self.table.header else -1
        value = self.row.cells[index] if 0 <= index < len(self.row.cells) else None
        if isinstance(value, str):
            value = value.strip()
        return None if value == "" else value

    def place(self) -> str:
        """Where the row stands, as a writer finds it: the sheet and the row's number."""
        return f"{self.table.where}: row {self.row.number}"

    def refuse(self, report: Report, name: str, message: str, hint: str | None = None) -> None:
        column = ""
        if name in self.table.header:
            column = f"{column_letter(self.table.header.index(name))} ({name})"
        report.refused.append(Refusal(self.table.where, self.row.number, column, message, hint))


def _refuse_unnamed_cells(table: ReadTable, report: Report) -> None:
    """A value in a column without a name, or beyond the header, would be lost unread."""
    named = {index for index, name in enumerate(table.header) if name}
    for row in table.rows:
        for index, value in enumerate(row.cells):
            if index in named or value is None or not str(value).strip():
                continue
            beyond = index >= len(table.header)
            report.refused.append(
                Refusal(
                    table.where,
                    row.number,
                    column_letter(index),
                    "a value beyond the last column of the header"
                    if beyond
                    else "a value in a column whose header is empty",
                    "remove it, or move it into the column it belongs to",
                )
            )


def read_report(
    plan: Plan,
    scope: str,
    year: int,
    tables: tuple[ReadTable, ...],
    status_words: Mapping[str, str] | None = None,
) -> Report:
    """status_words: a status as the plan's languages write it (casefolded), by its key:
    "uitgevoerd" and "réalisée" are done, as the site and the reports say them."""
    report = Report(status_words=dict(status_words or {}))
    languages = tuple(plan.config.languages)
    for table in tables:
        if "measure" in table.header:
            _check_header(table, status_columns(languages), report)
            _statuses(plan, scope, year, table, report)
        elif "indicator" in table.header:
            _check_header(table, value_columns(languages), report)
            _values(plan, scope, year, table, report)
        else:
            report.refused.append(_not_a_reporting_table(table))
    return report


def _not_a_reporting_table(table: ReadTable) -> Refusal:
    """A table of neither statuses nor values: in a workbook, a sheet of the writer's own
    (notes, a summary), which the template does not have."""
    message = "the header has neither a column 'measure' nor 'indicator'"
    if table.sheet is None or table.sheet in TEMPLATE_SHEETS:
        hint = (
            "the first row is the header the template wrote (year, measure, status …): "
            "remove any row above it, or use a table written by 'nvptool follow-up export'"
        )
        return Refusal(table.where, 1, "", message, hint)
    hint = (
        f"the sheet '{table.sheet}' is none of the template's (statuses, values): remove it "
        "from the workbook, or copy what it reports into the template's sheets"
    )
    return Refusal(table.where, 1, "", message, hint)


TEMPLATE_SHEETS = frozenset({STATUSES, VALUES})
"""The sheets of the workbooks `follow-up export` writes."""


def _check_header(table: ReadTable, known: tuple[str, ...], report: Report) -> None:
    _refuse_unnamed_cells(table, report)
    seen = set()
    for index, name in enumerate(table.header):
        column = f"{column_letter(index)} ({name})"
        if name in seen:
            report.refused.append(Refusal(table.where, 1, column, "the column comes twice"))
        seen.add(name)
        if name and name not in known:
            guess = did_you_mean(name, list(known))
            hint = f"did you mean '{guess}'?" if guess else "columns: " + ", ".join(known)
            report.refused.append(Refusal(table.where, 1, column, "no such column", hint))


def _year(row: _Row, year: int, report: Report) -> bool:
    given = row.cell("year")
    number = _integer(given)
    if given is None:
        return True  # The import's year.
    if number is None:
        row.refuse(report, "year", f"'{given}' is not a year", f"write {year}")
        return False
    if number != year:
        row.refuse(
            report,
            "year",
            f"the row reports on {number}, and this import is for {year}",
            f"import it with --year {number}, or write {year}",
        )
        return False
    return True


def _statuses(plan: Plan, scope: str, year: int, table: ReadTable, report: Report) -> None:
    ids = dict.fromkeys(item.id for item in followed(plan, scope))
    owners = organisations(plan)
    for read in table.rows:
        row = _Row(table, read)
        if not _year(row, year, report):
            continue
        measure = _known_id(row, report, "measure", ids, "measure or objective")
        if measure is None:
            continue
        if measure in report.statuses:
            row.refuse(report, "measure", f"'{measure}' has a row already; keep one")
            continue
        cells = _status_cells(plan, row, report, owners)
        if cells is not None:
            report.statuses[measure] = cells
            report.rows[measure] = row


def _known_id(
    row: _Row, report: Report, column: str, ids: dict[str, None], named: str
) -> str | None:
    """The id in the row's column when the plan knows it (ids: in order, looked up at
    once); else the row is refused, with the nearest id."""
    value = row.cell(column)
    if value is None:
        row.refuse(report, column, f"the row has no {column} id")
        return None
    word = str(value)
    if word not in ids:
        guess = did_you_mean(word, list(ids))
        hint = f"did you mean '{guess}'?" if guess else "copy the id from the template"
        row.refuse(report, column, f"no {named} has the id '{word}'", hint)
        return None
    return word


def _status_cells(
    plan: Plan, row: _Row, report: Report, owners: dict[str, Any]
) -> dict[str, Any] | None:
    cells: dict[str, Any] = {}
    ok = True
    status = row.cell("status")
    if status is not None:
        word = str(status).strip().casefold()
        names = [s.value for s in Status]
        key = word if word in names else report.status_words.get(word)
        if key is None:
            guess = did_you_mean(word, [*names, *report.status_words], cutoff=50)
            hint = f"did you mean '{guess}'?" if guess else "statuses: " + ", ".join(names)
            row.refuse(report, "status", f"'{status}' is no status", hint)
            ok = False
        cells["status"] = key or word
    owner = row.cell("owner")
    if owner is not None:
        if str(owner) not in owners:
            guess = did_you_mean(str(owner), sorted(owners))
            hint = (
                f"did you mean '{guess}'?"
                if guess
                else "give the id of an organisation of the glossary (reference/glossary.yaml)"
            )
            row.refuse(report, "owner", f"no glossary organisation has the id '{owner}'", hint)
            ok = False
        cells["owner"] = str(owner)
    for name in ("note", "reason"):
        for lang in plan.config.languages:
            read, value = _words(row, report, f"{name}.{lang}")
            ok = ok and read
            if value is not None:
                cells[f"{name}.{lang}"] = value
    read, evidence = _words(row, report, "evidence")
    ok = ok and read
    if evidence is not None:
        links = evidence.split()
        for link in links:
            if not is_https_address(link):
                row.refuse(report, "evidence", f"'{link}' is not an https address")
                ok = False
        cells["evidence"] = links
    return cells if ok else None


def _values(plan: Plan, scope: str, year: int, table: ReadTable, report: Report) -> None:
    ids = dict.fromkeys(sorted(n.id for n in plan.of_kind("indicator") if n.scope == scope))
    for read in table.rows:
        row = _Row(table, read)
        if not _year(row, year, report):
            continue
        indicator = _known_id(row, report, "indicator", ids, "indicator")
        if indicator is None:
            continue
        period = _period(row, year, report)
        if period is None:
            continue
        key = (indicator, period)
        if key in report.values:
            row.refuse(report, "period", f"'{indicator}' has a row for {period} already")
            continue
        cells = _value_cells(plan, row, report)
        if cells is not None:
            report.values[key] = cells
            report.value_rows[key] = row


def _period(row: _Row, year: int, report: Report) -> str | None:
    given = row.cell("period")
    period = str(_integer(given) if _integer(given) is not None else given or year)
    if not re.fullmatch(PERIOD_PATTERN, period):
        row.refuse(
            report,
            "period",
            f"'{period}' is not a period",
            f"write {year}, or a quarter, half or month: {year}-Q1, {year}-S1, {year}-06",
        )
        return None
    if int(period[:4]) != year:
        row.refuse(report, "period", f"{period} is not in {year}, the year of this import")
        return None
    return period


def _value_cells(plan: Plan, row: _Row, report: Report) -> dict[str, Any] | None:
    cells: dict[str, Any] = {}
    ok = True
    value = row.cell("value")
    if value is not None:
        number = _number(value)
        if isinstance(value, str) and AMBIGUOUS.fullmatch(value.strip()):
            row.refuse(
                report,
                "value",
                f"'{value}' can be read as a thousands separator or as a decimal one",
                f"write {value.strip().replace('.', '').replace(',', '')} for the whole number, "
                "or a decimal with one or two digits after the comma, e.g. 1,5",
            )
            ok = False
        elif number is None:
            if _numeral(value):
                row.refuse(report, "value", f"'{_short(value)}' is too large a number")
            else:
                hint = "write digits, e.g. 42,5"
                row.refuse(report, "value", f"'{_short(value)}' is not a number", hint)
            ok = False
        cells["value"] = number
    provisional = row.cell("provisional")
    if provisional is not None:
        flag = _flag(provisional)
        if flag is None:
            row.refuse(
                report, "provisional", f"'{provisional}' is not yes or no", "write true or false"
            )
            ok = False
        cells["provisional"] = flag
    for lang in plan.config.languages:
        read, note = _words(row, report, f"note.{lang}")
        ok = ok and read
        if note is not None:
            cells[f"note.{lang}"] = note
    return cells if ok else None


TYPED = {
    bool: "true or false",
    datetime.datetime: "a date",
    datetime.date: "a date",
    datetime.time: "a time",
    datetime.timedelta: "a duration",
}
"""What a spreadsheet may make of words typed in a cell ("1/5/2023", "WAAR"), by type."""


def _words(row: _Row, report: Report, column: str) -> tuple[bool, str | None]:
    """A text cell's words, and whether they can be taken: a cell the spreadsheet read as a
    date or as true/false would be written as Python's words for it ("2023-05-01 00:00:00")."""
    value = row.cell(column)
    typed = next((words for kind, words in TYPED.items() if isinstance(value, kind)), None)
    if typed is not None:
        row.refuse(
            report,
            column,
            f"the spreadsheet read this text as {typed} ({value})",
            "format the cell as text, or start it with an apostrophe ('), and type it again",
        )
        return False, None
    if isinstance(value, float) and value.is_integer():
        return True, str(int(value))  # 42, not 42.0: a number typed as the words of a note.
    if value is None:
        return True, None
    # A line break pasted from Windows (CR LF) is a line break, not a hidden character.
    return True, str(value).replace("\r\n", "\n").replace("\r", "\n")


def _short(value: object, length: int = 24) -> str:
    """A value as a refusal repeats it: its start, when it is long."""
    text = str(value)
    return text if len(text) <= length else text[:length] + "…"


def _numeral(value: object) -> bool:
    """Digits (or a number), whatever their size."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return True
    return _digits(value) is not None


def _digits(value: object) -> str | None:
    """A cell's text as a number written with digits (spaces between groups left out),
    or None when it is no such number."""
    text = str(value).replace("\u00a0", "").replace(" ", "")
    return text if NUMBER.fullmatch(text) else None


def _integer(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.isdigit() and len(value) <= 6:
        return int(value)
    return None


def _number(value: object) -> float | None:
    """The number in a cell; None for words, and for a number too large to be one (inf)."""
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, (int, float)):
            number = float(value)
        else:
            text = _digits(value)
            if text is None:
                return None
            number = float(text.replace(",", "."))
    except OverflowError:  # An integer beyond any float.
        return None
    return number if math.isfinite(number) else None


def _flag(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if isinstance(value, (int, float)):
        word = str(int(value)) if float(value).is_integer() else word
    return True if word in YES else (False if word in NO else None)


def refuse_unstated(data: dict[str, Any], report: Report, inherited: dict[str, str]) -> None:
    """A note, owner or link for a measure the year has no status of, and the row none;
    a measure dropped without a reason, in the row or in the file (rule FU06), told at
    its row rather than by the check of the plan it would give.

    The owner the template shows from an earlier year is not something the row gives."""
    entries = {e.get("measure"): e for e in data.get("statuses") or () if isinstance(e, dict)}
    for measure, given in report.statuses.items():
        reason = any(k.startswith("reason.") for k in given) or entries.get(measure, {}).get(
            "reason"
        )
        if given.get("status") == "dropped" and not reason:
            report.rows[measure].refuse(
                report,
                "status",
                f"'{measure}' is dropped without a reason",
                "say why in the reason column of the row (reason.<language>)",
            )
    reported = set(entries)
    for measure, given in report.statuses.items():
        cells = {k: v for k, v in given.items() if k != "owner" or v != inherited.get(measure)}
        if cells and "status" not in cells and measure not in reported:
            report.rows[measure].refuse(
                report,
                "status",
                f"the row gives {', '.join(sorted(cells))} but no status for '{measure}'",
                "fill in the status: planned, in-progress, done, delayed or dropped",
            )


def apply_report(
    data: dict[str, Any], report: Report, source: str, inherited: dict[str, str] | None = None
) -> dict[str, Any]:
    """The year file's data with the report's cells in it (a new value; data is kept).

    inherited: the owner each measure had in an earlier year, which the template shows
    where the year names none; it is written only with a new status, or when changed."""
    new = copy.deepcopy(data)
    if report.statuses:
        _apply_statuses(new.setdefault("statuses", []), report, source, inherited or {})
    if report.values:
        _apply_values(new.setdefault("values", []), report, source)
    for name in ("statuses", "values"):
        if name in new and not new[name] and name not in data:
            del new[name]  # Nothing to add: no empty list appears.
    reported = new != data
    if reported and new.get("reporting") == Reporting.not_started.value:
        new["reporting"] = Reporting.open.value  # Reports are coming in.
    return new


ROW_KEYS = frozenset({"year", "measure", "indicator", "period"})
"""The columns that say which entry a row is, not a value of it (an empty period is the
year's)."""


def kept_values(data: dict[str, Any], report: Report) -> list[str]:
    """The cells a sheet leaves empty where the year file holds a value: an empty cell
    changes nothing, so a value cleared in the sheet stays in the file. Each as its place
    in the sheet ("…, sheet statuses: row 2, column H (note.nl)")."""
    found: list[str] = []
    sides: tuple[tuple[str, Callable[[dict[str, Any]], Any], Mapping[Any, _Row]], ...] = (
        ("statuses", lambda e: e.get("measure"), report.rows),
        ("values", lambda e: (e.get("indicator"), str(e.get("period"))), report.value_rows),
    )
    for name, key, rows in sides:
        for entry in data.get(name) or ():
            row = rows.get(key(entry)) if isinstance(entry, dict) else None
            if row is None:
                continue
            for column in row.table.header:
                field_name, _, lang = column.partition(".")
                if field_name not in entry or field_name in ROW_KEYS:
                    continue
                held = entry[field_name]
                if lang:
                    held = held.get(lang) if isinstance(held, dict) else None
                if held not in (None, "", [], False) and row.cell(column) is None:
                    letter = column_letter(row.table.header.index(column))
                    place = f"row {row.row.number}, column {letter} ({column})"
                    found.append(f"{row.table.where}: {place}")
    return found


def _apply_statuses(
    entries: list[Any], report: Report, source: str, inherited: dict[str, str]
) -> None:
    index = {e.get("measure"): e for e in entries if isinstance(e, dict)}
    for measure, given in report.statuses.items():
        entry = index.get(measure)
        cells = dict(given)
        if (
            entry is not None
            and "owner" not in entry
            and cells.get("owner") == inherited.get(measure)
        ):
            cells.pop("owner", None)  # Shown from an earlier year, not changed.
        if entry is None:
            if "status" not in cells:
                continue  # Nothing reported (refuse_unstated refused any other cell).
            entry = {"measure": measure}
            entries.append(entry)
        _merge(entry, cells, source, ("status", "owner", "note", "reason", "evidence"))


def _apply_values(entries: list[Any], report: Report, source: str) -> None:
    index = {(e.get("indicator"), str(e.get("period"))): e for e in entries if isinstance(e, dict)}
    for (indicator, period), cells in report.values.items():
        entry = index.get((indicator, period))
        if entry is None:
            if cells.get("value") is None:
                continue  # An empty row of the template: nothing measured yet.
            entry = {"indicator": indicator, "period": period}
            entries.append(entry)
        _merge(entry, cells, source, ("value", "provisional", "note"))


def _merge(
    entry: dict[str, Any], cells: dict[str, Any], source: str, order: tuple[str, ...]
) -> None:
    for name in order:
        if name in ("note", "reason"):
            given = {k.split(".", 1)[1]: v for k, v in cells.items() if k.startswith(name + ".")}
            if given:
                entry[name] = _text(entry.get(name), given, source)
        elif name in cells and cells[name] is not None:
            if name == "provisional" and name not in entry and cells[name] is False:
                continue  # The default, shown in the template, not written.
            entry[name] = cells[name]


def _text(current: Any, given: dict[str, str], source: str) -> dict[str, Any]:
    """A text with the languages given: the source as it is, a translation as reviewed by
    the person who wrote it, with the fingerprint of the source it translates."""
    text = dict(current) if isinstance(current, dict) else {}
    if source in given:
        text[source] = given[source]
    for lang, words in given.items():
        if lang == source:
            continue
        old = text.get(lang)
        old_words = old.get("text") if isinstance(old, dict) else old
        if old_words == words:
            continue
        translation: dict[str, Any] = {"text": words, "state": "reviewed"}
        if isinstance(text.get(source), str):
            translation["source"] = fingerprint(text[source])
        text[lang] = translation
    return text
