"""Render the site's pages in one language: jinja2 templates over page contexts.

A template receives its page's context (`c`), the page itself (`page`) and a
`Words` (`r`) that writes plan text in the page's language: marked when it is
machine-made, stale or missing, made safe, with links relative to the page.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import escape

from nvptool.model.text import Availability, Text, availability
from nvptool.plan import Node, SourceFile
from nvptool.rules import CatalogueEntry
from nvptool.site import data as d
from nvptool.site.language import Language
from nvptool.site.markup import inline, safe_markdown
from nvptool.terms import mentions

if TYPE_CHECKING:
    from nvptool.site.pages import Page

TRUSTED = {Availability.source, Availability.official, Availability.reviewed}


def environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # The output is Markdown; plan text is made safe by the filters.
        # Markdown attribute lists ({#anchor}) would open a jinja comment.
        comment_start_string="{##",
        comment_end_string="##}",
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["docstring"] = rule_doc_markdown
    return env


@dataclass(frozen=True)
class Words:
    """Plan text written for one page in one language."""

    site: d.SiteData
    path: str
    """The page's path: links are relative to it."""
    lang: Language

    @property
    def ui(self) -> Any:
        return self.lang.ui

    def state(self, text: Text | None) -> Availability:
        if text is None:
            return Availability.source
        return availability(text, self.lang.code, self.lang.source)

    def _footnotes(self, file: SourceFile | None) -> dict[str, int]:
        return self.site.footnotes(file) if file is not None else {}

    def block(self, text: Text | None, file: SourceFile | None = None) -> str:
        """A Markdown text block, marked when it is not a trusted text in this language."""
        if text is None:
            return ""
        body = safe_markdown(self.lang.words(text), self._footnotes(file))
        state = self.state(text)
        return body if state in TRUSTED else self.marked(body, state)

    def body(self, text: Text | None, file: SourceFile | None = None) -> str:
        """A Markdown text block without its marker, for a block that carries it itself."""
        return safe_markdown(self.lang.words(text), self._footnotes(file)) if text else ""

    def state_class(self, text: Text | None) -> str:
        """The classes that mark an untrusted text's block: ' nvp-tr nvp-tr-machine'."""
        state = self.state(text)
        return "" if state in TRUSTED else f" nvp-tr nvp-tr-{state.value}"

    def state_attrs(self, text: Text | None) -> str:
        """The attributes of a marked block: the note as its title; the language of missing text."""
        state = self.state(text)
        if state in TRUSTED:
            return ""
        lang = f' lang="{self.lang.source}"' if state == Availability.missing else ""
        return f' title="{inline(str(self.ui[state.value]))}"{lang}'

    def marked(self, body: str, state: Availability | str) -> str:
        """A block with a quiet marker of its state; the page's notice explains it."""
        state = Availability(state)
        lang = f' lang="{self.lang.source}"' if state == Availability.missing else ""
        note = inline(str(self.ui[state.value]))
        return (
            f'<div class="nvp-tr nvp-tr-{state.value}" title="{note}"{lang} markdown="1">'
            f"\n\n{body}\n\n</div>"
        )

    def title(self, text: Text | None, file: SourceFile | None = None) -> str:
        """A one-line text for a heading or a table cell, flagged when not trusted.

        Given the file, footnote references in a heading become links too.
        """
        if text is None:
            return ""
        words = self.lang.words(text)
        if file is not None:
            words = " ".join(safe_markdown(words, self._footnotes(file)).split())
        else:
            words = inline(words)
        return words + self.flag(text)

    def flag(self, text: Text | None) -> str:
        """The small marker of a title that is not a trusted text in this language."""
        if text is not None and not self.lang.has(text):
            note = inline(str(self.ui["only_other"]))
            return f' <span class="nvp-tr-flag nvp-tr-other" title="{note}"></span>'
        state = self.state(text)
        if state in TRUSTED:
            return ""
        note = inline(str(self.ui[state.value]))
        return f' <span class="nvp-tr-flag nvp-tr-{state.value}" title="{note}"></span>'

    def official(self, text: Text | None) -> str:
        """The marker of an official translation (a law's French title, say)."""
        if self.lang.is_source or self.state(text) != Availability.official:
            return ""
        return f' <span class="nvp-official">({inline(str(self.ui["official"]))})</span>'

    def plain(self, text: Text | None) -> str:
        return self.lang.plain(text)

    def html(self, text: Text | str | None) -> str:
        """A text for raw HTML: escaped, one line."""
        words = self.lang.words(text) if isinstance(text, Text) else (text or "")
        return str(escape(" ".join(words.split())))

    def toc_label(self, text: Text | None) -> str:
        """The heading as the table of contents shows it: words only, quotes made safe."""
        return self.plain(text).replace('"', "'")

    def topic_label(self, topic: Node) -> str:
        """A chapter, theme or phenomenon as a link names it: its number and title."""
        obj = topic.obj
        if topic.kind != "chapter":
            return f"{obj.number} {self.plain(obj.title)}"
        if obj.number is None:
            return self.plain(obj.title) if obj.title else str(self.ui["foreword"])
        label = f"{self.ui['chapter']} {obj.number}"
        return f"{label}: {self.plain(obj.title)}" if obj.title else label

    def place(self, node: Node) -> str:
        """Where an object stands, for a list of links: its topic, then the sections to it.

        "2.3.2 Intrafamiliaal en seksueel geweld › Situatie › Intrafamiliaal geweld"
        """
        topic = self.site.topic_of(node)
        parts = []
        current: Node | None = node
        while current is not None and current is not topic:
            if current.kind == "footnote":
                parts.append(f"{self.ui['footnote']} {current.obj.number}")
            elif title := getattr(current.obj, "title", None):
                parts.append(self.plain(title))
            current = self.site.plan.index.get(current.parent_key or "")
        if topic is not None:
            parts.append(self.topic_label(topic))
        return " › ".join(reversed(parts)) or node.id

    def number(self, value: float) -> str:
        return self.lang.number(value)

    def value(self, figure: Node) -> str:
        """A figure's value with its unit: a share ("aandeel van ...", 0.25) as "25 % van ..."."""
        return self.lang.quantity(figure.obj.value, self.plain(figure.obj.unit))

    def href(self, target: Node | str) -> str:
        """A Markdown link to where an object is shown, relative to this page."""
        key = target if isinstance(target, str) else target.key
        return self.site.href(self.path, key)

    def url(self, target: Node | str | Page) -> str:
        """The same link for raw HTML, where mkdocs does not rewrite .md into .html."""
        if not isinstance(target, Node | str):
            return self.page_url(target.path)
        link = self.href(target)
        page, _, anchor = link.partition("#")
        return page.removesuffix(".md") + ".html" + (f"#{anchor}" if anchor else "")

    def page_url(self, path: str) -> str:
        import posixpath

        relative = posixpath.relpath(path, posixpath.dirname(self.path) or ".")
        return relative.removesuffix(".md") + ".html"

    def up(self) -> str:
        """From this page to the site's root folder."""
        return "../" * self.path.count("/")

    def rule_summary(self, entry: CatalogueEntry) -> str:
        """A rule's one-line summary in this language, where the interface texts have it."""
        summary = self.ui["rule_summaries"].get(entry.code) or entry.summary
        return inline(str(summary))

    def rule_doc(self, entry: CatalogueEntry) -> str:
        """A rule's documentation (its docstring, in English), marked as such."""
        doc = rule_doc_markdown(entry.rule.doc if entry.rule is not None else "")
        return f'<div class="nvp-rule-doc" lang="en" markdown="1">\n\n{doc}\n\n</div>'

    def abbreviations(self, markdown: str) -> str:
        """Abbreviation definitions for the glossary terms that occur on the page."""
        lines = []
        for term in self.site.reference("term"):
            word = self.lang.words(term.obj.term)
            expansion = term.obj.expansion
            if not word or expansion is None or "]" in word:
                continue
            if mentions(markdown, word):
                lines.append(f"*[{word}]: {self.plain(expansion)}")
        return "\n".join(sorted(lines))


CODE_SPAN = re.compile(r"(`+)(.+?)\1")


def rule_doc_markdown(doc: str) -> str:
    """A rule's docstring as Markdown: '::' opens the indented example that follows.

    Angle brackets in its prose ("cycles/<cycle-id>/") are words, not HTML: they
    are escaped outside code spans and indented examples, where Markdown shows
    them as they are.
    """
    lines = []
    for line in re.sub(r"::\n", ":\n", inspect.cleandoc(doc)).splitlines():
        if line.startswith("    "):
            lines.append(line)
            continue
        # split() gives prose, fence, code, prose, fence, code, ... prose.
        pieces = CODE_SPAN.split(line)
        shown = []
        for index, piece in enumerate(pieces):
            if index % 3 == 0:
                shown.append(piece.replace("&", "&amp;").replace("<", "&lt;"))
            elif index % 3 == 1:
                shown.append(piece + pieces[index + 1] + piece)
        lines.append("".join(shown))
    return "\n".join(lines)


def render_page(
    env: jinja2.Environment, site: d.SiteData, page: Page, lang: Language, pages: tuple[Page, ...]
) -> str:
    """One page as Markdown: its template over its context."""
    r = Words(site, page.path, lang)
    markdown = env.get_template(page.template).render(c=page.context, page=page, r=r, pages=pages)
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"
    markdown = with_notice(markdown, lang)
    abbreviations = r.abbreviations(markdown)
    return markdown + (f"\n{abbreviations}\n" if abbreviations else "")


NOTICES = {
    "machine": "machine_notice",
    "stale": "stale",
    "missing": "missing",
    "other": "only_other",
}
"""The notice a page carries, once, when some of its texts are in each state."""


def with_notice(markdown: str, lang: Language) -> str:
    """The page with one notice under its title for the untrusted texts it holds."""
    notes = [
        inline(str(lang.ui[key])) for state, key in NOTICES.items() if f"nvp-tr-{state}" in markdown
    ]
    if not notes:
        return markdown
    notice = f'<p class="nvp-notice" data-search-exclude>{" ".join(notes)}</p>\n'
    front = ""
    if markdown.startswith("---\n"):
        end = markdown.index("\n---\n", 4) + 5
        front, markdown = markdown[:end], markdown[end:]
    lines = markdown.split("\n")
    at = next((i + 1 for i, line in enumerate(lines) if line.startswith("# ")), 0)
    return front + "\n".join([*lines[:at], "", notice, *lines[at:]])
