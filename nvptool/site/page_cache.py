"""Each page's Markdown, as mkdocs converted it, kept for the next build.

Converting the pages' Markdown is about half of the site engine's time (a
second a language on the real plan, a quarter of it the print page). What
mkdocs makes of a page's Markdown depends only on that text, the page's place,
the files its links look up in the site (to check them and make them relative),
the Markdown and link settings and the software that converts it. When all of
those are the same as in an earlier build (the files looked up are noted as the
page is converted, and looked up again), the page's HTML, table of contents,
title and anchors are taken from that build instead of being converted again:
a page that came or went leaves the others as they were. Every
other step (the allow-list of the hooks, the theme, the search index) runs as
in a clean build, so the site is the same byte for byte.

Each page of a language has one file, `nvptool-page-<digest>.json`, in the
folder of the compiled templates (site.template_cache: jinja2's folder of the
user, which only that user may read or write): the cache holds one entry per
page and never grows with the number of builds. An entry is JSON, never code,
and is used only when the digest of everything above is the one it was stored
with; one that cannot be read is converted again. Entries are written only
after the language's site has built without a warning, and never fail a build.
`NVPTOOL_NO_BUILD_CACHE=1` keeps none.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from nvptool.site.template_cache import NO_CACHE, cache_folder

NAME = "nvptool-page-cache"
PATTERN = "nvptool-page-%s.json"
"""The entries' file names, apart from the compiled templates' in the same folder."""


class _NoOptions(Config):  # type: ignore[no-untyped-call]  # mkdocs' own class hook
    """The plugin takes no options: it is given the engine's digest."""


class PageCache(BasePlugin[_NoOptions]):  # type: ignore[no-untyped-call]  # as above
    """Converts each page's Markdown as mkdocs does, or takes what an earlier build made of
    the same inputs (see the module)."""

    def __init__(self, folder: Path, engine: str) -> None:
        super().__init__()
        self.folder, self.engine = folder, engine
        self.new: dict[Path, dict[str, Any]] = {}

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        # The class's own render: the preview runs this event again for every edit.
        convert = functools.partial(type(page).render, page)
        page.render = lambda config, files: self._render(page, convert, config, files)  # type: ignore[method-assign]
        return page

    def _render(
        self, page: Page, convert: Callable[..., None], config: MkDocsConfig, files: Files
    ) -> None:
        assert page.markdown is not None  # read_source ran before render.
        # One place a page of a language: what else the entry depends on is in its key.
        slot = self.folder / (PATTERN % _digest(config.theme["language"], page.file.src_uri))
        key = _digest(self.engine, _settings(config), _place(page.file), page.markdown)
        entry = _read(slot)
        if entry is not None and entry.get("key") == key and _restore(page, entry, files):
            return
        looked = _Lookups(files)
        convert(config, looked)
        self.new[slot] = {"key": key, "looked": looked.found, **_converted(page)}

    def save(self) -> None:
        """Keep what was converted since the last save: called once the site, or a page of
        the preview, was made without a warning."""
        for slot, entry in self.new.items():
            _write(slot, entry)
        self.new.clear()

    def forget(self) -> None:
        """Keep none of what was converted since the last save."""
        self.new.clear()


class _Lookups:
    """The site's files, as a page's links look them up while it is converted: each file
    looked for is noted with what was found, which the entry must find again."""

    def __init__(self, files: Files) -> None:
        self.files = files
        self.found: dict[str, list[str] | None] = {}

    def get_file_from_path(self, path: str) -> File | None:
        file = self.files.get_file_from_path(path)
        self.found[path] = _place(file)
        return file

    def __getattr__(self, name: str) -> Any:
        return getattr(self.files, name)


def _place(file: File | None) -> list[str] | None:
    """What a link to the file is made of: its address, and whether the site includes it."""
    return None if file is None else [file.src_uri, file.url, str(file.inclusion)]


def add_to(config: MkDocsConfig, engine: str) -> PageCache | None:
    """The cache of converted pages, for a build with this configuration; None when it is
    turned off or has no folder only this user may use."""
    folder = None if os.environ.get(NO_CACHE) else cache_folder()
    if folder is None:
        return None
    plugin = PageCache(folder, engine)
    config.plugins[NAME] = plugin
    return plugin


def _settings(config: MkDocsConfig) -> str:
    """The settings a page's conversion reads: Markdown's, and how links are made and checked."""
    settings = (
        config.markdown_extensions,
        config.mdx_configs,
        config.use_directory_urls,
        {name: str(value) for name, value in config.validation.items()},
    )
    return json.dumps(settings, sort_keys=True, default=repr)


def _digest(*parts: object) -> str:
    text = "\0".join(p if isinstance(p, str) else json.dumps(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _converted(page: Page) -> dict[str, Any]:
    """What mkdocs' Page.render sets, as JSON."""
    links = page.links_to_anchors
    return {
        "content": page.content,
        "toc": [_token(item) for item in page.toc],
        "title": page._title_from_render,  # set by render, read by .title
        "anchors": sorted(page.present_anchor_ids or ()),
        "links": None if links is None else {f.src_uri: to for f, to in links.items()},
    }


def _restore(page: Page, entry: dict[str, Any], files: Files) -> bool:
    """The page as render would leave it; False when the entry does not hold all of it."""
    try:
        looked = entry["looked"]
        if any(_place(files.get_file_from_path(path)) != found for path, found in looked.items()):
            return False
        content, title, anchors, links = (
            entry[k] for k in ("content", "title", "anchors", "links")
        )
        toc = get_toc(entry["toc"])
        targets = None if links is None else {_file(files, uri): to for uri, to in links.items()}
    except (KeyError, TypeError, AttributeError, ValueError):
        return False
    if not (isinstance(content, str) and isinstance(title, str | None)):
        return False
    if not (isinstance(anchors, list) and all(isinstance(a, str) for a in anchors)):
        return False
    page.content, page.toc, page.present_anchor_ids = content, toc, set(anchors)
    page._title_from_render = title  # as render sets it
    page.links_to_anchors = targets
    return True


def _token(item: AnchorLink) -> dict[str, Any]:
    """A table of contents' entry as the Markdown toc extension gives it to mkdocs."""
    children = [_token(child) for child in item.children]
    return {"name": item.title, "id": item.id, "level": item.level, "children": children}


def _file(files: Files, uri: str) -> File:
    found = files.get_file_from_path(uri)
    if found is None:
        raise ValueError(uri)
    return found


def _read(slot: Path) -> dict[str, Any] | None:
    try:
        entry = json.loads(slot.read_bytes())
    except (OSError, ValueError):
        return None
    return entry if isinstance(entry, dict) else None


def _write(slot: Path, entry: dict[str, Any]) -> None:
    """Written beside its place and renamed into it: a build reading at the same time
    finds the whole previous entry or the whole new one."""
    text = json.dumps(entry, ensure_ascii=False)
    with contextlib.suppress(OSError):  # A full or vanished temporary directory.
        handle, name = tempfile.mkstemp(dir=slot.parent, prefix=".nvptool-page-")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(name, slot)
        except OSError:
            Path(name).unlink(missing_ok=True)
