"""Shared by the browser tests: Debian's Chromium through Playwright, and a local server.

Locally the browser tests are skipped, saying why, when Chromium or Playwright
is missing; in CI (CI=true) a missing browser is a failure.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def require_chromium() -> Any:
    """Playwright's sync API, or a skip (a failure in CI) that says what is missing."""
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        if os.environ.get("CI"):
            raise RuntimeError("CI needs Debian's chromium for the browser tests")
        pytest.skip(
            f"browser tests skipped: Debian's chromium is not installed at {CHROMIUM} "
            "(apt-get install chromium)",
            allow_module_level=True,
        )
    return pytest.importorskip(
        "playwright.sync_api", reason="browser tests skipped: playwright is not installed"
    )


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """A static web server for a built site, on a free local port."""
    with _serving(_Quiet, directory) as address:
        yield address


@contextlib.contextmanager
def _serving(handler_class: type[_Quiet], directory: Path) -> Iterator[str]:
    """A server of directory with handler_class, on a free local port, until the block ends."""
    handler = functools.partial(handler_class, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()


class _AsPages(_Quiet):
    """A host that publishes a site in a folder of its domain and answers an unknown address
    with the site's own 404.html, as GitLab and GitHub Pages do."""

    not_found: Path

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404 or not self.not_found.is_file():
            super().send_error(code, message, explain)
            return
        body = self.not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serve_in_folder(root: Path, folder: str) -> Iterator[str]:
    """A host serving root, whose site is root/folder (its address, ending in "/", is
    yielded before the site is there): unknown addresses get root/folder/404.html."""
    handler_class = type("Pages", (_AsPages,), {"not_found": root / folder / "404.html"})
    with _serving(handler_class, root) as address:
        yield f"{address}/{folder}/"


@contextlib.contextmanager
def chromium(sync_api: Any) -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()
