"""What a plan text is made of: paragraphs and list items. The one definition of both.

Plan prose is Markdown as a writer types it. A blank line ends a paragraph; a
line that starts with ``-``, ``*``, ``+`` or a number and a full stop (``1.``)
starts a list item, and the lines under it (indented or not) continue it until
the next item or blank line. An item indented further than the list's first
item is a nested item.

The plan's **measures** are objects of their own (``nvptool.model.content.Measure``):
each was a top-level list item of an objective's body or of a police-approach
section, and its ``text`` is that item without its bullet, its nested items kept
as a list inside it (``measure_item`` writes it back as the list item it was).
The diff aligns texts block by block with these blocks, the translation formats
protect their markers as inline codes (``MARKER``), and any rule or page that
speaks of list items asks this module.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from enum import StrEnum
from typing import TYPE_CHECKING

from msgspec import Struct

if TYPE_CHECKING:
    from markdown import Markdown

MARKER = r"(?:[-*+]|\d{1,9}[.)])"
"""A list item's marker: a bullet, or a number and a full stop or parenthesis."""
LIST_MARKER = re.compile(rf"^(?P<indent>[ \t]*){MARKER}[ \t]+(?P<text>\S.*)$")
"""A line that starts a list item: its indentation, and its text after the marker."""


HARD_BREAK = re.compile(r"(?: {2,}|\\)\n")
"""A line break that Markdown keeps in the page (<br>)."""
FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\]")
"""A reference to a footnote of the same file (``[^fn-12]``), with the footnote's id."""


class BlockKind(StrEnum):
    paragraph = "paragraph"
    item = "item"


class Block(Struct, frozen=True):
    """One paragraph or list item of a text."""

    kind: BlockKind
    text: str
    """The block's own lines, without a list marker."""
    depth: int = 0
    """0 for a paragraph or a top-level item; 1 and more for nested items."""

    @property
    def words(self) -> str:
        """The text with its white space layout left out: what two equal blocks share."""
        return " ".join(self.text.split())

    @property
    def compared(self) -> str:
        """The words and the line breaks Markdown keeps (two spaces or a backslash before
        the line's end): a break added or removed changes the page, and is an edit."""
        return " ".join(HARD_BREAK.sub(" \u21b5 ", self.text).split())


def blocks(text: str) -> tuple[Block, ...]:
    """The paragraphs and list items of a Markdown text, in order."""
    found: list[Block] = []
    lines: list[str] = []
    kind, depth = BlockKind.paragraph, 0
    indents: list[int] = []  # The indentation of each open list level.

    def close() -> None:
        if lines:
            found.append(Block(kind, "\n".join(lines), depth))
            lines.clear()

    for line in text.splitlines():
        if not line.strip():
            close()
            kind, depth = BlockKind.paragraph, 0
            if not found or found[-1].kind is not BlockKind.item:
                indents.clear()
            continue
        marker = LIST_MARKER.match(line)
        if marker:
            close()
            indent = len(marker.group("indent").expandtabs(4))
            while indents and indent < indents[-1]:
                indents.pop()
            if not indents or indent > indents[-1]:
                indents.append(indent)
            kind, depth = BlockKind.item, len(indents) - 1
            lines.append(_kept(marker.group("text")))
        else:
            if kind is BlockKind.paragraph and not lines:
                indents.clear()  # A paragraph after a blank line ends the list.
            lines.append(_kept(line))
    close()
    return tuple(found)


def _kept(line: str) -> str:
    """A line without the white space around it, but for the two spaces at its end that make
    a line break Markdown keeps."""
    bare = line.strip()
    return bare + "  " if line.endswith("  ") and bare else bare


def list_items(text: str) -> tuple[str, ...]:
    """Every list item of a text (nested ones too), each as one line of words."""
    return tuple(block.words for block in blocks(text) if block.kind is BlockKind.item)


def top_level_items(text: str) -> tuple[str, ...]:
    """The top-level list items of a text, in order: what became measures in the plan."""
    return tuple(
        block.words for block in blocks(text) if block.kind is BlockKind.item and not block.depth
    )


NESTED_INDENT = "    "
"""How far a nested list stands in from its item: what Python-Markdown needs."""


def measure_item(text: str, marker: str = "-") -> str:
    """A measure's text as the list item the plan printed: its marker, nested items indented."""
    lines = text.split("\n")
    rest = [NESTED_INDENT + line if line.strip() else line for line in lines[1:]]
    return "\n".join([f"{marker} {lines[0]}", *rest])


def loose_lists(text: str) -> str:
    """The text with a blank line before each list that follows a line of prose directly.

    A measure's text keeps its nested items right under its first line, as the plan
    prints them; shown on its own, Markdown needs the blank line to see them as a list.
    """
    out: list[str] = []
    in_list = False
    for line in text.split("\n"):
        starts_item = LIST_MARKER.match(line) is not None
        if starts_item and not in_list and out and out[-1].strip():
            out.append("")
        in_list = (in_list or starts_item) and bool(line.strip())
        out.append(line)
    return "\n".join(out)


LINE_START = re.compile(r"(?: {4,}|\t)| {0,3}(?:[#>*+_=|`~<:-]|\d{1,9}[.)])")
"""A line that may start a block of its own as Markdown reads it: code by its indent, a
heading, a quotation, a list item, a rule, a fence, a table row, raw HTML, an abbreviation."""
LAYOUT_ELEMENTS = re.compile(r"<(h[1-6]|ul|ol|li|blockquote|pre|table|hr)\b")
"""The elements that lay a text out, besides its paragraphs (a translation may split or
join sentences into paragraphs as its language reads best)."""


def line_starts(text: str) -> tuple[str, ...]:
    """How the text's lines begin, as far as Markdown may read a block from them: blank, a
    marker with what follows it (a space or not: "- a" is an item, "-" under a line makes
    it a heading, "**" is bold), or text, runs of text lines and of blank lines each
    counted once. A text whose lines begin alike is laid out alike, and needs no Markdown
    to say so (most texts, titles above all)."""
    if "\n" not in text:
        return (_start(text),)
    starts: list[str] = []
    for line in text.splitlines():
        kind = _start(line)
        if not starts or kind != starts[-1] or kind not in ("", "text"):
            starts.append(kind)
    return tuple(starts)


def _one_paragraph(text: str) -> bool:
    """A text of one line that starts with a letter: a paragraph, whatever else it holds."""
    return text[:1].isalpha() and "\n" not in text


def _start(line: str) -> str:
    if not line.strip():
        return ""
    found = LINE_START.match(line)
    if found is None:
        return "text"
    mark = found.group().strip(" ") or "indent"
    after = line[found.end() : found.end() + 1]
    return mark + (" " if after in ("", " ", "\t") else "+")


def layout(text: str) -> Counter[str]:
    """The elements that lay the text out, as the site's Markdown reads it, by tag."""
    return Counter(LAYOUT_ELEMENTS.findall(_markdown().reset().convert(text)))


@functools.cache
def _markdown() -> Markdown:
    import markdown
    from markdown.extensions.fenced_code import FencedCodeExtension
    from markdown.extensions.tables import TableExtension

    # Instances, not names: a name is looked up among every installed package's entry points.
    return markdown.Markdown(extensions=[TableExtension(), FencedCodeExtension()])


LAYOUT_WORDS = {
    **{f"h{level}": "a heading" for level in range(1, 7)},
    "ul": "a list",
    "ol": "a numbered list",
    "li": "a list item",
    "blockquote": "a quotation",
    "pre": "a block of code (a line indented four spaces, or a fence)",
    "table": "a table",
    "hr": "a rule across the page",
}


def layout_change(source: str, translation: str) -> str | None:
    """How a translation is laid out unlike its source, in words, or None when alike: a
    heading, a code block or a table that only the translation has changes the page."""
    if _one_paragraph(source) and _one_paragraph(translation):
        return None  # Most texts: a title, a sentence (found first: a check reads them all).
    if line_starts(source) == line_starts(translation):
        return None
    theirs, ours = layout(translation), layout(source)
    added, lacking = theirs - ours, ours - theirs
    if not added and not lacking:
        return None
    said = []
    if added:
        said.append("it adds " + _listed(added))
    if lacking:
        said.append("it lacks " + _listed(lacking))
    return "; ".join(said)


def _listed(elements: Counter[str]) -> str:
    words: dict[str, int] = {}
    for tag, count in elements.items():
        words[LAYOUT_WORDS[tag]] = words.get(LAYOUT_WORDS[tag], 0) + count
    return ", ".join(word if n == 1 else f"{word} ({n} times)" for word, n in sorted(words.items()))
