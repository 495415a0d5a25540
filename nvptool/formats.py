"""What every registry of file formats holds: an entry per format, whose module is imported
only when that format is used, and the command line's words for the choices.

The registries themselves stand with their commands (nvptool.i18n.formats for
translators, nvptool.followup.formats for reporting spreadsheets); the check's
report formats are nvptool.report's.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Collection, Mapping
from typing import Any

from msgspec import Struct


class Format(Struct, frozen=True):
    name: str
    suffix: str
    summary: str
    module: str

    def function(self, name: str) -> Callable[..., Any]:
        return getattr(importlib.import_module(self.module), name)  # type: ignore[no-any-return]


def choices(registry: Mapping[str, Format]) -> str:
    """The formats of a registry as an option's help lists them."""
    return ", ".join(f"{f.name} ({f.summary})" for f in registry.values())


def format_option(names: Collection[str], help: str) -> Any:
    """A command's --format/-f option: one of a registry's names, completed from them."""
    import typer  # Here, not above: the registries are read without the command line.

    known = list(names)

    def one_of(value: str) -> str:
        if value not in known:
            raise typer.BadParameter(f"'{value}' is not one of: {', '.join(known)}")
        return value

    return typer.Option("--format", "-f", callback=one_of, autocompletion=lambda: known, help=help)
