"""The follow-up pages read in Chromium on a desk (1400 px) and on a phone (390 px).

On a copy of the real plan with generated follow-up, and on the mini plan with
measures and generated follow-up (a page per measure): nothing wider than its
column, chart text at least 12 px and inside its picture, status tables that
read as one card per measure on a phone (the year beside each status) and as a
table on a desk, no console errors. A screenshot of each page is saved.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browsing import require_chromium, serve
from followupplans import followed_plan, real_followed_plan
from test_site_browser import OVERFLOW, PICTURES

from nvptool.load.plan import load_plan
from nvptool.progress import progress
from nvptool.site.build import build_site
from nvptool.site.data import latest_cycle
from nvptool.site.progress import measure_path, progress_path

sync_api = require_chromium()

WIDTHS = (390, 1400)

TABLES = """() => {
  const found = {tables: 0, cards: 0, problems: []};
  for (const table of document.querySelectorAll('table.nvp-progress')) {
    found.tables += 1;
    const head = table.querySelector('thead');
    const cards = getComputedStyle(table).display === 'block';
    if (cards) found.cards += 1;
    if (cards && head.getClientRects().length) found.problems.push('a card shows the header row');
    for (const row of table.querySelectorAll('tbody tr')) {
      const r = row.getBoundingClientRect();
      if (r.right > window.innerWidth + 1) found.problems.push('a row runs past the screen');
      for (const cell of row.querySelectorAll('.nvp-status-cell')) {
        const year = cell.querySelector('.nvp-cell-year');
        const shown = year.getClientRects().length > 0;
        if (cards !== shown) found.problems.push('the year beside a status: ' + shown);
        const size = parseFloat(getComputedStyle(cell.querySelector('.nvp-status')).fontSize);
        if (size < 12) found.problems.push('a status at ' + size + ' px');
      }
    }
  }
  return found;
}"""


def pages_of(plan: Path) -> dict[str, str]:
    """The follow-up pages to read: the overview, each kind of topic, a measure, a dimension."""
    loaded = load_plan(plan).plan
    cycle = latest_cycle(loaded)
    assert cycle is not None
    state = progress(loaded, cycle)
    found = {"overview": progress_path()}
    for item in state.followed:
        found.setdefault(item.topic.kind, progress_path(item.topic))
        if item.node.kind == "measure":
            found.setdefault("measure", measure_path(item.node))
    found["kiv"] = "kiv/digitale-veiligheid.md"
    return {kind: path.removesuffix(".md") + ".html" for kind, path in found.items()}


@pytest.fixture(scope="module", params=["real", "mini"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp(f"progress-{request.param}")
    make = real_followed_plan if request.param == "real" else followed_plan
    plan = make(folder, reported=3)
    build_site(plan, folder / "site")
    with serve(folder / "site") as address:
        yield request.param, address, pages_of(plan)


@pytest.mark.parametrize("width", WIDTHS, ids=lambda w: f"{w}px")
@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_the_follow_up_pages_read_well(
    built: Any, browser: Any, lang: str, width: int, screenshots: Path
) -> None:
    name, server, pages = built
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    problems: list[str] = []
    tables = 0
    try:
        for kind, path in pages.items():
            tab.goto(f"{server}/{lang}/{path}")
            tab.wait_for_load_state("load")
            tab.screenshot(
                path=str(screenshots / f"progress-{name}-{lang}-{width}-{kind}.png"),
                full_page=True,
            )
            where = f"{name} {lang} {width}px {kind}"
            problems += [f"{where}: {found}" for found in tab.evaluate(OVERFLOW)]
            problems += [f"{where}: {found}" for found in tab.evaluate(PICTURES)]
            found = tab.evaluate(TABLES)
            tables += found["tables"]
            if width < 600:
                assert found["cards"] == found["tables"], where
            problems += [f"{where}: {p}" for p in found["problems"]]
            problems += [f"{where}: console: {e}" for e in errors]
            errors.clear()
    finally:
        context.close()
    assert tables > 0, "no status table was read"
    assert problems == [], "\n".join(problems)
