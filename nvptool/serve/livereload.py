"""Telling open pages to reload: Server-Sent Events, a small script, and the errors' overlay.

Every page the preview serves gets one script (`live.js`) that listens to
`/__nvptool/events`, saying which page it shows and which update it was served
after. After an edit, the server sends the URLs of the pages that changed (or
"*"), and whether the plan's errors changed; a page that is among them reloads
itself. An update sent between serving a page and its script listening (a page
is read and drawn before its script connects) is sent again when it connects,
and so is one missed while the connection was lost. The errors are written
into the page by the server, every text escaped: a message quoting hostile
plan text shows it as words.
"""

from __future__ import annotations

import json
import queue
import secrets
import threading
from collections import deque
from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

from msgspec import Struct, field

from nvptool.serve.state import ALL, Shown, Update
from nvptool.site.typography import spaced

PREFIX = "/__nvptool/"
SCRIPT = """\
// nvptool serve: reload this page when the plan's edit changed it.
(function () {
  var me = document.currentScript.getAttribute("data-page");
  var since = document.currentScript.getAttribute("data-since");
  var events = new EventSource(
    "/__nvptool/events?page=" + encodeURIComponent(me) + "&since=" + encodeURIComponent(since));
  function shown(address) {
    return Array.prototype.some.call(document.images, function (img) {
      return new URL(img.src, location.href).pathname === address;
    });
  }
  events.onmessage = function (message) {
    var update = JSON.parse(message.data);
    var hit = update.problems || update.pages.some(function (address) {
      return address === "*" || address === me || shown(address);
    });
    if (hit) { location.reload(); }
  };
  // A connection lost and made again asks with the same "since": the server sends what
  // was missed, or "*" when it is another preview (stopped and started again).
})();
"""

OVERLAY_HEIGHT = "45vh"
"""The most of the window the errors' overlay takes."""
OVERLAY_STYLE = (
    f"position:fixed;left:0;right:0;bottom:0;z-index:1000;max-height:{OVERLAY_HEIGHT};"
    "overflow:auto;"
    "margin:0;padding:.8em 1.2em;background:#fff3f3;color:#5c0000;"
    "border-top:4px solid #c00;font:15px/1.45 sans-serif;box-shadow:0 -2px 8px #0004;"
    "overflow-wrap:anywhere"
)


class Client(Struct, eq=False):
    page: str
    updates: queue.Queue[Update | None] = field(default_factory=queue.Queue)


REPLAYED = 256
"""How many recent updates the hub keeps to send again; a page served before them reloads."""


class Hub:
    """The open pages, each listening for updates; the recent updates, numbered, so that a
    page that starts listening after one was sent still hears of it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._clients: set[Client] = set()
        self._instance = secrets.token_hex(6)
        """Which preview this is: a page served by an earlier one reloads."""
        self._count = 0
        self._recent: deque[tuple[int, Update]] = deque(maxlen=REPLAYED)

    def mark(self) -> str:
        """Where the updates stand, taken before a page is made: its script listens from
        there (an update sent while the page is made reaches it too)."""
        with self._lock:
            return f"{self._instance}.{self._count}"

    def connect(self, page: str, since: str | None = None) -> Client:
        """A page listening, told at once what was sent after its mark (None: nothing)."""
        client = Client(page)
        with self._lock:
            self._clients.add(client)
            missed = None if since is None else self._missed(since)
        if missed is not None:
            client.updates.put(missed)
        return client

    def _missed(self, since: str) -> Update | None:
        """The updates after a mark, as one; every page for a mark of another preview, or
        one older than the updates kept."""
        instance, _, counted = since.partition(".")
        if instance != self._instance or not counted.isdecimal() or int(counted) > self._count:
            return Update(frozenset({ALL}))
        after = int(counted)
        if after == self._count:
            return None
        if after < self._count - len(self._recent):
            return Update(frozenset({ALL}))
        missed = [update for number, update in self._recent if number > after]
        return Update(
            frozenset().union(*(update.pages for update in missed)),
            problems=any(update.problems for update in missed),
        )

    def disconnect(self, client: Client) -> None:
        with self._lock:
            self._clients.discard(client)

    def viewed(self) -> set[str]:
        with self._lock:
            return {client.page for client in self._clients}

    def publish(self, update: Update) -> None:
        if not update.pages and not update.problems:
            return
        with self._lock:
            self._count += 1
            self._recent.append((self._count, update))
            for client in self._clients:
                client.updates.put(update)

    def close(self) -> None:
        """Every listener ends (the server stops)."""
        with self._lock:
            for client in self._clients:
                client.updates.put(None)


def event(update: Update) -> bytes:
    data = {"pages": sorted(update.pages), "problems": update.problems}
    return f"data: {json.dumps(data)}\n\n".encode()


def with_live_script(
    html: bytes,
    page: str,
    problems: Iterable[Shown],
    ui: Mapping[str, Any],
    since: str,
    page_shown: bool = True,
) -> bytes:
    """A page as served: the reload script and, while the plan has errors, the overlay.
    since: the hub's mark taken before the page was made; page_shown: html is a page of
    the site (not the empty page served while there is none)."""
    script = (
        f'<script src="{PREFIX}live.js" data-page="{escape(page)}" '
        f'data-since="{escape(since)}"></script>'
    )
    added = overlay(tuple(problems), ui, page_shown) + script
    text = html.decode("utf-8")
    at = text.rfind("</body>")
    at = len(text) if at < 0 else at
    return (text[:at] + added + text[at:]).encode("utf-8")


def overlay(problems: tuple[Shown, ...], ui: Mapping[str, Any], page_shown: bool) -> str:
    """The errors over the page, each with where it is and what to do; every text escaped.
    Its first words say what the page under it shows (page_shown: a page of the site)."""
    if not problems:
        return ""
    items = []
    for problem in problems:
        code = f" {escape(problem.code)}" if problem.code else ""
        hint = f"<br><em>{escape(problem.hint)}</em>" if problem.hint else ""
        where = f"<code>{escape(problem.where)}</code>{code}: " if problem.where else ""
        items.append(f"<li>{where}{escape(problem.message)}{hint}</li>")
    headline = "serve_no_page"
    if page_shown:
        warned = all(problem.warning for problem in problems)
        headline = "serve_warnings" if warned else "serve_errors"
    # Room below the page as high as the overlay can be, so that its end can be scrolled
    # into sight; the overlay folds to its first line (a phone's screen is short).
    return (
        f'<div aria-hidden="true" style="height:{OVERLAY_HEIGHT}"></div>'
        f'<details open id="nvp-serve-errors" role="alert" style="{OVERLAY_STYLE}">'
        f'<summary style="cursor:pointer"><strong>{_words(ui, headline)}</strong> '
        f"{_words(ui, 'serve_fix')}</summary>"
        f'<ul style="margin:.4em 0 0 1.2em;padding:0">{"".join(items)}</ul></details>'
    )


def _words(ui: Mapping[str, Any], key: str) -> str:
    """The overlay's words in the page's language, escaped, with its space before punctuation
    (the overlay is added after the site's typography)."""
    space = str(ui.get("punctuation_space") or "")
    return spaced(escape(str(ui[key]), quote=False), space)


def error_page(problems: tuple[Shown, ...], ui: Mapping[str, Any], page: str, since: str) -> bytes:
    """What is served before the plan ever had no errors: the overlay alone."""
    html = (
        "<!doctype html><html><head><meta charset='utf-8'>"
        # A phone shows it at its own width, as the site's pages, not a desktop's shrunk.
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        "<title>nvptool serve</title></head><body></body></html>"
    )
    return with_live_script(html.encode(), page, problems, ui, since, page_shown=False)


__all__ = ["ALL", "PREFIX", "SCRIPT", "Hub", "error_page", "event", "with_live_script"]
