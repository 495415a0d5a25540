"""A hostile plan's site in a real headless Chromium: no script of the plan ever runs.

Every page of a plan that publishes every trick of tests/hostile/markdown.yaml
(with TX03 switched off) is opened, and the search is run on the payloads'
words; no dialog may open and no request may leave the site. Skipped locally
without Debian's chromium; in CI (CI=true) a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hostileplan import hostile_edit

from nvptool.site.build import build_site

CHROMIUM = "/usr/bin/chromium"

if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
    if os.environ.get("CI"):
        raise RuntimeError("CI needs Debian's chromium for the browser tests")
    pytest.skip("chromium is not installed", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile-browser")
    out = root / "site"
    build_site(hostile_edit(root), out, since="HEAD")
    return out


@pytest.fixture(scope="module")
def tab() -> Iterator[tuple[Any, list[str], list[str]]]:
    """A page that records every dialog and refuses every request outside the site."""
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context()
        dialogs: list[str] = []
        escaped: list[str] = []

        def guard(route: Any) -> None:
            if route.request.url.startswith("file://"):  # the site, opened from the disk
                route.continue_()
            else:
                escaped.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        yield page, dialogs, escaped
        browser.close()


def test_no_script_of_the_plan_runs_on_any_page(
    hostile_site: Path, tab: tuple[Any, list[str], list[str]]
) -> None:
    page, dialogs, escaped = tab
    opened = []
    for html in sorted(hostile_site.glob("*/**/*.html")):
        if "search" in html.parts or html.name == "404.html":  # 404 is for a web server
            continue
        page.goto(html.as_uri())
        page.wait_for_load_state("load")
        opened.append(html)
    assert len(opened) > 20
    assert dialogs == []
    assert escaped == []


def test_searching_the_payloads_runs_nothing(
    hostile_site: Path, tab: tuple[Any, list[str], list[str]]
) -> None:
    page, dialogs, escaped = tab
    page.goto((hostile_site / "nl" / "index.html").as_uri())
    page.locator("input.md-search__input").click(force=True)
    page.keyboard.type("onerror")
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_load_state("load")
    assert dialogs == []
    assert escaped == []
