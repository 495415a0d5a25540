"""What must never be in a page of the site, whatever the plan says.

`unsafe` reads a built page as a browser would and lists what could run or
restyle: event-handler attributes, script, data or vbscript URLs, scripts and
style attributes other than the theme's own, tags the theme and the allow-list
do not have. `outside_allow_list` checks HTML made from plan Markdown against
the site's allow-list itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from nvptool.site.safety import ATTRIBUTES, CELL_ALIGN, CLASSES, TAGS, URL_SCHEMES, url_scheme

URL_ATTRIBUTES = {
    *("href", "src", "action", "formaction", "xlink:href", "data", "poster"),
    *("background", "cite", "srcset", "longdesc", "usemap", "ping", "manifest"),
}
SCRIPT_SCHEMES = {"javascript", "data", "vbscript"}
ALLOWED_SCHEMES = {None, *URL_SCHEMES}


@dataclass
class Reading:
    """Everything of one page that could run code or change its look."""

    tags: set[str] = field(default_factory=set)
    handlers: list[str] = field(default_factory=list)
    script_urls: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    refreshes: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.reading = Reading()
        self._script: list[str] | None = None
        self._script_src = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        r = self.reading
        r.tags.add(tag)
        for name, value in attrs:
            if name.startswith("on"):
                r.handlers.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and value and url_scheme(value) in SCRIPT_SCHEMES:
                r.script_urls.append(f"<{tag} {name}={value[:60]!r}>")
            if tag == "img" and name == "src" and value and url_scheme(value) is not None:
                r.script_urls.append(f"<img src={value[:60]!r}> from elsewhere")
            if name == "style":
                r.styles.append(f"{tag}: {value}")
            if tag == "meta" and name == "http-equiv" and (value or "").lower() == "refresh":
                r.refreshes.append(str(dict(attrs).get("content")))
        if tag == "script":
            self._script = []
            self._script_src = dict(attrs).get("src") or ""

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.reading.scripts.append(_normal(self._script_src + "|" + "".join(self._script)))
            self._script = None


def _normal(script: str) -> str:
    """A script as every page has it: without the page's depth in the site."""
    script = re.sub(r'"base": "[^"]*"', '"base": ""', script)
    script = re.sub(r'new URL\("[^"]*"', 'new URL(""', script)
    return re.sub(r"(?:\.\./)+|^\./", "", script)


def read(html: str) -> Reading:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.reading


@dataclass(frozen=True)
class Theme:
    """What the theme itself puts on pages: read from a site built from a harmless plan."""

    tags: frozenset[str]
    scripts: frozenset[str]
    styles: frozenset[str]

    @classmethod
    def of(cls, site: Path) -> Theme:
        readings = [read(page.read_text("utf-8")) for page in sorted(site.rglob("*.html"))]
        return cls(
            frozenset(t for r in readings for t in r.tags),
            frozenset(s for r in readings for s in r.scripts),
            frozenset(s for r in readings for s in r.styles),
        )


def unsafe(html: str, theme: Theme) -> list[str]:
    """What a page holds that could run code or restyle it, beyond the theme's own."""
    r = read(html)
    found = [f"event handler {h}" for h in r.handlers]
    found += [f"script URL {u}" for u in r.script_urls]
    found += [f"script not of the theme: {s[:80]!r}" for s in r.scripts if s not in theme.scripts]
    found += [f"style not of the theme: {s!r}" for s in r.styles if s not in theme.styles]
    found += [f"tag not of the theme: <{t}>" for t in sorted(r.tags - theme.tags - TAGS)]
    found += [f"refresh {c}" for c in r.refreshes if "url=" in c.lower() and "index.html" not in c]
    return found


class _AllowList(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.outside: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            self.outside.append(f"<{tag}>")
        for name, value in attrs:
            if name == "class":
                extra = set((value or "").split()) - CLASSES.get(tag, set())
                if extra:
                    self.outside.append(f"<{tag} class={sorted(extra)}>")
            elif name == "align" and tag in CELL_ALIGN:
                if value not in CELL_ALIGN[tag]["align"]:
                    self.outside.append(f"<{tag} align={value!r}>")
            elif name not in ATTRIBUTES.get(tag, set()) or not _allowed_url(name, value):
                self.outside.append(f"<{tag} {name}={value!r}>")


def _allowed_url(name: str, value: str | None) -> bool:
    return name not in URL_ATTRIBUTES or not value or url_scheme(value) in ALLOWED_SCHEMES


def outside_allow_list(html: str) -> list[str]:
    """Tags, attributes, classes and URLs of HTML that the site's allow-list does not name."""
    checker = _AllowList()
    checker.feed(html)
    checker.close()
    return checker.outside
