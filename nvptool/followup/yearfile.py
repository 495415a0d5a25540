"""A year's reporting file on disk: which cycle a year belongs to, where its file is,
and a returned spreadsheet made into the edit of that file (or its refusals).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from msgspec import Struct, field
from pydantic import ValidationError

from nvptool.followup.data import EMPTY_YEAR, FOLLOW_UP_DIR, cycle_node, statuses
from nvptool.followup.edit import EditError, edited_text
from nvptool.followup.formats import SheetError, format_of
from nvptool.followup.imports import (
    Refusal,
    apply_report,
    kept_values,
    read_report,
    refuse_unstated,
)
from nvptool.load.plan import CYCLES_DIR
from nvptool.load.yamlsource import YamlError, read_yaml
from nvptool.model.followup import FollowUp, Reporting, Status
from nvptool.plan import Plan, no_such_cycle, object_key, status_id, value_id
from nvptool.roundtrip import read_plan_file


class FollowUpError(Exception):
    """A request that cannot be carried out (exit code 2); nothing was written."""


def cycle_for(plan: Plan, year: int, cycle: str | None = None) -> str:
    """The cycle whose period holds the year (or the cycle named, if it does)."""
    cycles = {n.id: n for n in plan.of_kind("cycle")}
    if cycle is not None and cycle not in cycles:
        raise FollowUpError(no_such_cycle(plan, cycle))
    candidates = [cycles[cycle]] if cycle else list(cycles.values())
    holding = [n for n in candidates if n.obj.period.start <= year <= n.obj.period.end]
    if not holding:
        periods = ", ".join(f"{n.id} ({n.obj.period.start}-{n.obj.period.end})" for n in candidates)
        where = "the cycle" if len(candidates) == 1 else "every cycle of the plan"
        raise FollowUpError(f"--year {year} lies outside {where}: {periods or 'no cycle'}")
    if len(holding) > 1:
        names = ", ".join(n.id for n in holding)
        raise FollowUpError(f"--year {year} lies in several cycles ({names}): choose with --cycle")
    return holding[0].scope


def year_path(plan_dir: Path, scope: str, year: int) -> Path:
    """Where a year's file is, refusing links on the way: nothing is written through one."""
    cycle_dir = plan_dir / CYCLES_DIR / scope
    directory = cycle_dir / FOLLOW_UP_DIR
    path = directory / f"{year}.yaml"
    for step in (cycle_dir, directory, path):
        if step.is_symlink():
            raise FollowUpError(f"{step} is a symbolic link; nvptool writes no file through one")
    if path.exists() and not path.is_file():
        raise FollowUpError(f"{path} is not a regular file")
    return path


class Outcome(Struct, frozen=True):
    path: Path
    text: str | None
    """The new text of the file; None when nothing changes or something was refused."""
    newline: str
    refused: tuple[Refusal, ...]
    summary: tuple[str, ...]
    kept: tuple[str, ...] = ()
    """The sheet's empty cells where the file keeps a value (imports.kept_values)."""
    rows: Mapping[str, str] = field(default_factory=dict)
    """Where in the sheet each status or value was read, by the key of its object in the
    plan: a problem the plan's check finds in what the sheet gave is told at its row."""


def import_sheet(
    plan: Plan, plan_dir: Path, scope: str, year: int, raw: bytes, name: str
) -> Outcome:
    """The year file's edit for a returned spreadsheet, or every reason it is refused.

    raw: the sheet as `read_regular_file` read it, within REPORTING_SHEETS."""
    try:
        tables = format_of(name, raw).function("read")(raw, name)
    except SheetError as error:
        raise FollowUpError(str(error)) from None
    path = year_path(plan_dir, scope, year)
    if path.exists():
        original, newline = read_plan_file(path)
    else:
        cycle = cycle_node(plan, scope)
        original, newline = EMPTY_YEAR.format(cycle=cycle.id if cycle else scope, year=year), "\n"
    try:
        data = read_yaml(original.encode("utf-8"), str(path)).data
    except YamlError as error:
        raise FollowUpError(f"{error.location}: {error.message}; fix the file first") from None
    if not isinstance(data, dict):
        raise FollowUpError(f"{path}: not a follow-up file; fix the file first")
    report = read_report(plan, scope, year, tables, status_words(plan))
    inherited = _inherited(plan, scope, year)
    refuse_unstated(data, report, inherited)
    if report.refused:
        return Outcome(path, None, newline, tuple(report.refused), ())
    source = plan.config.source_language
    intended = apply_report(data, report, source, inherited)
    try:
        FollowUp.model_validate(intended)
        text = edited_text(original, str(path), intended) if intended != data else None
    except (ValidationError, EditError) as error:
        raise FollowUpError(f"{path}: the report cannot be written ({error})") from None
    summary = _summary(data, intended)
    if text is not None and data.get("reporting") == Reporting.closed.value:
        summary.append(f"{year} is closed (reporting: closed): this revises its final reports")
    rows = {
        object_key(scope, "measure-status", status_id(year, m)): row.place()
        for m, row in report.rows.items()
    }
    for (indicator, period), row in report.value_rows.items():
        rows[object_key(scope, "indicator-value", value_id(indicator, period))] = row.place()
    kept = tuple(kept_values(data, report))
    return Outcome(path, text, newline, (), tuple(summary), kept, rows)


def _inherited(plan: Plan, scope: str, year: int) -> dict[str, str]:
    owners: dict[str, str] = {}
    for status_year, node in statuses(plan, scope):
        if status_year < year and node.obj.owner:
            owners[node.obj.measure] = node.obj.owner
    return owners


def _summary(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    lines = []
    for name, what in (("statuses", "statuses"), ("values", "indicator values")):
        before = old.get(name) or []
        after = new.get(name) or []
        changed = sum(1 for a, b in zip(before, after, strict=False) if a != b)
        added = len(after) - len(before)
        if changed or added:
            lines.append(f"{what}: {changed} changed, {added} added")
    if old.get("reporting") != new.get("reporting"):
        lines.append(f"reporting: {old.get('reporting')} → {new.get('reporting')}")
    return lines


def status_words(plan: Plan) -> dict[str, str]:
    """Each status as the plan's languages write it on the site and in the diff
    (interface texts), casefolded, by its key: what a writer may type in a sheet."""
    from nvptool import templates_dir
    from nvptool.interface import InterfaceError, read_interface

    source = plan.config.source_language
    found: dict[str, str] = {}
    for lang in plan.config.languages:
        try:
            ui = read_interface(templates_dir(), lang, source)
        except InterfaceError:
            continue  # The keys are taken in any case; the words are a help.
        for words in (ui["progress"]["statuses"], ui["diff"]["followup"]["statuses"]):
            for key, word in words.items():
                if key in {s.value for s in Status}:
                    found.setdefault(str(word).casefold(), key)
    return found
