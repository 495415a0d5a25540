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
page and language; an entry no build used for thirty days is removed. An entry is
JSON, never code, read only from a regular file, checked in every field, and
used only when the digest of everything above is the one it was stored with;
any other is converted again. The folder is the user's own, trusted as their
files are; even so, what an entry gives passes the hooks' allow-list, and the
ids of its table of contents (which the theme writes into addresses) are
checked to be plain words; a build that fails after it took a page from the cache
is made again without it, so that no entry can make a build fail that would not.
A language's entries are written only once its site
has built without a warning (strict), never when mkdocs logs at DEBUG (it then
notes no links to anchors, which later builds would not check), and never fail
a build. `NVPTOOL_NO_BUILD_CACHE=1` keeps none.

The folder, the entries' reading, writing and removal, and the plugin's way of
keeping them (`KeptPages`) serve the pages the theme drew too (site.drawn_cache).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Annotated, Any, TypeVar, cast

from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc
from pydantic import ConfigDict, StringConstraints, TypeAdapter, ValidationError, with_config
from typing_extensions import TypedDict  # pydantic reads typing.TypedDict from Python 3.12 on.

from nvptool.site.template_cache import NO_CACHE, cache_folder, read_kept

NAME = "nvptool-page-cache"
PATTERN = "nvptool-page-%s.json"
"""The entries' file names, apart from the compiled templates' in the same folder."""
DRAWN_PATTERN = "nvptool-drawn-%s.json"
"""The file names of the pages the theme drew (site.drawn_cache), kept and removed here."""
WRITING = ".nvptool-page-"
"""The start of an entry's name while it is written, before it is renamed into place."""
ABANDONED = 3600
"""Seconds after which an entry being written is one a killed process left."""
UNUSED = 30 * 24 * 3600
"""Seconds after which an entry no build used is removed."""
SWEEP = 24 * 3600
"""Seconds between two looks for entries to remove."""
SWEPT = ".nvptool-pages-swept"
"""In the folder: when entries to remove were last looked for (its time of change)."""


ANCHOR = r"^[\w.:-]+$"
"""An id of the table of contents, as the Markdown toc extension and the templates make
them: the theme writes it into addresses as it is."""


class _Token(TypedDict):
    """An entry of a page's table of contents, as Markdown's toc extension gives it."""

    name: str
    id: Annotated[str, StringConstraints(pattern=ANCHOR)]
    level: int
    children: list[_Token]


@with_config(ConfigDict(strict=True))
class _Entry(TypedDict):
    """What a page's conversion gave, with what it depended on."""

    key: str
    looked: dict[str, list[str] | None]
    content: str
    toc: list[_Token]
    title: str | None
    anchors: list[str]
    links: dict[str, dict[str, str]]


_ENTRY = TypeAdapter(_Entry)
Kept = TypeVar("Kept")


class _NoOptions(Config):  # type: ignore[no-untyped-call]  # mkdocs' own class hook
    """The plugin takes no options: it is given the engine's digest."""


class KeptPages(BasePlugin[_NoOptions]):  # type: ignore[no-untyped-call]  # as above
    """A plugin that keeps what it makes of each page in the folder, for the next build."""

    def __init__(self, folder: Path, engine: str) -> None:
        super().__init__()
        self.folder, self.engine = folder, engine
        self.new: dict[Path, Mapping[str, object]] = {}
        """The entries made since the last save, by slot."""
        self.restored = 0
        """How many pages were taken from the cache."""

    def used(self, slot: Path) -> None:
        """A page taken from its entry: counted, and the entry not removed as unused."""
        self.restored += 1
        with contextlib.suppress(OSError):
            os.utime(slot)

    def save(self) -> None:
        """Keep what was made since the last save: called once the site, or a page of the
        preview, was made without a warning."""
        for slot, entry in self.new.items():
            write_entry(slot, entry)
        self.new.clear()
        remove_stale(self.folder)

    def forget(self) -> None:
        """Keep none of what was made since the last save."""
        self.new.clear()


class PageCache(KeptPages):  # type: ignore[no-untyped-call]  # mkdocs class hook
    """Converts each page's Markdown as mkdocs does, or takes what an earlier build made of
    the same inputs (see the module)."""

    def __init__(self, folder: Path, engine: str) -> None:
        super().__init__(folder, engine)
        self.settings = ""
        """The site's settings a page's conversion reads (_settings)."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.settings = _settings(config)  # The same for every page of the site.
        return config

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
        slot = self.folder / (PATTERN % digest(config.theme["language"], page.file.src_uri))
        key = digest(self.engine, self.settings, _place(page.file), page.markdown)
        entry = read_entry(slot, _ENTRY)
        if entry is not None and entry["key"] == key and _restore(page, entry, files):
            self.used(slot)
            return
        looked = _Lookups(files)
        convert(config, looked)
        self.new[slot] = _converted(page, key, looked.found)


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
    # mkdocs notes a page's links to anchors only above DEBUG: an entry would lack them.
    debug = logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() <= logging.DEBUG
    folder = kept_folder(turned_off=debug)
    if folder is None:
        return None
    plugin = PageCache(folder, engine)
    config.plugins[NAME] = plugin
    return plugin


def kept_folder(*, turned_off: bool = False) -> Path | None:
    """Where pages are kept between builds; None when keeping is turned off (here, or by
    NVPTOOL_NO_BUILD_CACHE) or no folder only this user may use is found."""
    return None if turned_off or os.environ.get(NO_CACHE) else cache_folder()


def _settings(config: MkDocsConfig) -> str:
    """The settings a page's conversion reads: Markdown's, and how links are made and checked."""
    settings = (
        config.markdown_extensions,
        config.mdx_configs,
        config.use_directory_urls,
        {name: str(value) for name, value in config.validation.items()},
    )
    return json.dumps(settings, sort_keys=True, default=repr)


def digest(*parts: object) -> str:
    """The digest of texts and JSON values, in order."""
    text = "\0".join(p if isinstance(p, str) else json.dumps(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _converted(page: Page, key: str, looked: dict[str, list[str] | None]) -> _Entry:
    """What mkdocs' Page.render set, with what it depended on."""
    links = page.links_to_anchors or {}
    return {
        "key": key,
        "looked": looked,
        "content": page.content or "",
        "toc": toc_tokens(page.toc),
        "title": page._title_from_render,  # set by render, read by .title
        "anchors": sorted(page.present_anchor_ids or ()),
        "links": {f.src_uri: to for f, to in links.items()},
    }


def _restore(page: Page, entry: _Entry, files: Files) -> bool:
    """The page as render would leave it; False when a file its links looked up is not
    found as it was."""
    for path, found in entry["looked"].items():
        if _place(files.get_file_from_path(path)) != found:
            return False
    targets = {files.get_file_from_path(uri): to for uri, to in entry["links"].items()}
    if None in targets:
        return False
    page.content, page.toc = entry["content"], get_toc(cast(Any, entry["toc"]))
    page.present_anchor_ids = set(entry["anchors"])
    page._title_from_render = entry["title"]  # as render sets it
    page.links_to_anchors = cast(dict[File, dict[str, str]], targets)
    return True


def toc_tokens(toc: Iterable[AnchorLink]) -> list[_Token]:
    """A table of contents as the Markdown toc extension gives it to mkdocs."""
    return [_token(item) for item in toc]


def _token(item: AnchorLink) -> _Token:
    children = toc_tokens(item.children)
    return {"name": item.title, "id": item.id, "level": item.level, "children": children}


def read_entry(slot: Path, shape: TypeAdapter[Kept]) -> Kept | None:
    """The entry in a slot, if it is one of that shape (any other is not one to use)."""
    kept = read_kept(slot)
    if kept is None:
        return None
    try:
        return shape.validate_json(kept)
    except ValidationError:
        return None


def write_entry(slot: Path, entry: Mapping[str, object]) -> None:
    """Written beside its place and renamed into it: a build reading at the same time
    finds the whole previous entry or the whole new one."""
    try:
        data = json.dumps(entry, ensure_ascii=False).encode("utf-8")
    except ValueError:  # A lone surrogate (from a plan's escape) has no UTF-8: not kept.
        return
    with contextlib.suppress(OSError):  # A full or vanished temporary directory.
        handle, name = tempfile.mkstemp(dir=slot.parent, prefix=WRITING)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(name, slot)
        except OSError:
            Path(name).unlink(missing_ok=True)


def remove_stale(folder: Path) -> None:
    """Entries no build used for UNUSED seconds (a page renamed, another plan's), and those
    a build killed while it wrote them left half written: looked for once a day (listing
    the folder, which holds the compiled templates too, takes tens of milliseconds)."""
    swept, now = folder / SWEPT, time.time()
    try:
        if now - swept.lstat().st_mtime < SWEEP:
            return
    except OSError:
        pass
    with contextlib.suppress(OSError):
        swept.touch()
    for pattern, age in (
        (PATTERN % "*", UNUSED),
        (DRAWN_PATTERN % "*", UNUSED),
        (WRITING + "*", ABANDONED),
    ):
        for path in folder.glob(pattern):
            with contextlib.suppress(OSError):
                if now - path.lstat().st_mtime > age:
                    path.unlink()
