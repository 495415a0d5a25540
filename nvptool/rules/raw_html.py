"""Plan text is Markdown without raw HTML, attributes or script links.

Text is written by many hands and published as an official site. The site
shows raw HTML as text, sets no attributes from text and keeps only links to
`https`, `http` and `mailto` addresses; so a construct that would do more is a
mistake, or an attempt to run a script in a reader's browser. This rule finds
each one at its line, read as Markdown reads it:

- raw HTML: tags, comments, and `<javascript:…>`-style autolinks;
- attribute lists after a paragraph, heading or code fence (`{: onclick="…" }`,
  `{#id}`, `{.class}`);
- links and pictures to any other scheme (`javascript:`, `data:`, `vbscript:`,
  `file:` …) in every form: inline, with nested brackets, between angle
  brackets, as a reference definition, or with the scheme written as entities;
- pictures from another site, which would tell it who reads the plan;
- links and pictures to a place without a scheme (`zie.html`, `../x`, `#deel`): the
  same text shows on several pages of the site, where such a place is each time
  another, or none (the build would refuse the broken link).

Passing example::

    body: {nl: "Zie **artikel 37** WGP en <https://www.besafe.be/nl>."}

Failing example::

    body: {nl: "Zie <b>artikel 37</b> WGP."}                 # TX03: raw HTML
    body: {nl: "[Klik hier](javascript:alert(1))"}            # TX03: a script link
    body: {nl: "[Zie](nergens.html)"}                         # TX03: a place on no page
    body:
      nl: |
        Een alinea.
        {: onclick="alert(1)" }                               # TX03: an attribute list
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from msgspec import Struct

from nvptool.findings import Problem
from nvptool.plan import Node, Plan
from nvptool.rules.base import TextReader
from nvptool.texts import TextRef
from nvptool.urls import URL_SCHEMES, url_scheme

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from markdown import Markdown

CODE = "TX03"
NAME = "no-raw-html"
GROUPS = ("core", "i18n", "security")
SEVERITY = "error"
WHOLE_PLAN = False

MARKDOWN_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "abbr": {"title"},
    "th": {"style", "align"},
    "td": {"style", "align"},
    "code": {"class"},  # a code fence's language
}
"""What Markdown itself writes: any other attribute came from an attribute list."""
MAYBE_MARKUP = re.compile(r"[<{&]|\]\s*[(\[:]|^\s*\[", re.MULTILINE)
"""Text without these characters holds no HTML, attribute list or link: not parsed."""
HARMLESS = re.compile(
    r"<(?:https?|mailto):[^\s<>&{}\[\]()\"'`\\]*>|<(?=[\s\d=])|(?<=\S)\[\^[\w-]+\](?=\s*:)"
)
"""Pieces that look like markup and make none: an autolink to an https, http or mailto
address without any other markup character; a '<' that no tag can follow ("< 24 uur");
a footnote reference followed by a colon within a line ("OOP38[^fn-16]: het"), which is
no reference definition. Texts whose only markup-like pieces are these (most of the
plan's) are not given to Markdown."""
SCHEMES = ", ".join(sorted(URL_SCHEMES))


def _markup_characters(text: str) -> bool:
    """Whether the text holds one of the characters that everything MAYBE_MARKUP finds
    holds: a test many times faster than the pattern, which few texts then need."""
    return "<" in text or "{" in text or "&" in text or "[" in text or "]" in text


class Construct(Struct, frozen=True):
    """Something in a text that would make markup: what it is, and the words to find it by."""

    what: str
    needle: str
    """A regular expression that finds it in the text, for its line."""
    hint: str


class Reader(TextReader):
    def __init__(self, plan: Plan) -> None:
        super().__init__(plan)
        self.scanner = _Scanner()

    def read(self, ref: TextRef) -> Iterator[Problem]:
        text = ref.text
        for lang in text.languages:
            value = text.get(lang) or ""
            reported = set()
            for found in self.scanner.constructs(value):
                line = _line(value, found.needle)
                if (found.what, line) not in reported:
                    reported.add((found.what, line))
                    yield _located(ref.node, (*ref.field, lang), line, found)


def _line(text: str, needle: str) -> int:
    """The line (0-based) of a text where a construct stands; the first when not found."""
    found = re.search(needle, text)
    return text.count("\n", 0, found.start()) if found else 0


def _located(node: Node, field: tuple[str | int, ...], line: int, found: Construct) -> Problem:
    message = f"the {field[-1]} text contains {found.what}"
    return Problem(message, node.place(*field, line=line), found.hint, object_id=node.key)


class _Scanner:
    """Plan text read by Python-Markdown, with attribute lists on, to see what it would make.

    Python-Markdown is imported with the first text that may hold markup.
    """

    def __init__(self) -> None:
        self.elements: list[Element] = []
        self.md: Markdown | None = None
        self.seen: dict[str, list[Construct]] = {}
        """Each distinct text is read once: YAML aliases repeat a text at no cost to
        the writer, and must not multiply the cost of the check."""

    def constructs(self, text: str) -> list[Construct]:
        if not _markup_characters(text) or not MAYBE_MARKUP.search(text):
            return []
        if not MAYBE_MARKUP.search(HARMLESS.sub("", text)):
            return []
        if text not in self.seen:
            self.seen[text] = self._read(text)
        return self.seen[text]

    def _read(self, text: str) -> list[Construct]:
        md = self.md or self._markdown()
        md.reset()
        self.elements.clear()
        md.convert(text)
        found = [c for raw in md.htmlStash.rawHtmlBlocks for c in _raw(str(raw))]
        found += [c for element in self.elements for c in _element(element)]
        return found

    def _markdown(self) -> Markdown:
        import markdown
        from markdown.extensions.abbr import AbbrExtension
        from markdown.extensions.attr_list import AttrListExtension
        from markdown.extensions.fenced_code import FencedCodeExtension
        from markdown.extensions.tables import TableExtension
        from markdown.treeprocessors import Treeprocessor

        elements = self.elements

        class Collect(Treeprocessor):
            def run(self, root: Element) -> None:
                elements.extend(root.iter())

        # Instances, not names: a name is looked up among every installed package's entry points.
        extensions = [AbbrExtension(), TableExtension(), FencedCodeExtension(), AttrListExtension()]
        self.md = markdown.Markdown(extensions=extensions)
        self.md.treeprocessors.register(Collect(self.md), "nvp_collect", 0)
        return self.md


def _raw(raw: str) -> Iterator[Construct]:
    """A piece of raw HTML that Markdown passed through (entities aside)."""
    if not raw.lstrip().startswith("<") or raw.lstrip().startswith("</"):
        return  # an entity, or the end of a tag whose start is reported
    tags = _tags(raw)
    if raw.startswith("<pre><code") and len(tags) == 2:  # a code fence
        attributes = {name for name, _ in tags[1][1]} - {"class"}
        if attributes:
            yield _attributes(sorted(attributes))
        return
    first_line = raw.strip().splitlines()[0]
    yield Construct(
        f"raw HTML '{first_line[:40]}'",
        re.escape(first_line[:20]),
        "use Markdown: **bold**, *italic*, [link](https://…); "
        "to show a tag as text, put it in `backticks`",
    )


def _element(element: Element) -> Iterator[Construct]:
    extra = sorted(set(element.attrib) - MARKDOWN_ATTRIBUTES.get(str(element.tag), set()))
    if extra:
        yield _attributes(extra)
    for name in ("href", "src"):
        url = element.get(name)
        scheme = url_scheme(_written(url)) if url is not None else None
        if url is not None and scheme is not None and scheme not in URL_SCHEMES:
            yield Construct(
                f"a link to a '{scheme}:' address, which the site does not publish",
                re.escape(url[:20]),
                f"link only to {SCHEMES} addresses",
            )
        elif url is not None and scheme is None:
            yield Construct(
                f"a link to '{url[:40]}', a place the text cannot know: the text shows on "
                "several pages of the site (its own, the print page), each elsewhere",
                re.escape(url[:20]),
                f"link to a web address ({SCHEMES}), or name the object or instrument, "
                "which the site links itself",
            )
        elif url is not None and scheme is not None and name == "src":
            yield Construct(
                "a picture from another site, which would let that site follow the readers",
                re.escape(url[:20]),
                "link to the picture's page instead: [description](https://…)",
            )


def _written(url: str) -> str:
    """An address as its text wrote it: Markdown writes a mail address's letters as
    entities, kept aside ("\x02amp\x03#109;" for "&#109;"), so that robots do not read it."""
    import html

    return html.unescape(url.replace("\x02amp\x03", "&"))


def _attributes(names: list[str]) -> Construct:
    first = {"id": "#", "class": r"\."}.get(names[0], r"\b" + re.escape(names[0]))
    return Construct(
        f"an attribute list that sets {', '.join(names)}",
        r"\{[^}\n]*" + first,
        "remove the {…} after the paragraph, heading or code fence: "
        "the site sets no attributes from plan text",
    )


def _tags(raw: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """The start tags of a piece of raw HTML, with their attributes."""
    from html.parser import HTMLParser  # With Markdown: only for texts that may hold markup.

    found: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, attrs))

    Tags().feed(raw)
    return found
