"""nvptool serve in Chromium: the open page reloads with a saved edit, shows an error over the
last good page (its text as words), clears it when fixed, and switches language in the preview."""

from __future__ import annotations

import json
import os
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from browsing import chromium, require_chromium
from serving import edit, serving

pytest.importorskip("mkdocs")
pytest.importorskip("watchfiles")
sync_api = require_chromium()

HOSTILE_KEY = '"<img src=x onerror=alert(1)>": 1'


def viewed(url: str) -> list[str]:
    with urllib.request.urlopen(url + "__nvptool/state", timeout=60) as response:
        return list(json.loads(response.read())["viewed"])


def wait_until_listening(url: str, page: str) -> None:
    deadline = time.monotonic() + 60
    while page not in viewed(url):
        assert time.monotonic() < deadline, "the page never listened for reloads"
        time.sleep(0.1)


def test_the_open_page_follows_each_save(tmp_path: Path) -> None:
    shots = Path(os.environ.get("NVPTOOL_SCREENSHOTS") or tmp_path / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    plan = tmp_path / "plan"
    with serving(tmp_path) as served, chromium(sync_api) as browser:
        tab = browser.new_page(viewport={"width": 1400, "height": 900})
        dialogs: list[str] = []
        tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        tab.goto(served.url + "nl/phenomena/drugs.html")
        wait_until_listening(served.url, "/nl/phenomena/drugs.html")
        edit(plan, "cocaïne;", "BROWSERWOORD;")
        tab.wait_for_function("document.body.innerText.includes('BROWSERWOORD')", timeout=30000)
        wait_until_listening(served.url, "/nl/phenomena/drugs.html")

        edit(plan, "number: 2.3.3", "number: 2.3.3\n" + HOSTILE_KEY)
        overlay = tab.wait_for_selector("#nvp-serve-errors", timeout=30000)
        assert overlay is not None
        words = overlay.inner_text()
        assert "03-drugs.yaml:5:1" in words and "SC01" in words
        assert "unknown key '<img src=x onerror=alert(1)>'" in words
        assert "BROWSERWOORD" in tab.inner_text("article")  # The last good page stays.
        tab.screenshot(path=str(shots / "serve-error-1400.png"))
        tab.set_viewport_size({"width": 390, "height": 844})
        tab.screenshot(path=str(shots / "serve-error-390.png"))
        tab.set_viewport_size({"width": 1400, "height": 900})
        wait_until_listening(served.url, "/nl/phenomena/drugs.html")

        edit(plan, "\n" + HOSTILE_KEY, "")
        tab.wait_for_selector("#nvp-serve-errors", state="detached", timeout=30000)
        assert dialogs == []

        # The language switch lands on the same page in French, which is served too. The
        # overlay goes as the page reloads: a locator waits for the reloaded page's link.
        switch = tab.locator("a.nvp-lang-fr").get_attribute("href", timeout=30000)
        assert switch is not None
        tab.goto(urllib.parse.urljoin(tab.url, switch))
        assert tab.url.endswith("/fr/phenomena/drugs.html")
        assert tab.get_attribute("html", "lang") == "fr"
        assert "Drogues" in tab.title()


def test_an_edit_saved_while_the_page_loads_reaches_it(tmp_path: Path) -> None:
    """A page's script listens for edits once the page is drawn: an edit saved between the
    page's serving and its listening was told to no one, and the page never showed the
    error it made. Here the script is held until the edit is made and told."""
    plan = tmp_path / "plan"
    with serving(tmp_path) as served, chromium(sync_api) as browser:
        tab = browser.new_page(viewport={"width": 1400, "height": 900})
        held: list[Any] = []
        tab.route("**/__nvptool/live.js", lambda route: held.append(route))
        tab.goto(served.url + "nl/phenomena/drugs.html", wait_until="commit")
        deadline = time.monotonic() + 30
        while not held:
            assert time.monotonic() < deadline, "the page never asked for its script"
            tab.wait_for_timeout(50)
        edit(plan, "number: 2.3.3", "number: 2.3.3\n" + HOSTILE_KEY)
        served.said(r"saved 03-drugs\.yaml: 1 error")
        assert "nvp-serve-errors" not in tab.content()  # Served before the edit.
        held[0].continue_()
        overlay = tab.wait_for_selector("#nvp-serve-errors", timeout=30000)
        assert overlay is not None and "SC01" in overlay.inner_text()
