"""Reporting templates as CSV: two UTF-8 tables per owner (statuses and values).

A text that a spreadsheet would run as a formula gets a leading apostrophe, as in
`nvptool export`; reading back removes it again. Files start with a byte-order mark
so that Excel reads them as UTF-8; a file saved without one reads as well.
"""

from __future__ import annotations

import csv
import io

from nvptool.export import FORMULA_STARTS
from nvptool.followup.formats import ReadRow, ReadTable, SheetError
from nvptool.followup.sheets import Cell, Template


def write(template: Template) -> dict[str, bytes]:
    files = {}
    for table in template.tables:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(table.header)
        for row in table.rows:
            writer.writerow([_cell(value) for value in row])
        files[f"{template.stem}-{table.sheet}.csv"] = out.getvalue().encode("utf-8-sig")
    return files


def _cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_STARTS):
        try:
            float(text)
        except ValueError:
            return "'" + text
    return text


def uninert(text: str) -> str:
    """A text as written before the formula guard."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def read(raw: bytes, name: str) -> tuple[ReadTable, ...]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SheetError(
            f"{name}: not UTF-8 text (byte {error.start}); save the table as "
            "'CSV UTF-8' and try again"
        ) from None
    if "\x00" in text:
        raise SheetError(f"{name}: not a CSV table (it holds NUL bytes)")
    lines = _records(text, name)
    if not lines:
        raise SheetError(f"{name}: the table is empty; it needs its header row")
    header = tuple(cell.strip() for cell in lines[0])
    rows = tuple(
        ReadRow(number, tuple(uninert(cell) for cell in cells))
        for number, cells in enumerate(lines[1:], start=2)
        if any(cell.strip() for cell in cells)
    )
    return (ReadTable(name, header, rows),)


def _records(text: str, name: str) -> list[list[str]]:
    """The table's rows, read strictly: a quote left open would otherwise take every line
    after it into one cell, and those rows would be lost without a word."""
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    while True:
        start = reader.line_num + 1  # The line the next row starts on.
        try:
            record = next(reader)
        except StopIteration:
            return records
        except csv.Error as error:
            raise SheetError(_unreadable(name, str(error), start, reader.line_num)) from None
        if records:
            _refuse_swallowed(record, len(records[0]), delimiter, name, start, reader.line_num)
        records.append(record)


def _refuse_swallowed(
    record: list[str], columns: int, delimiter: str, name: str, start: int, end: int
) -> None:
    """A quote opened in one row and closed rows later reads as one cell holding the rows
    between: a line of it with a row's separators is such a row, not a note's line."""
    for cell in record:
        lines = cell.splitlines()[1:]
        if any(line.count(delimiter) >= columns - 1 >= 1 for line in lines):
            raise SheetError(
                f'{name}, the row that starts on line {start}: a quote (") opens a cell that '
                f"closes only on line {end}, so the rows between would be lost in it; close "
                "the quote where the cell's text ends"
            )


def _unreadable(name: str, error: str, start: int, line: int) -> str:
    row = f"{name}, the row that starts on line {start}"
    if "end of data" in error:
        return (
            f'{row}: a quote (") opens a cell and is never closed, so the cell would take '
            "every line after it; close the quote where the cell's text ends"
        )
    if "expected after" in error:
        return (
            f'{row} (line {line}): a quote (") inside a quoted cell ends the cell too '
            'early; write a quote inside a cell as two quotes (""), or save the table '
            "again from the spreadsheet"
        )
    return f"{row}: not a CSV table ({error})"


def _delimiter(text: str) -> str:
    """The comma, or the semicolon that a spreadsheet set to a language that writes decimals
    with a comma (Dutch, French) puts between columns: read from the header, whose names
    hold neither."""
    header = text.split("\n", 1)[0]
    return ";" if ";" in header and "," not in header else ","
