"""`check` and `build` run without building the whole command line.

They are what writers and CI run most; building the typer application (click,
typer's pydantic adapters for every option, rich) cost more than reading the
plan. A plain command line of either (only the command's own options, each with
a value the full command line accepts as it is) is therefore read here, by the
command's grammar, and run directly; anything else (help, a mistyped option, a
bad value, other commands) goes to the full command line in nvptool.cli, which
gives the same help and errors as ever. Both run the same command bodies,
`run_check` and `run_build`.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct, field

if TYPE_CHECKING:
    from nvptool.load.readahead import ReadAhead


class Refused(Exception):
    """A command line that cannot run: the message for standard error, and the exit code."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


class CheckOptions(Struct, frozen=True):
    """The options of `nvptool check`, as the command line gave them."""

    plan_dir: Path = Path("plan")
    fmt: str = "text"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    profile: str | None = None
    strict: bool = False


class BuildOptions(Struct, frozen=True):
    """The options of `nvptool build`, as the command line gave them."""

    plan_dir: Path = Path("plan")
    out: Path = Path("site")
    strict: bool = False
    pdf: bool = False
    since: str | None = None
    cycle: str | None = None
    site_url: str | None = None


Options = CheckOptions | BuildOptions


class Grammar(Struct, frozen=True):
    """A command's plain command line: its options by spelling, and which values of theirs
    the full command line takes as they are (others go to it, to be refused in its words)."""

    valued: Mapping[str, str]
    """An option followed by its value: the field it gives."""
    flags: Mapping[str, tuple[str, bool]] = field(default_factory=dict)
    """A flag: the field it sets, to what."""
    repeated: frozenset[str] = frozenset()
    """The fields that keep every value given, in order."""
    accepts: Mapping[str, Callable[[str], bool]] = field(default_factory=dict)
    """A field's values the full command line takes as they are; every plain one if none."""


def read(args: list[str]) -> Options | None:
    """The options of a plain `check` or `build` command line, or None when the full command
    line must read it.

    None for anything out of the ordinary: --help, an unknown or abbreviated option,
    a missing, empty or dash-led value, a second directory, '--', a value that the
    full command line would refuse (a format not in the registry, a directory argument
    that is a file or cannot be read).
    """
    if not args or args[0] not in GRAMMARS:
        return None
    grammar, make = GRAMMARS[args[0]]
    given = _fields(grammar, args[1:])
    if given is None:
        return None
    return make(given)


Given = dict[str, object]


def _fields(grammar: Grammar, rest: list[str]) -> Given | None:
    """The fields a command line gives (the plan directory as plan_dir), or None."""
    given: Given = {name: [] for name in grammar.repeated}
    rest = list(rest)
    while rest:
        token = rest.pop(0)
        name, equals, value = token.partition("=")
        if token in grammar.flags:
            field_name, flag = grammar.flags[token]
            given[field_name] = flag
            continue
        if name in grammar.valued and (token == name or (equals and name.startswith("--"))):
            if not equals:
                if not rest:
                    return None
                value = rest.pop(0)
            field_name = grammar.valued[name]
            if not _plain(value) or not grammar.accepts.get(field_name, _plain)(value):
                return None
            values = given.get(field_name)
            if isinstance(values, list):
                values.append(value)
            else:
                given[field_name] = value
            continue
        if token.startswith("-") or not _plain(token) or "plan_dir" in given:
            return None
        if not _path_argument(token, file_okay=False):
            return None
        given["plan_dir"] = token
    return given


def _plain(value: str) -> bool:
    """A value the full command line would take as it is (no dash, NUL or undecodable byte)."""
    if not value or value.startswith("-") or "\0" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _path_argument(value: str, file_okay: bool = True) -> bool:
    """Whether typer would take this path as it is: readable if it exists (and not a file,
    where only a directory will do)."""
    try:
        found = os.stat(value)
    except OSError:
        return True  # A missing path is the command's own error, not typer's.
    except ValueError:
        return False
    if not file_okay and stat.S_ISREG(found.st_mode):
        return False
    return os.access(value, os.R_OK)


def _report_format(value: str) -> bool:
    from nvptool.report import FORMATS

    return value in FORMATS


def _path(given: Given, name: str, default: str) -> Path:
    return Path(str(given.get(name, default)))


def _text(given: Given, name: str) -> str | None:
    value = given.get(name)
    return None if value is None else str(value)


def _words(given: Given, name: str) -> tuple[str, ...]:
    value = given.get(name)
    return tuple(value) if isinstance(value, list) else ()


def _check_options(given: Given) -> CheckOptions:
    fmt = _text(given, "fmt") or "text"
    strict = given.get("strict") is True
    select, ignore = _words(given, "select"), _words(given, "ignore")
    profile = _text(given, "profile")
    return CheckOptions(_path(given, "plan_dir", "plan"), fmt, select, ignore, profile, strict)


def _build_options(given: Given) -> BuildOptions:
    return BuildOptions(
        _path(given, "plan_dir", "plan"),
        _path(given, "out", "site"),
        strict=given.get("strict") is True,
        pdf=given.get("pdf") is True,
        since=_text(given, "since"),
        cycle=_text(given, "cycle"),
        site_url=_text(given, "site_url"),
    )


STRICT = {"--strict": ("strict", True), "--no-strict": ("strict", False)}

GRAMMARS: dict[str, tuple[Grammar, Callable[[Given], Options]]] = {
    "check": (
        Grammar(
            valued={
                **{"--format": "fmt", "-f": "fmt", "--profile": "profile"},
                **{"--select": "select", "--ignore": "ignore"},
            },
            flags=STRICT,
            repeated=frozenset({"select", "ignore"}),
            accepts={"fmt": _report_format},
        ),
        _check_options,
    ),
    "build": (
        Grammar(
            valued={
                **{"--out": "out", "--since": "since", "--cycle": "cycle"},
                "--site-url": "site_url",
            },
            flags={**STRICT, "--pdf": ("pdf", True), "--no-pdf": ("pdf", False)},
            accepts={"out": _path_argument},
        ),
        _build_options,
    ),
}
"""The commands read here, each with its options (as nvptool.cli declares them)."""


def run(options: Options, read_ahead: bool = False) -> int:
    """The command the options are of; its exit code. Raises Refused. read_ahead is the
    check's (run_check); the build always reads ahead, as its typer command did."""
    if isinstance(options, BuildOptions):
        return run_build(options)
    return run_check(options, read_ahead)


PARALLEL_RULES_BYTES = 256 * 1024


def run_check(options: CheckOptions, read_ahead: bool = False) -> int:
    """`nvptool check`: the report on standard output; the exit code. Raises Refused.

    With read_ahead (the command's own process), the plan's files are parsed by
    forked readers while the rest of nvptool is imported (nvptool.load.readahead).
    """
    if not read_ahead:
        return _check(options, None)
    from nvptool.load.readahead import plan_read_ahead

    with plan_read_ahead(options.plan_dir) as ahead:
        return _check(options, ahead)


def _check(options: CheckOptions, ahead: ReadAhead | None) -> int:
    from nvptool import __version__
    from nvptool.check import effective_settings, run_checks, unknown_selector
    from nvptool.entry import terminal_colour
    from nvptool.findings import Location, Severity
    from nvptool.load.plan import load_plan
    from nvptool.load.sources import not_a_plan
    from nvptool.parallel import cores
    from nvptool.report import render
    from nvptool.report.base import Report
    from nvptool.rules import catalogue

    # A typo in --select would run nothing and pass: refuse words that name no rule.
    for option, words in (("--select", options.select), ("--ignore", options.ignore)):
        for word in words:
            problem = unknown_selector(word, Location(option))
            if problem is not None:
                raise Refused(f"error: {option} {word}: {problem.message}; {problem.hint}")
    plan_dir = options.plan_dir
    if not plan_dir.is_dir():
        raise Refused(f"error: '{plan_dir}' is not a directory")
    not_plan = None if ahead is not None else not_a_plan(plan_dir)  # Read ahead: known one.
    if not_plan is not None:
        raise Refused(f"error: {not_plan}")
    loaded = load_plan(plan_dir, ahead)
    config = loaded.plan.config
    profile = options.profile
    if profile is not None and profile not in config.profiles:
        known = ", ".join(sorted(config.profiles)) or "none"
        raise Refused(f"error: no profile '{profile}' in nvptool.yaml (profiles: {known})")
    settings = effective_settings(config, profile, options.select, options.ignore)
    # From a quarter of a MiB of plan (the real plan has 880 KiB), the rules are worth
    # several processes (measured: below, the fork costs more than it saves).
    jobs = cores() if ahead is not None and ahead.size >= PARALLEL_RULES_BYTES else 1
    result = run_checks(loaded, settings, jobs=jobs)
    if options.strict:
        result = result.strictly()
    checked = sorted(
        {f.path for f in loaded.plan.files} | {p.location.file for _, p in loaded.problems}
    )
    if not checked and loaded.config_source is None:
        # A mistyped path in CI must not pass as a clean plan.
        raise Refused(f"error: {plan_dir} holds no plan files (*.yaml); nothing to check")
    colour = options.fmt == "text" and terminal_colour()
    report = Report(result, checked, catalogue(), __version__, colour)
    sys.stdout.write(render(report, options.fmt))
    return 1 if result.count(Severity.error) else 0


def run_build(options: BuildOptions) -> int:
    """`nvptool build`: what it does on standard error, the pages on standard output; the
    exit code. Raises Refused."""
    from nvptool import templates_dir
    from nvptool.load.readahead import plan_read_ahead
    from nvptool.load.sources import not_a_plan
    from nvptool.site import SITE_MARKS
    from nvptool.site.prefetch import prefetch

    plan_dir = options.plan_dir
    problem = f"'{plan_dir}' is not a directory" if not plan_dir.is_dir() else not_a_plan(plan_dir)
    if problem is not None:
        raise Refused(f"error: {problem}")
    # The plan's files parsed by readers while the site's engine is imported (a tenth of a
    # second of the real plan's build); where its objects stand is recorded, as every page
    # shows their lines. What every build makes the same is made meanwhile too.
    with (
        plan_read_ahead(plan_dir, marks=SITE_MARKS) as ahead,
        prefetch(templates_dir()) as prefetched,
    ):
        from nvptool.site.build import BuildError, UsageError, build_site

        try:
            result = build_site(
                plan_dir,
                options.out,
                strict=options.strict,
                pdf=options.pdf,
                progress=say,
                since=options.since,
                cycle_id=options.cycle,
                site_url=options.site_url,
                ahead=ahead,
                prefetched=prefetched,
            )
        except UsageError as error:
            raise Refused(f"error: {error}") from None
        except BuildError as error:
            raise Refused(f"error: {error}", 1) from None
    from nvptool.findings import printable

    for finding in result.check.findings:  # Only warnings: a plan with errors is not built.
        where = printable(str(finding.location))
        say(f"{where}: warning {finding.code} {printable(finding.message)}")
    languages = ", ".join(f"{options.out}/{lang}/" for lang in result.languages)
    print(f"built {result.pages} pages: {languages}", flush=True)
    return 0


def say(line: str) -> None:
    """A line of what a command does, on standard error, out at once (as click's echo)."""
    sys.stderr.write(line + "\n")
    sys.stderr.flush()
