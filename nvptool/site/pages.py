"""Which pages the site has, and what each one shows: one small immutable context per page.

The page table (`PAGE_TABLE`) lists every kind of page with the function that
makes its pages; it feeds both the navigation and the rendering. A template
receives its page's context with everything resolved, and only displays it.
Adding a page: one context function, one template, one line in the table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from markupsafe import Markup
from msgspec import Struct
from msgspec.structs import replace

from nvptool.plan import REFERENCE, Plan
from nvptool.site import data as d
from nvptool.site.contexts import (
    FrameworkContext,
    GlossaryContext,
    LegalContext,
    MatrixContext,
    PrintContext,
    figures_context,
    framework_context,
    glossary_context,
    home_context,
    legal_context,
    matrix_context,
    print_context,
    rules_context,
    topic_context,
)
from nvptool.site.language import Language
from nvptool.site.progress import (
    followed_topics,
    measure_context,
    measure_path,
    progress_context,
    progress_path,
    served_progress,
)
from nvptool.site.render import escape_value

if TYPE_CHECKING:
    from nvptool.diff.compare import Side

# Re-exported: the site's data is where pages start.
SiteData = d.SiteData
site_data = d.site_data
latest_cycle = d.latest_cycle
predecessor = d.predecessor
topic_path = d.topic_path

CHANGE_KINDS = {"theme", "phenomenon", "mapping"}
"""What the changes page compares: the plan's structure, not every sentence."""


class Page(Struct, frozen=True):
    """One page of one language: where it goes, how it is drawn, what it shows."""

    path: str
    template: str
    title: Markup
    """How the navigation names it: safe to show as HTML."""
    context: Any
    group: Markup | None = None
    """The navigation section it belongs to, if any (its title)."""
    menu: bool = True
    """Whether the menu lists it (a measure's page is reached from its tables instead)."""


Pages = Callable[[d.SiteData, Language], Iterator[Page]]


def home_pages(site: d.SiteData, lang: Language) -> Iterator[Page]:
    yield Page("index.md", "home.md.j2", escape_value(lang.ui["home"]), home_context(site))


def topic_pages(site: d.SiteData, lang: Language) -> Iterator[Page]:
    """The chapters in order; the themes and phenomena after chapter 2, whose sections they are."""
    topics = [(site.themes, "themes"), (site.phenomena, "phenomena")]

    def grouped() -> Iterator[Page]:
        for nodes, group in topics:
            for node in nodes:
                title = lang_label(site, lang, node)
                yield Page(
                    d.topic_path(node),
                    "topic.md.j2",
                    title,
                    topic_context(site, node),
                    group=escape_value(lang.ui[group]),
                )

    shown = False
    for chapter in site.chapters:
        yield Page(
            d.topic_path(chapter),
            "topic.md.j2",
            lang_label(site, lang, chapter),
            topic_context(site, chapter),
        )
        if chapter.obj.number == "2":
            yield from grouped()
            shown = True
    if not shown:
        yield from grouped()


def changes_pages(site: d.SiteData, lang: Language) -> Iterator[Page]:
    previous = d.predecessor(site.plan, site.cycle)
    if previous is None:
        return
    # The diff's engine, for a plan that has a cycle before this one (or --since) only.
    from nvptool.diff.compare import compare, only, side
    from nvptool.site.changes import ChangesContext, changes_context

    result = compare(
        side(site.plan, previous.id, scope=previous.scope),
        side(site.plan, site.cycle.id, scope=site.cycle.scope),
        lang=lang.code,
    )
    context: ChangesContext = changes_context(site, previous, only(result, CHANGE_KINDS))
    yield Page("changes.md", "changes.md.j2", escape_value(lang.ui["changes"]), context)


def since_pages(site: d.SiteData, lang: Language) -> Iterator[Page]:
    """With --since REV: what changed since the plan at REV, in what this site publishes."""
    if site.since is None:
        return
    from nvptool.diff.compare import compare
    from nvptool.site.since import SinceContext, since_context

    scopes = {site.cycle.scope, REFERENCE}
    result = compare(
        published(site.since.plan, site.since.revision, scopes),
        published(site.plan, str(lang.ui["since_now"]), scopes),
        lang=lang.code,
    )
    context: SinceContext = since_context(site, site.since, result)
    title = escape_value(str(lang.ui["since"]).format(revision=site.since.revision))
    yield Page("since.md", "since.md.j2", title, context)


def published(plan: Plan, label: str, scopes: set[str]) -> Side:
    """The objects of a plan that the site shows: one cycle's and the reference data."""
    from nvptool.diff.compare import Side, side

    whole = side(plan, label)
    nodes = {ident: node for ident, node in whole.nodes.items() if ident[0] in scopes}
    return Side(label, plan, MappingProxyType(nodes))


def framework_pages(kind: str, name: str) -> Pages:
    """The matrix of a framework (KIV or NVS), then a page per dimension or interest."""

    def pages(site: d.SiteData, lang: Language) -> Iterator[Page]:
        columns = site.framework(kind)
        if not columns:
            return
        group = escape_value(lang.ui[f"{name}_group"])
        matrix: MatrixContext = matrix_context(site, kind, name)
        title = escape_value(lang.ui[f"{name}_matrix"])  # Not one title for both matrices.
        yield Page(f"{name}.md", "matrix.md.j2", title, matrix, group=group)
        for node in columns:
            context: FrameworkContext = framework_context(site, node, matrix)
            topics = tuple(s.topic for s in context.served)
            context = replace(context, progress=served_progress(site, topics))
            title = Markup(f"{node.obj.number} {lang.plain(node.obj.title)}")
            yield Page(d.framework_path(node), "framework.md.j2", title, context, group=group)

    return pages


def progress_pages(site: d.SiteData, lang: Language) -> Iterator[Page]:
    """The follow-up: the plan's progress, each theme's and phenomenon's, a page per measure."""
    state = site.progress
    if not state.followed:
        return
    ui = lang.ui["progress"]
    group = escape_value(ui["group"])
    overview = progress_context(site, None)
    yield Page(progress_path(), "progress.md.j2", escape_value(ui["overview"]), overview, group)
    for topic in followed_topics(site):
        context = progress_context(site, topic)
        title = lang_label(site, lang, topic)
        yield Page(progress_path(topic), "progress.md.j2", title, context, group)
    for item in state.followed:  # A measure, or an objective followed itself.
        kind = "measure" if item.node.kind == "measure" else "objective"
        title = escape_value(f"{ui[kind]} {item.number}")
        measure = measure_context(site, item)
        yield Page(measure_path(item.node), "measure.md.j2", title, measure, group, menu=False)


def one_page(name: str, make: Callable[[d.SiteData, Language], Any], title: str = "") -> Pages:
    """A page of its own: name.md from name.md.j2, titled by an interface text (its name's)."""

    def pages(site: d.SiteData, lang: Language) -> Iterator[Page]:
        yield Page(
            f"{name}.md", f"{name}.md.j2", escape_value(lang.ui[title or name]), make(site, lang)
        )

    return pages


def _legal(site: d.SiteData, lang: Language) -> LegalContext:
    return legal_context(site, lang)


def _glossary(site: d.SiteData, lang: Language) -> GlossaryContext:
    return glossary_context(site, lang)


def guide_markdown(lang: Language) -> Markup:
    """The writers' guide: the tool's own Markdown (templates/guide/), shown as written."""
    return Markup(lang.guide)


def _print(site: d.SiteData, lang: Language) -> PrintContext:
    return print_context(site)


PAGE_TABLE: tuple[Pages, ...] = (
    home_pages,
    topic_pages,
    changes_pages,
    since_pages,
    framework_pages("kiv-dimension", "kiv"),
    framework_pages("nvs-interest", "nvs"),
    progress_pages,
    one_page("legal", _legal, title="legal_register"),
    one_page("glossary", _glossary),
    one_page("figures", lambda site, lang: figures_context(site)),
    one_page("guide", lambda site, lang: guide_markdown(lang)),
    one_page("rules", lambda site, lang: rules_context()),
    one_page("print", _print),
)


def site_pages(site: d.SiteData, lang: Language) -> tuple[Page, ...]:
    """Every page of the site in one language, in reading order."""
    return tuple(page for make in PAGE_TABLE for page in make(site, lang))


def lang_label(site: d.SiteData, lang: Language, topic: Any) -> Markup:
    """A chapter, theme or phenomenon as a menu names it: its number and title."""
    obj = topic.obj
    if topic.kind != "chapter":
        return Markup(f"{escape_value(obj.number)} {lang.plain(obj.title)}")
    if obj.number is None:
        return Markup(lang.plain(obj.title)) if obj.title else escape_value(lang.ui["foreword"])
    label = escape_value(f"{lang.ui['chapter']} {obj.number}")
    return Markup(f"{label}{lang.ui['colon']} {lang.plain(obj.title)}") if obj.title else label


def navigation(pages: tuple[Page, ...]) -> list[dict[str, object]]:
    """The menu: the pages in order, neighbours of one group gathered under its title.

    The theme shows menu titles as HTML: every one is escaped, as on the pages.
    """
    nav: list[dict[str, object]] = []
    for page in pages:
        if not page.menu:
            continue
        item: dict[str, object] = {"title": escape_value(page.title), "path": page.path}
        if page.group is None:
            nav.append(item)
        elif nav and nav[-1].get("group") == page.group:
            children = nav[-1]["children"]
            assert isinstance(children, list)
            children.append(item)
        else:
            nav.append({"title": escape_value(page.group), "group": page.group, "children": [item]})
    return nav
