"""The reporting spreadsheets: export per owner, import back through round-trip edits.

A generated plan (bench/synthetic_followup.py) with measures, owners, indicators and
four reported years stands in for the real plan, which has no follow-up data yet.
"""

from __future__ import annotations

import csv
import difflib
import shutil
import sys
from pathlib import Path

import openpyxl
import pytest
from conftest import ROOT, run_nvptool

from nvptool.check import effective_settings, run_checks
from nvptool.load.plan import load_plan

sys.path.insert(0, str(ROOT / "bench"))
from synthetic_followup import generate_followup

YEAR_FILE = Path("cycles/synth/follow-up/2024.yaml")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("followup") / "plan"
    generate_followup(root, 100, seed=3, objects=50)
    return root


@pytest.fixture
def plan(generated: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "plan"
    shutil.copytree(generated, copy)
    return copy


def export(plan: Path, out: Path, *args: str) -> None:
    done = run_nvptool("follow-up", "export", "--plan", plan, "--out", out, *args)
    assert done.returncode == 0, done.stderr


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def rows_of(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream).writerows(rows)


def test_the_generated_plan_checks_clean(generated: Path) -> None:
    loaded = load_plan(generated)
    assert not loaded.problems
    findings = run_checks(loaded, effective_settings(loaded.plan.config)).findings
    assert [str(f.message) for f in findings] == []


def test_one_template_per_owner_with_every_measure_once(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    export(plan, out, "--year", "2024", "--format", "csv")
    statuses = sorted(out.glob("*-statuses.csv"))
    assert len(statuses) == 12 and len(list(out.glob("*-values.csv"))) == 12
    measures = [row[1] for path in statuses for row in rows_of(path)[1:]]
    assert len(measures) == len(set(measures)) == 100
    header, first = rows_of(out / "follow-up-2024-directie-1-statuses.csv")[:2]
    assert header[:7] == ["year", "measure", "number", "text", "previous", "status", "owner"]
    assert first[0] == "2024" and first[2] == "2.2.1.1.1" and first[6] == "directie-1"
    values = rows_of(out / "follow-up-2024-directie-1-values.csv")
    assert {row[4] for row in values[1:]} == {"2024", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"}


def test_an_unchanged_template_changes_nothing(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    export(plan, out, "--year", "2024", "--format", "csv")
    before = (plan / YEAR_FILE).read_bytes()
    for sheet in sorted(out.iterdir()):
        done = run_nvptool("follow-up", "import", sheet, "--year", "2024", "--plan", plan)
        assert done.returncode == 0, done.stderr
        assert "nothing changed" in done.stdout
        assert "keeps its value" not in done.stderr
    assert (plan / YEAR_FILE).read_bytes() == before


def test_a_cell_emptied_in_the_sheet_is_named_as_kept(plan: Path, tmp_path: Path) -> None:
    """An empty cell changes nothing: a note cleared in the sheet stayed in the file while
    the import said "nothing changed"; it now says which cells kept their values."""
    out = tmp_path / "out"
    export(plan, out, "--year", "2024", "--format", "csv", "--owner", "directie-1")
    sheet = out / "follow-up-2024-directie-1-statuses.csv"
    rows = rows_of(sheet)
    note = rows[0].index("note.nl")
    row = next(n for n, cells in enumerate(rows) if n and cells[note])
    rows[row][note] = ""
    write_rows(sheet, rows)
    before = (plan / YEAR_FILE).read_bytes()
    done = run_nvptool("follow-up", "import", sheet, "--year", "2024", "--plan", plan)
    assert done.returncode == 0, done.stderr
    assert "keeps its value for 1 cell the sheet leaves empty" in done.stderr
    letter = openpyxl.utils.get_column_letter(note + 1)
    assert f"{sheet}: row {row + 1}, column {letter} (note.nl)" in done.stderr
    assert (plan / YEAR_FILE).read_bytes() == before


def test_three_cells_edited_change_three_lines_csv(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    export(plan, out, "--year", "2024", "--format", "csv", "--owner", "directie-1")
    sheet = out / "follow-up-2024-directie-1-statuses.csv"
    rows = rows_of(sheet)
    header = rows[0]
    first, second = [row for row in rows[1:] if row[header.index("status")] == "in-progress"][:2]
    first[header.index("status")] = "delayed"
    first[header.index("reason.nl")] = "Wachten op de wet."
    second[header.index("note.nl")] = "Een nieuwe opmerking."
    write_rows(sheet, rows)
    before = (plan / YEAR_FILE).read_text(encoding="utf-8")
    done = run_nvptool("follow-up", "import", sheet, "--year", "2024", "--plan", plan)
    assert done.returncode == 0, done.stderr
    after = (plan / YEAR_FILE).read_text(encoding="utf-8")
    changed = changed_lines(before, after)
    assert len([line for line in changed if line.startswith("+")]) == 3, changed
    assert "Een nieuwe opmerking." in after and "Wachten op de wet." in after
    assert not load_plan(plan).problems


def test_three_cells_edited_change_three_lines_xlsx(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    export(plan, out, "--year", "2024", "--owner", "directie-1")
    path = out / "follow-up-2024-directie-1.xlsx"
    book = openpyxl.load_workbook(path)
    values = book["values"]
    header = [cell.value for cell in values[1]]
    values.cell(row=2, column=header.index("value") + 1).value = 77
    values.cell(row=3, column=header.index("provisional") + 1).value = True
    statuses = book["statuses"]
    header = [cell.value for cell in statuses[1]]
    statuses.cell(row=2, column=header.index("owner") + 1).value = "directie-2"
    book.save(path)
    before = (plan / YEAR_FILE).read_text(encoding="utf-8")
    done = run_nvptool("follow-up", "import", path, "--year", "2024", "--plan", plan)
    assert done.returncode == 0, done.stderr
    changed = changed_lines(before, (plan / YEAR_FILE).read_text(encoding="utf-8"))
    assert len([line for line in changed if line.startswith("+")]) == 3, changed
    assert any("value: 77" in line for line in changed)


def test_refusals_name_row_column_and_sheet_and_write_nothing(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    export(plan, out, "--year", "2024", "--owner", "directie-1")
    path = out / "follow-up-2024-directie-1.xlsx"
    book = openpyxl.load_workbook(path)
    statuses = book["statuses"]
    statuses["F2"] = "finished"  # An unknown status.
    statuses["B3"] = "thema-1-sd1-m33"  # An unknown measure.
    statuses["A4"] = 2023  # Another year.
    statuses["G5"] = "directie-13"  # An unknown owner.
    statuses["L6"] = "http://example.org/verslag"  # Not https.
    values = book["values"]
    values["F2"] = "veel"  # Not a number.
    values["G3"] = "misschien"  # Not yes or no.
    values["B4"] = "indicatr-1"  # An unknown indicator.
    values["E5"] = "2025-Q1"  # A period of another year.
    book.save(path)
    before = (plan / YEAR_FILE).read_bytes()
    done = run_nvptool("follow-up", "import", path, "--year", "2024", "--plan", plan)
    assert done.returncode == 2
    where = f"{path}, sheet"
    for expected in (
        f"{where} statuses: row 2, column F (status): 'finished' is no status",
        f"{where} statuses: row 3, column B (measure): no measure or objective has the id "
        "'thema-1-sd1-m33'; did you mean 'thema-1-sd1-m3'?",
        f"{where} statuses: row 4, column A (year): the row reports on 2023",
        f"{where} statuses: row 5, column G (owner): no glossary organisation has the id "
        "'directie-13'; did you mean 'directie-1'?",
        f"{where} statuses: row 6, column L (evidence): 'http://example.org/verslag' is not",
        f"{where} values: row 2, column F (value): 'veel' is not a number",
        f"{where} values: row 3, column G (provisional): 'misschien' is not yes or no",
        f"{where} values: row 4, column B (indicator): no indicator has the id 'indicatr-1'; "
        "did you mean 'indicator-1'?",
        f"{where} values: row 5, column E (period): 2025-Q1 is not in 2024",
    ):
        assert expected in done.stderr, done.stderr
    assert "nothing was written" in done.stderr
    assert (plan / YEAR_FILE).read_bytes() == before


def test_a_csv_refusal_names_row_and_column(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    export(plan, out, "--year", "2024", "--format", "csv", "--owner", "directie-1")
    sheet = out / "follow-up-2024-directie-1-statuses.csv"
    rows = rows_of(sheet)
    rows[0][5] = "stauts"
    write_rows(sheet, rows)
    done = run_nvptool("follow-up", "import", sheet, "--year", "2024", "--plan", plan)
    assert done.returncode == 2
    assert f"{sheet}: row 1, column F (stauts): no such column; did you mean 'status'?" in (
        done.stderr
    )


@pytest.mark.parametrize(
    ("closing", "says"),
    [
        ("", 'a quote (") opens a cell and is never closed'),
        (',"ok"', 'a quote (") inside a quoted cell ends the cell too early'),
        ('", the end', 'a quote (") opens a cell that closes only on line 3'),
    ],
    ids=["at-the-end", "before-another-quoted-cell", "closed-rows-later"],
)
def test_a_quote_left_open_in_a_csv_is_refused_not_swallowing_rows(
    plan: Path, tmp_path: Path, closing: str, says: str
) -> None:
    """A text editor's stray quote took every row after it into one note, and the import
    wrote those rows' CSV into the plan as the note (exit 0)."""
    out = tmp_path / "out"
    export(plan, out, "--year", "2024", "--format", "csv", "--owner", "directie-1")
    sheet = out / "follow-up-2024-directie-1-statuses.csv"
    lines = sheet.read_text("utf-8-sig").splitlines()
    note = lines[0].split(",").index("note.nl")
    cells = lines[1].split(",")
    cells[note] = '"Klaar met ""project"" X'
    lines[1] = ",".join(cells)
    lines[2] += closing
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = (plan / YEAR_FILE).read_bytes()
    done = run_nvptool("follow-up", "import", sheet, "--year", "2024", "--plan", plan)
    assert done.returncode == 2, done.stderr
    assert f"{sheet}, the row that starts on line 2" in done.stderr
    assert says in done.stderr
    assert (plan / YEAR_FILE).read_bytes() == before


def test_a_number_a_belgian_and_a_spreadsheet_read_differently_is_refused(
    plan: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    export(plan, out, "--year", "2024", "--format", "csv", "--owner", "directie-1")
    sheet = out / "follow-up-2024-directie-1-values.csv"
    rows = rows_of(sheet)
    column = rows[0].index("value")
    rows[1][column] = "1.000"  # A thousand in Belgium, one in an English spreadsheet.
    write_rows(sheet, rows)
    done = run_nvptool("follow-up", "import", sheet, "--year", "2024", "--plan", plan)
    assert done.returncode == 2
    assert "'1.000' can be read as a thousands separator or as a decimal one" in done.stderr
    assert "write 1000 for the whole number" in done.stderr
    rows[1][column] = "0,125"  # A decimal comma: one reading only.
    write_rows(sheet, rows)
    done = run_nvptool("follow-up", "import", sheet, "--year", "2024", "--plan", plan)
    assert done.returncode == 0, done.stderr
    assert "value: 0.125" in (plan / YEAR_FILE).read_text(encoding="utf-8")


def test_a_workbook_that_unpacks_to_gigabytes_is_refused_unread(plan: Path, tmp_path: Path) -> None:
    import zipfile

    bomb = tmp_path / "report.xlsx"
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part,
    ):
        for _ in range(210):
            part.write(bytes(1024 * 1024))
    assert bomb.stat().st_size < 2 * 1024 * 1024
    before = (plan / YEAR_FILE).read_bytes()
    done = run_nvptool("follow-up", "import", bomb, "--year", "2024", "--plan", plan)
    assert done.returncode == 2
    assert "the workbook unpacks to 210 MiB, more than the 200 MiB" in done.stderr
    assert "Traceback" not in done.stderr
    assert (plan / YEAR_FILE).read_bytes() == before


def test_a_year_outside_the_cycle_is_refused(plan: Path, tmp_path: Path) -> None:
    for command in (
        ("export", "--out", tmp_path / "out", "--year", "2027"),
        ("import", tmp_path / "none.csv", "--year", "2021"),
    ):
        (tmp_path / "none.csv").write_text("year,measure,status\n", encoding="utf-8")
        done = run_nvptool("follow-up", *command, "--plan", plan)
        assert done.returncode == 2
        assert "lies outside the cycle: synth (2022-2025)" in done.stderr


def test_the_first_report_of_a_year_appends_statuses_and_opens_it(
    plan: Path, tmp_path: Path
) -> None:
    """As on the real plan: a year not started, with no statuses, gets its first ones."""
    year_file = plan / YEAR_FILE
    year_file.write_text(
        "# The follow-up for 2024; nothing reported yet.\n"
        "kind: follow-up\nyear: 2024\nreporting: not-started\n",
        encoding="utf-8",
    )
    sheet = tmp_path / "report.csv"
    sheet.write_text(
        "year,measure,status,owner,note.nl,note.fr,reason.nl,evidence\n"
        "2024,thema-1-sd1-m1,done,directie-1,Klaar.,Terminé.,,https://example.org/a\n"
        "2024,thema-1-sd1-m2,dropped,,,,Opgenomen in m1.,\n"
        "2024,thema-1-sd1-m3,,,,,,\n",
        encoding="utf-8",
    )
    done = run_nvptool("follow-up", "import", sheet, "--year", "2024", "--plan", plan)
    assert done.returncode == 0, done.stderr
    text = year_file.read_text(encoding="utf-8")
    assert text.startswith("# The follow-up for 2024; nothing reported yet.\n")
    assert "reporting: open\n" in text
    assert (
        "statuses:\n"
        "  - measure: thema-1-sd1-m1\n"
        "    status: done\n"
        "    owner: directie-1\n"
        "    note: {nl: Klaar., fr: {text: Terminé., state: reviewed, source: "
    ) in text
    assert "  - measure: thema-1-sd1-m2\n    status: dropped\n" in text
    assert "thema-1-sd1-m3" not in text  # An empty row reports nothing.
    loaded = load_plan(plan)
    assert not loaded.problems
    found = run_checks(loaded, effective_settings(loaded.plan.config, select=["FU06", "TR02"]))
    assert not found.findings


def test_a_text_that_looks_like_a_formula_stays_text(plan: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "report.csv"
    sheet.write_text(
        'year,measure,status,note.nl\n2024,thema-1-sd1-m1,done,\'=HYPERLINK("x")\n',
        encoding="utf-8",
    )
    done = run_nvptool("follow-up", "import", sheet, "--year", "2024", "--plan", plan)
    assert done.returncode == 0, done.stderr
    out = tmp_path / "out"
    export(plan, out, "--year", "2024", "--owner", "directie-1")
    book = openpyxl.load_workbook(out / "follow-up-2024-directie-1.xlsx")
    cell = next(c for c in book["statuses"]["H"] if c.value and str(c.value).startswith("="))
    assert cell.data_type == "s"
    export(plan, out, "--year", "2024", "--owner", "directie-1", "--format", "csv")
    assert "'=HYPERLINK" in (out / "follow-up-2024-directie-1-statuses.csv").read_text("utf-8-sig")


def test_a_linked_year_file_is_refused(plan: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_bytes((plan / YEAR_FILE).read_bytes())
    (plan / YEAR_FILE).unlink()
    (plan / YEAR_FILE).symlink_to(elsewhere)
    sheet = tmp_path / "report.csv"
    sheet.write_text("year,measure,status\n2024,thema-1-sd1-m1,done\n", encoding="utf-8")
    before = elsewhere.read_bytes()
    done = run_nvptool("follow-up", "import", sheet, "--year", "2024", "--plan", plan)
    assert done.returncode != 0
    assert elsewhere.read_bytes() == before


def test_an_unknown_owner_is_refused_with_a_guess(plan: Path, tmp_path: Path) -> None:
    done = run_nvptool(
        "follow-up", "export", "--plan", plan, "--out", tmp_path, "--year", "2024",
        "--owner", "directie-01",
    )  # fmt: skip
    assert done.returncode == 2
    assert "--owner directie-01" in done.stderr and "did you mean 'directie-1'?" in done.stderr


def test_export_never_writes_through_a_link_in_the_output(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = tmp_path / "precious.txt"
    target.write_text("keep", encoding="utf-8")
    (out / "follow-up-2024-directie-1.xlsx").symlink_to(target)
    done = run_nvptool(
        "follow-up", "export", "--plan", plan, "--out", out, "--year", "2024",
        "--owner", "directie-1",
    )  # fmt: skip
    assert done.returncode == 2
    assert "symbolic link" in done.stderr
    assert target.read_text(encoding="utf-8") == "keep"


def test_a_sheet_too_large_to_read_is_named_as_a_sheet(plan: Path, tmp_path: Path) -> None:
    huge = tmp_path / "report.xlsx"
    with huge.open("wb") as sparse:
        sparse.truncate(9 * 1024 * 1024)
    done = run_nvptool("follow-up", "import", huge, "--year", "2024", "--plan", plan)
    assert done.returncode == 2
    assert "the file is 9 MiB; reporting sheets may be at most 8 MiB" in done.stderr


def test_a_report_that_would_give_the_plan_errors_writes_nothing(
    plan: Path, tmp_path: Path
) -> None:
    """Cells of the right form whose values the plan's rules refuse (a share above 100 %,
    a note with a control character) are refused with the rule's words, as check would
    say them; the year file stays as it was."""
    out = tmp_path / "out"
    export(plan, out, "--year", "2024", "--format", "csv", "--owner", "directie-1")
    before = (plan / YEAR_FILE).read_bytes()
    values = out / "follow-up-2024-directie-1-values.csv"
    rows = rows_of(values)
    rows[1][rows[0].index("value")] = "1000"
    write_rows(values, rows)
    done = run_nvptool("follow-up", "import", values, "--year", "2024", "--plan", plan)
    assert done.returncode == 2
    assert "refused: " in done.stderr and "[FU03]" in done.stderr
    assert "would give the plan 1 error that it does not have; nothing was written" in (done.stderr)
    statuses = out / "follow-up-2024-directie-1-statuses.csv"
    rows = rows_of(statuses)
    header = rows[0]
    rows[2][header.index("note.nl")] = "Omgekeerd \u202e tekst."
    write_rows(statuses, rows)
    done = run_nvptool("follow-up", "import", statuses, "--year", "2024", "--plan", plan)
    assert done.returncode == 2
    assert "[TX04]" in done.stderr
    assert "1 error that it does not have" in done.stderr
    assert (plan / YEAR_FILE).read_bytes() == before
    # A measure dropped without a reason: told at its row, before the plan is checked.
    rows[1][header.index("status")] = "dropped"
    rows[1][header.index("reason.nl")] = ""
    write_rows(statuses, rows)
    done = run_nvptool("follow-up", "import", statuses, "--year", "2024", "--plan", plan)
    assert done.returncode == 2 and "row 2, column " in done.stderr
    assert "is dropped without a reason" in done.stderr
    assert (plan / YEAR_FILE).read_bytes() == before


def test_a_value_that_would_be_lost_unread_is_refused(plan: Path, tmp_path: Path) -> None:
    """A value beyond the header, under a column without a name, or a formula whose value
    the workbook does not hold: each is named by row and column, and nothing is written."""
    out = tmp_path / "out"
    export(plan, out, "--year", "2024", "--format", "csv", "--owner", "directie-1")
    sheet = out / "follow-up-2024-directie-1-statuses.csv"
    rows = rows_of(sheet)
    header = rows[0]
    rows[1][header.index("status")] = "done"
    rows[1] += ["", "extra"]
    rows[2][header.index("status")] = "done"
    unnamed = header.index("note.fr")
    header[unnamed] = ""
    rows[2][unnamed] = "Une note."
    write_rows(sheet, rows)
    before = (plan / YEAR_FILE).read_bytes()
    done = run_nvptool("follow-up", "import", sheet, "--year", "2024", "--plan", plan)
    assert done.returncode == 2
    beyond = openpyxl.utils.get_column_letter(len(header) + 2)
    note = openpyxl.utils.get_column_letter(unnamed + 1)
    assert f"row 2, column {beyond}: a value beyond the last column of the header" in done.stderr
    assert f"row 3, column {note}: a value in a column whose header is empty" in done.stderr
    assert (plan / YEAR_FILE).read_bytes() == before

    export(plan, out, "--year", "2024", "--owner", "directie-1")
    workbook = out / "follow-up-2024-directie-1.xlsx"
    book = openpyxl.load_workbook(workbook)
    statuses = book.worksheets[0]
    column = [c.value for c in statuses[1]].index("status") + 1
    statuses.cell(row=2, column=column, value='=IF(1=1,"done","")')  # No value kept.
    book.save(workbook)
    done = run_nvptool("follow-up", "import", workbook, "--year", "2024", "--plan", plan)
    assert done.returncode == 2
    letter = openpyxl.utils.get_column_letter(column)
    assert f"row 2, column {letter}: a formula (=IF(1=1" in done.stderr
    assert "whose value the workbook does not hold" in done.stderr
    assert (plan / YEAR_FILE).read_bytes() == before
    # A formula that failed: its cell holds an error (t="e"), which was read as a note.
    note = [c.value for c in statuses[1]].index("note.nl") + 1
    statuses.cell(row=2, column=column, value="done")
    statuses.cell(row=3, column=note, value="#N/A")
    assert statuses.cell(row=3, column=note).data_type == "e"
    book.save(workbook)
    done = run_nvptool("follow-up", "import", workbook, "--year", "2024", "--plan", plan)
    assert done.returncode == 2
    letter = openpyxl.utils.get_column_letter(note)
    assert f"row 3, column {letter}: the cell shows the error #N/A, a formula that failed" in (
        done.stderr
    )
    assert (plan / YEAR_FILE).read_bytes() == before
    # Known by the cell's type: a newer error too, and text typed "#N/A" is text.
    statuses.cell(row=3, column=note, value="#SPILL!").data_type = "e"
    book.save(workbook)
    done = run_nvptool("follow-up", "import", workbook, "--year", "2024", "--plan", plan)
    assert done.returncode == 2 and "the cell shows the error #SPILL!" in done.stderr
    statuses.cell(row=3, column=note, value="#N/A").data_type = "s"
    book.save(workbook)
    done = run_nvptool("follow-up", "import", workbook, "--year", "2024", "--plan", plan)
    assert "shows the error" not in done.stderr


def test_a_report_into_a_closed_year_says_it_revises_final_reports(
    plan: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    export(plan, out, "--year", "2024", "--format", "csv", "--owner", "directie-1")
    assert "reporting: closed" in (plan / YEAR_FILE).read_text(encoding="utf-8")
    sheet = out / "follow-up-2024-directie-1-statuses.csv"
    rows = rows_of(sheet)
    header = rows[0]
    row = next(r for r in rows[1:] if r[header.index("status")] == "in-progress")
    row[header.index("status")] = "done"
    write_rows(sheet, rows)
    done = run_nvptool("follow-up", "import", sheet, "--year", "2024", "--plan", plan)
    assert done.returncode == 0, done.stderr
    assert "2024 is closed (reporting: closed): this revises its final reports" in done.stdout


def test_cells_a_spreadsheet_changed_are_refused_not_lost(plan: Path, tmp_path: Path) -> None:
    """A merged range held its value in its first row only (the rows under it were dropped
    without a word); a number too large to be one was an internal error; a date or
    true/false typed in a note was written as Python's words for it."""
    import datetime

    out = tmp_path / "out"
    export(plan, out, "--year", "2024", "--owner", "directie-1")
    path = out / "follow-up-2024-directie-1.xlsx"
    book = openpyxl.load_workbook(path)
    statuses = book["statuses"]
    statuses["F2"] = "done"
    statuses.merge_cells("F2:F4")
    book.save(tmp_path / "merged.xlsx")
    before = (plan / YEAR_FILE).read_bytes()
    done = run_nvptool(
        "follow-up", "import", tmp_path / "merged.xlsx", "--year", "2024", "--plan", plan
    )
    assert done.returncode == 2
    assert "sheet statuses: cells F2:F4 are merged, so only F2 holds a value" in done.stderr
    book = openpyxl.load_workbook(path)
    header = [cell.value for cell in book["statuses"][1]]
    note = header.index("note.nl") + 1
    book["statuses"].cell(row=2, column=note).value = datetime.date(2024, 5, 1)
    book["statuses"].cell(row=3, column=note).value = True
    book["values"]["F2"] = "1" + "0" * 400
    book.save(path)
    done = run_nvptool("follow-up", "import", path, "--year", "2024", "--plan", plan)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    letter = openpyxl.utils.get_column_letter(note)
    for expected in (
        f"statuses: row 2, column {letter} (note.nl): the spreadsheet read this text as a date",
        f"statuses: row 3, column {letter} (note.nl): the spreadsheet read this text as true or",
        "values: row 2, column F (value): '100000000000000000000000…' is too large a number",
    ):
        assert expected in done.stderr, done.stderr
    assert (plan / YEAR_FILE).read_bytes() == before


def test_a_csv_table_with_semicolons_between_columns_is_read(plan: Path, tmp_path: Path) -> None:
    """What a spreadsheet set to Dutch or French saves as CSV: was "the header has neither a
    column 'measure' nor 'indicator'"."""
    out = tmp_path / "out"
    export(plan, out, "--year", "2024", "--format", "csv", "--owner", "directie-1")
    sheet = out / "follow-up-2024-directie-1-values.csv"
    rows = rows_of(sheet)
    rows[1][rows[0].index("value")] = "12,5"
    with sheet.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream, delimiter=";").writerows(rows)
    done = run_nvptool("follow-up", "import", sheet, "--year", "2024", "--plan", plan)
    assert done.returncode == 0, done.stderr
    assert "value: 12.5" in (plan / YEAR_FILE).read_text(encoding="utf-8")


def test_a_sheet_of_the_writer_s_own_is_named_as_one(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    export(plan, out, "--year", "2024", "--owner", "directie-1")
    path = out / "follow-up-2024-directie-1.xlsx"
    book = openpyxl.load_workbook(path)
    book.create_sheet("notities")["A1"] = "Nog na te vragen bij de zone"
    book["statuses"]["G2"] = "dgj-x"
    book.save(path)
    done = run_nvptool("follow-up", "import", path, "--year", "2024", "--plan", plan)
    assert done.returncode == 2
    assert "the sheet 'notities' is none of the template's (statuses, values)" in done.stderr
    assert "give the id of an organisation of the glossary" in done.stderr
    assert "error: 2 refusals; nothing was written" in done.stderr


def test_a_status_may_be_written_in_the_plan_s_languages(plan: Path, tmp_path: Path) -> None:
    """Typing the site's word ("Uitgevoerd", "réalisée") was refused as no status."""
    dutch = {"planned": "Gepland", "in-progress": "Lopend", "done": "Uitgevoerd"}
    dutch |= {"delayed": "Vertraagd", "dropped": "Geschrapt"}
    french = {"planned": "prévue", "in-progress": "en cours", "done": "réalisée "}
    french |= {"delayed": "retardée", "dropped": "abandonnée"}
    out = tmp_path / "out"
    export(plan, out, "--year", "2024", "--format", "csv", "--owner", "directie-1")
    sheet = out / "follow-up-2024-directie-1-statuses.csv"
    rows = rows_of(sheet)
    status = rows[0].index("status")
    given = [n for n, row in enumerate(rows) if n and row[status]]
    assert len(given) >= 2
    for n, words in zip(given, (dutch, french) * len(given), strict=False):
        rows[n][status] = words[rows[n][status]]
    write_rows(sheet, rows)
    before = (plan / YEAR_FILE).read_bytes()
    done = run_nvptool("follow-up", "import", sheet, "--year", "2024", "--plan", plan)
    assert done.returncode == 0, done.stderr
    assert "nothing changed" in done.stdout  # The same statuses, in words.
    assert (plan / YEAR_FILE).read_bytes() == before
    rows[given[0]][status] = "afgewerkt"
    write_rows(sheet, rows)
    done = run_nvptool("follow-up", "import", sheet, "--year", "2024", "--plan", plan)
    assert done.returncode == 2 and "'afgewerkt' is no status" in done.stderr


def test_a_row_s_own_mistakes_are_told_at_the_row(plan: Path, tmp_path: Path) -> None:
    """A measure dropped without a reason was refused by the check of the plan it would
    give, naming no sheet, row or column; a line break pasted from Windows was refused as
    a hidden character."""
    out = tmp_path / "out"
    export(plan, out, "--year", "2024", "--format", "csv", "--owner", "directie-1")
    sheet = out / "follow-up-2024-directie-1-statuses.csv"
    rows = rows_of(sheet)
    status, note = rows[0].index("status"), rows[0].index("note.nl")
    reasons = [n for n, name in enumerate(rows[0]) if name.startswith("reason.")]
    target = next(n for n, row in enumerate(rows) if n and not any(row[r] for r in reasons))
    was = rows[target][status]
    rows[target][status] = "dropped"
    write_rows(sheet, rows)
    done = run_nvptool("follow-up", "import", sheet, "--year", "2024", "--plan", plan)
    assert done.returncode == 2
    letter = openpyxl.utils.get_column_letter(status + 1)
    assert f"row {target + 1}, column {letter} (status):" in done.stderr
    assert "is dropped without a reason" in done.stderr
    rows[target][status] = was or "in-progress"
    rows[target][note] = "Eerste regel\r\ntweede regel"
    write_rows(sheet, rows)
    done = run_nvptool("follow-up", "import", sheet, "--year", "2024", "--plan", plan)
    assert done.returncode == 0, done.stderr
    year = (plan / YEAR_FILE).read_text(encoding="utf-8")
    assert "Eerste regel" in year and "\r" not in year


def test_a_title_row_and_a_file_of_another_kind_are_told_so(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    export(plan, out, "--year", "2024", "--owner", "directie-1")
    path = out / "follow-up-2024-directie-1.xlsx"
    book = openpyxl.load_workbook(path)
    book["statuses"].insert_rows(1)
    book["statuses"]["A1"] = "Opvolging 2024 — directie 1"
    book.save(path)
    done = run_nvptool("follow-up", "import", path, "--year", "2024", "--plan", plan)
    assert done.returncode == 2
    assert "remove any row above it" in done.stderr and "none of the template's" not in done.stderr
    other = tmp_path / "work.yaml"
    other.write_text("language: fr\n", "utf-8")
    done = run_nvptool("follow-up", "import", other, "--year", "2024", "--plan", plan)
    assert done.returncode == 2 and "a .yaml file is no reporting table" in done.stderr


def test_an_empty_period_is_the_year_s_not_a_value_kept(plan: Path, tmp_path: Path) -> None:
    """The period says which entry a row is (empty: the year's); it is no value to keep."""
    out = tmp_path / "out"
    export(plan, out, "--year", "2024", "--format", "csv", "--owner", "directie-1")
    sheet = out / "follow-up-2024-directie-1-values.csv"
    rows = rows_of(sheet)
    period = rows[0].index("period")
    target = next(n for n, row in enumerate(rows) if n and row[period] == "2024")
    rows[target][period] = ""
    write_rows(sheet, rows)
    done = run_nvptool("follow-up", "import", sheet, "--year", "2024", "--plan", plan)
    assert done.returncode == 0, done.stderr
    assert "(period)" not in done.stderr


def test_what_the_plan_s_check_refuses_is_told_at_its_row(plan: Path, tmp_path: Path) -> None:
    """A note with raw HTML is refused by the check of the plan the import would give: it
    named the year file's object, and the writer had to find its row in the sheet."""
    out = tmp_path / "out"
    export(plan, out, "--year", "2024", "--format", "csv", "--owner", "directie-1")
    sheet = out / "follow-up-2024-directie-1-statuses.csv"
    rows = rows_of(sheet)
    note = rows[0].index("note.nl")
    rows[3][note] = "Klaar, <b>eindelijk</b>."
    write_rows(sheet, rows)
    before = (plan / YEAR_FILE).read_bytes()
    done = run_nvptool("follow-up", "import", sheet, "--year", "2024", "--plan", plan)
    assert done.returncode == 2
    assert "raw HTML '<b>' [TX03]" in done.stderr
    assert f"    cause: {sheet}: row 4\n" in done.stderr
    assert (plan / YEAR_FILE).read_bytes() == before
