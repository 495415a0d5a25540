"""Reporting templates as Excel workbooks (openpyxl): one per owner, two sheets.

Texts are written as text cells, never formulas, whatever they start with. The
read-only columns are grey; the status column offers the five statuses as a list.
Reading takes the cells' values (numbers stay numbers), never evaluates formulas,
and refuses a file that is not a workbook.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from nvptool.followup.formats import ReadRow, ReadTable, SheetError, column_letter
from nvptool.followup.sheets import STATUS_READ_ONLY, VALUE_READ_ONLY, Template
from nvptool.model.followup import Status

READ_ONLY = frozenset({*STATUS_READ_ONLY, *VALUE_READ_ONLY})
WIDTHS = {"measure": 34, "text": 60, "indicator": 30, "label": 40, "evidence": 50}


def write(template: Template) -> dict[str, bytes]:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    book.remove(book.active)
    grey = PatternFill("solid", fgColor="EEEEEE")
    for table in template.tables:
        sheet = book.create_sheet(table.sheet)
        sheet.append(list(table.header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for number, row in enumerate(table.rows, start=2):  # Row 1 is the header.
            sheet.append([None] * len(row))
            for column, value in enumerate(row, start=1):
                # By its number: sheet.max_row looks at every cell of the sheet.
                cell = sheet.cell(row=number, column=column)
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"  # Text, even when it starts with "=".
                cell.alignment = Alignment(wrap_text=isinstance(value, str), vertical="top")
        for column, name in enumerate(table.header, start=1):
            letter = column_letter(column - 1)
            sheet.column_dimensions[letter].width = WIDTHS.get(name, 16)
            if name in READ_ONLY:
                for cell in sheet[letter][1:]:
                    cell.fill = grey
            if name == "status" and table.rows:
                listed = DataValidation(
                    type="list", formula1='"' + ",".join(s.value for s in Status) + '"'
                )
                listed.add(f"{letter}2:{letter}{len(table.rows) + 1}")
                sheet.add_data_validation(listed)
        sheet.freeze_panes = "C2"
    out = io.BytesIO()
    book.save(out)
    return {f"{template.stem}.xlsx": out.getvalue()}


UNPACKED_LIMIT = 200 * 1024 * 1024
"""The most an xlsx workbook may unpack to: a directorate's report is a few megabytes,
and a small file that unpacks to gigabytes (a zip bomb) must not fill the memory."""


def read(raw: bytes, name: str) -> tuple[ReadTable, ...]:
    from openpyxl import load_workbook

    _refuse_zip_bomb(raw, name)
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise SheetError(f"{name}: not an xlsx workbook ({error})") from None
    _refuse_merged_cells(raw, name)
    tables = []
    try:
        for sheet in book.worksheets:
            lines = list(sheet.iter_rows(values_only=True))
            if not lines:
                continue
            _refuse_unsaved_formulas(raw, name, sheet.title, lines)
            _refuse_errors(name, sheet, lines)
            header = tuple("" if c is None else str(c).strip() for c in lines[0])
            rows = tuple(
                ReadRow(number, tuple(cells))
                for number, cells in enumerate(lines[1:], start=2)
                if any(c is not None and str(c).strip() for c in cells)
            )
            tables.append(ReadTable(f"{name}, sheet {sheet.title}", header, rows, sheet.title))
    finally:
        book.close()
    return tuple(tables)


def _refuse_unsaved_formulas(
    raw: bytes, name: str, title: str, values: list[tuple[object, ...]]
) -> None:
    """A formula whose value the workbook does not hold (a program that wrote it without
    computing it) would read as an empty cell: its value would be lost without a word."""
    if not any(cell is None for line in values for cell in line):
        return
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    book = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    try:
        formulas = book[title].iter_rows(values_only=True)
        for number, (line, written) in enumerate(zip(values, formulas, strict=False), start=1):
            for index, (value, formula) in enumerate(zip(line, written, strict=False)):
                if value is None and isinstance(formula, str) and formula.startswith("="):
                    raise SheetError(
                        f"{name}, sheet {title}: row {number}, column "
                        f"{get_column_letter(index + 1)}: a formula ({formula[:40]}) whose value "
                        "the workbook does not hold; open and save it in a spreadsheet program, "
                        "which computes it, or type the value"
                    )
    finally:
        book.close()


def _refuse_errors(name: str, sheet: Any, values: list[tuple[object, ...]]) -> None:
    """A formula that failed shows an error (#N/A, #REF!, #SPILL!): read as text, it would
    become a note or an owner's name in the plan. Known by the cell's type, not its words:
    a text typed "#N/A" is text. Looked at only in sheets where a value starts with '#'."""
    if not any(isinstance(v, str) and v.startswith("#") for line in values for v in line):
        return
    for number, line in enumerate(sheet.iter_rows(), start=1):
        for index, cell in enumerate(line):
            if getattr(cell, "data_type", None) == "e":
                raise SheetError(
                    f"{name}, sheet {sheet.title}: row {number}, column "
                    f"{column_letter(index)}: the cell shows the error {cell.value}, "
                    "a formula that failed; mend the formula or type the value"
                )


def _refuse_merged_cells(raw: bytes, name: str) -> None:
    """Merged cells hold their value in their first cell only: the rows under it would be
    read as empty, and what the merge meant for them lost without a word."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        parts = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        if not any(b"<mergeCell " in archive.read(part) for part in parts):
            return  # Looked for in the XML: the read-only workbook does not list merges.
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(raw), data_only=True)
    try:
        for sheet in book.worksheets:
            for merged in sorted(sheet.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
                raise SheetError(
                    f"{name}, sheet {sheet.title}: cells {merged.coord} are merged, so only "
                    f"{merged.coord.split(':')[0]} holds a value; unmerge them and give each "
                    "row its own value"
                )
    finally:
        book.close()


def _refuse_zip_bomb(raw: bytes, name: str) -> None:
    """Refuse a workbook whose parts unpack to more than UNPACKED_LIMIT, before unpacking."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise SheetError(f"{name}: not an xlsx workbook ({error})") from None
    if unpacked > UNPACKED_LIMIT:
        raise SheetError(
            f"{name}: the workbook unpacks to {unpacked // (1024 * 1024)} MiB, more than the "
            f"{UNPACKED_LIMIT // (1024 * 1024)} MiB a report may take; save it again without "
            "what it does not need, or as CSV"
        )
