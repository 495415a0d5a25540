"""The theme's menu, drawn once for all the pages outside it that share a folder.

Material draws the whole menu (partials/nav.html) on every page: on the real
plan a third of the time the theme spends on a page, and 110 of each language's
156 pages are a measure's, reached from tables and not from the menu. For such
a page the menu's HTML depends only on the page's folder: no entry of the menu
is active, none is the page, and every link is written relative to the folder.
So templates/overrides/partials/nav.html hands the theme's own partial to
`MenuOnce`, which draws it once for each folder and gives the same HTML to the
folder's other pages outside the menu; a page in the menu draws its own. What
is kept is found by the folder and by the menu's entries themselves (titles,
addresses), so a preview whose menu changed draws it again. The theme's
partial itself is read under the prefix `theme/`, past the overrides.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any

import jinja2

THEME = "theme"
"""The prefix under which the theme's own templates are read, past nvptool's overrides."""


Entries = tuple[tuple[str, str | None, "Entries"], ...]
"""A menu as its entries: title, address and entries below, for each."""


class MenuOnce:
    """The menu's HTML by folder and entries, for the pages outside the menu."""

    def __init__(self) -> None:
        self.drawn: dict[tuple[str, Entries], str] = {}

    def __call__(self, page: Any, nav: Any, caller: Callable[[], str]) -> str:
        folder = outside_menu(page, nav)
        if folder is None:
            return caller()
        key = (folder, entries(nav.items))
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


def outside_menu(page: Any, nav: Any) -> str | None:
    """The folder of a page that is not in the menu (mkdocs marks the menu's entries on
    the way to the page being drawn as active); None for a page in the menu."""
    if page is None or not isinstance(page.url, str) or page.url.endswith("/"):
        return None  # A folder's URL (use_directory_urls) would make its links relative to it.
    if any(item.active for item in nav.items):
        return None
    return posixpath.dirname(page.url)


def draw_menu_once(env: jinja2.Environment, theme_dirs: list[str]) -> jinja2.Environment:
    """env, whose nav partial draws the menu once a folder for the pages outside it."""
    theme = jinja2.PrefixLoader({THEME: jinja2.FileSystemLoader(theme_dirs)})
    env.loader = jinja2.ChoiceLoader([env.loader, theme]) if env.loader else theme
    env.globals["nvp_menu_once"] = MenuOnce()
    return env
