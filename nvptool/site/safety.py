"""What HTML a page of the site may hold, and the Markdown that makes it.

Three layers keep hostile plan text from becoming markup (README, "Hostile
text on the site"): plan text is escaped before it reaches a page
(`markup.py`, and every other value by the template environment); the site's
Markdown has only the extensions the plan needs, none that lets text set an
attribute; and the HTML of every page passes the allow-list below (nh3) before
mkdocs-material wraps it in the theme.

The allow-list names exactly what the templates and the Markdown extensions
produce. A tag, attribute, class or URL scheme that is not on it is removed.
"""

from __future__ import annotations

import functools
import re
from typing import Any
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.extensions.toc import render_inner_html, strip_tags
from markdown.treeprocessors import Treeprocessor

from nvptool.urls import URL_SCHEMES, url_scheme

TAGS = frozenset(
    {
        *("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"),
        *("ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td"),
        *("em", "strong", "code", "pre", "sup", "sub", "abbr", "a", "img", "div", "span"),
        "tfoot",  # the matrices' coverage counts
        *("ins", "del"),  # the words a change inserted and deleted (the page of changes)
        "nav",  # the glossary's index of letters
    }
)
ATTRIBUTES = {
    "a": {"href", "title", "id", "aria-label"},
    "img": {"src", "alt", "title"},
    "abbr": {"title"},
    # data-search-exclude: the search leaves a block out (a page's notice, an id line).
    "div": {"id", "data-note", "lang", "title", "data-search-exclude"},
    "p": {"id", "data-search-exclude"},
    "span": {"id", "title", "lang"},
    "code": {"title"},
    "nav": {"aria-label", "data-search-exclude"},
    "dt": {"id"},
    "th": {"scope"},
    "sup": {"id"},
    "ol": {"start"},
    **{f"h{level}": {"id"} for level in range(1, 7)},
}
CELL_ALIGN = {tag: {"align": {"left", "center", "right"}} for tag in ("th", "td")}
"""Table columns align by an attribute, not a style: no page holds a style attribute."""
LINK_REL = {"a": {"rel": {"noopener"}}}
"""A link to elsewhere that the templates write (a follow-up's evidence) opens nothing back."""
FOLLOW_UP = ("planned", "in-progress", "done", "delayed", "dropped", "not-reported")
"""The states of a measure, which the follow-up pages mark with a class."""
STATES = ("machine", "stale", "missing")
CLASSES = {
    "a": {"headerlink", "nvp-fn-back"},
    "img": {"nvp-chart", "nvp-structure"},
    "p": {
        *("nvp-subtitle", "nvp-facts", "nvp-ident", "nvp-citations", "nvp-legend"),
        *("nvp-notice", "nvp-progress-none", "nvp-evidence", "nvp-print-intro"),
    },
    "div": {
        *("nvp-citations", "nvp-facts", "nvp-footnotes", "nvp-footnote", "nvp-tr"),
        *(f"nvp-tr-{state}" for state in STATES),
        *("nvp-matrix-wrap", "nvp-matrix-list", "nvp-scroll", "nvp-structure-figure"),
        "nvp-glossary",
        *("nvp-rule-doc", "nvp-cover", "nvp-print-toc"),
        "nvp-measure",
        "nvp-progress-wrap",
    },
    "span": {
        *("nvp-fn-number", "nvp-tr-flag", *(f"nvp-tr-{state}" for state in STATES)),
        *("nvp-tr-other", "nvp-official", "nvp-source", "nvp-colnum", "nvp-other-lang"),
        "nvp-glue",
        *("nvp-type", "nvp-used", "nvp-basis", "nvp-type-only"),
        "nvp-measure-number",
        *("nvp-status", *(f"nvp-status-{state}" for state in FOLLOW_UP)),
        *("nvp-cell-year", "nvp-unlinked", "nvp-progress-owner", "nvp-reporting"),
    },
    "table": {"nvp-matrix", "nvp-progress", "nvp-counts"},
    "nav": {"nvp-letters"},
    "th": {"nvp-corner", "nvp-total", "nvp-progress-number"},
    "td": {"nvp-total", "nvp-progress-text", "nvp-status-cell"},
    "dl": {"nvp-rules"},
    "sup": {"nvp-fnref"},
    "code": {"language-sh", "language-text", "language-yaml"},
}
"""The classes the templates and the writers' guide use; nvp.css styles them."""

HEADING = re.compile(r"^h[1-6]$")
TEMPLATE_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_.:-]*$")
RELATIVE_URL = re.compile(r"^[\w./#%?=+~-]*$")
"""A path on the site as the templates write it (a page, an anchor, a picture)."""


def sanitize(page_html: str) -> str:
    """The HTML of a page's content with everything outside the allow-list removed."""
    return _page_cleaner().clean(page_html)


def words_only(html: str) -> str:
    """The text of some HTML with every tag removed (a heading's entry of the contents)."""
    return _words_cleaner().clean(html)


@functools.cache
def _page_cleaner() -> nh3.Cleaner:
    """The allow-list, built once a process (nh3 would build it again for every page)."""
    return nh3.Cleaner(
        tags=set(TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        tag_attribute_values={
            tag: {k: set(v) for k, v in a.items()} for tag, a in (CELL_ALIGN | LINK_REL).items()
        },
        allowed_classes={tag: set(names) for tag, names in CLASSES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


@functools.cache
def _words_cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(tags=set())


def safe_url(url: str) -> bool:
    """An address of the site's kinds: https, http or mailto, or a plain path on the site."""
    scheme = url_scheme(url)
    return scheme in URL_SCHEMES if scheme else RELATIVE_URL.match(url) is not None


class _TemplateAttributes(AttrListTreeprocessor):
    """The templates' `{#anchor}` and `{ .nvp-chart }`, and nothing else.

    Plan text cannot write this syntax: its braces are escaped (`markup.py`).
    Even so only an id of the templates' form and a class the site styles are
    set; any other attribute is dropped. A heading's attribute list holds an id
    alone, never words: words in it would be read as Markdown (a link, an
    emphasis) before the list is, and the list would show as text.
    """

    def assign_attrs(self, elem: Element, attrs_string: str, *, strict: bool = False) -> str:
        kept = []
        for part in re.findall(r"#[^\s}]+|\.[^\s}#.]+", attrs_string):
            if (part.startswith("#") and TEMPLATE_ID.match(part[1:])) or (
                part.startswith(".") and part[1:] in CLASSES.get(elem.tag, set())
            ):
                kept.append(part)
        return super().assign_attrs(elem, " ".join(kept), strict=strict)


FOOTNOTE_SUP = re.compile(r'<sup class="nvp-fnref"[^>]*>.*?</sup>', re.DOTALL)


class _ContentsLabels(Treeprocessor):
    """A heading's entry in the table of contents: its words, without footnote numbers.

    Made from the heading as rendered, after its anchor is set and before the
    table of contents is made, so the templates never write a label themselves.
    """

    def run(self, root: Element) -> None:
        for element in root.iter():
            if isinstance(element.tag, str) and HEADING.match(element.tag):
                inner = FOOTNOTE_SUP.sub("", render_inner_html(element, self.md))
                element.set("data-toc-label", " ".join(strip_tags(inner).split()))


class _SafeLinks(Treeprocessor):
    """A link whose URL has a scheme other than https, http or mailto is text, and so is
    a picture from anywhere but the site.

    The element becomes a span (mkdocs expects every link to have a target):
    a link keeps its words, a picture shows its description.
    """

    def run(self, root: Element) -> None:
        for element in root.iter():
            url = element.get("href" if element.tag == "a" else "src")
            # A picture comes from the site itself: one from elsewhere would track readers.
            outside = element.tag == "img" and url is not None and url_scheme(url) is not None
            if element.tag in {"a", "img"} and (url is None or not safe_url(url) or outside):
                if element.tag == "img":
                    element.text = element.get("alt", "")
                element.tag = "span"
                element.attrib.clear()


class SiteExtension(Extension):
    """Heading anchors from the templates, and links only to safe places."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_TemplateAttributes(md), "nvp_template_attributes", 8)
        md.treeprocessors.register(_ContentsLabels(md), "nvp_contents_labels", 6)
        md.treeprocessors.register(_SafeLinks(md), "nvp_safe_links", 1)


def makeExtension(**kwargs: Any) -> SiteExtension:
    return SiteExtension(**kwargs)


MARKDOWN_EXTENSIONS: tuple[str | dict[str, Any], ...] = (
    "abbr",
    "md_in_html",  # the templates' <div markdown="1"> around plan text; text writes no HTML
    {"tables": {"use_align_attribute": True}},
    {"toc": {"permalink": True}},
    "nvptool.site.safety",
)
"""The site's Markdown: mkdocs adds toc, tables and fenced_code of its own."""


def markdown_config() -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The extensions as Python-Markdown takes them: names, and settings by name."""
    names: list[str] = []
    settings: dict[str, dict[str, Any]] = {}
    for entry in MARKDOWN_EXTENSIONS:
        if isinstance(entry, str):
            names.append(entry)
        else:
            ((name, config),) = entry.items()
            names.append(name)
            settings[name] = config
    return names, settings


def render_html(page_markdown: str, *, sanitized: bool = True) -> str:
    """A page's Markdown as the site renders it: the site's extensions, then the sanitizer."""
    names, settings = markdown_config()
    md = markdown.Markdown(extensions=[*names, "fenced_code"], extension_configs=settings)
    html = md.convert(page_markdown)
    return sanitize(html) if sanitized else html
