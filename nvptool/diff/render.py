"""A diff as text for a terminal, Markdown for a pull request, or JSON for machines."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jinja2

from nvptool.diff.model import Change, DiffResult, Words
from nvptool.model.text import INVISIBLE, escape_invisible

CONTEXT_WORDS = 8
LONG_RUN = 40
"""An inserted or deleted run longer than this many words is shown by its start."""


def excerpt(words: tuple[Words, ...], context: int = CONTEXT_WORDS) -> list[Words]:
    """The changed runs with a few words of context; long equal stretches become '…'."""
    shown: list[Words] = []
    # A diff line is one line: paragraph and list breaks show as ¶.
    words = tuple(Words(w.op, re.sub(r"\s*\n\s*", " ¶ ", w.text)) for w in words)
    for index, run in enumerate(words):
        if run.op != "equal":
            tokens = run.text.split()
            if len(tokens) > LONG_RUN:
                start = " ".join(tokens[: CONTEXT_WORDS * 2])
                run = Words(run.op, f"{start} … ({len(tokens)} words)")
            shown.append(run)
            continue
        tokens = run.text.split(" ")
        if len(tokens) <= 2 * context:
            shown.append(run)
            continue
        head = " ".join(tokens[:context]) if index > 0 else ""
        tail = " ".join(tokens[-context:]) if index < len(words) - 1 else ""
        text = (head + " … " if head else "… ") + tail if tail else head + " …"
        shown.append(Words("equal", text))
    return shown


# What the compared texts carry but nobody sees is shown as escapes; the diff's own
# colours (the only escape sequences it writes) are left alone.
_HIDDEN = re.compile(f"(?!\x1b\\[(?:0|2|31|32)m)[{INVISIBLE}]")


def render(result: DiffResult, fmt: str, templates: Path, colour: bool = False) -> str:
    if fmt == "json":
        return json.dumps(result.as_dict(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates / "diff"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    template = env.get_template("diff.md.j2" if fmt == "markdown" else "diff.txt.j2")
    text = template.render(d=result, Change=Change, excerpt=excerpt, colour=colour)
    return _HIDDEN.sub(escape_invisible, text)
