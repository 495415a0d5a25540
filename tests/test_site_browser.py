"""The real plan's site read in Chromium on a desk (1400 px) and on a phone (390 px).

Every kind of page in both languages: nothing wider than its column, every
matrix column named and reachable, picture text inside its box and at least
12 px as rendered, no console errors, no English interface text, the language
switch landing on the same page, search folding accents and ranking the word
as typed first. The site is the real plan's, built once, with a page of the
changes since a tagged revision whose text differs in one phenomenon. A
screenshot of each page is saved; the run's summary says where.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import require_chromium, serve, serve_in_folder

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
    "since": "since.html",
    "not-found": "404.html",
}
SERVED_ANYWHERE = {"not-found"}
"""A web server answers any unknown address with it: its language switch leads to the other
language's home page, there being no same page to land on."""
EXTRA_ENGLISH = (
    "Permanent link",  # Python-Markdown's heading anchors
    "Switch to",  # the palette toggle's default
    "Made with",  # the footer's default credit
    "Previous",
    "Next",
)
"""English that mkdocs and its extensions write, beside the theme's own texts."""
THEME_LANGUAGES = (
    Path(__import__("material").__file__).parent / "templates" / "partials" / "languages"
)
NOT_WORDS = {"language", "direction"}


def theme_texts(lang: str) -> dict[str, str]:
    """The theme's interface texts in one language, by key, from its language file."""
    source = (THEME_LANGUAGES / f"{lang}.html").read_text(encoding="utf-8")
    return dict(re.findall(r'^\s*"([\w.]+)": "(.*)",?$', source, flags=re.MULTILINE))


def english_texts(lang: str) -> tuple[str, ...]:
    """Every English text of the theme that its own translation into `lang` changes
    (a word both languages write alike, "Navigation", is no sign of English), and
    mkdocs' own; a count slot ("# min read") is kept as its words."""
    english, own = theme_texts("en"), theme_texts(lang)
    texts = {
        text.replace("# ", "").strip()
        for key, text in english.items()
        if key not in NOT_WORDS and not key.startswith("search.config") and own.get(key) != text
    }
    return tuple(sorted(t for t in texts | set(EXTRA_ENGLISH) if len(t) > 2))


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
  // All the words a reader can meet, shown or not yet shown (the search's messages):
  // the text outside scripts, the attributes that speak, and the theme's translations.
  // The page's own text (plan text, which may name "Open Source Intelligence") apart.
  const chrome = [], own = [];
  const article = document.querySelector('.md-content article');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent.closest('script, style')) continue;
    (article && article.contains(parent) ? own : chrome).push(node.nodeValue);
  }
  for (const el of document.querySelectorAll('[title], [aria-label], [placeholder], [alt]'))
    for (const name of ['title', 'aria-label', 'placeholder', 'alt'])
      if (el.hasAttribute(name))
        (el.closest('abbr, .nvp-matrix') ? own : chrome).push(el.getAttribute(name));
  const config = document.getElementById('__config');
  if (config) chrome.push(...Object.values(JSON.parse(config.textContent).translations || {}));
  chrome.push(document.title);
  return {chrome: chrome.join('\\n'), own: own.join('\\n')};
}"""

SIDEWAYS = """() => [...document.querySelectorAll('.md-content *')]
  // What scrolls sideways: only a matrix or the structure picture, with their scroll cue,
  // and code (an example's line is kept whole); a table of figures or a list fits.
  .filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
  .filter(e => e.scrollWidth > e.clientWidth + 1 && !e.closest('pre'))
  .filter(e => !e.matches('.nvp-matrix-wrap, .nvp-scroll'))
  .map(e => 'scrolls sideways: ' + e.className + ' "' + e.textContent.trim().slice(0, 40) + '" ' +
    e.scrollWidth + 'px in ' + e.clientWidth + 'px')"""

PAGE_TEXT = """() => {
  const article = document.querySelector('.md-content article');
  const parts = [];
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode())
    if (!node.parentElement.closest('code, pre, script, style')) parts.push(node.nodeValue);
  return parts.join('');
}"""
RAW_MARKDOWN = re.compile(r"(^|\s)#{1,6} \S|\| ?--- ?\||```|\]\(|\{#|\{:|\*\*\S")
"""Markdown that was not rendered: a heading mark, a table rule, a fence, a link, an
attribute list, a strong emphasis, shown to the reader as text."""

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
def site(real_site: Path) -> Path:
    return real_site


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    with serve(site) as address:
        yield address


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
        # And the page's first picture or matrix as a reader scrolls to it.
        for part, selector in (("picture", ".md-content img"), ("matrix", ".nvp-matrix-wrap")):
            shown = tab.locator(selector).first
            if shown.count() and shown.is_visible():
                # Its top just below the theme's header, which stays on the screen.
                shown.evaluate("e => scrollTo(0, e.getBoundingClientRect().top + scrollY - 80)")
                tab.screenshot(path=str(screenshots / f"{lang}-{width}-{kind}-{part}.png"))
        where = f"{lang} {width}px {kind}"
        problems += [f"{where}: {found}" for found in tab.evaluate(OVERFLOW)]
        problems += [f"{where}: {found}" for found in tab.evaluate(PICTURES)]
        problems += english_on(tab, lang, where)
        problems += [f"{where}: {found}" for found in tab.evaluate(EMPTY_HEADINGS)]
        problems += [f"{where}: {found}" for found in tab.evaluate(SIDEWAYS)]
        raw = RAW_MARKDOWN.search(tab.evaluate(PAGE_TEXT))
        if raw:
            shown = raw.string[raw.start() - 30 : raw.end() + 30]
            problems.append(f"{where}: Markdown shown as text: {shown!r}")
        if kind.endswith("matrix"):
            matrix = tab.evaluate(MATRIX)
            assert matrix["names"] == 6, where
            problems += [f"{where}: {found}" for found in matrix["problems"]]
        problems += [f"{where}: console: {error}" for error in tab.errors]
        tab.errors.clear()
        if kind in SERVED_ANYWHERE:
            continue
        switch = tab.locator(f"a.nvp-lang-{other}").get_attribute("href")
        landed = tab.evaluate("href => new URL(href, location.href).pathname", switch)
        if landed != f"/{other}/{path}":
            problems.append(f"{where}: the language switch leads to {landed}")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("tab", [390], indirect=True, ids=lambda w: f"{w}px")
def test_the_keyboard_reaches_the_menu_button_and_skips_the_closed_menu(
    tab: Any, server: str
) -> None:
    """The closed drawer's links took the focus, off the screen, before the page's own;
    its button, a label, was never reached by Tab."""
    tab.goto(f"{server}/fr/phenomena/drugs.html")
    drawer = ".md-sidebar--primary a.md-nav__link"
    button = "label.md-header__button[for=__drawer]"
    seen = []
    for _ in range(12):
        tab.keyboard.press("Tab")
        assert not tab.evaluate(f"document.activeElement.matches({drawer!r})")
        seen.append(tab.evaluate(f"document.activeElement.matches({button!r})"))
    assert any(seen)  # The menu button, on the way.
    assert tab.evaluate("document.activeElement.closest('article') !== null")
    tab.locator(button).focus()
    tab.keyboard.press("Enter")
    tab.locator(f"{drawer} >> visible=true").first.wait_for()
    assert tab.evaluate(f"document.activeElement.matches({drawer!r})")  # Into the menu.
    tab.keyboard.press("Escape")
    assert tab.evaluate(f"document.activeElement.matches({button!r})")
    assert not tab.evaluate("document.getElementById('__drawer').checked")
    assert tab.get_attribute(button, "aria-label") == "Menu"


FOCUS_SEEN = """() => {
  // What has the focus, and whether a reader sees it: in the window, and not covered.
  const e = document.activeElement, r = e.getBoundingClientRect();
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  const inside = r.width > 0 && x >= 0 && x < innerWidth && y >= 0 && y < innerHeight;
  const at = inside ? document.elementFromPoint(x, y) : null;
  const seen = !!at && (at === e || e.contains(at) || at.contains(e));
  return [(e.textContent || e.getAttribute('aria-label') || e.tagName).trim().slice(0, 40), seen];
}"""


@pytest.mark.parametrize("tab", [390], indirect=True, ids=lambda w: f"{w}px")
def test_the_keyboard_goes_through_the_open_menu_in_sight(tab: Any, server: str) -> None:
    """In the open menu Tab went into closed panels (a section, the page's contents) and
    under the open one: the menu slid sideways and showed white. Every stop is in sight;
    Enter opens a panel and its title closes it; leaving the menu closes it. On a slow
    phone's processor too (the focus given while a panel slid in scrolled the menu sideways)."""
    slow = tab.context.new_cdp_session(tab)
    slow.send("Emulation.setCPUThrottlingRate", {"rate": 8})
    tab.goto(f"{server}/fr/phenomena/drugs.html")

    def press(key: str) -> tuple[str, bool]:
        """The focus after a key, once in sight: a panel slides for 0.25 s (longer on a
        busy machine); two seconds, and it is out of sight."""
        tab.keyboard.press(key)
        tab.wait_for_timeout(300)  # The slide's own time: the next key after it, as a reader's.
        for _ in range(20):
            tab.wait_for_timeout(100)
            name, seen = tab.evaluate(FOCUS_SEEN)
            if seen:
                break
        return name, seen

    tab.locator("label.md-header__button[for=__drawer]").focus()
    stops = [press("Enter")]
    stops += [press("Tab") for _ in range(18)]
    unseen = [name for name, seen in stops if not seen]
    assert unseen == [], unseen
    assert stops[0][0].startswith("2.3.1")  # The page's own panel, open at its first link.
    assert not tab.evaluate("document.getElementById('__drawer').checked")  # Left: closed.
    tab.locator("label.md-header__button[for=__drawer]").focus()
    press("Enter")
    title = press("Shift+Tab")
    assert title == ("Phénomènes de sécurité", True)
    opener = press("Enter")  # The panel's title closes it: back on what opened it.
    assert opener == ("Phénomènes de sécurité", True)
    assert tab.evaluate("document.activeElement.matches('label.md-nav__link[role=button]')")
    for _ in range(8):
        name, seen = press("Tab")
        assert seen, name
        if name == "Dimensions de la NCSI":
            break
    assert press("Enter") == ("Matrice NCSI", True)  # A section opened from the keyboard.
    # Where the page's own entry comes first in its panel, the theme hides its link and
    # shows its contents' label instead: the menu opened and closed again at once.
    tab.set_viewport_size({"width": 390, "height": 600})  # A short phone: stops half below.
    for path in ("nl/index.html", "nl/themes/internet-technologie.html"):
        tab.goto(f"{server}/{path}")
        tab.locator("label.md-header__button[for=__drawer]").focus()
        name, seen = press("Enter")
        assert tab.evaluate("document.getElementById('__drawer').checked"), path
        assert seen and tab.evaluate(
            "document.activeElement.closest('.md-sidebar--primary') !== null"
        ), (path, name)
        for _ in range(12):
            name, seen = press("Tab")
            if not tab.evaluate("document.getElementById('__drawer').checked"):
                break
            assert seen, (path, name)
    assert tab.errors == []


@pytest.mark.parametrize("tab", [390], indirect=True, ids=lambda w: f"{w}px")
def test_a_translation_s_marker_stays_with_the_title_s_last_word(tab: Any, server: str) -> None:
    """On a phone the grey dot of "6 Sécurité numérique" wrapped alone under the heading."""
    tab.goto(f"{server}/fr/kiv/digitale-veiligheid.html")
    gap = tab.evaluate(
        """() => {
          const flag = document.querySelector("h1 .nvp-tr-flag");
          const text = flag.parentElement.previousSibling;  // The title's words.
          const range = document.createRange();
          range.setStart(text, text.length - 1);
          range.setEnd(text, text.length);
          const word = range.getBoundingClientRect(), dot = flag.getBoundingClientRect();
          return Math.abs((word.top + word.bottom) / 2 - (dot.top + dot.bottom) / 2);
        }"""
    )
    assert gap < 20  # On the same line: a wrapped dot sits a heading's line below.


def english_on(tab: Any, lang: str, where: str) -> list[str]:
    """The theme's or mkdocs' English texts that a page in `lang` holds, as whole words:
    anywhere in the theme's parts and attributes; in the page's own text, the phrases
    (a single word there may be a name the plan quotes)."""
    text = tab.evaluate(INTERFACE_TEXT)
    found = []
    for words in english_texts(lang):
        pattern = rf"(?<!\w){re.escape(words)}(?!\w)"
        if re.search(pattern, text["chrome"]) or (" " in words and re.search(pattern, text["own"])):
            found.append(f"{where}: English '{words}'")
    return found


def search(tab: Any, words: str) -> list[str]:
    """Type into the search box as a reader does; the pages of the results, best first."""
    if tab.viewport_size["width"] < 960:
        tab.locator("label.md-header__button[for='__search']").click()
    tab.locator("input.md-search__input").click(force=True)
    tab.keyboard.type(words)
    tab.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    tab.wait_for_timeout(300)  # The results are drawn as they come.
    hrefs: list[str] = tab.eval_on_selector_all(
        ".md-search-result__item > a", "found => found.map(a => a.pathname)"
    )
    return hrefs


def exact_and_folded(site: Path, lang: str) -> tuple[str, set[str]]:
    """A word of the index written without accents in some sections and with them in
    others, and the pages that write it as is: the most telling such pair."""
    from nvptool.site.search import fold

    docs = json.loads((site / lang / "search" / "search_index.json").read_text("utf-8"))["docs"]
    exact: dict[str, set[str]] = {}
    accented: dict[str, set[str]] = {}
    suffixed: set[str] = set()
    for doc in docs:
        page = doc["location"].split("#")[0]
        text = re.sub(r"<[^>]+>", " ", f"{doc.get('title', '')} {doc.get('text', '')}")
        for word in re.findall(r"\w{5,}", text.casefold()):
            found = exact if fold(word) == word else accented
            found.setdefault(fold(word), set()).add(page)
            if fold(word) != word and fold(word[:-1]) == word[:-1]:
                suffixed.add(fold(word))  # rapporté: the search's stemmer makes it rapporte.
    # Rather a word whose accent is not its last letter, which the stemmer may take off.
    pairs = [
        (w not in suffixed, len(accented[w] - exact[w]), w)
        for w in exact
        if accented.get(w, set()) - exact[w]
    ]
    assert pairs, f"no word of the {lang} site is written both with and without accents"
    _, _, word = max(pairs)
    return word, exact[word]


@pytest.mark.parametrize("tab", WIDTHS, indirect=True, ids=lambda w: f"{w}px")
@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_folds_accents_and_the_switch_keeps_the_page(
    tab: Any, server: str, site: Path, lang: str, screenshots: Path
) -> None:
    width = tab.viewport_size["width"]
    tab.goto(f"{server}/{lang}/index.html")
    found = search(tab, "cocaine")  # The text says cocaïne (nl) and cocaïne (fr).
    assert found[0] == f"/{lang}/phenomena/drugs.html", found
    assert "cocaïne" in tab.locator(".md-search-result").inner_text().casefold()
    tab.screenshot(path=str(screenshots / f"{lang}-{width}-search.png"))
    assert english_on(tab, lang, f"{lang} {width}px search") == []
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    # The word as typed ranks above the pages that only have it with accents.
    word, pages = exact_and_folded(site, lang)
    tab.goto(f"{server}/{lang}/index.html")
    found = search(tab, word)
    assert len(found) > 1 and found[0].removeprefix(f"/{lang}/") in pages, (word, found)
    other = "fr" if lang == "nl" else "nl"
    tab.goto(f"{server}/{lang}/kiv/digitale-veiligheid.html")
    switch(tab, other)
    tab.wait_for_url(f"**/{other}/kiv/digitale-veiligheid.html")
    assert tab.errors == []


EMPTY_HEADINGS = """() => {
  // A heading followed by nothing, or by a heading of its level or above: an empty section.
  const found = [];
  const heads = [...document.querySelectorAll('.md-content article :is(h1, h2, h3, h4, h5, h6)')];
  for (const h of heads) {
    let next = h.nextElementSibling;
    while (next && next.matches('.nvp-ident, .nvp-notice')) next = next.nextElementSibling;
    const level = Number(h.tagName[1]);
    if (!next || (/^H[1-6]$/.test(next.tagName) && Number(next.tagName[1]) <= level))
      found.push(h.textContent.replace('¶', '').trim());
  }
  const pictures = [...document.querySelectorAll('.md-content img')]
    .filter(img => img.getBoundingClientRect().height < 40).map(img => img.src);
  return [...found.map(h => 'empty section: ' + h), ...pictures.map(p => 'tiny picture: ' + p)];
}"""


@pytest.fixture(scope="module")
def young_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The skeleton `nvptool init` writes, with the NVS of the test plan: a plan being written."""
    from conftest import MINI, run_nvptool

    root = tmp_path_factory.mktemp("young")
    assert run_nvptool("init", root / "new").returncode == 0
    plan = root / "new" / "plan"
    (plan / "reference").mkdir()
    shutil.copy(MINI / "reference" / "nvs.yaml", plan / "reference" / "nvs.yaml")
    (cycle,) = plan.glob("cycles/*/cycle.yaml")
    cycle.write_text(cycle.read_text("utf-8") + "frameworks:\n  nvs: nvs-demo\n", "utf-8")
    build_site(plan, root / "site")
    with serve(root / "site") as address:
        yield address


@pytest.mark.parametrize("width", WIDTHS, ids=lambda w: f"{w}px")
def test_a_plan_being_written_reads_well(
    browser: Any, young_site: str, width: int, screenshots: Path
) -> None:
    """Every page of a young plan: no empty section, no tiny picture, nothing too wide."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    problems = []
    for lang in LANGUAGES:
        for path in (
            "index.html",
            "nvs.html",
            "nvs/fysieke-veiligheid.html",
            "glossary.html",
            "legal.html",
            "figures.html",
            "print.html",
        ):
            tab.goto(f"{young_site}/{lang}/{path}")
            tab.wait_for_load_state("load")
            name = path.replace("/", "-").removesuffix(".html")
            tab.screenshot(path=str(screenshots / f"young-{lang}-{width}-{name}.png"))
            where = f"young plan {lang} {width}px {path}"
            problems += [f"{where}: {found}" for found in tab.evaluate(OVERFLOW)]
            problems += [f"{where}: {found}" for found in tab.evaluate(EMPTY_HEADINGS)]
            problems += english_on(tab, lang, where)
    context.close()
    assert problems == [], "\n".join(problems)


def switch(tab: Any, lang: str) -> None:
    """Choose a language in the header's language menu, as a reader does."""
    tab.locator(".md-header__option .md-select").hover()
    tab.locator(f"a.nvp-lang-{lang}").click()


SHEETS_READ = """() => [...document.styleSheets].filter(sheet => {
  try { return sheet.cssRules.length > 0; } catch (error) { return false; }
}).length"""


@pytest.mark.parametrize("known", [True, False], ids=["site_url", "no-site_url"])
def test_a_site_published_in_a_folder_works_there(
    browser: Any, tmp_path: Path, known: bool
) -> None:
    """GitLab and GitHub Pages publish a project's site in a folder of their domain: its pages
    and the language switch work there, no request fails, and (its address known) the page of
    an unknown address is styled and leads into the site."""
    from conftest import MINI

    root = tmp_path / "host"
    root.mkdir()
    with serve_in_folder(root, "plan") as address:
        build_site(MINI, root / "plan", site_url=address if known else None)
        tab = browser.new_page()
        failed: list[str] = []
        tab.on(
            "response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None
        )
        # Leaving a page aborts what it was still fetching (the search's words): no failure.
        tab.on(
            "requestfailed",
            lambda r: None if "ABORTED" in (r.failure or "") else failed.append(f"failed {r.url}"),
        )
        tab.goto(f"{address}fr/kiv.html")
        tab.wait_for_load_state("networkidle")
        switch(tab, "nl")
        tab.wait_for_url(f"{address}nl/kiv.html")
        assert tab.evaluate(SHEETS_READ) >= 2
        assert failed == []
        if not known:
            return
        for unknown in ("fr/no/such/page.html", "nothing-here"):
            response = tab.goto(address + unknown)
            tab.wait_for_load_state("networkidle")
            assert response is not None and response.status == 404
            assert failed == [f"404 {address}{unknown}"], failed
            failed.clear()
            assert tab.locator("section[lang=fr] h1").inner_text() == "Page introuvable"
            tab.locator("a[hreflang=fr]").click()
            tab.wait_for_url(f"{address}fr/index.html")
            assert tab.evaluate(SHEETS_READ) >= 2
        tab.close()
    # The site's root leads to the reader's language, as the browser gives it.
    french = browser.new_context(locale="fr-BE")
    tab = french.new_page()
    with serve_in_folder(root, "plan") as address:
        build_site(MINI, root / "plan", site_url=address if known else None)
        tab.goto(address)
        tab.wait_for_url(f"{address}fr/index.html")
    french.close()
