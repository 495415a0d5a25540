"""mkdocs hooks of the site: every page's content passes the allow-list before it is written.

mkdocs calls on_page_content with the HTML that Markdown made of a page, before
the theme wraps it in its layout (whose own scripts are trusted); the table of
contents, drawn by the theme from the page's headings, is cleaned too. The
finished page gets the language's space before punctuation (site.typography).
The theme's compiled templates are kept between builds (site.template_cache).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from html import escape
from typing import Any

import jinja2
from markupsafe import Markup
from mkdocs.plugins import event_priority

from nvptool.site.safety import sanitize, words_only
from nvptool.site.template_cache import use_template_cache
from nvptool.site.theme_menu import draw_entries_once
from nvptool.site.typography import numbers_kept, spaced


def on_page_content(html: str, page: Any, **_: Any) -> str:
    for item in _toc_items(page.toc):
        item.title = words_only(item.title)
    # The browser's title: the page's own where it gives one (escaped, in its front matter),
    # else its menu title.
    page.meta["title"] = _title(page.meta.get("title") or page.title)
    # A number's groups of digits kept on one line: in the page's content, where the plan's
    # numbers are (the whole page, menu and all, is ten times as long to go through).
    return numbers_kept(sanitize(html))


def on_post_page(output: str, page: Any, config: Any, **_: Any) -> str:
    """The finished page, with the language's space before punctuation (site.typography),
    and the menu button of a narrow screen one the keyboard reaches; a page an earlier
    build finished (site.drawn_cache) is as it was, unless something changed it since."""
    if getattr(page, FINISHED, None) is output:
        return str(output)
    return _menu_button(_spaced(output, config), config)


FINISHED = "nvptool_finished_page"
"""The page's attribute that holds the finished page an earlier build made of it."""


def finished_already(page: Any, html: str) -> str:
    """html, noted as the page finished already (by an earlier build of the same page)."""
    setattr(page, FINISHED, html)
    return html


MENU_LABEL = '<label class="md-header__button md-icon" for="__drawer">'
"""The theme's menu button: a label of the drawer's checkbox, which Tab never reaches."""


def _menu_button(html: str, config: Any) -> str:
    """The menu button focusable, named and announced as a button; assets/nvp.js opens
    and closes the drawer with Enter, Space and Escape."""
    name = escape(str(config.extra.get("menu_button") or ""), quote=True)
    button = MENU_LABEL[:-1] + f' tabindex="0" role="button" aria-label="{name}">'
    return html.replace(MENU_LABEL, button, 1)


def on_post_template(output_content: str, config: Any, **_: Any) -> str:
    """The theme's pages of their own (the page for an unknown address), likewise."""
    return _menu_button(_spaced(output_content, config), config)


def _spaced(html: str, config: Any) -> str:
    space = config.extra.get("punctuation_space") or ""
    return spaced(html, space, config.theme["language"])


@event_priority(100)  # Before the search plugin's, which makes environments to translate.
def on_config(config: Any, **_: Any) -> Any:
    """Each environment of the theme lists its files without its hidden folders, and keeps
    its compiled templates between builds (site.template_cache): the page's and those the
    search plugin makes to read the language's words (two a build, 0.03 s each)."""
    theme = config.theme
    theme.get_env = functools.partial(_theme_environment, type(theme).get_env, theme)
    return config


def _theme_environment(
    get_env: Callable[[Any], jinja2.Environment], theme: Any
) -> jinja2.Environment:
    env = get_env(theme)
    if type(env.loader) is jinja2.FileSystemLoader:
        loader = env.loader
        env.loader = _VisibleFiles(loader.searchpath, loader.encoding, loader.followlinks)
    return use_template_cache(env)


class _VisibleFiles(jinja2.FileSystemLoader):
    """The theme's folders, listing their files as jinja2 does, but those of hidden folders.

    mkdocs lists the theme's files to copy them into the site, and copies none of a hidden
    folder (its patterns '.*' and '*/.*'): material's icons (.icons, 14,000 of its 14,500
    files) were a tenth of a second of every language's build to go through.
    """

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for folder in self.searchpath:
            for path, folders, names in os.walk(folder, followlinks=self.followlinks):
                folders[:] = [name for name in folders if not name.startswith(".")]
                relative = os.path.relpath(path, folder)
                for name in names:
                    joined = name if relative == os.curdir else os.path.join(relative, name)
                    found.add(joined.replace(os.path.sep, "/"))
        return sorted(found)


def on_env(env: jinja2.Environment, config: Any, **_: Any) -> jinja2.Environment:
    """Each entry of the theme's menu drawn once for the pages of a folder it does not hold."""
    theme_dirs = [folder for folder in config.theme.dirs if folder != config.theme.custom_dir]
    return draw_entries_once(env, theme_dirs)


def _title(title: str | None) -> str:
    """A page's title as the theme writes it raw (<title>, the header): its words, escaped.

    The theme would write the heading's text through `striptags`, which turns
    the entities of an escaped title ("&lt;/title&gt;&lt;script&gt;") back into
    markup; a title in the page's metadata is written as it is.
    """
    return escape(Markup(title or "").striptags(), quote=False)


def _toc_items(items: Any) -> list[Any]:
    found = []
    for item in items:
        found.append(item)
        found.extend(_toc_items(item.children))
    return found
