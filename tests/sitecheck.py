"""Checks over a built site: internal links and anchors, and requests that leave the site."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

LOADED = {
    ("script", "src"),
    ("link", "href"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("object", "data"),
}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.loaded: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in {"id", "name"}:
                self.ids.add(value)
            if tag == "a" and name == "href":
                self.links.append(value)
            if (tag, name) in LOADED:
                self.loaded.append(value)


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _target(site: Path, page: Path, href: str) -> tuple[Path, str] | None:
    url, fragment = urldefrag(href)
    if urlsplit(url).scheme or url.startswith("//") or href.startswith(("mailto:", "tel:")):
        return None  # Links to elsewhere are links, not part of this site.
    base = page.parent
    target = (base / unquote(url)).resolve() if url else page.resolve()
    if target.is_dir() or url.endswith("/"):
        target = target / "index.html"
    return target, fragment


def broken_links(site: Path) -> list[str]:
    """Every internal link or anchor of the built site that leads nowhere."""
    pages = {path.resolve(): parse(path) for path in site.rglob("*.html")}
    broken = []
    for path, page in pages.items():
        if path.name == "404.html":
            continue  # Served at any address, so its links are absolute by design.
        for href in page.links:
            found = _target(site, path, href)
            if found is None:
                continue
            target, fragment = found
            if target not in pages and not target.is_file():
                broken.append(f"{path.relative_to(site.resolve())}: {href} (no such page)")
            elif fragment and target in pages and fragment not in pages[target].ids:
                broken.append(f"{path.relative_to(site.resolve())}: {href} (no such anchor)")
    return broken


def server_only_links(site: Path) -> list[str]:
    """Internal links that only a web server can follow: to a directory, not to a page.

    Opened from the file system (a downloaded CI artifact), such a link shows a
    directory listing instead of the page.
    """
    found = []
    for path in site.rglob("*.html"):
        if path.name == "404.html":
            continue
        for href in parse(path).links:
            url = urldefrag(href)[0]
            if not url or _target(site, path, href) is None:
                continue  # An anchor on the same page, or a link elsewhere.
            if url.endswith("/") or (path.parent / unquote(url)).is_dir():
                found.append(f"{path.relative_to(site)}: {href}")
    return found


def external_resources(site: Path) -> list[str]:
    """Scripts, styles, fonts and images that a page would fetch from another host."""
    found = []
    for path in site.rglob("*.html"):
        for url in parse(path).loaded:
            if urlsplit(url).scheme in {"http", "https"} or url.startswith("//"):
                found.append(f"{path.relative_to(site)}: {url}")
    for path in site.rglob("*.css"):
        pattern = r"url\(\s*['\"]?((?:https?:)?//[^)'\"]*)"
        for url in re.findall(pattern, path.read_text("utf-8")):
            found.append(f"{path.relative_to(site)}: {url}")
    return found
