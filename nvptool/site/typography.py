"""A language's space before punctuation, set in every page as written.

French sets a no-break space before : ; ? ! and », and after «: "Période : 2022",
"« veiligheid »". The interface texts write it so, but a page also holds what the
theme writes (titles in the menu, in <title>), the plan's machine-made French,
and words that templates join ("Exemple qui passe:"). So the space is set in the
finished page, in its text only: never inside a tag (an address, an attribute),
an entity (&amp;), code or a script. A language without such a space
(`punctuation_space` empty in its interface texts) is left as it is.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

MARKS = re.compile(r"[;:!?»«]")
"""The punctuation that takes the space: found first, as a page holds few of it."""
BLANKS = " \t"
CLOSING = ")]»”’"
"""What closes a word's group, after which the punctuation takes its space too."""
VERBATIM = re.compile(r"<(pre|code|script|style|textarea|kbd|samp)\b.*?</\1\s*>", re.S | re.I)
"""Elements whose text is shown or run as it is."""


def spaced(html: str, space: str, lang: str | None = None) -> str:
    """html with `space` before the punctuation that takes one, in its text only; never in
    an element of another language than lang (a Dutch quotation on a French page)."""
    if not space:
        return html
    verbatim = _merged(_verbatim(html) + (_other_language(html, lang) if lang else []))
    starts = [start for start, _ in verbatim]
    parts: list[str] = []
    done = 0  # html[:done] is in parts.
    for match in MARKS.finditer(html):
        at = match.start()
        if at < done or _in_tag(html, at) or _in(verbatim, starts, at):
            continue
        if html[at] == "«":
            end = at + 1
            while end < len(html) and html[end] in BLANKS:
                end += 1
            if html[end : end + 1] != space:
                parts += [html[done : at + 1], space]
                done = end
            continue
        begin = at
        while begin > done and html[begin - 1] in BLANKS:
            begin -= 1
        if begin < at or _bare(html, at):
            parts += [html[done:begin], space]
            done = at
    return "".join([*parts, html[done:]])


LANG_ATTRIBUTE = re.compile(r'\slang="([^"]*)"')
"""A lang attribute: the element whose start tag holds it is in that language. Found by
the attribute, then its tag (a pattern of every tag is tried at every '<' of a page)."""
TAG_NAME = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)")


def _lang_attributes(html: str) -> Iterator[re.Match[str]]:
    """Each lang attribute, found by its plain text first (far faster than a pattern that
    starts with white space of any kind)."""
    at = html.find('lang="')
    while at != -1:
        found = LANG_ATTRIBUTE.match(html, at - 1) if at else None
        if found is not None:
            yield found
        at = html.find('lang="', at + 6)


def _other_language(html: str, lang: str) -> list[tuple[int, int]]:
    """Where the elements in another language than lang stand, each to its end tag (the
    tags of its name counted in between, as elements of one name nest)."""
    spans: list[tuple[int, int]] = []
    for found in _lang_attributes(html):
        if found.group(1).split("-")[0].lower() == lang:
            continue
        start = html.rfind("<", 0, found.start())
        name = TAG_NAME.match(html, start) if start >= 0 else None
        if name is None or ">" in html[start : found.start()]:
            continue  # Not an attribute of a start tag.
        if spans and start < spans[-1][1]:
            continue  # Inside an element of another language already.
        tags = re.compile(rf"<(/?){name.group(1)}\b[^>]*>", re.I)
        depth, end = 1, len(html)
        for tag in tags.finditer(html, html.find(">", found.end()) + 1):
            depth += -1 if tag.group(1) else (0 if tag.group(0).endswith("/>") else 1)
            if depth == 0:
                end = tag.end()
                break
        spans.append((start, end))
    return spans


NUMBER_SPACE = re.compile(r" (?=\d\d\d(?!\d)|%)")
"""A space before a group of three digits or a per cent sign; between two groups, or
between a number and its sign, when a digit precedes it (37 457, 53 %). Found from the
space: a pattern that starts with a look behind is tried at every character of the page,
ten times as slow."""


def numbers_kept(html: str) -> str:
    """html with a no-break space between a number's groups of digits and before its per
    cent sign, in its text only: a line must not end inside "37 457" (a reader sees two
    numbers) or "53 %". In every language."""
    verbatim = _verbatim(html)
    starts = [start for start, _ in verbatim]
    parts: list[str] = []
    done = 0
    for match in NUMBER_SPACE.finditer(html):
        at = match.start()
        if not (at and html[at - 1].isdigit()) or _in_tag(html, at) or _in(verbatim, starts, at):
            continue
        parts += [html[done:at], "\u00a0"]
        done = at + 1
    return "".join([*parts, html[done:]])


def _verbatim(html: str) -> list[tuple[int, int]]:
    """Where the elements shown or run as they are stand (VERBATIM)."""
    return [(m.start(), m.end()) for m in VERBATIM.finditer(html)]


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans as their union, in order: a code element inside a Dutch quotation must not
    end what the quotation protects (`_in` looks at the last span to start only)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _bare(html: str, at: int) -> bool:
    """Punctuation right after a word, a number or what closes one ("passe:", "2020;",
    "(…);"), not an entity's ';'."""
    after = html[at + 1 : at + 2]
    if not (at and (html[at - 1].isalnum() or html[at - 1] in CLOSING)) or not (
        after == "" or after.isspace() or after in "<.,)"
    ):
        return False
    return not (html[at] == ";" and _ends_entity(html, at))


def _in_tag(html: str, at: int) -> bool:
    return html.rfind("<", 0, at) > html.rfind(">", 0, at)


def _in(spans: list[tuple[int, int]], starts: list[int], at: int) -> bool:
    index = bisect.bisect_right(starts, at) - 1
    return index >= 0 and at < spans[index][1]


def _ends_entity(html: str, at: int) -> bool:
    """Whether the ';' at `at` closes an entity (&amp; &#233;)."""
    opened = html.rfind("&", max(0, at - 32), at)
    return opened >= 0 and re.fullmatch(r"&#?\w+", html[opened:at]) is not None
