"""End to end in a real headless Chromium, with the network cut off.

Debian's chromium driven by Playwright. Locally the tests are skipped when
either is missing; in CI (CI=true) a missing browser is a failure.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import require_chromium, serve
from conftest import MINI

from nvptool.site.build import build_site

sync_api = require_chromium()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    build_site(MINI, out)
    return out


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    with serve(site) as address:
        yield address


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    """A page that may only talk to the site's own server; anything else is refused."""
    context = browser.new_context()
    escaped: list[str] = []

    def guard(route: Any) -> None:
        if route.request.url.startswith(server):
            route.continue_()
        else:
            escaped.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    tab = context.new_page()
    yield tab
    context.close()
    assert escaped == [], f"requests left the site: {escaped}"


def test_home_to_a_phenomenon(page: Any, server: str) -> None:
    page.goto(f"{server}/")  # The root sends the reader to the Dutch site.
    page.wait_for_url("**/nl/index.html")
    page.get_by_role("link", name="2.3.1 Verkeersveiligheid").first.click()
    page.wait_for_url("**/nl/phenomena/verkeersveiligheid.html")
    assert page.locator("h1").inner_text().startswith("2.3.1 Verkeersveiligheid")


def test_language_switch_lands_on_the_same_page(page: Any, server: str) -> None:
    page.goto(f"{server}/nl/phenomena/verkeersveiligheid.html")
    page.locator(".md-header__option .md-select").hover()
    page.locator("a.nvp-lang-fr").click()
    page.wait_for_url("**/fr/phenomena/verkeersveiligheid.html")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert "Chiffres et objectifs chiffrés" in page.content()


def test_language_switch_keeps_the_place_on_the_page(page: Any, server: str) -> None:
    page.goto(f"{server}/nl/phenomena/verkeersveiligheid.html#verkeersveiligheid-m2")
    page.locator(".md-header__option .md-select").hover()
    page.locator("a.nvp-lang-fr").click()
    page.wait_for_url("**/fr/phenomena/verkeersveiligheid.html#verkeersveiligheid-m2")


def test_the_structure_picture_opens_and_each_box_leads_to_its_page(page: Any, server: str) -> None:
    """An <img> shows an SVG without its links: the picture opens as itself, where they work."""
    page.goto(f"{server}/nl/index.html")
    page.locator("img.nvp-structure").click()
    page.wait_for_url("**/nl/assets/structure.svg")
    box = page.locator("a").first
    target = box.get_attribute("href")
    assert target and target.startswith("../")
    box.click()
    page.wait_for_url("**/nl/" + target.removeprefix("../").split("#")[0] + "**")
    assert page.locator("h1").count() == 1


def test_search_finds_a_term_and_its_page(page: Any, server: str) -> None:
    page.goto(f"{server}/nl/index.html")
    page.locator("input.md-search__input").click(force=True)
    page.keyboard.type("Belgische wegen")
    # The rule reference quotes the sentence too; the phenomenon must be among the results.
    result = page.locator(".md-search-result__item a[href*='phenomena/verkeersveiligheid']").first
    result.wait_for(timeout=10_000)
    result.click()
    page.wait_for_url("**/nl/phenomena/verkeersveiligheid.html**")


def test_kiv_matrix_cell_leads_to_the_mapping(page: Any, server: str) -> None:
    page.goto(f"{server}/nl/kiv.html")
    page.locator("table.nvp-matrix td a").first.click()
    page.wait_for_url("**/themes/internet.html#map-digitale-veiligheid")
    mapping = page.locator("#map-digitale-veiligheid")
    assert mapping.count() == 1
    assert "redactionele koppeling" in page.locator("li", has=mapping).inner_text()


def test_the_site_works_opened_from_the_file_system(browser: Any, site: Path) -> None:
    """A reviewer who downloads the CI artifact and opens index.html: links and search work."""
    context = browser.new_context()
    tab = context.new_page()
    fetched: list[str] = []
    tab.on("request", lambda request: fetched.append(request.url))
    tab.goto((site / "index.html").as_uri())
    tab.wait_for_url("**/nl/index.html")
    tab.get_by_role("link", name="2.3.1 Verkeersveiligheid").first.click()
    tab.wait_for_url("**/nl/phenomena/verkeersveiligheid.html")
    tab.locator("input.md-search__input").click(force=True)
    tab.keyboard.type("Belgische wegen")
    tab.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    context.close()
    assert [url for url in fetched if not url.startswith(("file:", "blob:", "data:"))] == []
