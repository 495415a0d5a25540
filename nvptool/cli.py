"""The nvptool command line. Disk and terminal live here; everything else is values.

Exit codes: 0 clean (warnings allowed unless --strict), 1 problems found,
2 usage or internal error. A traceback never reaches the user; set
NVPTOOL_DEBUG=1 to see one.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from nvptool.diff.formats import FORMATS as DIFF_FORMATS
from nvptool.evaluation.formats import FORMATS as EVALUATION_FORMATS
from nvptool.followup.cli import CycleOption, follow_up
from nvptool.formats import choices, format_option
from nvptool.i18n.formats import MEMORY_FORMATS, WORK_FORMATS
from nvptool.report import FORMATS as REPORT_FORMATS

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from nvptool.direct import BuildOptions, CheckOptions
    from nvptool.findings import Finding, Problem
    from nvptool.i18n.edit import Change
    from nvptool.load.plan import LoadResult
    from nvptool.load.yamlsource import Marks
    from nvptool.plan import Node, Plan

app = typer.Typer(
    name="nvptool",
    help="Plan-as-code toolchain for the Belgian National Security Plan.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)

PlanDir = Annotated[
    Path,
    typer.Argument(help="The plan directory.", file_okay=False, dir_okay=True),
]


STATUS_FORMATS = ("table", "json")
"""How `i18n status` writes the coverage."""


class ExportFormat(StrEnum):
    json = "json"
    csv = "csv"


def _require_dir(path: Path) -> None:
    """A plan directory, or the command ends here (exit 2): not a directory, or not a plan's."""
    from nvptool.load.sources import not_a_plan

    problem = f"'{path}' is not a directory" if not path.is_dir() else not_a_plan(path)
    if problem is not None:
        typer.echo(f"error: {problem}", err=True)
        raise typer.Exit(2)


@app.command()
def check(
    plan_dir: PlanDir = Path("plan"),
    fmt: Annotated[
        str, format_option(REPORT_FORMATS, "Output format: " + ", ".join(REPORT_FORMATS) + ".")
    ] = "text",
    select: Annotated[
        list[str] | None, typer.Option(help="Run only these rules (code, name or group).")
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option(help="Skip these rules (code, name or group).")
    ] = None,
    profile: Annotated[
        str | None, typer.Option(help="Rule profile from nvptool.yaml, e.g. strict.")
    ] = None,
    strict: Annotated[bool, typer.Option(help="Fail on warnings too.")] = False,
) -> None:
    """Check the plan: schema, cross-references and rules, with file:line:col for each problem."""
    from nvptool.direct import CheckOptions

    _direct(CheckOptions(plan_dir, fmt, tuple(select or ()), tuple(ignore or ()), profile, strict))


def _direct(options: CheckOptions | BuildOptions) -> NoReturn:
    """The command's body, shared with the entry point's direct way of running it."""
    from nvptool.direct import Refused, run

    try:
        code = run(options)
    except Refused as refused:
        typer.echo(str(refused), err=True)
        raise typer.Exit(refused.code) from None
    raise typer.Exit(code)


@app.command()
def export(
    plan_dir: PlanDir = Path("plan"),
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="json or csv.")] = (
        ExportFormat.json
    ),
    out: Annotated[
        Path | None, typer.Option(help="Directory for the CSV tables (one file per kind).")
    ] = None,
    bom: Annotated[
        bool, typer.Option("--bom", help="CSV for Excel: start each file with a byte-order mark.")
    ] = False,
    dictionary: Annotated[
        bool, typer.Option("--dictionary", help="Print the data dictionary (Markdown) instead.")
    ] = False,
) -> None:
    """Every object of the plan (key, kind, where it stands, its fields): JSON, or CSV tables.

    Writes: JSON to standard output; with --format csv, one KIND.csv per kind of
    object into --out and nothing else (a symbolic link or other special file in
    their place is refused, never followed).
    """
    import json

    from nvptool.export import csv_tables, data_dictionary, export_plan

    if out is not None and (dictionary or fmt == ExportFormat.json):
        printed = "the data dictionary" if dictionary else "JSON"
        typer.echo(
            f"error: --out {out}: {printed} goes to standard output (redirect it: > FILE); "
            "--out is the directory of --format csv's tables",
            err=True,
        )
        raise typer.Exit(2)
    plan = _load_clean(plan_dir, marks="objects")  # Every record gives its line.
    if dictionary:
        config = plan.config
        sys.stdout.write(data_dictionary(tuple(config.languages), config.source_language))
        return
    if fmt == ExportFormat.json:
        document = json.dumps(export_plan(plan), indent=2, ensure_ascii=False, allow_nan=False)
        sys.stdout.write(document + "\n")
        return
    if out is None:
        typer.echo("error: --format csv writes one table per kind: give --out DIR", err=True)
        raise typer.Exit(2)
    tables = csv_tables(plan)
    _write_output(out, tables, plan_dir, "utf-8-sig" if bom else "utf-8")
    typer.echo(f"wrote {len(tables)} tables to {out}")


def _write_one_file(out: Path | None, data: bytes, plan_dir: Path) -> None:
    """To the output, or to the file --out names, never inside the plan or .git."""
    from nvptool import templates_dir
    from nvptool.outdir import OutputError, refuse_inside
    from nvptool.roundtrip import replace_bytes
    from nvptool.site.publish import protected_paths

    if out is None:
        sys.stdout.buffer.write(data)
        return
    try:
        refuse_inside(out, protected_paths(plan_dir, templates_dir()))
    except OutputError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    replace_bytes(out, data)
    typer.echo(f"wrote {out}", err=True)


def _write_output(
    out: Path, files: dict[str, str], plan_dir: Path, encoding: str = "utf-8"
) -> list[str]:
    """Into the directory --out names, never inside the plan, the templates or .git."""
    return _write_bytes(
        out, {name: text.encode(encoding) for name, text in files.items()}, plan_dir
    )


def _write_bytes(out: Path, files: dict[str, bytes], plan_dir: Path) -> list[str]:
    from nvptool import templates_dir
    from nvptool.outdir import OutputError, write_binary_files
    from nvptool.site.publish import protected_paths

    try:
        return write_binary_files(out, files, protected_paths(plan_dir, templates_dir()))
    except OutputError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None


@app.command()
def schema(
    out: Annotated[Path, typer.Option(help="Directory for the schema files.")] = Path("schema"),
    check_only: Annotated[
        bool, typer.Option("--check", help="Only report stale schema files; exit 1 if any.")
    ] = False,
) -> None:
    """Write the JSON Schema of every plan file kind, for editors that validate while typing.

    Writes: the KIND.schema.json files that changed, into --out, and nothing else
    (a symbolic link or other special file in their place is refused).
    """
    from nvptool.outdir import OutputError
    from nvptool.schema import stale_schemas, write_schemas

    if check_only:
        stale = stale_schemas(out)
        for name in stale:
            typer.echo(f"{out / name}: stale; run 'nvptool schema --out {out}'", err=True)
        raise typer.Exit(1 if stale else 0)
    try:
        written = write_schemas(out)
    except OutputError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    for name in written:
        typer.echo(f"wrote {out / name}")


@app.command()
def build(
    plan_dir: PlanDir = Path("plan"),
    out: Annotated[Path, typer.Option(help="Directory of the built site.")] = Path("site"),
    strict: Annotated[bool, typer.Option(help="Refuse a plan with warnings too.")] = False,
    pdf: Annotated[
        bool, typer.Option(help="Also print each language's plan as a PDF (needs Chromium).")
    ] = False,
    since: Annotated[
        str | None,
        typer.Option(
            metavar="REV",
            help="Add a page of the changes since this git revision or tag of the plan.",
        ),
    ] = None,
    cycle: Annotated[
        str | None,
        typer.Option(
            help="The cycle the site shows (default: the newest that is not a draft, "
            "else the newest)."
        ),
    ] = None,
    site_url: Annotated[
        str | None,
        typer.Option(
            metavar="URL",
            help="The address the site is published at, the folder of /nl/ and /fr/ "
            "(default: site_url of nvptool.yaml; none: a domain's root).",
        ),
    ] = None,
) -> None:
    """Build the static site of the plan, one per language (/nl/, /fr/), from the checked plan.

    Writes: the directory --out, replaced as a whole in one step when the new site
    is complete, and while it works a staging directory .OUT.new-* beside it; the
    compiled templates and each page's converted Markdown, kept for the next build
    in jinja2's folder of this user in the temporary directory
    (NVPTOOL_NO_BUILD_CACHE=1: not kept). Refuses an
    --out that is, holds or lies inside the plan, the templates or the
    repository's .git, or that holds files nvptool did not build.
    """
    from nvptool.direct import BuildOptions

    _direct(BuildOptions(plan_dir, out, strict, pdf, since, cycle, site_url))


@app.command()
def report(
    year: Annotated[int, typer.Option(help="The year evaluated: a year of a cycle of the plan.")],
    plan_dir: Annotated[Path, typer.Option("--plan", help="The plan directory.")] = Path("plan"),
    lang: Annotated[
        str | None, typer.Option(help="Language of the report (default: the plan's source).")
    ] = None,
    fmt: Annotated[
        str,
        format_option(EVALUATION_FORMATS, "Output format: " + ", ".join(EVALUATION_FORMATS) + "."),
    ] = "md",
    out: Annotated[
        Path | None, typer.Option(help="The file to write (default: the terminal, for md).")
    ] = None,
    cycle: CycleOption = None,
) -> None:
    """The mid-term or final evaluation of the plan for a year, from its follow-up.

    The cycle's last year gives the final evaluation, an earlier one a mid-term
    evaluation. Writes: the file --out names (replaced as a whole), or the terminal.
    """
    from nvptool.evaluation.make import ReportError, make_report

    _require_dir(plan_dir)
    if EVALUATION_FORMATS[fmt].binary and out is None:
        typer.echo(f"error: --format {fmt} writes a file: name it with --out FILE", err=True)
        raise typer.Exit(2)
    try:
        data = make_report(plan_dir, year, lang, fmt, cycle)
    except ReportError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(error.exit_code) from None
    _write_one_file(out, data, plan_dir)


@app.command()
def serve(
    plan_dir: PlanDir = Path("plan"),
    port: Annotated[
        int, typer.Option(min=0, max=65535, help="Port on 127.0.0.1; 0: any free port.")
    ] = 8000,
    cycle: Annotated[
        str | None,
        typer.Option(
            help="The cycle the preview shows (default: the newest, a draft too; the plan in "
            "force while a next one is written: its id)."
        ),
    ] = None,
) -> None:
    """Preview the site while you write: every saved file updates the open page.

    Listens on 127.0.0.1 only (this machine). Shows the plan's errors over the
    page, which stays as it was before the error. Stop with Ctrl-C.

    Writes: the site into a temporary directory, removed on exit, and the compiled
    templates and converted pages, as build keeps them; nothing into the plan directory.
    """
    from nvptool import templates_dir
    from nvptool.site.build import BuildError, _require_site_stack

    _require_dir(plan_dir)
    try:
        _require_site_stack()
    except BuildError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    from nvptool.serve import ServeError
    from nvptool.serve import serve as run

    try:
        run(plan_dir, templates_dir(), port, lambda line: typer.echo(line, err=True), cycle)
    except ServeError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None


DIFF_CHOICES = "[" + "|".join(DIFF_FORMATS) + "]"


def _diff_format(name: str) -> str:
    from nvptool.diff.formats import FormatError, check_format

    try:
        return check_format(name)
    except FormatError as error:
        raise typer.BadParameter(str(error)) from None


@app.command()
def diff(
    sides: Annotated[
        list[str] | None,
        typer.Argument(help="Nothing, a revision, two revisions, two directories or two cycles."),
    ] = None,
    plan_dir: Annotated[Path, typer.Option("--plan", help="The plan directory.")] = Path("plan"),
    fmt: Annotated[
        str,
        typer.Option("--format", "-f", callback=_diff_format, metavar=DIFF_CHOICES),
    ] = "text",
    lang: Annotated[
        str | None,
        typer.Option(help="Language of the words and titles (default: the plan's source)."),
    ] = None,
    max_chars: Annotated[
        int | None,
        typer.Option(
            "--max-chars",
            min=0,
            help="Size budget: keep the summary and the most significant changes "
            "(Markdown default 60000, under GitHub's 65536; 0: everything).",
        ),
    ] = None,
    full_at: Annotated[
        str | None,
        typer.Option(help="Where the full diff is, for the note when changes are left out."),
    ] = None,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when there are changes, like git.")
    ] = False,
    kinds: Annotated[
        list[str] | None,
        typer.Option("--only", help="Only objects of this kind (theme, phenomenon, mapping…)."),
    ] = None,
) -> None:
    """What changed, object by object: between revisions, directories or plan cycles."""
    from nvptool import templates_dir
    from nvptool.diff.compare import compare, only
    from nvptool.diff.formats import FormatError
    from nvptool.diff.render import interface_texts, render
    from nvptool.diff.sides import Request, SideError, resolve
    from nvptool.load.schema_errors import did_you_mean
    from nvptool.load.sources import SourceError
    from nvptool.plan import OBJECT_KINDS

    for kind in kinds or ():
        if kind not in OBJECT_KINDS:
            guess = did_you_mean(kind, sorted(OBJECT_KINDS))
            advice = (
                f"did you mean '{guess}'?" if guess else "kinds: " + ", ".join(sorted(OBJECT_KINDS))
            )
            typer.echo(f"error: --only {kind}: no object is of that kind; {advice}", err=True)
            raise typer.Exit(2)
    try:
        old, new = resolve(Request(plan_dir, tuple(sides or ())))
    except (SideError, SourceError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    config = new.plan.config
    language = lang or config.source_language
    if language not in config.languages:
        known = ", ".join(config.languages)
        typer.echo(f"error: --lang {language}: the plan's languages are {known}", err=True)
        raise typer.Exit(2)
    try:
        texts = interface_texts(templates_dir(), language, config.source_language)
    except FormatError as error:
        typer.echo(f"error: --lang {language}: {error}", err=True)
        raise typer.Exit(2) from None
    result = only(compare(old, new, language), set(kinds or ()))
    colour = fmt == "text" and _colour()
    whole = _whole_diff(sides or [], plan_dir, fmt, lang, kinds or [])
    shown = render(result, fmt, templates_dir(), colour, max_chars, full_at, texts, whole)
    sys.stdout.write(shown)
    raise typer.Exit(1 if exit_code and not result.empty else 0)


i18n = typer.Typer(help="Translations: coverage, review, and translation work files.")

# The formats translators work in; the choices come from their registries.
WORK_CHOICES = choices(WORK_FORMATS)
MEMORY_CHOICES = choices(MEMORY_FORMATS)
app.add_typer(i18n, name="i18n")


def _load_clean(plan_dir: Path, marks: Marks | None = None) -> Plan:
    return _loaded_clean(plan_dir, marks).plan


def _loaded_clean(plan_dir: Path, marks: Marks | None = None) -> LoadResult:
    """The plan as read, when every file of it can be read (exit 1 otherwise)."""
    from nvptool.load.plan import load_plan

    _require_dir(plan_dir)
    loaded = load_plan(plan_dir, marks=marks)
    if loaded.problems:
        _echo_problems(loaded.problems)
        typer.echo("error: the plan has files that cannot be read; fix them first", err=True)
        raise typer.Exit(1)
    return loaded


def _refuse_added_errors(
    loaded: LoadResult,
    plan_dir: Path,
    edited: dict[Path, str],
    what: str,
    cause: Callable[[Finding], str | None] = lambda _: None,
) -> None:
    """Exit 2, writing nothing, when the edited files would give the plan new errors;
    `cause` says what in the command's input made an error, where it can tell."""
    from nvptool.check import errors_added
    from nvptool.findings import printable
    from nvptool.report.base import plural

    added = errors_added(loaded, plan_dir, edited)
    for finding in added:
        subject = f"{finding.object_id}: " if finding.object_id else ""
        typer.echo(f"refused: {subject}{printable(finding.message)} [{finding.code}]", err=True)
        if finding.hint:
            typer.echo(f"    hint: {printable(finding.hint)}", err=True)
        caused = cause(finding)
        if caused:
            typer.echo(f"    cause: {caused}", err=True)
    if added:
        typer.echo(
            f"error: {what} would give the plan {plural(len(added), 'error')} that it does not "
            "have; nothing was written",
            err=True,
        )
        raise typer.Exit(2)


def _echo_problems(problems: Iterable[tuple[str, Problem]]) -> None:
    from nvptool.findings import printable

    for code, problem in problems:
        where = printable(str(problem.location))
        typer.echo(f"{where}: error {code} {printable(problem.message)}", err=True)
        if problem.hint:
            typer.echo(f"    hint: {printable(problem.hint)}", err=True)


def _language(plan: Plan, lang: str | None) -> str:
    from nvptool.texts import translation_languages

    languages = translation_languages(plan)
    chosen = lang or (languages[0] if languages else None)
    if chosen is None or chosen not in languages:
        typer.echo(
            f"error: choose one of the translated languages: {', '.join(languages)}", err=True
        )
        raise typer.Exit(2)
    return chosen


@i18n.command("status")
def i18n_status(
    plan_dir: PlanDir = Path("plan"),
    fmt: Annotated[
        str, format_option(STATUS_FORMATS, "table (for people) or json (for tools).")
    ] = "table",
) -> None:
    """Translation coverage per language and kind: official, reviewed, machine, stale, missing."""
    import json

    from nvptool.i18n.status import as_dict, as_table, coverage

    report = coverage(_load_clean(plan_dir))
    if fmt == "json":
        typer.echo(json.dumps(as_dict(report), indent=2, allow_nan=False))
    else:
        typer.echo(as_table(report))


@i18n.command("confirm")
def i18n_confirm(
    target: Annotated[
        str,
        typer.Argument(help="A plan file, or the id or key of an object (nvp-2022-2025:drugs)."),
    ],
    plan_dir: Annotated[Path, typer.Option("--plan", help="The plan directory.")] = Path("plan"),
    lang: Annotated[str | None, typer.Option(help="Language to confirm.")] = None,
    everything: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Every translation of the target, reviewed whole, not only the stale ones.",
        ),
    ] = False,
) -> None:
    """Mark stale translations as reviewed against the current Dutch: they still hold.

    Only the translations whose Dutch changed since (check's TR02) are confirmed;
    with --all, every translation of the target, machine-made ones too, is marked
    reviewed. Nothing else in the file changes.

    Writes: in the plan files of the target, the state and source (fingerprint)
    values of its translations in --lang, adding a source line where one is
    missing; every other byte stays as it was.
    """
    from nvptool.i18n.work import AmbiguousTarget, confirmations, has_translations
    from nvptool.report.base import plural

    loaded = _loaded_clean(plan_dir)
    plan = loaded.plan
    language = _language(plan, lang)
    file = _plan_file(plan, plan_dir, target)
    try:
        found = confirmations(plan, file or target, language, everything)
    except AmbiguousTarget as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    if not found:
        if file is None and not any(target in {node.id, node.key} for node in plan.nodes):
            why = f"the plan has no object with the id '{target}' and no file {target}"
            hint = "give an object's id or key (as check names it) or a plan file's path"
            typer.echo(f"error: {why}; {hint}", err=True)
            raise typer.Exit(2)
        if not has_translations(plan, file or target, language):
            typer.echo(f"error: no {language} translation found for '{target}'", err=True)
            raise typer.Exit(2)
        more = "" if everything else " (--all marks the machine's as reviewed too)"
        typer.echo(
            f"nothing to confirm: every {language} translation of {target} translates the "
            f"current text{more}"
        )
        return
    files = _write_translations(loaded, plan_dir, found, f"confirming {target}")
    typer.echo(
        f"confirmed {plural(len(found), language + ' text')} in {plural(len(files), 'file')}"
    )


@i18n.command("extract")
def i18n_extract(
    plan_dir: PlanDir = Path("plan"),
    lang: Annotated[str | None, typer.Option(help="Language to translate into.")] = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Every text, not only missing and stale ones.")
    ] = False,
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"Work format: {WORK_CHOICES}.")] = (
        "yaml"
    ),
    states: Annotated[
        list[str] | None,
        typer.Option(
            "--state", help="Only texts in this state: missing, stale, machine, reviewed, official."
        ),
    ] = None,
    files: Annotated[list[str] | None, typer.Option("--file", help="Only this plan file.")] = None,
    objects: Annotated[
        list[str] | None,
        typer.Option("--object", help="Only this object (id or key) and what it contains."),
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Write here instead of to the output.")] = None,
) -> None:
    """Write a translation work file: the texts to translate, with their source and context.

    Writes: the work file to standard output, or to the file --out names (replaced
    whole; never a file inside the plan, the templates or .git).
    """
    from nvptool.i18n.extraction import ExtractError, extract_work

    plan = _load_clean(plan_dir, marks="values")  # A work file gives each text's line.
    language = _language(plan, lang)
    try:
        extraction = extract_work(
            plan, language, fmt, everything, states or [], files or [], objects or []
        )
    except ExtractError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    _write_one_file(out, extraction.data, plan_dir)
    typer.echo(extraction.summary(language), err=True)


@i18n.command("apply")
def i18n_apply(
    work_file: Annotated[
        Path, typer.Argument(help="A filled-in work file: nvptool's YAML, or XLIFF 1.2 or 2.0.")
    ],
    plan_dir: Annotated[Path, typer.Option("--plan", help="The plan directory.")] = Path("plan"),
) -> None:
    """Put the translations of a work file beside their source texts, with their fingerprints.

    Writes: in the plan files the work file names, the text, state and source
    lines of the translations in its language; every other byte stays as it was.
    """
    from nvptool.i18n.formats import looks_like_xml
    from nvptool.load.sources import read_regular_file
    from nvptool.load.yamlsource import WORK_FILES
    from nvptool.report.base import plural

    loaded = _loaded_clean(plan_dir)
    plan = loaded.plan
    raw, unreadable = read_regular_file(work_file, WORK_FILES)
    if raw is None:
        why = unreadable.message if unreadable else "cannot read the file"
        typer.echo(f"error: {work_file}: {why}", err=True)
        raise typer.Exit(2)
    if looks_like_xml(raw):
        accepted, refused, summary = _xliff_changes(plan, raw, str(work_file))
    else:
        accepted, refused, summary = _yaml_changes(plan, raw, work_file)
    for reason in refused:
        typer.echo(f"refused: {reason}", err=True)
    files = _write_translations(loaded, plan_dir, accepted, f"the work file {work_file}")
    for line in summary:
        typer.echo(line)
    typer.echo(f"applied {plural(len(accepted), 'translation')} to {plural(len(files), 'file')}")
    raise typer.Exit(1 if refused else 0)


def _plan_file(plan: Plan, plan_dir: Path, target: str) -> str | None:
    """The plan's own name of the file target names, from here or from the plan directory."""
    for candidate in (Path(target), plan_dir / target):
        if candidate.is_file():
            real = candidate.resolve()
            for file in plan.files:
                if Path(file.path).resolve() == real:
                    return file.path
    return None


def _write_translations(
    loaded: LoadResult, plan_dir: Path, changes: list[Change], what: str
) -> list[Path]:
    """The changes written into their plan files, all or none; none when they would give
    the plan errors it does not have (exit 2), or when a file cannot be edited (exit 1)."""
    from nvptool.i18n.edit import EditError, planned_edits, write_edits
    from nvptool.model.text import TranslationState
    from nvptool.rules.official_provenance import CODE as UNSOURCED_OFFICIAL

    try:
        planned = planned_edits(changes)
    except EditError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    official = any(change.state == TranslationState.official for change in changes)

    def cause(finding: Finding) -> str | None:
        if finding.code != UNSOURCED_OFFICIAL or not official:
            return None
        return (
            f"{what} marks translations official (XLIFF state 'final', or 'state: official'): "
            "official means an authority published these words, and the plan says where; "
            "mark them reviewed ('reviewed' or 'signed-off'), unless it did"
        )

    _refuse_added_errors(loaded, plan_dir, planned, what, cause)
    write_edits(planned)
    return list(planned)


def _refuse_work_language(plan: Plan, language: str, raw: bytes, display: str) -> None:
    """Translations go only into languages the plan translates into: never over the
    source texts, never into a language the plan does not publish."""
    from nvptool.load.yamlsource import read_yaml
    from nvptool.texts import translation_languages

    allowed = translation_languages(plan)
    if language in allowed:
        return
    where = read_yaml(raw, display).source.value(("language",))
    if language == plan.config.source_language:
        why = f"'{language}' is the source language; its texts are not translations"
    else:
        why = f"the plan does not publish '{language}' (languages in nvptool.yaml)"
    typer.echo(f"{where}: error: {why}; nothing applied", err=True)
    typer.echo(f"    hint: set language: to one of {', '.join(allowed) or '(none)'}", err=True)
    raise typer.Exit(2)  # The work file given, not the plan, is at fault.


Decided = tuple[list["Change"], list[str], list[str]]
"""The edits a returned work file asks for, the refusals, and a summary."""


def _yaml_changes(plan: Plan, raw: bytes, work_file: Path) -> Decided:
    from nvptool.i18n.work import WorkFile, changes
    from nvptool.load.plan import read_model
    from nvptool.load.yamlsource import WORK_FILES

    work, problems = read_model(WorkFile, raw, str(work_file), WORK_FILES)
    if work is None:
        _echo_problems(problems)
        typer.echo(f"error: {work_file} is not a translation work file; nothing applied", err=True)
        raise typer.Exit(2)
    _refuse_work_language(plan, work.language, raw, str(work_file))
    accepted, refused = changes(plan, work)
    return accepted, refused, []


def _xliff_changes(plan: Plan, raw: bytes, name: str) -> Decided:
    from nvptool.i18n.extraction import returned_changes
    from nvptool.i18n.xmlread import FormatError

    try:
        outcome = returned_changes(plan, raw, name)
    except FormatError as error:
        typer.echo(f"error: {error}; nothing applied", err=True)
        raise typer.Exit(2) from None
    summary = [f"changed {line}" for line in outcome.described]
    summary += [f"left: {line}" for line in outcome.left]
    summary.append(
        f"{outcome.unchanged} units unchanged, {outcome.unfinished} not finished "
        f"(new or still to review: left as they are), {len(outcome.refused)} refused"
    )
    return outcome.changes, outcome.refused, summary


@i18n.command("tm")
def i18n_tm(
    plan_dir: PlanDir = Path("plan"),
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"{MEMORY_CHOICES}.")] = "tmx",
    lang: Annotated[str | None, typer.Option(help="The translated language.")] = None,
    machine: Annotated[
        bool, typer.Option("--machine", help="Machine translations too, marked as such.")
    ] = False,
    out: Annotated[Path | None, typer.Option(help="Write here instead of to the output.")] = None,
) -> None:
    """Translation memory (reviewed and official pairs) or the glossary as a termbase.

    Writes: to standard output, or to the file --out names (replaced whole; never a
    file inside the plan, the templates or .git).
    """
    from nvptool.texts import hidden_character, text_refs

    plan = _load_clean(plan_dir)
    if fmt not in MEMORY_FORMATS:
        typer.echo(f"error: --format {fmt}: choose one of {choices(MEMORY_FORMATS)}", err=True)
        raise typer.Exit(2)
    hidden = hidden_character(text_refs(plan))
    if hidden:
        typer.echo(f"error: {hidden}", err=True)
        raise typer.Exit(2)
    data: bytes = MEMORY_FORMATS[fmt].function("write_memory")(plan, _language(plan, lang), machine)
    _write_one_file(out, data, plan_dir)


cycle = typer.Typer(help="Plan cycles.")
app.add_typer(cycle, name="cycle")

# The follow-up's reporting spreadsheets (nvptool/followup/cli.py).
app.add_typer(follow_up, name="follow-up")


@cycle.command("new")
def cycle_new(
    new_id: Annotated[str, typer.Argument(help="Id of the new cycle, e.g. nvp-2026-2029.")],
    from_id: Annotated[str, typer.Option("--from", help="The cycle to start from.")],
    plan_dir: Annotated[Path, typer.Option("--plan", help="The plan directory.")] = Path("plan"),
) -> None:
    """Start the next cycle as a draft copy of another, with successor links.

    Writes: the new directory PLAN/cycles/NEW_ID/ only; no existing file changes.
    """
    from nvptool import templates_dir
    from nvptool.cycles import CycleError, new_cycle, plan_cycles
    from nvptool.interface import InterfaceError, read_interface

    plan = _load_clean(plan_dir)
    source = plan.config.source_language
    earlier = next((n for n in plan.of_kind("cycle") if n.id == from_id), None)
    try:  # The reason of each successor link, in every language the plan is published in,
        # naming the earlier cycle as its readers know it ("Nationaal Veiligheidsplan …").
        reasons = {
            lang: str(read_interface(templates_dir(), lang, source)["carried_over"]).replace(
                "{cycle}", _cycle_name(earlier, lang, source) or from_id
            )
            for lang in plan.config.languages
        }
    except InterfaceError as error:
        typer.echo(f"error: the interface texts cannot be used:\n{error}", err=True)
        raise typer.Exit(2) from None
    try:
        created = new_cycle(plan_dir, new_id, from_id, source, plan_cycles(plan), reasons)
    except CycleError as error:  # The command line's ids and period: a usage error.
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"created {created}: a draft following {from_id}; run 'nvptool check'")


def _whole_diff(
    sides: list[str], plan_dir: Path, fmt: str, lang: str | None, kinds: list[str]
) -> str:
    """The command that shows this diff whole: its sides and options, without a budget."""
    import shlex

    words = ["nvptool", "diff", *sides]
    if plan_dir != Path("plan"):
        words += ["--plan", str(plan_dir)]
    words += ["--lang", lang] if lang else []
    for kind in kinds:
        words += ["--only", kind]
    return shlex.join([*words, "--format", fmt, "--max-chars", "0"])


def _cycle_name(cycle: Node | None, lang: str, source: str) -> str | None:
    """A cycle's short title (else its title) in a language, else in the source's."""
    if cycle is None:
        return None
    for text in (cycle.obj.short_title, cycle.obj.title):
        if text is not None and (words := text.get(lang) or text.get(source)):
            return " ".join(str(words).split())
    return None


@app.command()
def rules() -> None:
    """List every code with its name, severity and summary."""
    from nvptool.rules import catalogue

    for entry in catalogue():
        typer.echo(f"{entry.code}  {entry.name:24} {entry.severity:8} {entry.summary}")


@app.command()
def init(
    target: Annotated[Path, typer.Argument(help="The directory of the new plan repository.")],
    cycle_id: Annotated[
        str, typer.Option("--cycle", help="Id of the first cycle, e.g. zvp-2026-2031.")
    ] = "plan-2026-2029",
    source: Annotated[
        str | None,
        typer.Option(
            help="The git repository plan repositories install nvptool from "
            "(default: the one this nvptool was installed from)."
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option(help="Add the missing files to a directory that is not empty.")
    ] = False,
) -> None:
    """Start a plan repository: a plan that passes check, schemas, hooks, CI and editor settings.

    Writes: new files below TARGET only; a file (or link) already there is kept as it
    is, never overwritten or followed.
    """
    from nvptool.provenance import installed_source
    from nvptool.scaffold import Options, refusal, scaffold, skipped, usable_source

    options = Options(cycle=cycle_id, source=source or usable_source(installed_source()))
    refused = refusal(options)
    if refused:
        typer.echo(f"error: {refused}", err=True)
        raise typer.Exit(2)
    if target.exists() and not target.is_dir():
        typer.echo(f"error: {target} is a file, not a directory", err=True)
        raise typer.Exit(2)
    if target.is_dir() and any(target.iterdir()) and not force:
        typer.echo(
            f"error: {target} is not empty; nvptool init starts a new repository "
            "(--force adds only the files that are missing)",
            err=True,
        )
        raise typer.Exit(2)
    written, kept = [], []
    for name, text in scaffold(options).items():
        path = target / name
        if path.exists() or path.is_symlink():
            kept.append(name)  # Never overwrite a file the user has, nor follow a link.
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(name)
    for name in kept:
        typer.echo(f"kept {target / name} (it exists)", err=True)
    for name in sorted(skipped(options)):
        typer.echo(
            f"left out {name}: it needs nvptool's git repository"
            + (" on GitHub" if options.source else "")
            + "; give it with --source https://…/nvptool (the repository holding the tag "
            f"v{options.version})",
            err=True,
        )
    typer.echo(f"wrote {len(written)} files to {target}; next: cd {_quoted(target)} && git init")
    typer.echo("then: nvptool check plan, nvptool build plan, pre-commit install")


def _quoted(path: Path) -> str:
    """A path as a POSIX shell reads it back, for a command to copy."""
    import shlex

    return shlex.quote(str(path))


# The command line's own surface: version, completion, colour and tidy help.


def _show_version(value: bool) -> None:
    if value:
        from nvptool import __version__

        typer.echo(f"nvptool {__version__}")
        raise typer.Exit(0)


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Plan-as-code toolchain for the Belgian National Security Plan."""


def _colour() -> bool:
    from nvptool.entry import terminal_colour

    return terminal_colour()


_VALUE_NAMES = {"fmt": "FORMAT", "select": "RULE", "ignore": "RULE", "kinds": "KIND", "out": "DIR"}
"""How help names an option's value, where the parameter's own name would not say it."""


def _tidy_help(command: Any) -> None:
    """Help that names values in words (FORMAT, RULE...), never <list[str]> or <bool>.

    Choices are listed in an option's help text, so a narrow terminal wraps between
    words rather than inside a choice; a flag shows no value at all.
    """
    help_option = command.get_help_option(typer.Context(command))
    for param in [*command.params, *([help_option] if help_option else [])]:
        flag = getattr(param, "is_flag", False) or param.name == "version"
        words = param.metavar or _VALUE_NAMES.get(param.name, (param.name or "").upper())
        if param.param_type_name == "argument":
            param.metavar = words  # Named in the usage line and its own column.
        shown = "" if flag or param.param_type_name == "argument" else words
        if param.nargs != 1 and shown:
            shown += "..."
        setattr(param, "display_type_rich", lambda ctx, shown=shown: shown)  # noqa: B010
    for sub in getattr(command, "commands", {}).values():
        _tidy_help(sub)


def main() -> None:
    """The full command line: run the app, and turn any unexpected failure into exit code 2."""
    from nvptool.entry import unexpected

    try:
        command = typer.main.get_command(app)
        _tidy_help(command)
        code = command.main(prog_name="nvptool", standalone_mode=False)
    except typer.Exit as done:
        code = done.exit_code
    except typer.Abort:
        typer.echo("aborted", err=True)
        code = 2
    except Exception as error:
        show = getattr(error, "show", None)
        if callable(show) and hasattr(error, "exit_code"):
            show()  # A usage error: the command line was not understood.
            sys.exit(2)
        code = unexpected(error)
    except KeyboardInterrupt as error:
        code = unexpected(error)
    sys.exit(code if isinstance(code, int) else 0)
