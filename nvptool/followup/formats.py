"""The registry of spreadsheet formats; the command line's --format choices come from here.

Each entry names the module that writes a template (``write``) and reads a filled-in
file back (``read``), imported only when the format is used.
"""

from __future__ import annotations

from collections.abc import Mapping

from msgspec import Struct

from nvptool.formats import Format

COLUMN_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


FORMATS: Mapping[str, Format] = {
    f.name: f
    for f in (
        Format(
            "xlsx",
            "xlsx",
            "one workbook per owner, a sheet for statuses and one for values",
            "nvptool.followup.xlsxsheet",
        ),
        Format(
            "csv",
            "csv",
            "two UTF-8 tables per owner: statuses and values",
            "nvptool.followup.csvsheet",
        ),
    )
}


class ReadRow(Struct, frozen=True):
    number: int
    """The row's number in the sheet, 1 for the header."""
    cells: tuple[object, ...]


class ReadTable(Struct, frozen=True):
    """A table as read back: its sheet (when the file has sheets), header and rows."""

    where: str
    """The file, and the sheet where the file has several: for every message."""
    header: tuple[str, ...]
    rows: tuple[ReadRow, ...]
    sheet: str | None = None
    """The sheet's name, in a workbook."""


class SheetError(ValueError):
    """A file that cannot be read as a reporting spreadsheet."""


def column_letter(index: int) -> str:
    """A, B, … Z, AA, AB … for the 0-based column index."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = COLUMN_LETTERS[rest] + letters
    return letters


def format_of(name: str, raw: bytes) -> Format:
    """The format of a returned file, by its content (an xlsx file is a zip)."""
    if raw.startswith(b"PK\x03\x04"):
        return FORMATS["xlsx"]
    if name.lower().endswith(".xlsx"):
        raise SheetError(f"{name}: not an xlsx workbook (it is no zip file)")
    suffix = name.rsplit("/", 1)[-1].rpartition(".")[2].lower() if "." in name else ""
    if suffix not in {"csv", "txt", ""}:
        raise SheetError(
            f"{name}: a .{suffix} file is no reporting table; give the .xlsx workbook or the "
            ".csv table that 'nvptool follow-up export' wrote, filled in"
        )
    return FORMATS["csv"]
