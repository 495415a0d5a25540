"""Markdown inline syntax as the inline codes of a translation unit.

A translator works on words; the Markdown around them (a footnote reference
``[^fn-3]``, a link's ``](https://…)``, emphasis markers, code spans, line breaks
and list markers) must come back exactly as it was. Each such piece becomes a
code: a placeholder the CAT tool shows as a tag and the translator can move but
not edit. Putting the parts back together gives the Markdown again, byte for
byte (a property test holds the lexer to it).

The codes' Markdown always comes from the plan's source text, never from the
returned file: a translator (or a hostile file) cannot change a link target or
inject markup through a code.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Literal

from msgspec import Struct

from nvptool.blocks import MARKER

Role = Literal["ph", "open", "close"]


class Code(Struct, frozen=True):
    """One protected piece of Markdown: standalone (ph), or one end of a pair."""

    id: str
    role: Role
    native: str
    kind: str


Part = str | Code
Parts = tuple[Part, ...]

# Standalone syntax, tried in this order at each position.
# A line's start: a list item's marker (as nvptool.blocks defines it), a heading, a quote.
_STANDALONE = [
    ("break", rf"\A[ \t]*(?:{MARKER}|#{{1,6}}|>)[ \t]+"),
    ("break", rf"[ \t]*\n(?:[ \t]*\n)*[ \t]*(?:(?:{MARKER}|#{{1,6}}|>)[ \t]+)?"),
    ("code", r"(`+)[^`].*?(?<!`)\1(?!`)"),
    ("footnote", r"\[\^[^\]\s]+\]"),
    ("image", r"!\[[^\]\n]*\]\([^)\n]*\)"),
    ("link", r"<(?:[a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>"),
    ("html", r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"),
    ("entity", r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"),
    ("escape", r"\\[!-/:-@\[-`{-~]"),
]

# Paired syntax: the opening, the text between (lexed again), the closing.
_PAIRED = [
    (
        "link",
        r"(?P<open>\[)(?P<inner>(?:[^\[\]\n]|\[\^[^\]\s]+\])+)(?P<close>\]\((?:[^()\s]|\([^()\s]*\))*"
        r"(?:\s+\"[^\"\n]*\")?\))",
    ),
    ("strong", r"(?P<open>\*\*)(?=\S)(?P<inner>.+?)(?<=\S)(?P<close>\*\*)"),
    ("strong", r"(?<![\w_])(?P<open>__)(?=\S)(?P<inner>.+?)(?<=\S)(?P<close>__)(?![\w_])"),
    (
        "emphasis",
        r"(?<![\w*])(?P<open>\*)(?=[^\s*])(?P<inner>.+?)(?<=[^\s*])(?P<close>\*)"
        r"(?![\w*])",
    ),
    ("emphasis", r"(?<![\w_])(?P<open>_)(?=[^\s_])(?P<inner>.+?)(?<=[^\s_])(?P<close>_)(?![\w_])"),
]

_PATTERNS = [(kind, re.compile(rx, re.DOTALL), False) for kind, rx in _STANDALONE] + [
    (kind, re.compile(rx), True) for kind, rx in _PAIRED
]
_START = re.compile(r"[ \t]*\n|\A[ \t]*(?:[-*+]|\d|#|>)|[`\[!<&\\*_]")


def lex(markdown: str) -> Parts:
    """The text split into words and codes, numbered in order; joined again by `markdown`."""
    counter = iter(range(1, 1 << 30))
    return tuple(_merge(_lex(markdown, 0, counter)))


def _lex(text: str, base: int, counter: Iterator[int]) -> Iterator[Part]:
    position = 0
    while position < len(text):
        found = _START.search(text, position)
        if found is None:
            break
        start = found.start()
        match = _match_at(text, start, base)
        if match is None:
            yield text[position : start + 1]
            position = start + 1
            continue
        kind, hit, paired = match
        yield text[position:start]
        number = str(next(counter))
        if paired:
            yield Code(number, "open", hit.group("open"), kind)
            yield from _lex(hit.group("inner"), base + hit.start("inner"), counter)
            yield Code(number, "close", hit.group("close"), kind)
        else:
            yield Code(number, "ph", hit.group(), kind)
        position = hit.end()
    yield text[position:]


def _match_at(text: str, start: int, base: int) -> tuple[str, re.Match[str], bool] | None:
    for kind, pattern, paired in _PATTERNS:
        if pattern.pattern.startswith(r"\A") and (start != 0 or base != 0):
            continue
        hit = pattern.match(text, start)
        if hit is not None and hit.end() > start:
            return kind, hit, paired
    return None


def _merge(parts: Iterator[Part]) -> Iterator[Part]:
    pending = ""
    for part in parts:
        if isinstance(part, str):
            pending += part
            continue
        if pending:
            yield pending
            pending = ""
        yield part
    if pending:
        yield pending


def markdown(parts: Sequence[Part], natives: dict[tuple[str, Role], str] | None = None) -> str:
    """The Markdown of parts; natives, when given, supply each code's Markdown by id."""
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif natives is None:
            out.append(part.native)
        else:
            out.append(natives[(part.id, part.role)])
    return "".join(out)


def natives(parts: Sequence[Part]) -> dict[tuple[str, Role], str]:
    return {(p.id, p.role): p.native for p in parts if isinstance(p, Code)}


def codes(parts: Sequence[Part]) -> tuple[Code, ...]:
    return tuple(p for p in parts if isinstance(p, Code))


def align(source: Parts, translation: str) -> Parts:
    """The translation's parts, its codes numbered as the same Markdown in the source.

    A code of the translation that the source lacks (a French-only link, say)
    stays plain text: it was never protected, and it comes back unchanged.
    """
    mine = lex(translation)
    free = {c.id: c for c in codes(source)}
    by_native: dict[tuple[str, str, str], list[str]] = {}
    for code in codes(source):
        if code.role != "close":
            key = (code.role, code.native, _closing(source, code.id))
            by_native.setdefault(key, []).append(code.id)
    renumber: dict[str, str] = {}
    for code in codes(mine):
        if code.role == "close":
            continue
        key = (code.role, code.native, _closing(mine, code.id))
        ids = [i for i in by_native.get(key, []) if i in free]
        if ids:
            renumber[code.id] = ids[0]
            del free[ids[0]]
    aligned: list[Part] = []
    for part in mine:
        if isinstance(part, Code) and part.id in renumber:
            aligned.append(Code(renumber[part.id], part.role, part.native, part.kind))
        else:
            aligned.append(part if isinstance(part, str) else part.native)
    return tuple(_merge(iter(aligned)))


def foreign(source: Parts, translation: str) -> Counter[str]:
    """The Markdown syntax of a translation that the source does not have, each
    piece with how often: what a translator typed as text instead of a tag."""
    matched = Counter(c.native for c in codes(align(source, translation)))
    return Counter(c.native for c in codes(lex(translation))) - matched


def _closing(parts: Parts, code_id: str) -> str:
    for part in parts:
        if isinstance(part, Code) and part.id == code_id and part.role == "close":
            return part.native
    return ""


def code_problems(source: Parts, target: Parts) -> list[str]:
    """What is wrong with the target's codes: each code of the source exactly once,
    pairs opened before they close and nested as tags are."""
    expected = {(c.id, c.role): c for c in codes(source)}
    problems = []
    seen: set[tuple[str, Role]] = set()
    stack: list[str] = []
    for code in codes(target):
        key = (code.id, code.role)
        label = _label(expected.get(key), code)
        if key not in expected:
            problems.append(f"inline code {label} is not in the source")
        elif key in seen:
            problems.append(f"inline code {label} appears twice")
        seen.add(key)
        if code.role == "open":
            stack.append(code.id)
        elif code.role == "close":
            if not stack or stack[-1] != code.id:
                problems.append(f"inline code {label} closes before it opens or across another")
            else:
                stack.pop()
    for key, code in expected.items():
        if key not in seen:
            problems.append(f"inline code {_label(code, code)} is missing")
    return problems


def _label(expected: Code | None, code: Code) -> str:
    shown = expected.native if expected is not None else code.native
    shown = shown.replace("\n", "\\n")
    return f"{code.id} ({shown})" if shown else code.id
