"""The `nvptool` command's entry point: `check` and `build` run directly when their command
line is plain (nvptool.direct), every other through the full command line (nvptool.cli);
and what every command's process shares: how it leaves, how it tells a failure nobody
expected, whether its report is in colour."""

from __future__ import annotations

import errno
import gc
import importlib
import os
import sys
from types import ModuleType
from typing import NoReturn


def main() -> None:
    """Entry point: `check` and `build` directly when their command line is plainly well
    formed (nvptool.direct); any other through the full command line."""
    # Pydantic plugins observe an application's validation; nvptool's models are its own,
    # and looking for plugins means reading every installed package's metadata.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    defer_package_metadata()
    from nvptool import direct

    options = None if "_NVPTOOL_COMPLETE" in os.environ else direct.read(sys.argv[1:])
    if options is None:
        from nvptool.cli import main as full_command_line

        full_command_line()
        return
    # The command builds the plan's objects once and ends (leave): the cyclic collector's
    # passes over them find nothing to free, and cost 4 % of the real plan's check
    # (measured: the same peak memory at 100,000 objects).
    gc.disable()
    try:
        code = direct.run(options, read_ahead=True)
    except direct.Refused as refused:
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
