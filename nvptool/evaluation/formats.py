"""The evaluation's output formats, in one registry from which the command line takes its choices.

Light on purpose: the command line reads it at start-up; each format's writer is
imported only when it is used.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct

if TYPE_CHECKING:
    from nvptool.evaluation.model import Evaluation
    from nvptool.site.language import Language

Writer = Callable[["Evaluation", "Language", Path], bytes]


def _markdown(evaluation: Evaluation, lang: Language, templates: Path) -> bytes:
    from nvptool.evaluation.render import markdown

    return markdown(evaluation, lang, templates).encode("utf-8")


def _pdf(evaluation: Evaluation, lang: Language, templates: Path) -> bytes:
    from nvptool.evaluation.render import pdf

    return pdf(evaluation, lang, templates)


class Format(Struct, frozen=True):
    name: str
    summary: str
    write: Writer
    binary: bool
    """Written to a file only (--out), never to a terminal."""


FORMATS: Mapping[str, Format] = {
    "md": Format("md", "GitHub-flavoured Markdown", _markdown, binary=False),
    "pdf": Format("pdf", "PDF printed by headless Chromium", _pdf, binary=True),
}
