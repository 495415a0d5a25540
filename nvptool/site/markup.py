"""Plan text into Markdown that is safe to publish.

Plan text is Markdown written by many hands. Before it reaches a page, every
character that could open raw HTML (``<``), an entity (``&``), an attribute
list (``{``) or a code block is escaped, so that it shows as text and never
becomes markup; footnote references become links that carry the footnote's
number as printed in the plan. Code spans, found as Markdown itself finds them,
become explicit ``<code>`` elements whose content is all entities: no backtick
of the plan's is left for Markdown to pair with one of the template's (a text
with an unclosed code span would otherwise swallow the markup around it), and
a footnote reference in a code span stays text.

This is one layer of three (see README, "Hostile text on the site"): the
site's Markdown has no syntax that sets attributes, and every page passes an
allow-list sanitizer before it is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from xml.etree.ElementTree import Element

from markdown.inlinepatterns import BACKTICK_RE, BacktickInlineProcessor

from nvptool.blocks import FOOTNOTE_REF

AUTOLINK = re.compile(r"(<(?:https?://|mailto:)[^<>\s`{}]+>)")
"""An autolink to a web page or a mail address stays a link."""
TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", "{": "&#123;", "`": "&#96;"})
"""Outside code spans: raw HTML, entities, attribute lists, code spans and fences never open."""
FENCE = re.compile(r"^~(?=~~)", re.MULTILINE)
"""A tilde fence would open a code block that could run on into the template's markup."""

CODE_ESCAPES = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'`*_[]{}|#~\\$:!^"})
"""Inside a code span every character Markdown, HTML or a later filter could read is an entity."""

_CODE = BacktickInlineProcessor(BACKTICK_RE)
_Transform = Callable[[str], str]


def _code_element(code: str) -> str:
    return f"<code>{_code_words(code)}</code>"


def _code_words(code: str) -> str:
    """The words of a code span as Markdown shows them: between the backticks, spaces folded."""
    inner = code.strip("`")
    if inner.startswith(" ") and inner.endswith(" ") and inner.strip(" "):
        inner = inner[1:-1]
    return inner.translate(CODE_ESCAPES)


def _pieces(line: str) -> Iterator[tuple[bool, str]]:
    """A line as (is code span, text) pieces, found as Markdown itself finds code spans."""
    done = position = 0
    while (found := _CODE.compiled_re.search(line, position)) is not None:
        element, start, end = _CODE.handleMatch(found, line)
        if not isinstance(element, Element) or start is None or end is None:
            position = found.end()  # escaped backslashes, or backticks that close nothing
            continue
        yield False, line[done:start]
        yield True, line[start:end]
        done = position = end
    yield False, line[done:]


def escape_html(text: str) -> str:
    """Escape what Markdown would read as HTML, attributes or code; code spans made explicit."""
    return _markdown_pieces(text, lambda piece: piece)


def _markdown_pieces(text: str, outside_code: _Transform, code: _Transform = _code_element) -> str:
    out = []
    for line in text.splitlines(keepends=True):
        for is_code, piece in _pieces(line):
            if is_code:
                out.append(code(piece))
                continue
            for number, part in enumerate(AUTOLINK.split(piece)):
                out.append(part if number % 2 else outside_code(part.translate(TEXT_ESCAPES)))
    return FENCE.sub("&#126;", "".join(out))


def safe_markdown(text: str, footnotes: Mapping[str, int], page_anchor: str = "fn") -> str:
    """Plan Markdown ready for a page; footnote references link to the page's notes."""

    def footnote(match: re.Match[str]) -> str:
        label = match.group(1)
        number = footnotes.get(label)
        if number is None:
            return ""
        return (
            f'<sup class="nvp-fnref" id="{page_anchor}ref-{number}">'
            f'<a href="#{page_anchor}-{number}">{number}</a></sup>'
        )

    return _markdown_pieces(text, lambda piece: FOOTNOTE_REF.sub(footnote, piece))


def inline(text: str) -> str:
    """A one-line text (a title, a label) safe for a heading or a table cell."""
    flat = " ".join(escape_html(FOOTNOTE_REF.sub("", text)).split())
    return flat.replace("|", "\\|")


def inline_words(text: str) -> str:
    """A one-line text for an attribute (a tooltip, a contents label): code spans as words."""
    flat = _markdown_pieces(FOOTNOTE_REF.sub("", text), lambda piece: piece, _code_words)
    return " ".join(flat.split()).replace("|", "\\|")
