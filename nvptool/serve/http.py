"""The preview's web server: the site's pages from the warm state, its files, the reload events.

It listens on the loopback address only: a preview is for the writer at the
machine, and the plan may hold unpublished text. Nothing is cached by the
browser, so that a reload shows the page as it is now.
"""

from __future__ import annotations

import mimetypes
import posixpath
import queue
import re
import sys
import threading
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from nvptool.config import DEFAULT_SOURCE_LANGUAGE
from nvptool.interface import InterfaceError, read_interface
from nvptool.model.base import LANGUAGE_PATTERN
from nvptool.serve.livereload import PREFIX, SCRIPT, Hub, error_page, event, with_live_script
from nvptool.serve.state import Preview

LOOPBACK = "127.0.0.1"
UNREADABLE_UI = {
    "serve_no_page": "The site cannot be shown:",
    "serve_fix": "its interface texts cannot be read (templates/i18n).",
}
"""The overlay's words when no language's interface texts can be read, which it explains."""
KEEPALIVE_SECONDS = 15.0


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    preview: Preview
    """Set once the site is made: the server is bound first, so that a port in use is
    refused before the writer waits for the site."""

    def __init__(self, port: int, hub: Hub) -> None:
        self.hub = hub
        self.stopping = threading.Event()
        super().__init__((LOOPBACK, port), Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/"

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that goes away mid-answer (a closed tab, a reload) is not an error."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)

    def names_this_machine(self, host: str | None) -> bool:
        """Whether a request's Host is this preview's address, as a browser on this machine
        writes it: a page of another site that a name of its own points here (DNS
        rebinding) would otherwise read the preview of an unpublished plan."""
        if host is None:
            return True  # HTTP/1.0 without a Host: no browser sends such a request.
        port = self.server_address[1]
        return host.lower() in {f"{name}:{port}" for name in ("127.0.0.1", "localhost")}


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"
    head_only = False
    """A HEAD request: the answer's headers, not its body."""

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the writer's terminal shows edits and errors, not every request."""

    def do_GET(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        if not self.server.names_this_machine(self.headers.get("Host")):
            self.send_error(HTTPStatus.MISDIRECTED_REQUEST, "this preview answers 127.0.0.1 only")
        elif path == PREFIX + "live.js":
            self._send(SCRIPT.encode(), "text/javascript; charset=utf-8")
        elif path == PREFIX + "events":
            self._events()
        elif path == PREFIX + "state":
            self._state()
        else:
            self._site(urllib.parse.unquote(path))

    def do_HEAD(self) -> None:
        """What GET would answer, without its body; the stream of edits has none to give."""
        if urllib.parse.urlsplit(self.path).path == PREFIX + "events":
            self._refuse_method()
            return
        self.head_only = True
        self.do_GET()

    def _refuse_method(self) -> None:
        self.send_response(HTTPStatus.METHOD_NOT_ALLOWED)
        self.send_header("Allow", "GET, HEAD")
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _refuse_method

    def _site(self, path: str) -> None:
        preview = self.server.preview
        parts = path.strip("/").split("/", 1)
        code, rest = parts[0], (parts[1] if len(parts) > 1 else "")
        if code in preview.languages and not rest and not path.endswith("/"):
            self._redirect(path + "/")  # Its pages' links are relative to the folder.
            return
        if path.endswith("/"):
            rest = (rest + "index.html").lstrip("/")
        since = self.server.hub.mark()  # Before the page is made: what comes after, it hears.
        if code in preview.languages and rest.endswith(".html"):
            page = "/" + code + "/" + rest
            html = preview.page(code, rest.removesuffix(".html") + ".md")
            if html is None:  # It reloads too, when an edit makes the page that was asked.
                self._not_found(code, since, page)
                return
            ui = preview.languages[code].lang.ui
            self._send(with_live_script(html, page, preview.shown(), ui, since), "text/html")
            return
        if not preview.languages and path.endswith((".html", "/")):
            self._send(error_page(preview.shown(), self._ui(code), path, since), "text/html")
            return
        if code in preview.languages and rest.startswith("search/search_index."):
            preview.search(code)
        self._file(path, code, since)

    def _ui(self, code: str) -> Any:
        """The words of the page in the address's language, or else in the default source
        language (a plan that never loaded names none); the overlay says what is wrong with
        them when neither can be read."""
        templates = self.server.preview.templates
        source = DEFAULT_SOURCE_LANGUAGE
        asked = (code,) if re.fullmatch(LANGUAGE_PATTERN, code) else ()
        for found in dict.fromkeys((*asked, source)):
            try:  # Held against the source's, which the page's words are taken from otherwise.
                return read_interface(templates, found, source)
            except InterfaceError:
                continue
        return UNREADABLE_UI

    def _file(self, path: str, code: str, since: str) -> None:
        root = self.server.preview.root
        relative = posixpath.normpath(path).lstrip("/")
        target = (root / relative) if relative not in {"", "."} else root / "index.html"
        try:
            if target.is_dir():
                target = target / "index.html"
            inside = target.resolve().is_relative_to(root.resolve())
            data = target.read_bytes() if inside and target.is_file() else None
        except (OSError, RuntimeError, ValueError):  # Unreadable, a loop of links, a NUL.
            data = None
        if data is None:
            self._not_found(code, since)
            return
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        self._send(data, kind)

    def _not_found(self, code: str, since: str, page: str | None = None) -> None:
        """The site's page for an unknown address, as a web server serving the built site
        shows it: the language's below its folder, the page in every language elsewhere.
        since: the hub's mark before it was asked; page: the address asked, which the page
        reloads for once an edit makes it."""
        preview = self.server.preview
        html = preview.not_found(code) if code in preview.languages else None
        if html is not None:
            ui = preview.languages[code].lang.ui
            asked = page or "/" + code + "/404.html"
            html = with_live_script(html, asked, preview.shown(), ui, since)
        else:
            try:
                html = (preview.root / "404.html").read_bytes()
            except OSError:
                self.send_error(HTTPStatus.NOT_FOUND)
                return
        self._send(html, "text/html", HTTPStatus.NOT_FOUND)

    def _send(self, data: bytes, kind: str, status: HTTPStatus = HTTPStatus.OK) -> None:
        if kind.startswith("text/") and "charset" not in kind:
            kind += "; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not self.head_only:
            self.wfile.write(data)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _state(self) -> None:
        import json

        from msgspec.structs import asdict

        preview = self.server.preview
        shown = [asdict(problem) for problem in preview.shown()]
        data = {
            "problems": shown,
            "renders": preview.renders(),
            "viewed": sorted(self.server.hub.viewed()),
        }
        self._send(json.dumps(data).encode(), "application/json")

    def _events(self) -> None:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        page = query.get("page", [""])[0]
        since = query.get("since", [None])[0]
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        client = self.server.hub.connect(page, since)
        try:
            self.wfile.write(b": listening\n\n")
            self.wfile.flush()
            while not self.server.stopping.is_set():
                try:
                    update = client.updates.get(timeout=KEEPALIVE_SECONDS)
                except queue.Empty:
                    self.wfile.write(b": still here\n\n")
                else:
                    if update is None:
                        return
                    self.wfile.write(event(update))
                self.wfile.flush()
        except OSError:  # The page went away.
            return
        finally:
            self.server.hub.disconnect(client)


def page_of(address: str) -> tuple[str, str] | None:
    """A served page's address as (language, source path): /nl/x.html -> (nl, x.md)."""
    parts = address.strip("/").split("/", 1)
    if len(parts) != 2 or not parts[1].endswith(".html"):
        return None
    return parts[0], parts[1].removesuffix(".html") + ".md"
