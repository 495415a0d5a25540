"""`nvptool follow-up`: the reporting spreadsheets of a year, out to the owners and back.

Light at import time (the command line's help reads it): the work is imported by
each command.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from nvptool.followup.formats import FORMATS

if TYPE_CHECKING:
    from nvptool.findings import Finding
from nvptool.formats import choices, format_option

follow_up = typer.Typer(help="The follow-up: reporting spreadsheets per owner, and back.")

Year = Annotated[int, typer.Option("--year", help="The reporting year, e.g. 2024.")]
PlanOption = Annotated[Path, typer.Option("--plan", help="The plan directory.")]
CycleOption = Annotated[
    str | None, typer.Option("--cycle", help="The cycle (default: the one holding the year).")
]


@follow_up.command("export")
def export(
    year: Year,
    out: Annotated[Path, typer.Option(help="Directory for the spreadsheets.")],
    fmt: Annotated[str, format_option(FORMATS, f"{choices(FORMATS)}.")] = "xlsx",
    owner: Annotated[
        str | None, typer.Option(help="Only the template of this organisation (a glossary id).")
    ] = None,
    cycle: CycleOption = None,
    plan_dir: PlanOption = Path("plan"),
) -> None:
    """Write a reporting template per owner: measures, statuses, notes, evidence, indicator values.

    Writes: into --out, one file (xlsx) or two (csv) per owner named
    follow-up-YEAR-OWNER…, and nothing else (a symbolic link or other special file
    in their place is refused, never followed).
    """
    from nvptool.cli import _load_clean, _write_bytes
    from nvptool.followup.data import organisations
    from nvptool.followup.sheets import templates
    from nvptool.followup.yearfile import FollowUpError, cycle_for
    from nvptool.load.schema_errors import did_you_mean
    from nvptool.report.base import plural

    plan = _load_clean(plan_dir)
    try:
        scope = cycle_for(plan, year, cycle)
    except FollowUpError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    known = organisations(plan)
    if owner is not None and owner not in known:
        guess = did_you_mean(owner, sorted(known))
        hint = f"did you mean '{guess}'?" if guess else "organisations: " + ", ".join(sorted(known))
        typer.echo(
            f"error: --owner {owner}: no glossary organisation has that id; {hint}", err=True
        )
        raise typer.Exit(2)
    writer = FORMATS[fmt].function("write")
    files: dict[str, bytes] = {}
    made = templates(plan, scope, year, owner)
    for template in made:
        files.update(writer(template))
    _write_bytes(out, files, plan_dir)
    for template in made:
        rows = len(template.tables[0].rows)
        typer.echo(f"{template.owner or 'unassigned'}: {rows} measures")
    typer.echo(f"wrote {plural(len(files), 'file')} to {out}")


@follow_up.command("import")
def import_(
    sheet: Annotated[Path, typer.Argument(help="A filled-in template: .xlsx or .csv.")],
    year: Year,
    cycle: CycleOption = None,
    plan_dir: PlanOption = Path("plan"),
) -> None:
    """Put a filled-in template into the year's file; only the values that changed change.

    Writes: PLAN/cycles/CYCLE/follow-up/YEAR.yaml only (created if missing), through
    edits of its text: comments and every untouched line stay as they were. Anything
    refused (an unknown id, a wrong value, another year) writes nothing; exit code 2.
    """
    from nvptool.cli import _loaded_clean, _refuse_added_errors
    from nvptool.findings import printable
    from nvptool.followup.yearfile import FollowUpError, cycle_for, import_sheet
    from nvptool.load.sources import read_regular_file
    from nvptool.load.yamlsource import REPORTING_SHEETS
    from nvptool.report.base import plural
    from nvptool.roundtrip import replace_file

    loaded = _loaded_clean(plan_dir)
    plan = loaded.plan
    raw, unreadable = read_regular_file(sheet, REPORTING_SHEETS)
    if raw is None:
        why = unreadable.message if unreadable else "cannot read the file"
        typer.echo(f"error: {sheet}: {why}", err=True)
        raise typer.Exit(2)
    try:
        scope = cycle_for(plan, year, cycle)
        outcome = import_sheet(plan, plan_dir, scope, year, raw, str(sheet))
    except FollowUpError as error:
        typer.echo(f"error: {printable(str(error))}", err=True)
        raise typer.Exit(2) from None
    for refusal in outcome.refused:
        typer.echo(f"refused: {printable(str(refusal))}", err=True)
    if outcome.refused:
        refused = plural(len(outcome.refused), "refusal")  # Of a cell, a row or a sheet.
        typer.echo(f"error: {refused}; nothing was written", err=True)
        raise typer.Exit(2)
    _say_kept(outcome.kept, outcome.path)
    if outcome.text is None:
        typer.echo(f"{outcome.path}: nothing changed")
        return

    def row_of(finding: Finding) -> str | None:
        return outcome.rows.get(finding.object_id or "")

    _refuse_added_errors(
        loaded, plan_dir, {outcome.path: outcome.text}, f"the sheet {sheet}", row_of
    )
    outcome.path.parent.mkdir(parents=True, exist_ok=True)
    replace_file(outcome.path, outcome.text, outcome.newline)
    typer.echo(f"wrote {outcome.path}")
    for line in outcome.summary:
        typer.echo(f"    {line}")


def _say_kept(kept: tuple[str, ...], path: Path) -> None:
    """The cells emptied in the sheet whose values the file keeps: an empty cell changes
    nothing, so that a sheet with fewer columns or rows removes nothing."""
    from nvptool.findings import printable
    from nvptool.report.base import plural

    if not kept:
        return
    typer.echo(
        f"note: {path} keeps its value for {plural(len(kept), 'cell')} the sheet leaves empty "
        "(an empty cell changes nothing); to remove a value, delete it in that file:",
        err=True,
    )
    for place in kept:
        typer.echo(f"    {printable(place)}", err=True)
