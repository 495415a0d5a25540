"""Render the site's pages in one language: jinja2 templates over the site data."""

from __future__ import annotations

import functools
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from nvptool.diff.compare import compare, only, side
from nvptool.diff.model import DiffResult
from nvptool.model.content import Figure
from nvptool.model.text import Availability, Text, availability
from nvptool.plan import Node, SourceFile
from nvptool.rules import CatalogueEntry, catalogue
from nvptool.site import pages as p
from nvptool.site.markup import FOOTNOTE_REF, inline, inline_words, safe_markdown
from nvptool.site.safety import safe_url
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


VALUE_ESCAPES = str.maketrans(
    {c: f"&#{ord(c)};" for c in "&<>\"'`*_[]{}|#~\\"} | {c: " " for c in "\r\n\t\v\f"}
)
"""What could make markup of a value in Markdown, in HTML or in an attribute: as entities.

Without its brackets no link or picture can form, so parentheses stay as written."""


QUALIFIER_SLOT = re.compile(r"\{(value|low|high)\}")
"""Where a figure's numbers go in the interface text of its qualifier."""


def escape_value(value: object) -> Markup:
    """Any value a template shows that is not Markdown made safe already: shown as it is.

    The templates' environment applies this to every expression (jinja2's
    finalize), so an identifier, a number, a name or a date never needs a filter
    to be safe; what renders plan Markdown returns Markup, which passes as it is.
    """
    if hasattr(value, "__html__"):
        return Markup(value)
    return Markup(str(value).translate(VALUE_ESCAPES))


def _text_only(value: Any, name: str) -> str:
    if hasattr(value, "__html__"):
        raise TypeError(f"the '{name}' filter takes a value, not rendered Markdown")
    return str(value)


def _replace(value: Any, old: str, new: str) -> str:
    return _text_only(value, "replace").replace(old, new)


def _join(values: Any, separator: str = "") -> str:
    return separator.join(_text_only(value, "join") for value in values)


def _truncate(value: Any, length: int, killwords: bool = False, end: str = "…") -> str:
    text = _text_only(value, "truncate")
    if len(text) <= length + 5:  # jinja2's leeway
        return text
    cut = text[: length - len(end)]
    return (cut if killwords else cut.rsplit(" ", 1)[0]) + end


TEXT_FILTERS = {
    "replace": _replace,
    "join": _join,
    "truncate": _truncate,
    **dict.fromkeys(("e", "escape", "forceescape"), escape_value),
}
"""Filters that give plain text, escaped when shown (jinja2's own would give Markup that is
escaped for HTML only, and Markdown would still read a value's brackets and asterisks).
In a template, keep values and rendered Markdown apart: `~` between them escapes for
HTML only too."""


def environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        undefined=jinja2.StrictUndefined,
        # Every value is escaped unless it is Markup: plan Markdown made safe by the
        # renderer, a macro's output, or tojson. The output is Markdown, SVG or YAML.
        autoescape=True,
        finalize=escape_value,
        # Markdown attribute lists ({#anchor}) would open a jinja comment.
        comment_start_string="{##",
        comment_end_string="##}",
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(TEXT_FILTERS)
    return env


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

    def block(self, text: Text | None, file: SourceFile | None = None) -> Markup:
        """A Markdown text block, marked when it is not a trusted text in this language."""
        if text is None:
            return Markup()
        body = safe_markdown(self._words(text), self._footnotes(file))
        state = self.state(text)
        return Markup(body if state in TRUSTED else self._marked(body, state))

    def _marked(self, body: str, state: Availability) -> str:
        """A block with the notice of its state: machine-made, stale or missing."""
        lang = f' lang="{self.source_lang}"' if state == Availability.missing else ""
        note = escape_value(self.ui[state.value])
        return (
            f'<div class="nvp-tr nvp-tr-{state.value}" data-note="{note}"{lang} markdown="1">'
            f"\n\n{body}\n\n</div>"
        )

    def title(self, text: Text | None, file: SourceFile | None = None) -> Markup:
        """A one-line text for a heading or a table cell, flagged when not trusted.

        Given the file, footnote references in a heading become links too.
        """
        if text is None:
            return Markup()
        words = self._words(text)
        if file is not None:
            words = " ".join(safe_markdown(words, self._footnotes(file)).split())
        else:
            words = inline(words)
        state = self.state(text)
        if state in TRUSTED:
            return Markup(words)
        note = escape_value(self.ui[state.value])
        flag = f'<span class="nvp-tr-flag nvp-tr-{state.value}" title="{note}">&#42;</span>'
        return Markup(f"{words} {flag}")

    def topic_label(self, topic: Node) -> Markup:
        """A chapter, theme or phenomenon as a link or a menu names it: its number and title."""
        obj = topic.obj
        if topic.kind != "chapter":
            return Markup(f"{escape_value(obj.number)} {self.plain(obj.title)}")
        if obj.number is None:
            return self.plain(obj.title) if obj.title else escape_value(self.ui["foreword"])
        label = escape_value(f"{self.ui['chapter']} {obj.number}")
        return Markup(f"{label}: {self.plain(obj.title)}") if obj.title else label

    def place(self, node: Node) -> Markup:
        """Where an object stands, for a list of links: its topic, then the sections to it.

        "2.3.2 Intrafamiliaal en seksueel geweld › Situatie › Intrafamiliaal geweld"
        """
        topic = self.site.topic_of(node)
        parts: list[str] = []
        current: Node | None = node
        while current is not None and current is not topic:
            if current.kind == "footnote":
                parts.append(escape_value(f"{self.ui['footnote']} {current.obj.number}"))
            elif title := getattr(current.obj, "title", None):
                parts.append(self.plain(title))
            current = self.site.plan.index.get(current.parent_key or "")
        if topic is not None:
            parts.append(self.topic_label(topic))
        return Markup(" › ".join(reversed(parts))) or escape_value(node.id)

    def toc_label(self, text: Text | None) -> Markup:
        """The heading as the table of contents shows it: words only, quotes made safe."""
        return self.link_title(text)

    def link_title(self, text: Text | None) -> Markup:
        """Words for a link's tooltip, between double quotes."""
        words = inline_words(self._words(text)) if text is not None else ""
        return Markup(words.replace('"', "&#34;"))

    def plain(self, text: Text | None) -> Markup:
        """A one-line Markdown text, without footnote references or notices."""
        return Markup(self._plain(text))

    def _plain(self, text: Text | None) -> str:
        return inline(self._words(text)) if text is not None else ""

    def text(self, text: Text | None) -> str:
        """The words alone, for a picture's labels: escaped where they are shown."""
        words = FOOTNOTE_REF.sub("", self._words(text)) if text is not None else ""
        return " ".join(words.split())

    def url(self, address: str | None) -> Markup:
        """An address from the plan as a link target: http, https or mailto, or nothing."""
        if not address or not safe_url(address) or ":" not in address.split("/", 1)[0]:
            return Markup("#")
        return Markup(urllib.parse.quote(address, safe="/:?#[]@!$&'*+,;=%-._~"))

    def number(self, value: float) -> Markup:
        """A number as the page's language writes it: 37 457, 26,6."""
        whole = f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0")
        return escape_value(
            whole.replace(",", "\x00")
            .replace(".", str(self.ui["decimal_separator"]))
            .replace("\x00", str(self.ui["thousands_separator"]))
        )

    def figure_value(self, figure: Figure) -> Markup:
        """A figure's number as the text states it, in the page's language: "bijna 48 000",
        "tussen 1 000 en 1 200" (interface texts figure_qualifier, with {value}, {low},
        {high} where the numbers go)."""
        phrase = str(self.ui["figure_qualifier"][figure.qualifier.value])
        numbers = {"value": figure.value, "low": figure.low, "high": figure.high}
        parts = QUALIFIER_SLOT.split(phrase)  # Words, slot, words, slot, words …
        shown = [
            (self.number(n) if (n := numbers[part]) is not None else Markup(""))
            if index % 2
            else escape_value(part)
            for index, part in enumerate(parts)
        ]
        return Markup("").join(shown)

    def href(self, target: Node | str) -> Markup:
        """A link to an object's page and anchor: made of validated ids and page paths."""
        key = target if isinstance(target, str) else target.key
        return Markup(urllib.parse.quote(self.site.href(self.page.path, key), safe="/#.-"))

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

    def object_href(self, kind: str, object_id: str | None) -> Markup | None:
        """The link to an object of the site's cycle, by kind and id."""
        for node in self.site.plan.of_kind(kind):
            if node.id == object_id and node.scope == self.site.cycle.scope:
                return self.href(node) if node.key in self.site.targets else None
        return None

    def guide(self) -> Markup:
        """The writers' guide in this language, or in the source language with a notice.

        The guide is the tool's own Markdown, not plan text: it is shown as written.
        """
        folder = self.templates / "guide"
        path = folder / f"{self.lang}.md"
        if path.is_file():
            return Markup(path.read_text(encoding="utf-8"))
        text = (folder / f"{self.source_lang}.md").read_text(encoding="utf-8")
        return Markup(self._marked(text, Availability.missing))

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
            if not word or expansion is None or any(c in word for c in "[]\r\n"):
                continue
            if mentions(markdown, word):
                lines.append(f"*[{word}]: {self._plain(expansion)}")
        return "\n".join(sorted(lines))


@dataclass(frozen=True)
class RuleDoc:
    code: str
    name: str
    severity: str
    groups: tuple[str, ...]
    doc_markdown: Markup
    """The rule's own documentation (the tool's code, not plan text): shown as written."""


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


def _doc_markdown(doc: str) -> Markup:
    """A rule's docstring as Markdown: '::' opens the indented example that follows."""
    import inspect

    text = inspect.cleandoc(doc)
    return Markup(re.sub(r"::\n", ":\n", text))


def render_page(env: jinja2.Environment, renderer: PageRenderer) -> str:
    template = env.get_template(renderer.page.template)
    markdown = template.render(
        r=renderer, site=renderer.site, page=renderer.page, p=p, rules=rule_catalogue()
    )
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"
    abbreviations = renderer.abbreviations(markdown)
    return markdown + (f"\n{abbreviations}\n" if abbreviations else "")
