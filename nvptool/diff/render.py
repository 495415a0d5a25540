"""A diff as text for a terminal, Markdown for a pull request, or JSON for machines.

Formats live in one registry (``FORMATS``), from which the command line builds
its choices. Every word a reader sees comes from the interface texts of the
chosen language (``templates/i18n/<lang>.yaml``, key ``diff``); plan text is
escaped for the format. Markdown keeps to a size budget: the summary always,
then the most significant changes, and a note of what was left out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
from msgspec import Struct

from nvptool.diff.formats import FORMATS, Format, FormatError
from nvptool.diff.model import Change, DiffResult, FollowUpChange, Move, ObjectChange, Words
from nvptool.findings import INVISIBLE, escape_invisible
from nvptool.interface import InterfaceError, interface_path, read_interface
from nvptool.site.typography import spaced

CONTEXT_WORDS = 8
LONG_RUN = 40
"""An inserted or deleted run longer than this many words is shown by its start."""


class Shown(Struct, frozen=True):
    """A run of words as shown: an excerpt, and how many words a shortened run had."""

    op: str
    text: str
    words: int = 0


def excerpt(
    words: Sequence[Words], context: int = CONTEXT_WORDS, whole: bool = False
) -> list[Shown]:
    """The changed runs with a few words of context; long equal stretches become '…', and
    long changed runs their start, unless the diff is whole (no size budget)."""
    shown: list[Shown] = []
    # A diff line is one line: paragraph and list breaks show as ¶.
    runs = [Words(w.op, re.sub(r"\s*\n\s*", " ¶ ", w.text)) for w in words]
    for index, run in enumerate(runs):
        if run.op != "equal":
            tokens = run.text.split()
            if len(tokens) > LONG_RUN and not whole:
                start = " ".join(tokens[: CONTEXT_WORDS * 2])
                shown.append(Shown(run.op, f"{start} …", len(tokens)))
            else:
                shown.append(Shown(run.op, run.text))
            continue
        tokens = run.text.split(" ")
        if len(tokens) <= 2 * context:
            shown.append(Shown("equal", run.text))
            continue
        head = " ".join(tokens[:context]) if index > 0 else ""
        tail = " ".join(tokens[-context:]) if index < len(runs) - 1 else ""
        text = (head + " … " if head else "… ") + tail if tail else head + " …"
        shown.append(Shown("equal", text))
    return shown


def interface_texts(templates: Path, lang: str, source: str | None = None) -> dict[str, Any]:
    """The diff's words in one language: key ``diff`` of templates/i18n/<lang>.yaml, and
    the language's colon after a label (key ``colon``); held against the source
    language's texts when it is given (nvptool.interface)."""
    try:
        data = read_interface(templates, lang, source or lang)
    except InterfaceError as error:
        raise FormatError(f"the interface texts of {lang} cannot be used:\n{error}") from None
    found = diff_texts(data)
    if found is None:
        path = interface_path(templates, lang)
        raise FormatError(
            f"{path} lacks the 'diff' texts, the 'colon' or the 'decimal_separator': "
            "add them as the other languages' files have them"
        )
    return found


def diff_texts(data: Mapping[str, Any]) -> dict[str, Any] | None:
    """The diff's words from a language's interface texts (the diff's and the site's page
    of changes): its texts (key ``diff``), set with the language's space before its
    punctuation, and the colon, semicolon and decimal separator they are joined with.
    None when the texts lack one of them."""
    texts, colon = data.get("diff"), data.get("colon")
    decimal = data.get("decimal_separator")
    if not isinstance(texts, dict) or not isinstance(colon, str) or not isinstance(decimal, str):
        return None
    space = data.get("punctuation_space")
    words = _spaced(texts, space) if isinstance(space, str) and space else texts
    semicolon = f"{space};" if isinstance(space, str) else ";"
    thousands = data.get("thousands_separator")  # A no-break space: numbers stay whole.
    grouping = thousands if isinstance(thousands, str) else ""
    return {
        **words,
        "colon": colon,
        "decimal_separator": decimal,
        "thousands_separator": grouping,
        "semicolon": semicolon,
    }


def _spaced(texts: Any, space: str) -> Any:
    """The diff's words with the language's space before its punctuation (French: "Aperçu :"),
    as the site sets it in its pages; the plan's own text is never touched."""
    if isinstance(texts, str):
        return spaced(texts, space)
    if isinstance(texts, dict):
        return {key: _spaced(value, space) for key, value in texts.items()}
    return texts


def plural(forms: str | Mapping[str, str], n: int, zero_is_one: bool = False) -> str:
    """The form of an interface text for a count: {one: …, other: …}, or one text for all.

    Whether 0 takes the singular is the language's (French: 0 objet; Dutch: 0 objecten).
    """
    if isinstance(forms, str):
        return forms
    return forms["one" if n == 1 or (n == 0 and zero_is_one) else "other"]


WEIGHT = {
    Change.split: 6.0,
    Change.merged: 6.0,
    Change.added: 5.0,
    Change.removed: 5.0,
    Change.moved: 4.0,
    Change.renamed: 3.0,
    Change.renumbered: 3.0,
    Change.modified: 2.0,
}
"""What a reviewer must see first when not everything fits: the plan's structure."""


Entry = ObjectChange | Move | FollowUpChange


def significance(change: Entry) -> float:
    """How much a reviewer needs to see a change: structure first, then the size of an edit."""
    if isinstance(change, Move):
        return 4.0
    if isinstance(change, FollowUpChange):
        return 3.0 if change.kind != "indicator-value" else 2.5
    if change.kind in {"mapping", "citation"}:
        return 1.0
    base = max((WEIGHT[kind] for kind in change.changes), default=2.0)
    changed = sum(
        len(w.text)
        for f in change.fields
        for w in (*f.words, *(w for b in f.blocks for w in b.words))
        if w.op != "equal"
    )
    return base + min(changed, 5000) / 5000


# What the compared texts carry but nobody sees is shown as escapes; the diff's own
# colours (the only escape sequences it writes) are left alone.
_HIDDEN = re.compile(f"(?!\x1b\\[(?:0|2|31|32)m)[{INVISIBLE}]")


def render(
    result: DiffResult,
    fmt: str,
    templates: Path,
    colour: bool = False,
    max_chars: int | None = None,
    full_at: str | None = None,
    texts: Mapping[str, Any] | None = None,
    command: str | None = None,
) -> str:
    """The diff in a format of FORMATS; words from ``texts`` (default: read for result.lang).

    command: the command that shows the whole diff, for the note when changes are left out
    (the command line's own sides and options; default: the working tree's)."""
    if fmt not in FORMATS:
        raise FormatError(f"unknown diff format '{fmt}'; formats: {', '.join(FORMATS)}")
    form = FORMATS[fmt]
    if form.page is None or form.entry is None:
        return json.dumps(result.as_dict(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    t = texts if texts is not None else interface_texts(templates, result.lang)
    budget = form.budget if max_chars is None else max_chars
    env = _environment(templates, form, bool(t.get("zero_is_one")))
    context = {"d": result, "t": t, "Change": Change, "colour": colour, "format": form.name}
    context["whole"] = not budget  # No budget: every paragraph of every change.
    context["command"] = command or f"nvptool diff --format {form.name} --max-chars 0"
    entry = env.get_template(form.entry)
    items: list[Entry] = [*result.changes, *result.moves, *result.followup]
    rendered = _entries(entry, context, items)
    page = env.get_template(form.page)
    # A long text or value shown by its start: the page says where it is whole. Every
    # shortening writes "…" (excerpt, the value macro, more_blocks): only those entries
    # are drawn whole again to compare.
    cut = [(item, shown) for item, shown in zip(items, rendered, strict=True) if "…" in shown]
    shortened = bool(budget) and any(
        _entries(entry, {**context, "whole": True}, [item]) != [shown] for item, shown in cut
    )

    def whole(kept: list[str], left_out: int) -> str:
        return _shown(
            page.render(
                context,
                entries=kept,
                left_out=left_out,
                shortened=shortened,
                full_at=full_at,
                max_chars=budget,
            )
        )

    text = whole(rendered, 0)
    if budget and len(text) > budget:
        # The summary always; the changes by significance in the room that is left
        # (each entry takes its own length and a line end in the page).
        room = budget - len(whole([], len(items)))
        kept = _within([entry + "\n" for entry in rendered], items, room)
        text = whole([entry[:-1] for entry in kept], len(items) - len(kept))
    return text


def _entries(
    entry: jinja2.Template, context: Mapping[str, Any], items: Sequence[Entry]
) -> list[str]:
    """Each change as its entry shows it. Hidden characters are shown before anything is
    measured: their escapes are longer."""
    return [
        _shown(
            entry.render(
                context,
                c=item,
                is_move=isinstance(item, Move),
                is_followup=isinstance(item, FollowUpChange),
            )
        )
        for item in items
    ]


def _shown(text: str) -> str:
    """What a text carries but nobody sees, as escapes (\\u200b); the rest as it is."""
    return _HIDDEN.sub(escape_invisible, text)


def _within(rendered: list[str], items: Sequence[Entry], room: int) -> list[str]:
    """The most significant entries that fit in room characters, in their plan order."""
    order = sorted(range(len(items)), key=lambda i: (-significance(items[i]), i))
    chosen: set[int] = set()
    for index in order:
        if len(rendered[index]) <= room:
            chosen.add(index)
            room -= len(rendered[index])
    return [rendered[i] for i in sorted(chosen)]


def _environment(templates: Path, form: Format, zero_is_one: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates / "diff"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["e"] = form.escape
    env.filters["fmt"] = lambda phrase, **values: str(phrase).format(**values)
    env.filters["plural"] = lambda forms, n: plural(forms, n, zero_is_one)
    env.filters["decimal"] = _decimal
    env.filters["grouped"] = _grouped
    env.globals["excerpt"] = excerpt
    env.globals["Move"] = Move
    return env


def _grouped(number: int, separator: str) -> str:
    """A whole number with its digits in groups of three, as the language writes it (60 000)."""
    return f"{number:,}".replace(",", separator)


DECIMAL = re.compile(r"-?\d+\.\d+")


def _decimal(number: str | None, separator: str) -> str | None:
    """A number as the diff's language writes its decimals (89,5), as the site does."""
    if number and DECIMAL.fullmatch(number):
        return number.replace(".", separator)
    return number
