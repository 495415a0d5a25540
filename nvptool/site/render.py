"""Render the site's pages in one language: jinja2 templates over page contexts.

A template receives its page's context (`c`), the page itself (`page`) and a
`Words` (`r`) that writes plan text in the page's language: marked when it is
machine-made, stale or missing, made safe, with links relative to the page.
"""

from __future__ import annotations

import functools
import inspect
import re
import string
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup
from msgspec import Struct

from nvptool.blocks import FOOTNOTE_REF, loose_lists
from nvptool.model.base import LANGUAGE_PATTERN
from nvptool.model.content import Figure
from nvptool.model.text import Availability, Text, availability
from nvptool.plan import Node, SourceFile
from nvptool.rules import CatalogueEntry
from nvptool.site import data as d
from nvptool.site.language import Language
from nvptool.site.markup import inline, inline_words, safe_markdown
from nvptool.site.safety import safe_url
from nvptool.site.template_cache import use_template_cache
from nvptool.terms import Terms

if TYPE_CHECKING:
    from nvptool.site.pages import Page

QUALIFIER_SLOT = re.compile(r"\{(value|low|high)\}")
"""Where a figure's numbers go in the interface text of its qualifier."""

TRUSTED = {Availability.source, Availability.official, Availability.reviewed}


VALUE_ESCAPES = str.maketrans(
    {c: f"&#{ord(c)};" for c in "&<>\"'`*_[]{}|#~\\"} | {c: " " for c in "\r\n\t\v\f"}
)
"""What could make markup of a value in Markdown, in HTML or in an attribute: as entities.

Without its brackets no link or picture can form, so parentheses stay as written."""


def escape_value(value: object) -> Markup:
    """Any value a template shows that is not Markdown made safe already: shown as it is.

    The templates' environment applies this to every expression (jinja2's
    finalize), so an identifier, a number, a name or a date never needs a filter
    to be safe; what renders plan Markdown returns Markup, which passes as it is.
    """
    if type(value) is Markup:  # Most values: passed as they are, not copied.
        return value
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


def _fmt(phrase: Any, **values: Any) -> Markup:
    """An interface phrase with its slots filled ("{block} {position} van {kind} {label}").

    The phrase and every value are escaped; a value that is Markup already (a
    macro's output, plan text escaped by `e`) passes as it is.
    """
    parts = []
    for literal, name, _, _ in string.Formatter().parse(_text_only(phrase, "fmt")):
        parts.append(escape_value(literal))
        if name is not None:
            parts.append(escape_value(values[name]))
    return Markup("").join(parts)


def _plural(forms: Any, n: int, zero_is_one: bool = False) -> str:
    """The form of an interface text for a count ({one: …, other: …}, or one text for all)."""
    from nvptool.diff.render import plural

    return plural(forms, n, zero_is_one)


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
    # The diff's phrases (templates/diff/_phrases.j2) are shared with the page of changes.
    env.filters.update(fmt=_fmt, plural=_plural)
    return use_template_cache(env)


GLUE = "\u00a0"
"""A no-break space: what it stands between stays on one line."""


def _glued(marker: str) -> Markup:
    """A marker kept on the line of the word before it: a no-break space, and both in a
    span that does not wrap (a browser breaks before a box like the marker's dot even
    after a no-break space)."""
    return Markup(f'<span class="nvp-glue">{GLUE}{marker}</span>')


LANGUAGE_CODE = re.compile(LANGUAGE_PATTERN)


class Words(Struct, frozen=True, dict=True):
    """Plan text written for one page in one language."""

    site: d.SiteData
    path: str
    """The page's path: links are relative to it."""
    lang: Language

    @property
    def ui(self) -> Any:
        return self.lang.ui

    @functools.cached_property
    def diff_texts(self) -> dict[str, Any]:
        """The diff's words, as the page of changes shares its phrases (diff/_phrases.j2)."""
        from nvptool.diff.render import diff_texts

        found = diff_texts(self.lang.ui)
        assert found is not None  # The language's texts were checked before any page.
        return found

    def state(self, text: Text | None) -> Availability:
        if text is None:
            return Availability.source
        return availability(text, self.lang.code, self.lang.source)

    def _footnotes(self, file: SourceFile | None) -> dict[str, int]:
        return self.site.footnotes(file) if file is not None else {}

    def block(self, text: Text | None, file: SourceFile | None = None) -> Markup:
        """A Markdown text block, marked when it is not a trusted text in this language."""
        if text is None:
            return Markup()
        body = self.body(text, file)
        state = self.state(text)
        return body if state in TRUSTED else self.marked(body, state)

    def body(self, text: Text | None, file: SourceFile | None = None) -> Markup:
        """A Markdown text block without its marker, for a block that carries it itself."""
        if not text:
            return Markup()
        return Markup(safe_markdown(self.lang.words(text), self._footnotes(file)))

    def measure(self, text: Text, number: str, file: SourceFile | None = None) -> Markup:
        """A measure's text after its number, to copy; marked when not trusted in this language.

        Its nested items follow its first line directly, as printed; the blank line that
        Markdown needs before them is added here.
        """
        title = escape_value(self.ui["copy_number"])
        label = (
            f'<span class="nvp-measure-number"><code title="{title}">'
            f"{escape_value(number)}</code></span> "
        )
        words = loose_lists(self.lang.words(text))
        body = Markup(label + safe_markdown(words, self._footnotes(file)))
        state = self.state(text)
        return body if state in TRUSTED else self.marked(body, state)

    def state_class(self, text: Text | None) -> Markup:
        """The classes that mark an untrusted text's block: ' nvp-tr nvp-tr-machine'."""
        state = self.state(text)
        return Markup("" if state in TRUSTED else f" nvp-tr nvp-tr-{state.value}")

    def state_attrs(self, text: Text | None) -> Markup:
        """The attributes of a marked block: the note as its title; the language of missing text."""
        state = self.state(text)
        if state in TRUSTED:
            return Markup()
        lang = f' lang="{self.lang.source}"' if state == Availability.missing else ""
        return Markup(f' title="{escape_value(self.ui[state.value])}"{lang}')

    def marked(self, body: str, state: Availability | str) -> Markup:
        """A block with a quiet marker of its state; the page's notice explains it.

        The body is Markdown made safe already (plan text) or the tool's own (the guide).
        """
        state = Availability(state)
        lang = f' lang="{self.lang.source}"' if state == Availability.missing else ""
        note = escape_value(self.ui[state.value])
        return Markup(
            f'<div class="nvp-tr nvp-tr-{state.value}" title="{note}"{lang} markdown="1">'
            f"\n\n{body}\n\n</div>"
        )

    def title(self, text: Text | None, file: SourceFile | None = None) -> Markup:
        """A one-line text for a heading or a table cell, flagged when not trusted.

        Given the file, footnote references in a heading become links too.
        """
        if text is None:
            return Markup()
        words = self.lang.words(text)
        if file is not None:
            shown = " ".join(safe_markdown(words, self._footnotes(file)).split())
        else:
            shown = inline(words)
        return Markup(shown) + self.flag(text)

    def flag(self, text: Text | None) -> Markup:
        """The small marker of a title that is not a trusted text in this language, kept on
        the line of the title's last word (a marker alone on a line under a heading reads as
        a stray dot)."""
        if text is not None and not self.lang.has(text):
            note = escape_value(self.ui["only_other"])
            return _glued(f'<span class="nvp-tr-flag nvp-tr-other" title="{note}"></span>')
        state = self.state(text)
        if state in TRUSTED:
            return Markup()
        note = escape_value(self.ui[state.value])
        return _glued(f'<span class="nvp-tr-flag nvp-tr-{state.value}" title="{note}"></span>')

    def official(self, text: Text | None) -> Markup:
        """The marker of an official translation (a law's French title, say)."""
        if self.lang.is_source or self.state(text) != Availability.official:
            return Markup()
        return Markup(f' <span class="nvp-official">({escape_value(self.ui["official"])})</span>')

    def plain(self, text: Text | None) -> Markup:
        """A one-line Markdown text, without footnote references or notices; marked with
        its language where it is not the page's (a title known only in French, on a Dutch
        page), for a reader's tools and the page's typography."""
        shown = Markup(self.lang.plain(text))
        if not shown:
            return shown
        opened, closed = self.language_span(self.lang.shown_in(text))
        return opened + shown + closed

    def text(self, text: Text | None) -> str:
        """The words alone, for a picture's labels: escaped where they are shown."""
        words = FOOTNOTE_REF.sub("", self.lang.words(text)) if text is not None else ""
        return " ".join(words.split())

    def html(self, text: Text | str | None) -> Markup:
        """A text for raw HTML (a table cell, an attribute): every special character escaped.

        Markup is refused: it is escaped already, and escaping it again shows its entities
        ("Drugs &amp;amp; wapens"); the methods that make it take html=True instead.
        """
        if isinstance(text, Markup):
            raise TypeError(f"already escaped, would be escaped twice: {text[:60]!r}")
        words = self.text(text) if isinstance(text, Text) else (text or "")
        return escape_value(" ".join(str(words).split()))

    def language_span(self, code: str | None) -> tuple[Markup, Markup]:
        """The tags around words of another language than the page's (none for its own):
        a reader's tools then read them in their language, and the page's typography
        leaves them as they are."""
        if not code or code == self.lang.code or not LANGUAGE_CODE.fullmatch(code):
            return Markup(), Markup()
        return Markup(f'<span lang="{code}">'), Markup("</span>")

    def source_quote(self, words: str) -> Markup:
        """The plan's own words (in its source language), quoted as the page's language
        quotes ("…", « … »), and marked as the source language's on a page in another."""
        opened, closed = self.language_span(self.lang.source)
        inner = opened + escape_value(words) + closed
        return escape_value(self.ui["quote_open"]) + inner + escape_value(self.ui["quote_close"])

    def pinpoint(self, pinpoint: str) -> Markup:
        """Where in an instrument (art. 46sexies, §1), shown as a value in the page's words,
        with no line break between a subdivision's word and its number (Language.pinpoint)."""
        return escape_value(self.lang.pinpoint(pinpoint))

    def link_title(self, text: Text | None) -> Markup:
        """Words for a link's tooltip, between double quotes."""
        words = inline_words(self.lang.words(text)) if text is not None else ""
        return Markup(words.replace('"', "&#34;"))

    def topic_label(self, topic: Node, html: bool = False) -> Markup:
        """A chapter, theme or phenomenon as a link names it: its number and title; for
        Markdown, or with html for raw HTML (a table cell, a link of its own)."""
        obj = topic.obj
        title = self._words_for(html)
        if topic.kind != "chapter":
            return Markup(f"{escape_value(obj.number)} {title(obj.title)}")
        if obj.number is None:
            return title(obj.title) if obj.title else escape_value(self.ui["foreword"])
        label = escape_value(f"{self.ui['chapter']} {obj.number}")
        return Markup(f"{label}{self.ui['colon']} {title(obj.title)}") if obj.title else label

    def kind_label(self, topic: Node) -> Markup:
        """A theme or phenomenon with its kind ("fenomeen 6 Geweldscriminaliteit"), where two
        cycles number themes and phenomena alike (the 2016-2019 plan counts both from 1)."""
        label = self.topic_label(topic)
        if topic.kind == "chapter":
            return label
        return escape_value(self.ui["diff"]["kinds"][topic.kind]) + Markup(" ") + label

    def _words_for(self, html: bool) -> Callable[[Text | None], Markup]:
        """A text as one line, for raw HTML (escaped once) or for Markdown."""
        return self.html if html else self.plain

    def place(self, node: Node, html: bool = False) -> Markup:
        """Where an object stands, for a list of links: its topic, then the sections to it;
        for Markdown, or with html for raw HTML.

        "2.3.2 Intrafamiliaal en seksueel geweld › Situatie › Intrafamiliaal geweld"
        """
        topic = self.site.topic_of(node)
        parts: list[str] = []
        current: Node | None = node
        while current is not None and current is not topic:
            if current.kind == "footnote":
                parts.append(escape_value(f"{self.ui['footnote']} {current.obj.number}"))
            elif title := getattr(current.obj, "title", None):
                parts.append(self._words_for(html)(title))
            current = self.site.plan.index.get(current.parent_key or "")
        if topic is not None:
            parts.append(self.topic_label(topic, html))
        return Markup(" › ".join(reversed(parts))) or escape_value(node.id)

    def date(self, value: str | None) -> Markup:
        """A date, or a period of dates (2016/2019), in the page's words."""
        shown = "–".join(self.lang.date(part) for part in (value or "").split("/"))
        return escape_value(shown)

    def number(self, value: float) -> Markup:
        return escape_value(self.lang.number(value))

    def figure_value(self, figure: Figure) -> Markup:
        """A figure's number as the text states it, in the page's language: "bijna 48 000",
        "tussen 1 000 en 1 200", "25 %" for a share, "+4 %" for a change (interface texts
        figure_qualifier, with {value}, {low}, {high} where the numbers go)."""
        unsigned, _ = self.lang.unit_parts(self.lang.words(figure.unit))
        write = unsigned
        if figure.change:  # An increase shows its +, as the text writes it ("+4 %").

            def write(number: float) -> str:
                return ("+" if number > 0 else "") + unsigned(number)

        phrase = str(self.ui["figure_qualifier"][figure.qualifier.value])
        numbers = {"value": figure.value, "low": figure.low, "high": figure.high}
        parts = QUALIFIER_SLOT.split(phrase)  # Words, slot, words, slot, words …
        shown = [
            (escape_value(write(n)) if (n := numbers[part]) is not None else Markup(""))
            if index % 2
            else escape_value(part)
            for index, part in enumerate(parts)
        ]
        return Markup("").join(shown)

    def figure_unit(self, figure: Figure) -> Markup:
        """The words of a figure's unit that follow its number ("van de deelnemers" for a share)."""
        _, words = self.lang.unit_parts(self.lang.words(figure.unit))
        return Markup(inline(words))

    def value(self, figure: Node) -> Markup:
        """A figure's number as the text states it, with its unit."""
        unit = self.figure_unit(figure.obj)
        return self.figure_value(figure.obj) + (Markup(" ") + unit if unit else Markup())

    def href(self, target: Node | str) -> Markup:
        """A Markdown link to where an object is shown, made of validated ids and page paths."""
        key = target if isinstance(target, str) else target.key
        return Markup(urllib.parse.quote(self.site.href(self.path, key), safe="/#.-"))

    def anchor(self, node: Node) -> Markup:
        """A link to an object's heading on this very page (the print page holds them all)."""
        return Markup("#" + urllib.parse.quote(node.id, safe="-._"))

    def shown(self, node: Node) -> bool:
        """Whether the site shows an object (an object of the previous plan it does not)."""
        return node.key in self.site.targets

    def link(self, target: Node | str | Page) -> Markup:
        """The same link for raw HTML, where mkdocs does not rewrite .md into .html."""
        if not isinstance(target, Node | str):
            return self.page_url(target.path)
        page, _, anchor = str(self.href(target)).partition("#")
        return Markup(page.removesuffix(".md") + ".html" + (f"#{anchor}" if anchor else ""))

    def page_url(self, path: str) -> Markup:
        relative = d.relative_path(path, self.path)
        return Markup(urllib.parse.quote(relative.removesuffix(".md") + ".html", safe="/#.-"))

    def url(self, address: str | None) -> Markup:
        """An address from the plan as a link target: http, https or mailto, or nothing."""
        if not address or not safe_url(address) or ":" not in address.split("/", 1)[0]:
            return Markup("#")
        return Markup(urllib.parse.quote(address, safe="/:?#[]@!$&'*+,;=%-._~"))

    def up(self) -> Markup:
        """From this page to the site's root folder."""
        return Markup("../" * self.path.count("/"))

    def rule_summary(self, entry: CatalogueEntry) -> Markup:
        """A rule's one-line summary in this language, where the interface texts have it."""
        summary = self.ui["rule_summaries"].get(entry.code) or entry.summary
        return Markup(inline(str(summary)))

    def rule_doc(self, entry: CatalogueEntry) -> Markup:
        """A rule's documentation: its explanation in this language, then its examples.

        The explanation comes from the interface texts; where they lack it, the
        rule's docstring (the tool's own English) is shown, marked as English.
        """
        doc = inspect.cleandoc(entry.rule.doc if entry.rule is not None else "")
        head, _, examples = doc.partition("Passing example::")
        examples = "Passing example::" + examples if examples else ""
        examples = examples.replace("Passing example::", f"{self.ui['rule_passing']}::")
        examples = examples.replace("Failing example::", f"{self.ui['rule_failing']}::")
        examples = localized_comments(examples, self.ui.get("rule_example_notes", {}))
        explanation = self.ui["rule_explanations"].get(entry.code)
        if explanation is None:
            prose = "\n".join(head.splitlines()[1:]).strip()
            english = rule_doc_markdown(prose)
            shown = f'<div class="nvp-rule-doc" lang="en" markdown="1">\n\n{english}\n\n</div>'
        else:
            shown = rule_doc_markdown(str(explanation))
        return Markup(f"{shown}\n\n{rule_doc_markdown(examples)}")

    def abbreviations(self, markdown: str) -> str:
        """Abbreviation definitions for the glossary terms that occur on the page."""
        table = self.site.abbreviations.get(self.lang.code)
        if table is None:  # Once per language: every page of it asks.
            table = self.site.abbreviations[self.lang.code] = Abbreviations.of(self.site, self.lang)
        return table.on(markdown)


class Abbreviations(Struct, frozen=True):
    """The glossary's abbreviations in one language, found on a page in one pass."""

    definitions: dict[str, tuple[str, ...]]
    """By word: its definition lines, one for each term of the glossary with that word."""
    terms: Terms

    @classmethod
    def of(cls, site: d.SiteData, lang: Language) -> Abbreviations:
        found: dict[str, list[str]] = {}
        for term in site.reference("term"):
            word = lang.words(term.obj.term)
            expansion = term.obj.expansion
            if not word or expansion is None or any(c in word for c in "[]\r\n"):
                continue
            found.setdefault(word, []).append(f"*[{word}]: {lang.plain(expansion)}")
        return cls({word: tuple(lines) for word, lines in found.items()}, Terms(found))

    def on(self, markdown: str) -> str:
        """The definitions of the abbreviations the page uses, in order."""
        used = self.terms.occurring(markdown)
        return "\n".join(sorted(line for word in used for line in self.definitions[word]))


CODE_SPAN = re.compile(r"(`+)(.+?)\1")
EXAMPLE_COMMENT = re.compile(r"(?m)(^|[ \t])# (.+?)[ \t]*$")
"""A comment of a rule's YAML example: what the tool says of the line, in English."""


def localized_comments(examples: str, notes: dict[str, str]) -> str:
    """The examples with each comment in the page's language, where the interface texts
    have it (keyed by the comment's English words); file names and bare codes stay."""

    def shown(match: re.Match[str]) -> str:
        words = match.group(2)
        return f"{match.group(1)}# {notes.get(words, words)}"

    return EXAMPLE_COMMENT.sub(shown, examples)


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
    "stale": "stale_notice",
    "missing": "missing_notice",
    "other": "other_notice",
}
"""The notice a page carries, once, when some of its texts are in each state."""


def with_notice(markdown: str, lang: Language) -> str:
    """The page with one notice under its title for the untrusted texts it holds."""
    notes = [
        escape_value(lang.ui[key])
        for state, key in NOTICES.items()
        if f"nvp-tr-{state}" in markdown
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
