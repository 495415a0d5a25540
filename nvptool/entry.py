"""The `nvptool` command's entry point, and `check` without building the whole command line.

`nvptool check` is what writers and CI run most; building the typer application
(click, typer's pydantic adapters for every option, rich) cost more than reading
the plan. A well-formed `check` command line (only check's own options, each
with a value it accepts) is therefore read here and run directly; anything else
(help, a mistyped option, a bad value, other commands) goes to the full command
line in nvptool.cli, which gives the same help and errors as ever. Both run the
same command body, `run_check`.
"""

from __future__ import annotations

import errno
import gc
import importlib
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from nvptool.load.readahead import ReadAhead


@dataclass(frozen=True)
class CheckOptions:
    """The options of `nvptool check`, as the command line gave them."""

    plan_dir: Path = Path("plan")
    fmt: str = "text"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    profile: str | None = None
    strict: bool = False


class Refused(Exception):
    """A command line that cannot run: the message for standard error, and the exit code."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def main() -> None:
    """Entry point: `check` directly when its command line is plainly well formed."""
    # Pydantic plugins observe an application's validation; nvptool's models are its own,
    # and looking for plugins means reading every installed package's metadata.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    defer_package_metadata()
    options = None if "_NVPTOOL_COMPLETE" in os.environ else check_options(sys.argv[1:])
    if options is None:
        from nvptool.cli import main as full_command_line

        full_command_line()
        return
    # The check builds the plan's objects once and ends (leave): the cyclic collector's
    # passes over them find nothing to free, and cost 4 % of the real plan's check
    # (measured: the same peak memory at 100,000 objects).
    gc.disable()
    try:
        code = run_check(options, read_ahead=True)
    except Refused as refused:
        from typer import echo  # The very function the full command line writes errors with.

        echo(str(refused), err=True)
        code = refused.code
    except (KeyboardInterrupt, Exception) as error:
        code = _failed(error)
    leave(code)


def leave(code: int) -> NoReturn:
    """End the process once its report is out, without taking apart what it read.

    The interpreter's shutdown frees the plan's objects one by one: about 7 ms of the
    real plan's check, which nobody waits for. The readers and workers were waited for
    already, and nothing else holds a file.
    """
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (KeyboardInterrupt, Exception) as error:
        code = _failed(error)
    os._exit(code)


def _failed(error: BaseException) -> int:
    """The exit code of a check that failed; a reader of its report that went away (as in
    `nvptool check | head -1`) is not told, and exits 1, as the full command line (click)."""
    if isinstance(error, OSError) and error.errno == errno.EPIPE:
        return 1
    return unexpected(error)


PARALLEL_RULES_BYTES = 256 * 1024

METADATA = "importlib.metadata"


class _MetadataWhenRead(ModuleType):
    """importlib.metadata, imported only once something reads from it.

    pydantic imports `entry_points` from it as it builds the first model, to look for
    plugins, which nvptool turns off: importing it (and email, zipfile, csv ...) cost
    about 9 ms of the real plan's check. `entry_points` is therefore handed out as
    a function that imports the module when it is called; anything else imports the
    module as it is read, and is then the module's own.
    """

    def __getattr__(self, name: str) -> object:
        if name == "entry_points":
            return _entry_points
        if name.startswith("__"):  # What the import system asks of a module, e.g. __path__.
            raise AttributeError(name)
        return getattr(_package_metadata(), name)


def _entry_points(**selection: object) -> object:
    return _package_metadata().entry_points(**selection)


def _package_metadata() -> ModuleType:
    if isinstance(sys.modules.get(METADATA), _MetadataWhenRead):
        del sys.modules[METADATA]
    return importlib.import_module(METADATA)


def defer_package_metadata() -> None:
    """Import importlib.metadata when it is read, not when it is named (unless it is in).

    It stands where the import system puts a module: in sys.modules, and as an attribute
    of its package (for `import importlib.metadata` and `importlib.metadata.version`).
    """
    if METADATA not in sys.modules:
        sys.modules[METADATA] = importlib.metadata = _MetadataWhenRead(METADATA)


_VALUED = {"--format": "fmt", "-f": "fmt", "--select": "select", "--ignore": "ignore"}
_VALUED["--profile"] = "profile"
_FLAGS = {"--strict": True, "--no-strict": False}


def check_options(args: list[str]) -> CheckOptions | None:
    """The options of a `check` command line, or None when the full command line must read it.

    None for anything out of the ordinary: --help, an unknown or abbreviated option,
    a missing, empty or dash-led value, a second directory, '--', a format that is
    not one of the registry's, or a directory argument that typer would refuse.
    """
    if not args or args[0] != "check":
        return None
    values: dict[str, str] = {}
    lists: dict[str, list[str]] = {"select": [], "ignore": []}
    strict = False
    positional: list[str] = []
    rest = args[1:]
    while rest:
        token = rest.pop(0)
        name, equals, attached = token.partition("=")
        if token in _FLAGS:
            strict = _FLAGS[token]
            continue
        if name in _VALUED and (token == name or (equals and name.startswith("--"))):
            if not equals:
                if not rest:
                    return None
                attached = rest.pop(0)
            if not _plain(attached):
                return None
            field = _VALUED[name]
            if field in lists:
                lists[field].append(attached)
            else:
                values[field] = attached
            continue
        if token.startswith("-") or not _plain(token) or positional:
            return None
        positional.append(token)
    if values.get("fmt", "text") not in _report_formats():
        return None
    plan_dir = positional[0] if positional else "plan"
    if positional and not _directory_argument(plan_dir):
        return None
    return CheckOptions(
        Path(plan_dir),
        values.get("fmt", "text"),
        tuple(lists["select"]),
        tuple(lists["ignore"]),
        values.get("profile"),
        strict,
    )


def _plain(value: str) -> bool:
    """A value the full command line would take as it is (no dash, NUL or undecodable byte)."""
    if not value or value.startswith("-") or "\0" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _directory_argument(value: str) -> bool:
    """Whether typer would accept this directory argument (not a file, readable if it exists)."""
    try:
        found = os.stat(value)
    except OSError:
        return True  # A missing directory is the command's own error, not typer's.
    except ValueError:
        return False
    return not stat.S_ISREG(found.st_mode) and os.access(value, os.R_OK)


def _report_formats() -> tuple[str, ...]:
    from nvptool.report import FORMATS

    return tuple(FORMATS)


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


def terminal_colour() -> bool:
    """Colour on a terminal; NO_COLOR (when not empty) turns it off, FORCE_COLOR on.

    rich decides; but with no terminal and no variable that forces one it can only
    say no, and is not imported to say it.
    """
    forced = any(name in os.environ for name in ("FORCE_COLOR", "TTY_COMPATIBLE"))
    try:
        terminal = sys.stdout.isatty()
    except ValueError:
        terminal = False
    if not forced and not terminal:
        return False
    from rich.console import Console

    console = Console(file=sys.stdout)
    return console.color_system is not None and not console.no_color


def unexpected(error: BaseException) -> int:
    """The exit code of a failure no command expected, told in words (never a traceback)."""
    from typer import echo

    if isinstance(error, KeyboardInterrupt):
        echo("aborted", err=True)
        return 2
    if isinstance(error, OSError):
        # The machine, not the plan nor nvptool: a full disk, a path that cannot be written.
        where = f"{error.filename}: " if error.filename else ""
        echo(f"error: {where}{error.strerror or error}", err=True)
        return 2
    if os.environ.get("NVPTOOL_DEBUG"):
        raise error
    echo(f"internal error: {type(error).__name__}: {error}", err=True)
    echo("please report this; NVPTOOL_DEBUG=1 shows the details", err=True)
    return 2
