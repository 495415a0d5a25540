"""The theme's menu: each top-level entry drawn once for the pages of a folder it does not hold.

Material draws its whole menu (partials/nav.html) on every page: on the real plan
most of the time the theme spends on a page, and on a plan of thousands of
objects a cost that grows with the square of its pages. A top-level entry of the
menu that is not on the way to the page being drawn is the same HTML on every
page of a folder: none of its entries is active, none is the page (whose entry
shows the page's contents), and every link is written relative to the folder.
So templates/overrides/partials/nav-item.html hands each top-level entry to
`EntryOnce`, which draws such an entry once for each folder and gives the same
HTML to the folder's other pages; the entry that holds the page is drawn for
each page. What is kept is found by the folder, the entry's place and the
entry itself (its titles and addresses, and its children's), so a preview
whose menu changed draws it again. The theme's own partial is read under the
prefix `theme/`, past the overrides.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any

import jinja2

THEME = "theme"
"""The prefix under which the theme's own templates are read, past nvptool's overrides."""


Entries = tuple[tuple[str, str | None, "Entries"], ...]
"""Menu entries as they show: title, address and entries below, for each."""


class EntryOnce:
    """The HTML of the menu's top-level entries that do not hold the page, by folder."""

    def __init__(self) -> None:
        self.drawn: dict[tuple[str, str, Entries], str] = {}

    def __call__(
        self, page: Any, item: Any, path: str, level: int, caller: Callable[[], str]
    ) -> str:
        folder = folder_of(page)
        if level != 1 or folder is None or item.active:
            return caller()
        key = (folder, str(path), entries((item,)))
        if key not in self.drawn:
            self.drawn[key] = caller()
        return self.drawn[key]


def entries(items: Any) -> Entries:
    """What the menu shows of its items: their titles and addresses, and their children's."""
    return tuple(
        (
            str(item.title),
            getattr(item, "url", None),
            entries(getattr(item, "children", None) or ()),
        )
        for item in items
    )


def folder_of(page: Any) -> str | None:
    """The folder the menu's links are written relative to; None for a page that has no
    file address (mkdocs marks the entries on the way to a page as active)."""
    if page is None or not isinstance(page.url, str) or page.url.endswith("/"):
        return None  # A folder's URL (use_directory_urls) would make its links relative to it.
    return posixpath.dirname(page.url)


def draw_entries_once(env: jinja2.Environment, theme_dirs: list[str]) -> jinja2.Environment:
    """env, whose menu draws each top-level entry once a folder where it does not hold
    the page."""
    theme = jinja2.PrefixLoader({THEME: jinja2.FileSystemLoader(theme_dirs)})
    env.loader = jinja2.ChoiceLoader([env.loader, theme]) if env.loader else theme
    env.globals["nvp_menu_entry"] = EntryOnce()
    return env
