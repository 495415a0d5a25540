"""Each page's Markdown, as mkdocs converted it, kept for the next build.

Converting the pages' Markdown is about half of the site engine's time (a
second a language on the real plan, a quarter of it the print page). What
mkdocs makes of a page's Markdown depends only on that text, the page's place,
the site's files (links are checked and rewritten against them), the Markdown
and link settings and the software that converts it. When all of those are the
same as in an earlier build, the page's HTML, table of contents, title and
anchors are taken from that build instead of being converted again; every
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
        self.site_digest = ""
        self.new: dict[Path, dict[str, Any]] = {}

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.site_digest = _site_digest(self.engine, files, config)
        return files

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        convert = page.render
        page.render = lambda config, files: self._render(page, convert, config, files)  # type: ignore[method-assign]
        return page

    def _render(
        self, page: Page, convert: Callable[..., None], config: MkDocsConfig, files: Files
    ) -> None:
        assert page.markdown is not None  # read_source ran before render.
        slot = self.folder / (PATTERN % _digest(self.site_digest, page.file.src_uri, "slot"))
        key = _digest(self.site_digest, page.file.src_uri, page.markdown)
        entry = _read(slot)
        if entry is not None and entry.get("key") == key and _restore(page, entry, files):
            return
        convert(config, files)
        self.new[slot] = {"key": key, **_converted(page)}

    def save(self) -> None:
        """Keep what this build converted: called once the site built without a warning."""
        for slot, entry in self.new.items():
            _write(slot, entry)


def add_to(config: MkDocsConfig, engine: str) -> PageCache | None:
    """The cache of converted pages, for a build with this configuration; None when it is
    turned off or has no folder only this user may use."""
    folder = None if os.environ.get(NO_CACHE) else cache_folder()
    if folder is None:
        return None
    plugin = PageCache(folder, engine)
    config.plugins[NAME] = plugin
    return plugin


def _site_digest(engine: str, files: Files, config: MkDocsConfig) -> str:
    """All a page's conversion depends on apart from its own place and Markdown."""
    settings = (
        config.markdown_extensions,
        config.mdx_configs,
        config.use_directory_urls,
        {name: str(value) for name, value in config.validation.items()},
    )
    listed = "\n".join(f"{f.src_uri}\t{f.dest_uri}\t{f.url}" for f in files)
    return _digest(engine, json.dumps(settings, sort_keys=True, default=repr), listed)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


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
