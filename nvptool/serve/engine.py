"""One language's site kept warm: mkdocs' configuration, files, navigation and theme, loaded once.

The first build is mkdocs' own `build()`, with a small plugin that keeps what it
makes (the files, the navigation, the theme's jinja2 environment) and each
page's search entries. After that, a page whose Markdown changed goes through
the steps a build gives every page (mkdocs/commands/build.py: `_populate_page`,
then `_build_page`), with the same plugins and the site's hooks, so that the
preview of a page is byte for byte the page of a full build; the links to
anchors are checked as a build checks them after every page. Pages converted
by a build or an earlier preview are taken from site.page_cache. Pages are drawn
by the theme when asked for; the search index is written again when it is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, cast

from mkdocs.commands.build import _build_page, _build_theme_template, _populate_page, build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.plugins import BasePlugin, event_priority

from nvptool.findings import printable
from nvptool.site import page_cache
from nvptool.site.build import _quiet_mkdocs, _reproducible, write_docs
from nvptool.site.search import fold_search_index, search_plugin


class EngineError(Exception):
    """mkdocs refused the site or a page: the message says what it logged."""


class _Keep(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Keeps what a build makes, for the pages built one at a time afterwards."""

    def __init__(self) -> None:
        super().__init__()
        self.files: Any = None
        self.nav: Any = None
        self.env: Any = None
        self.config: Any = None
        self.entries: dict[str, list[dict[str, Any]]] = {}
        """The search index's entries of each page, by source path."""
        self.seen = 0

    def on_files(self, files: Any, **_: Any) -> Any:
        self.files = files
        return files

    def on_nav(self, nav: Any, **_: Any) -> Any:
        self.nav = nav
        return nav

    def on_env(self, env: Any, **_: Any) -> Any:
        self.env = env
        return env

    @event_priority(-100)  # After the search plugin has indexed the page.
    def on_page_context(self, context: Any, *, page: Any, **_: Any) -> Any:
        index = search_plugin(self.config).search_index
        self.entries[page.file.src_uri] = index.entries[self.seen :]
        self.seen = len(index.entries)
        return context


class LanguageSite:
    """One language's mkdocs site in a working directory: sources in docs/, output in site_dir."""

    def __init__(
        self, work: Path, site_dir: Path, config_text: str, sources: Mapping[str, str], engine: str
    ):
        self.docs = work / "docs"
        self.site_dir = site_dir
        write_docs(self.docs, dict(sources))
        config_file = work / "mkdocs.yml"
        config_file.write_text(config_text, encoding="utf-8")
        # The pages converted by a build, or by an earlier preview, are not converted again;
        # a site that failed after it took pages from them is made again as a clean build.
        if not self._build(config_file, engine):
            self._build(config_file, None)
        self._keep_converted()
        fold_search_index(site_dir)
        self.html: dict[str, bytes] = {}
        """Pages drawn by the theme since the last change, by source path."""
        self.fresh: set[str] = set()
        """Pages whose content was made again since they were last drawn (and indexed)."""
        self.undrawn: set[str] = set()
        """Pages the theme must draw again: their content or the navigation changed."""
        self.search_stale = False
        self.made: list[str] = []
        """The pages that went through Markdown again since the first build, in order."""

    def _build(self, config_file: Path, engine: str | None) -> bool:
        """mkdocs' build of the site, with the pages converted before (engine's) or without;
        False when it failed after it took pages from them."""
        # mkdocs keeps plugins with a start-up hook (search) for a later configuration; each
        # language's site keeps its own, so that both stay warm side by side.
        cast(Any, MkDocsConfig.plugins).plugin_cache.clear()
        self.config = load_config(config_file=str(config_file))
        self.keep = _Keep()
        self.keep.config = self.config
        self.config.plugins["nvptool-serve"] = self.keep
        self.converted = None if engine is None else page_cache.add_to(self.config, engine)
        with _quiet_mkdocs() as messages, _reproducible():
            try:
                build(self.config)
            except (MkDocsException, SystemExit) as error:
                if self.converted is not None and self.converted.restored:
                    return False
                said = "\n".join(map(printable, messages)) or printable(str(error))
                raise EngineError(said) from None
        return True

    @property
    def doc_files(self) -> Any:
        return self.keep.files.documentation_pages()

    def has(self, src: str) -> bool:
        file = self.keep.files.get_file_from_path(src)
        return file is not None and file.page is not None

    def has_file(self, src: str) -> bool:
        return self.keep.files.get_file_from_path(src) is not None

    def update(self, sources: Mapping[str, str]) -> dict[str, list[str]]:
        """New sources for existing pages and pictures; what mkdocs said of each page made."""
        write_docs(self.docs, dict(sources))
        if self.converted is not None:  # What an update that failed converted is not kept.
            self.converted.forget()
        messages: dict[str, list[str]] = {}
        for src, text in sources.items():
            file = self.keep.files.get_file_from_path(src)
            if file is None:
                raise EngineError(f"{src} is not a file of this site")
            if file.page is None:  # A picture: mkdocs copies it as it is.
                file.content_string = text
                (self.site_dir / src).write_text(text, encoding="utf-8")
                continue
            with _quiet_mkdocs() as logged, _reproducible():
                try:
                    _populate_page(file.page, self.config, self.keep.files)
                except Exception as error:
                    raise EngineError("\n".join(logged) or str(error)) from None
            messages[src] = logged
            self.made.append(src)
            self.fresh.add(src)
            self.undrawn.add(src)
            self.html.pop(src, None)
        self.search_stale = True
        if not any(messages.values()):  # Strict, as a build: what warned is not kept.
            self._keep_converted()
        return messages

    def anchor_problems(self) -> dict[str, list[str]]:
        """What a build's check of the links to anchors, made after every page, says of the
        pages as they are now, by page."""
        level = self.config.validation.links.anchors
        said: dict[str, list[str]] = {}
        for file in self.doc_files:
            with _quiet_mkdocs() as logged:
                file.page.validate_anchor_links(files=self.keep.files, log_level=level)
            if logged:
                said[file.src_uri] = logged
        return said

    def _keep_converted(self) -> None:
        if self.converted is not None:
            self.converted.save()

    def remove(self, pictures: Iterable[str]) -> None:
        """Pictures the site no longer has (a chart whose figures went): gone from its files,
        as from a full build's."""
        for src in pictures:
            file = self.keep.files.get_file_from_path(src)
            if file is not None and file.page is None:
                self.keep.files.remove(file)
            for folder in (self.site_dir, self.docs):
                (folder / src).unlink(missing_ok=True)

    def retitle(self, titles: Mapping[str, str]) -> None:
        """New titles in the navigation: every page shows the navigation, so all are drawn again."""
        for src, title in titles.items():
            self.keep.files.get_file_from_path(src).page.title = title
        self.undrawn.update(f.src_uri for f in self.doc_files)
        self.html.clear()
        self.search_stale = True

    def page_html(self, src: str) -> bytes:
        """A page as a full build writes it."""
        found = self.html.get(src)
        if found is not None:
            return found
        file = self.keep.files.get_file_from_path(src)
        if src in self.undrawn:
            self._draw(file)
        found = Path(file.abs_dest_path).read_bytes()
        self.html[src] = found
        return found

    def _draw(self, file: Any) -> None:
        from material.plugins.search.plugin import SearchIndex

        src = file.src_uri
        plugin = search_plugin(self.config)
        kept, plugin.search_index = plugin.search_index, SearchIndex(**plugin.config)
        entries, self.keep.seen = self.keep.entries.get(src, []), 0
        try:
            with _quiet_mkdocs(), _reproducible():
                _build_page(file.page, self.config, self.doc_files, self.keep.nav, self.keep.env)
        finally:
            plugin.search_index = kept
        if src not in self.fresh:
            # Drawn again for the navigation only: the search plugin has taken the page's
            # data-search-exclude marks off its content already, so its entries stand.
            self.keep.entries[src] = entries
        self.fresh.discard(src)
        self.undrawn.discard(src)

    def draw_not_found(self) -> Path:
        """The site's page for an unknown address (404.html), drawn with the navigation of now,
        as a full build draws it after the pages."""
        with _quiet_mkdocs(), _reproducible():
            _build_theme_template(
                "404.html", self.keep.env, self.keep.files, self.config, self.keep.nav
            )
        return self.site_dir / "404.html"

    def undrawn_pages(self) -> list[str]:
        """The pages whose content or navigation changed since they were drawn, in order."""
        return [file.src_uri for file in self.doc_files if file.src_uri in self.undrawn]

    def draw_all(self) -> None:
        """Every page whose content or navigation changed, drawn (and indexed) again."""
        for src in self.undrawn_pages():
            self.page_html(src)

    def refresh_search(self) -> None:
        """The search index, written again from every page's entries, as a full build would."""
        if not self.search_stale:
            return
        from material.plugins.search.plugin import SearchIndex

        self.draw_all()
        plugin = search_plugin(self.config)
        index = SearchIndex(**plugin.config)
        index.entries = [e for f in self.doc_files for e in self.keep.entries.get(f.src_uri, [])]
        path = self.site_dir / "search" / "search_index.json"
        path.write_text(index.generate_search_index(None), encoding="utf-8")
        fold_search_index(self.site_dir)
        self.search_stale = False

    def search_entries(self) -> int:
        data = json.loads((self.site_dir / "search" / "search_index.json").read_text("utf-8"))
        return len(data["docs"])
