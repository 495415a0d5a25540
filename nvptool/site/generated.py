"""One language's pages and pictures, handed to mkdocs in memory.

nvptool renders every page before mkdocs runs; writing them into a docs folder
only for mkdocs to find and read them back cost a file system round trip per
page. The plugin gives mkdocs the same files, as virtual files (mkdocs' own
`File.generated`), in the order its walk of a docs folder would have found
them, so the site is the one a docs folder gives, byte for byte.

Imported only when a site is built: it needs mkdocs.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping

from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

NAME = "nvptool-pages"


class _NoOptions(Config):  # type: ignore[no-untyped-call]  # mkdocs' own class hook
    """The plugin takes no options: it is given its files."""


class GeneratedPages(BasePlugin[_NoOptions]):  # type: ignore[no-untyped-call]  # as above
    """The files of one language's site, by path, before the theme's."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        super().__init__()
        self.texts = texts

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        pages = [
            File.generated(config, path, content=self.texts[path])
            for path in sorted(self.texts, key=_walk_order)
        ]
        # As with a docs folder, a theme's file of the same path gives way to the site's.
        theme = [file for file in files if file.src_uri not in self.texts]
        return Files([*pages, *theme])


def _walk_order(path: str) -> tuple[tuple[str, ...], bool, str]:
    """Where mkdocs' walk of a docs folder finds the file: a folder's files before its
    subfolders', folders by name, and in each folder its index (or README) page first."""
    folder, name = posixpath.split(path)
    first = posixpath.splitext(name)[0] in ("index", "README")
    return tuple(folder.split("/")) if folder else (), not first, name


def add_to(config: MkDocsConfig, texts: Mapping[str, str]) -> None:
    """Give mkdocs, as it builds with this configuration, these files of the site."""
    config.plugins[NAME] = GeneratedPages(texts)
