"""Each page as the theme drew it, and its search entries, kept for the next build.

After its Markdown (site.page_cache), the theme drawing each page is the largest
part of a build: its layout, header, menu and table of contents, half a second a
language on the real plan; the search plugin's reading of the page's HTML for
its index is most of the rest. What the theme draws depends only on what mkdocs
gives its template: the page (its address, title, content, table of contents,
metadata and links), the whole menu (every entry's title, address and
metadata: the previous and next pages, the page's place in it), the site's
configuration, the date of the build and the software (the engine's digest:
nvptool's code and templates, mkdocs', the theme's and jinja2's versions). When
all of those are what an earlier build drew a page from, the page is taken from
that build, and so are its search entries (what the search plugin made of the
same page), finished as the hooks that follow the theme finished it
(site.mkdocs_hooks.on_post_page: the language's spacing of the whole page, a
twentieth of a second of a French build), so the site is the same byte for byte.

A page whose template context holds anything else (a plugin that adds to it), or
that names a template of its own, is drawn as in a clean build; so is every page
of a site without the theme's search plugin. The entries share the page cache's
folder, checks and clean-up (site.page_cache): an entry is kept only once its
site has built without a warning, and a build that fails after it took a page
from here is made again without it. The folder is the user's own, trusted as
their files are: an entry is the theme's output, which the allow-list of the
hooks does not pass again.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, NotRequired

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from msgspec import Struct
from pydantic import ConfigDict, StrictFloat, StrictInt, TypeAdapter, with_config
from typing_extensions import TypedDict

from nvptool.site.mkdocs_hooks import finished_already
from nvptool.site.page_cache import (
    DRAWN_PATTERN,
    KeptPages,
    digest,
    kept_folder,
    read_entry,
    toc_tokens,
)
from nvptool.site.reuse import without_folder
from nvptool.site.search import search_plugin

NAME = "nvptool-drawn-pages"
TEMPLATE = "main.html"
"""The theme's template of a page: a page that names another is drawn every time."""
CONTEXT = frozenset(
    {
        "nav",
        "pages",
        "base_url",
        "extra_css",
        "extra_javascript",
        "mkdocs_version",
        "build_date_utc",
        "config",
        "page",
    }
)
"""What mkdocs gives the template of a page (mkdocs.commands.build.get_context)."""


@with_config(ConfigDict(strict=True, extra="forbid"))
class _Found(TypedDict):
    """An entry of the search index, as the theme's search plugin makes it (a field it
    does not know is not kept: the entry is not used)."""

    location: str
    title: str
    text: str
    tags: NotRequired[list[str]]
    boost: NotRequired[StrictInt | StrictFloat]  # As written: 2 stays 2, not 2.0.


@with_config(ConfigDict(strict=True, extra="forbid"))
class _Entry(TypedDict):
    key: str
    html: str
    search: list[_Found]


_ENTRY = TypeAdapter(_Entry)


class _Drawing(Struct):
    """The page being drawn: where its entry is kept, its key, and the entry if it holds."""

    page: Page
    slot: Path
    key: str
    kept: _Entry | None
    indexed: int
    """How many entries the search index had before this page's."""


class DrawnPages(KeptPages):  # type: ignore[no-untyped-call]  # mkdocs class hook
    """Draws each page as the theme does, or takes what an earlier build drew of the same
    context (see the module)."""

    def __init__(self, folder: Path, engine: str) -> None:
        super().__init__(folder, engine)
        self.settings = ""
        self.menu: str | None = None
        self.index: Any = None
        """The search plugin's index, whose entries a page taken from here gives."""
        self.drawing: _Drawing | None = None
        self.finishing: tuple[Page, dict[str, object], Path] | None = None
        """A page just drawn, its entry but the finished page, and where it is kept."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.settings = _settings(config)
        return config

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, **_: Any) -> Any:
        self.index = _search_index(config)
        if self.index is None:
            return env
        template = env.get_template(TEMPLATE)
        draw = functools.partial(type(template).render, template)
        template.render = functools.partial(self._draw, draw)  # type: ignore[method-assign]
        index = functools.partial(type(self.index).add_entry_from_context, self.index)
        self.index.add_entry_from_context = functools.partial(self._index, index)
        return env

    @event_priority(100)  # Before the search plugin reads the page.
    def on_page_context(
        self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> Any:
        self.drawing = None
        if self.index is None or set(context) != CONTEXT:
            return context
        if page.meta.get("template", TEMPLATE) != TEMPLATE:
            return context
        try:  # Metadata JSON cannot write (keys of mixed kinds): the page is drawn.
            if self.menu is None:  # Every page's title is known once the first is drawn.
                self.menu = _menu(nav, context["pages"])
            key = digest(
                self.engine,
                self.settings,
                self.menu,
                _page(page),
                context["base_url"],
                context["build_date_utc"].isoformat(),
            )
        except (TypeError, ValueError):
            return context
        slot = self.folder / (DRAWN_PATTERN % digest(config.theme["language"], page.file.src_uri))
        kept = read_entry(slot, _ENTRY)
        held = kept if kept is not None and kept["key"] == key else None
        self.drawing = _Drawing(page, slot, key, held, len(self.index.entries))
        return context

    def _index(self, index: Callable[[Page], None], page: Page) -> None:
        drawing = self.drawing
        if drawing is not None and drawing.page is page and drawing.kept is not None:
            self.index.entries.extend(dict(found) for found in drawing.kept["search"])
            return
        index(page)

    def _draw(self, draw: Callable[..., str], *args: Any, **kwargs: Any) -> str:
        drawing, self.drawing = self.drawing, None
        page = (args[0] if args else kwargs).get("page")  # mkdocs: render(context)
        if drawing is None or page is not drawing.page:
            return draw(*args, **kwargs)
        if drawing.kept is not None:
            self.used(drawing.slot)
            return finished_already(page, drawing.kept["html"])
        html = draw(*args, **kwargs)
        found = self.index.entries[drawing.indexed :]
        self.finishing = (page, {"key": drawing.key, "search": found}, drawing.slot)
        return html

    @event_priority(-100)  # After the hooks that finish the page (site.mkdocs_hooks).
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """The finished page kept, as the next build takes it."""
        finishing, self.finishing = self.finishing, None
        if finishing is not None and finishing[0] is page:
            self.new[finishing[2]] = {**finishing[1], "html": output}
        return output


def add_to(config: MkDocsConfig, engine: str) -> DrawnPages | None:
    """The cache of drawn pages, for a build with this configuration; None when it is
    turned off or has no folder only this user may use."""
    folder = kept_folder()
    if folder is None:
        return None
    plugin = DrawnPages(folder, engine)
    config.plugins[NAME] = plugin
    return plugin


def _search_index(config: MkDocsConfig) -> Any:
    """The theme's search plugin's index, when the site has that plugin (enabled)."""
    from material.plugins.search.plugin import jieba

    if jieba is not None:  # Its entries then depend on a dictionary the key does not hold.
        return None
    index = getattr(search_plugin(config), "search_index", None)
    return index if isinstance(getattr(index, "entries", None), list) else None


def _settings(config: MkDocsConfig) -> str:
    """The site's configuration as its file gives it, without the folders it is read from
    and written to (a build's are new each time; the pages do not show them)."""
    path = config.config_file_path
    text = Path(path).read_text(encoding="utf-8") if path else json.dumps(None)
    for folder in (config.docs_dir, config.site_dir):
        text = without_folder(text, folder)
    return text + "\0" + json.dumps(sorted(config.plugins))


def _menu(nav: Navigation, pages: Any) -> str:
    """Every entry of the menu, in order, as the theme draws it and takes a page's
    previous and next pages and place from it; and the site's pages."""
    return json.dumps(
        {
            "items": [_item(item) for item in nav.items],
            "home": nav.homepage.url if nav.homepage else None,
            "pages": [file.src_uri for file in pages],
        },
        default=repr,
        sort_keys=True,
    )


def _item(item: Any) -> dict[str, Any]:
    if isinstance(item, Section):
        return {"section": item.title, "children": [_item(child) for child in item.children]}
    if isinstance(item, Link):
        return {"link": item.title, "url": item.url}
    return {"page": item.title, "url": item.url, "src": item.file.src_uri, "meta": item.meta}


def _page(page: Page) -> str:
    """What the theme reads of the page it draws."""
    return json.dumps(
        {
            "url": page.url,
            "src": page.file.src_uri,
            "title": page.title,
            "content": page.content,
            "toc": toc_tokens(page.toc),
            "meta": page.meta,
            "canonical": page.canonical_url,
            "edit": page.edit_url,
            "home": page.is_homepage,
        },
        default=repr,
        sort_keys=True,
    )
