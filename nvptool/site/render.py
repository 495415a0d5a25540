"""Render the site's pages in one language: jinja2 templates over the site data."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml

from nvptool.diff.compare import compare, only, side
from nvptool.diff.model import DiffResult
from nvptool.model.content import Figure
from nvptool.model.text import Availability, Text, availability
from nvptool.plan import Node, SourceFile
from nvptool.rules import CatalogueEntry, catalogue
from nvptool.site import pages as p
from nvptool.site.markup import inline, safe_markdown
from nvptool.terms import mentions

TRUSTED = {Availability.source, Availability.official, Availability.reviewed}
CHANGE_KINDS = {"theme", "phenomenon", "mapping"}
"""What the changes page shows: the plan's structure, not every sentence."""


def ui_path(templates: Path, lang: str) -> Path:
    """Where the interface texts of a language live: templates/i18n/<lang>.yaml."""
    return templates / "i18n" / f"{lang}.yaml"


def load_ui(templates: Path, lang: str) -> dict[str, Any]:
    """The interface texts of one language."""
    path = ui_path(templates, lang)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of interface texts")
    return data


def environment(templates: Path) -> jinja2.Environment:
    return jinja2.Environment(
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


@dataclass(frozen=True)
class PageRenderer:
    """What a template may ask while rendering one page in one language."""

    site: p.SiteData
    page: p.Page
    lang: str
    source_lang: str
    ui: dict[str, Any]
    templates: Path = Path("templates")

    @property
    def file(self) -> SourceFile | None:
        return self.page.node.file if self.page.node is not None else None

    def _footnotes(self, file: SourceFile | None = None) -> dict[str, int]:
        file = file or self.file
        return self.site.footnotes(file) if file is not None else {}

    def state(self, text: Text | None) -> Availability:
        if text is None:
            return Availability.source
        return availability(text, self.lang, self.source_lang)

    def _words(self, text: Text) -> str:
        return text.get(self.lang) or text.get(self.source_lang) or ""

    def block(self, text: Text | None, file: SourceFile | None = None) -> str:
        """A Markdown text block, marked when it is not a trusted text in this language."""
        if text is None:
            return ""
        body = safe_markdown(self._words(text), self._footnotes(file))
        state = self.state(text)
        return body if state in TRUSTED else self._marked(body, state)

    def _marked(self, body: str, state: Availability) -> str:
        """A block with the notice of its state: machine-made, stale or missing."""
        lang = f' lang="{self.source_lang}"' if state == Availability.missing else ""
        note = inline(str(self.ui[state.value]))
        return (
            f'<div class="nvp-tr nvp-tr-{state.value}" data-note="{note}"{lang} markdown="1">'
            f"\n\n{body}\n\n</div>"
        )

    def title(self, text: Text | None, file: SourceFile | None = None) -> str:
        """A one-line text for a heading or a table cell, flagged when not trusted.

        Given the file, footnote references in a heading become links too.
        """
        if text is None:
            return ""
        words = self._words(text)
        if file is not None:
            words = " ".join(safe_markdown(words, self._footnotes(file)).split())
        else:
            words = inline(words)
        state = self.state(text)
        if state in TRUSTED:
            return words
        note = inline(str(self.ui[state.value]))
        return f'{words} <span class="nvp-tr-flag nvp-tr-{state.value}" title="{note}">*</span>'

    def topic_label(self, topic: Node) -> str:
        """A chapter, theme or phenomenon as a link or a menu names it: its number and title."""
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

    def toc_label(self, text: Text | None) -> str:
        """The heading as the table of contents shows it: words only, quotes made safe."""
        return self.plain(text).replace('"', "'")

    def plain(self, text: Text | None) -> str:
        return inline(self._words(text)) if text is not None else ""

    def number(self, value: float) -> str:
        """A number as the page's language writes it: 37 457, 26,6."""
        whole = f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0")
        return (
            whole.replace(",", "\x00")
            .replace(".", str(self.ui["decimal_separator"]))
            .replace("\x00", str(self.ui["thousands_separator"]))
        )

    def figure_value(self, figure: Figure) -> str:
        """A figure's number as the text states it, in the page's language: "bijna 48 000",
        "tussen 1 000 en 1 200" (interface texts figure_qualifier)."""
        phrases = self.ui["figure_qualifier"]
        return str(phrases[figure.qualifier.value]).format(
            value=self.number(figure.value) if figure.value is not None else "",
            low=self.number(figure.low) if figure.low is not None else "",
            high=self.number(figure.high) if figure.high is not None else "",
        )

    def href(self, target: Node | str) -> str:
        key = target if isinstance(target, str) else target.key
        return self.site.href(self.page.path, key)

    def changes(self) -> DiffResult:
        """What this cycle changed since the previous one: its themes, phenomena and mappings."""
        previous = p.predecessor(self.site.plan, self.site.cycle)
        assert previous is not None, "the changes page exists only when there is a predecessor"
        plan = self.site.plan
        result = compare(
            side(plan, previous.id, scope=previous.scope),
            side(plan, self.site.cycle.id, scope=self.site.cycle.scope),
            lang=self.lang,
        )
        return only(result, CHANGE_KINDS)

    def previous_cycle(self) -> Node | None:
        return p.predecessor(self.site.plan, self.site.cycle)

    def object_href(self, kind: str, object_id: str | None) -> str | None:
        """The link to an object of the site's cycle, by kind and id."""
        for node in self.site.plan.of_kind(kind):
            if node.id == object_id and node.scope == self.site.cycle.scope:
                return self.href(node) if node.key in self.site.targets else None
        return None

    def guide(self) -> str:
        """The writers' guide in this language, or in the source language with a notice."""
        folder = self.templates / "guide"
        path = folder / f"{self.lang}.md"
        if path.is_file():
            return path.read_text(encoding="utf-8")
        text = (folder / f"{self.source_lang}.md").read_text(encoding="utf-8")
        return self._marked(text, Availability.missing)

    def footnote_list(self, file: SourceFile | None = None) -> list[Node]:
        file = file or self.file
        if file is None:
            return []
        return sorted(self.site.file_nodes(file, "footnote"), key=lambda n: n.obj.number)

    def abbreviations(self, markdown: str) -> str:
        """Abbreviation definitions for the glossary terms that occur on the page."""
        lines = []
        for term in self.site.reference("term"):
            word = term.obj.term.get(self.lang) or term.obj.term.get(self.source_lang)
            expansion = term.obj.expansion
            if not word or expansion is None or "]" in word:
                continue
            if mentions(markdown, word):
                lines.append(f"*[{word}]: {self.plain(expansion)}")
        return "\n".join(sorted(lines))


@dataclass(frozen=True)
class RuleDoc:
    code: str
    name: str
    severity: str
    groups: tuple[str, ...]
    doc_markdown: str


@dataclass(frozen=True)
class RuleCatalogue:
    table: tuple[CatalogueEntry, ...]
    documented: tuple[RuleDoc, ...]


@functools.cache
def rule_catalogue() -> RuleCatalogue:
    """Every code, and each rule's docstring as Markdown, for the rule reference page."""
    table = catalogue()
    documented = tuple(
        RuleDoc(e.code, e.name, e.severity, e.rule.groups, _doc_markdown(e.rule.doc))
        for e in table
        if e.rule is not None
    )
    return RuleCatalogue(table, documented)


def _doc_markdown(doc: str) -> str:
    """A rule's docstring as Markdown: '::' opens the indented example that follows."""
    import inspect

    text = inspect.cleandoc(doc)
    return re.sub(r"::\n", ":\n", text)


def render_page(env: jinja2.Environment, renderer: PageRenderer) -> str:
    template = env.get_template(renderer.page.template)
    markdown = template.render(
        r=renderer, site=renderer.site, page=renderer.page, p=p, rules=rule_catalogue()
    )
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"
    abbreviations = renderer.abbreviations(markdown)
    return markdown + (f"\n{abbreviations}\n" if abbreviations else "")
