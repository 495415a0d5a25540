"""The real plan's site read in Chromium on a desk (1400 px) and on a phone (390 px).

Every kind of page in both languages: nothing wider than its column, every
matrix column named and reachable, picture text inside its box and at least
12 px as rendered, no console errors, no English interface text, the language
switch landing on the same page, search folding accents. A screenshot of each
page is saved; the run's summary says where.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import chromium, require_chromium, serve
from conftest import ROOT, SCREENSHOTS

from nvptool.site.build import build_site

sync_api = require_chromium()

WIDTHS = (390, 1400)
LANGUAGES = ("nl", "fr")
PAGE_KINDS = {
    "home": "index.html",
    "foreword": "chapters/voorwoord.html",
    "chapter": "chapters/hoofdstuk-2.html",
    "theme": "themes/internet-technologie.html",
    "phenomenon": "phenomena/drugs.html",
    "phenomenon-with-charts": "phenomena/mensenhandel.html",
    "kiv-matrix": "kiv.html",
    "kiv-dimension": "kiv/digitale-veiligheid.html",
    "nvs-matrix": "nvs.html",
    "nvs-interest": "nvs/fysieke-veiligheid.html",
    "changes": "changes.html",
    "glossary": "glossary.html",
    "legal": "legal.html",
    "figures": "figures.html",
    "rules": "rules.html",
    "guide": "guide.html",
    "print": "print.html",
}
ENGLISH = (
    "Permanent link",
    "Table of contents",
    "Back to top",
    "Initializing search",
    "Type to start searching",
    "No matching documents",
    "Copy to clipboard",
    "Edit this page",
    "Skip to content",
    "Switch to",
    "Select language",
    "Previous",
    "Next",
    "Search",
    "Made with",
    "Last update",
)
"""Interface strings of the theme and of mkdocs that must not reach a Dutch or French page."""

OVERFLOW = """() => {
  // The column's padding is the theme's to use: its table wrappers reach into it.
  const column = document.querySelector('.md-content__inner');
  const limit = document.querySelector('.md-content').getBoundingClientRect();
  const found = [];
  if (document.documentElement.scrollWidth > window.innerWidth + 1)
    found.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + 'px');
  for (const el of column.querySelectorAll('*')) {
    let scrolled = false;
    for (let up = el.parentElement; up && up !== column; up = up.parentElement) {
      const o = getComputedStyle(up).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') { scrolled = true; break; }
    }
    if (scrolled || el.getClientRects().length === 0) continue;
    const r = el.getBoundingClientRect();
    if (r.width && (r.right > limit.right + 1 || r.left < limit.left - 1))
      found.push(el.tagName.toLowerCase() + '.' + el.className + ' "' +
        (el.textContent || '').trim().slice(0, 40) + '" ' + Math.round(r.left) + '..' +
        Math.round(r.right) + ' outside ' + Math.round(limit.left) + '..' +
        Math.round(limit.right));
    if (found.length > 5) break;
  }
  return found;
}"""

INTERFACE_TEXT = """() => {
  const parts = [document.body.innerText];
  for (const el of document.querySelectorAll('[title], [aria-label], [placeholder], [alt]'))
    for (const name of ['title', 'aria-label', 'placeholder', 'alt'])
      if (el.hasAttribute(name)) parts.push(el.getAttribute(name));
  return parts.join('\\n');
}"""

MATRIX = """() => {
  const wrap = document.querySelector('.nvp-matrix-wrap');
  const list = document.querySelector('.nvp-matrix-list');
  const names = [...document.querySelectorAll('.nvp-matrix thead th a')]
    .map(a => a.textContent.trim());
  const problems = [];
  if (wrap.getClientRects().length) {
    const scrolls = wrap.scrollWidth > wrap.clientWidth;
    if (scrolls && !getComputedStyle(wrap).backgroundImage.includes('gradient'))
      problems.push('the matrix scrolls without a scroll cue');
    for (const th of wrap.querySelectorAll('thead th')) {
      th.scrollIntoView({block: 'nearest', inline: 'nearest'});
      const r = th.getBoundingClientRect(), w = wrap.getBoundingClientRect();
      if (r.width < 8 || r.left < w.left - 1 || r.right > w.right + 1)
        problems.push('column header out of reach: ' + th.textContent.trim());
      if (th.scrollHeight > th.clientHeight + 1 || th.scrollWidth > th.clientWidth + 1)
        problems.push('column header cut: ' + th.textContent.trim());
    }
    wrap.scrollLeft = 0;
  } else {
    const shown = list.getClientRects().length ? list.innerText : '';
    for (const name of names)
      if (!shown.includes(name.replace(/^\\d+\\s+/, '')))
        problems.push('column not named on a narrow screen: ' + name);
  }
  return {names: names.length, problems};
}"""

PICTURES = """async () => {
  const problems = [];
  for (const img of document.querySelectorAll('.md-content img[src$=".svg"]')) {
    const source = await (await fetch(img.src)).text();
    const shown = img.getBoundingClientRect();
    if (!shown.width) continue;
    const holder = document.createElement('div');
    holder.style.cssText =
      'position:absolute;left:0;top:0;visibility:hidden;width:' + shown.width + 'px';
    holder.innerHTML = source;
    document.body.appendChild(holder);
    const svg = holder.querySelector('svg');
    svg.style.width = shown.width + 'px';
    svg.style.height = 'auto';
    const box = svg.getBoundingClientRect();
    const scale = box.width / svg.viewBox.baseVal.width;
    const name = img.src.split('/').pop();
    const texts = [...svg.querySelectorAll('text')];
    for (const t of texts) {
      const r = t.getBoundingClientRect();
      const size = parseFloat(getComputedStyle(t).fontSize) * scale;
      const words = t.textContent.trim();
      if (size < 12 - 0.01) problems.push(name + ': "' + words + '" at ' + size.toFixed(1) + ' px');
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 ||
          r.bottom > box.bottom + 0.5)
        problems.push(name + ': "' + words + '" runs past the picture');
      const frame = t.parentElement.querySelector('rect');
      if (t.parentElement.tagName === 'a' && frame) {
        const f = frame.getBoundingClientRect();
        if (r.right > f.right + 0.5 || r.bottom > f.bottom + 0.5)
          problems.push(name + ': "' + words + '" runs out of its box');
      }
      if (words.includes('…')) problems.push(name + ': "' + words + '" is cut short');
    }
    const heads = texts.filter(t => t.classList.contains('head'))
      .map(t => t.getBoundingClientRect());
    for (const t of texts.filter(t => !t.classList.contains('head'))) {
      const r = t.getBoundingClientRect();
      for (const h of heads)
        if (r.left < h.right && r.right > h.left && r.top < h.bottom && r.bottom > h.top)
          problems.push(name + ': "' + t.textContent + '" collides with the title');
    }
    holder.remove();
  }
  return problems;
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("real-site") / "site"
    build_site(ROOT / "plan", out)
    return out


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    with serve(site) as address:
        yield address


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium(sync_api) as found:
        yield found


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the screenshots go: NVPTOOL_SCREENSHOTS, or a folder of the test run."""
    named = os.environ.get("NVPTOOL_SCREENSHOTS")
    folder = Path(named) if named else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    SCREENSHOTS.append(folder)
    return folder


@pytest.fixture
def tab(browser: Any, server: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A browser tab at one width that may only talk to the site's own server."""
    width = request.param
    context = browser.new_context(viewport={"width": width, "height": 900})
    escaped: list[str] = []

    def guard(route: Any) -> None:
        if route.request.url.startswith(server):
            route.continue_()
        else:
            escaped.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()
    assert escaped == [], f"requests left the site: {escaped}"


@pytest.mark.parametrize("tab", WIDTHS, indirect=True, ids=lambda w: f"{w}px")
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_kind_reads_well(tab: Any, server: str, lang: str, screenshots: Path) -> None:
    width = tab.viewport_size["width"]
    problems: list[str] = []
    other = next(code for code in LANGUAGES if code != lang)
    for kind, path in PAGE_KINDS.items():
        tab.goto(f"{server}/{lang}/{path}")
        tab.wait_for_load_state("load")
        tab.screenshot(path=str(screenshots / f"{lang}-{width}-{kind}.png"))
        where = f"{lang} {width}px {kind}"
        problems += [f"{where}: {found}" for found in tab.evaluate(OVERFLOW)]
        problems += [f"{where}: {found}" for found in tab.evaluate(PICTURES)]
        text = tab.evaluate(INTERFACE_TEXT)
        problems += [f"{where}: English '{word}'" for word in ENGLISH if word in text]
        if kind.endswith("matrix"):
            matrix = tab.evaluate(MATRIX)
            assert matrix["names"] == 6, where
            problems += [f"{where}: {found}" for found in matrix["problems"]]
        switch = tab.locator(f"a.nvp-lang-{other}").get_attribute("href")
        landed = tab.evaluate("href => new URL(href, location.href).pathname", switch)
        if landed != f"/{other}/{path}":
            problems.append(f"{where}: the language switch leads to {landed}")
        problems += [f"{where}: console: {error}" for error in tab.errors]
        tab.errors.clear()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("tab", WIDTHS, indirect=True, ids=lambda w: f"{w}px")
@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_folds_accents_and_the_switch_keeps_the_page(
    tab: Any, server: str, lang: str
) -> None:
    tab.goto(f"{server}/{lang}/index.html")
    if tab.viewport_size["width"] < 960:
        tab.locator("label.md-header__button[for='__search']").click()
    tab.locator("input.md-search__input").click(force=True)
    tab.keyboard.type("cocaine")  # The text says cocaïne (nl) and cocaïne (fr).
    result = tab.locator(".md-search-result__item a[href*='phenomena/drugs']").first
    result.wait_for(timeout=10_000)
    assert "cocaïne" in tab.locator(".md-search-result").inner_text().casefold()
    other = "fr" if lang == "nl" else "nl"
    tab.goto(f"{server}/{lang}/kiv/digitale-veiligheid.html")
    tab.locator(".md-header__option .md-select").hover()
    tab.locator(f"a.nvp-lang-{other}").click()
    tab.wait_for_url(f"**/{other}/kiv/digitale-veiligheid.html")
    assert tab.errors == []
