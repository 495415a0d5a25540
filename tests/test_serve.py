"""nvptool serve's state: an edit of the real plan shows, errors show over the last good pages,
only the pages an edit touches are made again, and each page is the page a full build makes."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any, cast

import pytest
from conftest import MINI, ROOT, converted_pages, make_plan
from serving import tree

from nvptool import templates_dir
from nvptool.serve.http import PreviewServer
from nvptool.serve.livereload import REPLAYED, Hub, with_live_script
from nvptool.serve.reload import PlanReader
from nvptool.serve.state import ALL, Preview, Shown, Update
from nvptool.site.template_cache import NO_CACHE

pytest.importorskip("mkdocs")
pytest.importorskip("watchfiles")

DRUGS = "cycles/nvp-2022-2025/phenomena/03-drugs.yaml"
DRUGS_PAGE = ("nl", "phenomena/drugs.md")
OVERLAST = "cycles/nvp-2022-2025/phenomena/05-overlast.yaml"
OVERLAST_WORDS = "In de publieke ruimte voltrekken zich "
LEGAL = "reference/legal.yaml"
WORD = "de invoer/uitvoer op grote schaal van cocaïne;"


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("serve") / "plan"
    shutil.copytree(ROOT / "plan", folder)
    return folder


@pytest.fixture(scope="module")
def preview(plan: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    yield Preview(plan, tmp_path_factory.mktemp("work"), templates_dir())


def edit(plan: Path, old: str, new: str, file: str = DRUGS) -> Path:
    path = plan / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def page(preview: Preview, code: str, src: str) -> str:
    found = preview.page(code, src)
    assert found is not None
    return found.decode("utf-8")


def test_an_edit_shows_on_its_page_and_only_its_pages_are_made_again(
    plan: Path, preview: Preview
) -> None:
    before = tree(plan)
    assert preview.shown() == ()
    path = edit(plan, WORD, "de invoer van PREVIEWWOORD;")
    update = preview.apply([path], [DRUGS_PAGE])
    assert update.pages == {"/nl/phenomena/drugs.html"}
    assert not update.problems
    assert "PREVIEWWOORD" in page(preview, *DRUGS_PAGE)
    assert preview.renders() == {"nl": ["phenomena/drugs.md"], "fr": []}
    later = preview.catch_up()
    # The French page marks its text stale; the print pages repeat the text; nothing else.
    assert later == {"/fr/phenomena/drugs.html", "/nl/print.html", "/fr/print.html"}
    assert sorted(preview.renders()["nl"]) == ["phenomena/drugs.md", "print.md"]
    assert "PREVIEWWOORD" in page(preview, "nl", "print.md")
    assert "PREVIEWWOORD" not in page(preview, "nl", "phenomena/overlast.md")
    # Nothing was written into the plan but the edit itself.
    after = tree(plan)
    assert set(after) == set(before)
    assert [p for p in after if after[p] != before[p]] == [DRUGS]


def test_an_error_shows_over_the_last_good_page_until_it_is_fixed(
    plan: Path, preview: Preview
) -> None:
    good = page(preview, *DRUGS_PAGE)
    path = edit(plan, "number: 2.3.3", 'number: 2.3.3\n"<img src=x onerror=alert(1)>": 1')
    update = preview.apply([path], [DRUGS_PAGE])
    assert update.problems and not update.pages
    [problem] = preview.shown()
    assert problem.where.endswith(f"{DRUGS}:5:1") and problem.code == "SC01"
    assert "<img src=x onerror=alert(1)>" in problem.message
    assert page(preview, *DRUGS_PAGE) == good  # The last good page stays.
    served = with_live_script(
        good.encode(),
        "/nl/phenomena/drugs.html",
        preview.shown(),
        {"serve_errors": "Fouten", "serve_fix": "Verbeter ze."},
        "a1.0",
    ).decode()
    assert "nvp-serve-errors" in served and f"{DRUGS}:5:1" in served
    assert "<img src=x" not in served and "&lt;img src=x onerror=alert(1)&gt;" in served
    # An edit of another file while the plan has errors shows once it has none.
    other = edit(plan, OVERLAST_WORDS, "OVERLASTWOORD ", OVERLAST)
    assert preview.apply([other]).problems is False
    assert "OVERLASTWOORD" not in page(preview, "nl", "phenomena/overlast.md")
    path = edit(plan, '\n"<img src=x onerror=alert(1)>": 1', "")
    update = preview.apply([path], [DRUGS_PAGE])
    assert update.problems and preview.shown() == ()
    assert page(preview, *DRUGS_PAGE) == good
    assert "OVERLASTWOORD" in page(preview, "nl", "phenomena/overlast.md")


def test_a_new_title_changes_every_page_s_navigation(plan: Path, preview: Preview) -> None:
    path = edit(plan, "  nl: Drugs\n", "  nl: Drugs en verslaving\n")
    update = preview.apply([path], [DRUGS_PAGE])
    assert update.pages == {ALL}
    assert "Drugs en verslaving" in page(preview, "nl", "guide.md")  # In its menu.
    preview.catch_up()
    # A title of a page the tab does not show reaches its menu at once too (it waited for
    # every page to be made again).
    theme = "cycles/nvp-2022-2025/themes/1-internet-technologie.yaml"
    path = edit(plan, "  nl: Internet en (nieuwe) technologie\n", "  nl: Internet en AI\n", theme)
    update = preview.apply([path], [DRUGS_PAGE])
    assert update.pages == {ALL}
    assert "Internet en AI" in page(preview, *DRUGS_PAGE)
    preview.catch_up()


def test_a_reference_edit_reaches_the_pages_that_cite_it_and_no_others(
    plan: Path, preview: Preview
) -> None:
    made = {code: len(found) for code, found in preview.renders().items()}
    path = edit(
        plan, "nl: Benelux-politieverdrag\n", "nl: Benelux-politieverdrag REGISTER\n", LEGAL
    )
    preview.apply([path], [("nl", "legal.md")])
    dirty = set(preview.languages["nl"].dirty)
    assert "chapters/hoofdstuk-1.md" in dirty  # It cites the treaty.
    assert "phenomena/drugs.md" not in dirty  # It cites nothing of the register.
    assert "REGISTER" in page(preview, "nl", "legal.md")
    preview.catch_up()
    again = {code: found[made[code] :] for code, found in preview.renders().items()}
    assert "legal.md" in again["nl"] and "legal.md" in again["fr"]
    assert dirty | {"legal.md"} >= set(again["nl"])
    assert "REGISTER" in page(preview, "nl", "chapters/hoofdstuk-1.md")


def test_a_folder_moved_out_of_the_plan_and_back_reshapes_the_site(
    plan: Path, preview: Preview, tmp_path: Path
) -> None:
    # The system names only the folder when one is moved, renamed or copied in.
    earlier = plan / "cycles" / "nvp-2016-2019"
    shutil.move(earlier, tmp_path / "away")
    assert preview.apply([earlier]).problems
    missing = "no cycle has the id 'nvp-2016-2019'"  # The current cycle follows it.
    assert any(p.code == "XR02" and p.message == missing for p in preview.shown())
    shutil.move(tmp_path / "away", earlier)
    update = preview.apply([earlier])
    assert update.pages == {ALL} and update.problems and preview.shown() == ()


def test_a_folder_put_in_place_of_another_is_read_again(
    plan: Path, preview: Preview, tmp_path: Path
) -> None:
    folder = plan / "cycles" / "nvp-2022-2025" / "phenomena"
    other = tmp_path / "phenomena"
    shutil.copytree(folder, other)
    drugs = other / Path(DRUGS).name
    text = drugs.read_text(encoding="utf-8")
    drugs.write_text(text.replace("PREVIEWWOORD;", "PREVIEWWOORD MAPWOORD;"), encoding="utf-8")
    shutil.rmtree(folder)
    shutil.move(other, folder)
    update = preview.apply([folder], [DRUGS_PAGE])
    assert update.pages == {"/nl/phenomena/drugs.html"}
    assert "MAPWOORD" in page(preview, *DRUGS_PAGE)
    preview.catch_up()


def test_a_folder_touches_the_plan_files_it_had_and_those_it_holds(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(ROOT / "plan", plan)
    reader = PlanReader(plan)
    reader.full()
    earlier = "cycles/nvp-2016-2019"
    had = {rel for rel in reader.order if rel.startswith(earlier + "/")}
    assert len(had) > 10
    shutil.rmtree(plan / earlier)
    assert reader.touched([plan / earlier]) == had
    (plan / "new" / ".hidden").mkdir(parents=True)
    (plan / "new" / "a.yaml").write_text("kind: glossary\n", encoding="utf-8")
    (plan / "new" / ".hidden" / "b.yaml").write_text("kind: glossary\n", encoding="utf-8")
    (plan / "new" / "notes.txt").write_text("", encoding="utf-8")
    assert reader.touched([plan / "new"]) == {"new/a.yaml"}
    assert reader.touched([plan / "gone", tmp_path / "outside"]) == set()
    assert reader.touched([plan / DRUGS]) == {DRUGS}
    # Named like a plan file and not read (LD12): while it is there, or if it was at the last
    # reading; an editor's copy made to save a file, and gone again, is nothing.
    saved = [
        plan / f"{DRUGS}.tmp1234",
        plan / f"{DRUGS}~",
        plan / f"{DRUGS}___jb_tmp___",
        plan / DRUGS,
    ]
    assert reader.touched(saved) == {DRUGS}
    (plan / f"{DRUGS}~").write_text("kept by the editor", encoding="utf-8")
    assert reader.touched(saved) == {DRUGS, f"{DRUGS}~"}
    reader.full()
    (plan / f"{DRUGS}~").unlink()
    assert reader.touched(saved) == {DRUGS, f"{DRUGS}~"}


def test_a_chart_the_plan_no_longer_has_is_gone_as_from_a_build(
    plan: Path, preview: Preview
) -> None:
    """A series whose figures no longer name it has no chart: the preview served the old
    one (a bookmarked chart, an open one) where a build has none. The pictures are told
    before the pages are made again (a tab that shows a chart waited for every page)."""
    road = "cycles/nvp-2022-2025/phenomena/06-verkeersveiligheid.yaml"
    chart = Path("assets", "charts", "verkeersveiligheid-doden.svg")
    assert (preview.root / "nl" / chart).is_file()
    before = (plan / road).read_text(encoding="utf-8")
    told: list[Any] = []
    preview.tell = told.append
    try:
        (plan / road).write_text(
            before.replace("        series: verkeersveiligheid-doden\n", ""), encoding="utf-8"
        )
        preview.apply([plan / road])
        made = preview.renders()["nl"][:]
        preview.catch_up(stop=lambda: True)  # Stopped before the first page.
        assert [f"/nl/{chart.as_posix()}" in update.pages for update in told] == [True, False]
        assert f"/fr/{chart.as_posix()}" in told[1].pages
        assert preview.renders()["nl"] == made  # No page made yet.
        assert not (preview.root / "nl" / chart).exists()
        assert not (preview.root / "fr" / chart).exists()
        preview.catch_up()
    finally:
        preview.tell = lambda update: None
        (plan / road).write_text(before, encoding="utf-8")
        preview.apply([plan / road])
        preview.catch_up()
    assert (preview.root / "nl" / chart).is_file()  # Drawn again once a figure names it.


def test_rule_settings_are_checked_again_and_the_shown_settings_make_the_site_again(
    plan: Path, preview: Preview
) -> None:
    """A rule turned off (or its severity lowered) in nvptool.yaml changes the errors only:
    the site was made anew each time (4 s); the settings the site shows still make it anew."""
    made = preview.generation
    before = (plan / "nvptool.yaml").read_text(encoding="utf-8")
    path = edit(plan, "number: 2.3.3", "number: 2.3.3\nsummary: x", DRUGS)  # An error.
    assert preview.apply([path], [DRUGS_PAGE]).problems
    try:
        settings = edit(plan, "  ignore: []", "  ignore: [TR03]", "nvptool.yaml")
        assert preview.apply([settings], [DRUGS_PAGE]).pages == frozenset()
        path = edit(plan, "number: 2.3.3\nsummary: x", "number: 2.3.3", DRUGS)
        update = preview.apply([path], [DRUGS_PAGE])
        assert not preview.shown() and preview.generation == made  # Not made anew.
        assert update.problems
        edit(
            plan,
            "languages: [nl, fr]",
            "languages: [nl, fr]\nedit_url: https://e.org/p/",
            "nvptool.yaml",
        )
        assert preview.apply([settings], [DRUGS_PAGE]).pages == {ALL}
        assert preview.generation == made + 1
        assert "https://e.org/p/" in page(preview, *DRUGS_PAGE)
    finally:
        (plan / "nvptool.yaml").write_text(before, encoding="utf-8")
        preview.apply([plan / "nvptool.yaml"])
        preview.catch_up()


def test_the_cycle_s_texts_are_an_edit_and_its_name_makes_the_site_again(
    plan: Path, preview: Preview
) -> None:
    """An event of the cycle's timeline is an edit of the pages that show it (the whole
    site was made again, 5 s); the cycle's title, the site's name in mkdocs' configuration
    and on every page, makes it anew."""
    cycle = "cycles/nvp-2022-2025/cycle.yaml"
    before = (plan / cycle).read_text(encoding="utf-8")
    made = preview.generation
    try:
        path = edit(
            plan, "      nl: College van procureurs-generaal", "      nl: CYCLUSWOORD", cycle
        )
        update = preview.apply([path], [("nl", "index.md")])
        assert preview.generation == made and update.pages == {"/nl/index.html"}
        assert "CYCLUSWOORD" in page(preview, "nl", "index.md")
        preview.catch_up()
        short = "  nl: Nationaal Veiligheidsplan 2022-2025\n"
        path = edit(plan, short, short.replace("Nationaal", "NAAMWOORD"), cycle)
        assert preview.apply([path], [("nl", "index.md")]).pages == {ALL}
        assert preview.generation == made + 1
        assert "NAAMWOORD Veiligheidsplan" in page(preview, "nl", "phenomena/drugs.md")
    finally:
        (plan / cycle).write_text(before, encoding="utf-8")
        preview.apply([plan / cycle])
        preview.catch_up()


def test_an_editor_s_save_through_a_copy_is_an_edit_of_the_file(
    plan: Path, preview: Preview
) -> None:
    """Editors save by writing a copy and putting it in the file's place: the copy's name
    (03-drugs.yaml.tmp1234) is named like a plan file, and the site was made anew."""
    made = preview.generation
    path = edit(
        plan, "harmoniseren van de richtlijnen", "harmoniseren (KOPIEWOORD) van de richtlijnen"
    )
    copy = path.with_name(path.name + ".tmp1234")
    update = preview.apply([copy, path], [DRUGS_PAGE])
    assert update.pages == {"/nl/phenomena/drugs.html"}
    assert preview.generation == made  # Not made anew.
    assert "KOPIEWOORD" in page(preview, *DRUGS_PAGE)
    preview.catch_up()


class FirstOf(set[str]):
    """A set of pages that gives one of them first: the order in which they are made."""

    def __init__(self, first: str, pages: set[str]) -> None:
        super().__init__(pages)
        self.first = first

    def __iter__(self) -> Iterator[str]:
        rest = sorted(page for page in set.__iter__(self) if page != self.first)
        return iter([self.first, *rest] if self.first in self else rest)


def test_a_page_that_comes_while_a_browser_asks_reaches_the_open_tabs(
    plan: Path, preview: Preview
) -> None:
    """A new measure's page comes when the search index is asked for before the pages
    are made again: the site is made anew, the open tabs are told, the index is handed
    out (it was looked for in the site made before). Pages of another edit made first
    are told as every page too."""
    told: list[Any] = []
    preview.tell = told.append
    try:
        preview.apply([edit(plan, OVERLAST_WORDS, "OVERLASTWOORD ", OVERLAST)], [])
        path = edit(plan, LAST_MEASURE_END, LAST_MEASURE_END + MEASURE)
        preview.apply([path], [])
        dirty = preview.languages["nl"].dirty
        preview.languages["nl"].dirty = FirstOf("phenomena/overlast.md", dirty)
        preview.search("nl")
        assert [update.pages for update in told] == [{ALL}]
        assert (preview.root / "nl" / "search" / "search_index.json").is_file()
        assert "NIEUWEMAATREGEL" in page(preview, "nl", "phenomena/drugs.md")
    finally:
        preview.tell = lambda update: None
        edit(plan, MEASURE, "")
        edit(plan, "OVERLASTWOORD ", OVERLAST_WORDS, OVERLAST)
        preview.apply([plan / DRUGS, plan / OVERLAST])
        preview.catch_up()


LAST_MEASURE_END = "            source: 9110c5b2a3ce\n"  # The end of the drugs' last measure.
MEASURE = """      - id: drugs-nieuw
        number: 19
        text:
          nl: NIEUWEMAATREGEL voor de test.
"""


WARNED = Shown("nl: mkdocs", "", "a link to '#nergens', an anchor no page has", warning=True)
FAILED = Shown("plan/cycles/x.yaml:5:1", "SC01", "an unknown key")


@pytest.mark.parametrize(
    ("problems", "page_shown", "headline"),
    [
        ((FAILED,), True, "serve_errors"),  # The page as it was before the edit.
        ((WARNED, FAILED), True, "serve_errors"),
        ((WARNED,), True, "serve_warnings"),  # The page shows the edit.
        ((FAILED,), False, "serve_no_page"),  # No page yet: nothing is shown under it.
        ((WARNED,), False, "serve_no_page"),
    ],
)
@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_the_overlay_s_first_words_say_what_the_page_under_it_shows(
    problems: tuple[Shown, ...], page_shown: bool, headline: str, lang: str
) -> None:
    from nvptool.interface import read_interface

    ui = read_interface(templates_dir(), lang, "nl")
    served = with_live_script(b"<body></body>", "/p", problems, ui, "a1.0", page_shown)
    found = re.search(r"<summary[^>]*><strong>(.*?)</strong>(.*?)</summary>", served.decode())
    assert found is not None
    headline_shown, fix = found.groups()
    space = str(ui["punctuation_space"])
    assert headline_shown.replace(space, " ") == escape(str(ui[headline]), quote=False).replace(
        space, " "
    )
    if lang == "fr":  # Added after the site's typography: spaced as the site is.
        assert " :" not in headline_shown + fix and " ;" not in fix and "\u00a0;" in fix


def test_the_overlay_says_how_many_errors_it_leaves_out_and_leaves_the_page_s_end_in_sight(
    plan: Path, preview: Preview
) -> None:
    from nvptool.serve.state import MAX_SHOWN

    with languages(plan, preview, "[nl]"):
        shown = preview.shown()
        assert len(shown) == MAX_SHOWN + 1 and preview.count() > 1000
        assert shown[-1].where == "" and "more errors: 'nvptool check'" in shown[-1].message
        served = with_live_script(
            b"<html><body></body></html>",
            "/nl/index.html",
            shown,
            {"serve_errors": "Fouten", "serve_fix": "Verbeter ze."},
            "a1.0",
        ).decode()
        assert '<div aria-hidden="true" style="height:45vh">' in served  # Room to scroll.
        assert '<details open id="nvp-serve-errors"' in served  # It folds.
    assert preview.shown() == ()


def test_a_language_the_site_cannot_speak_is_said_as_a_build_says_it(
    plan: Path, preview: Preview
) -> None:
    with languages(plan, preview, "[nl, fr, de]"):
        [shown] = preview.shown()
        assert shown.where == "nvptool.yaml"
        assert "nvptool.yaml publishes de, but" in shown.message and "de.yaml" in shown.message
    assert preview.shown() == ()


@contextlib.contextmanager
def languages(plan: Path, preview: Preview, listed: str) -> Iterator[None]:
    """The plan's languages set so in nvptool.yaml while the block runs, then as they were."""
    path = plan / "nvptool.yaml"
    before = path.read_text("utf-8")
    path.write_text(before.replace("languages: [nl, fr]", f"languages: {listed}"), "utf-8")
    try:
        preview.apply([path])
        yield
    finally:
        path.write_text(before, "utf-8")
        preview.apply([path])


def test_the_watch_passes_plan_files_and_folders_that_come_or_go(tmp_path: Path) -> None:
    from watchfiles import Change

    from nvptool.serve.watch import PlanFilter

    (tmp_path / "cycle" / ".hidden").mkdir(parents=True)
    (tmp_path / "notes.txt").write_text("", encoding="utf-8")
    passes = PlanFilter(tmp_path)
    assert passes(Change.modified, str(tmp_path / "cycle" / "a.yaml"))
    assert passes(Change.added, str(tmp_path / "cycle"))
    assert passes(Change.deleted, str(tmp_path / "gone"))  # It may have been a folder.
    assert not passes(Change.added, str(tmp_path / "notes.txt"))
    assert not passes(Change.modified, str(tmp_path / "cycle"))
    assert not passes(Change.added, str(tmp_path / "cycle" / ".hidden"))
    assert not passes(Change.deleted, str(tmp_path / "cycle" / ".hidden" / "a.yaml"))
    assert not passes(Change.added, str(tmp_path.parent))  # Outside the plan.
    # Named like a plan file and not read (LD12), an editor's backup among them.
    assert passes(Change.added, str(tmp_path / "cycle" / "a.yaml~"))
    assert passes(Change.added, str(tmp_path / "cycle" / "a.YAML"))


def test_each_page_is_the_page_of_a_full_build(
    plan: Path, preview: Preview, tmp_path: Path
) -> None:
    from nvptool.site.build import build_site

    preview.catch_up()
    for code in preview.languages:
        preview.search(code)
    build_site(plan, tmp_path / "site")
    built = tmp_path / "site"
    for code, pages in preview.languages.items():
        for src in pages.pages:
            expected = (built / code / src.removesuffix(".md")).with_suffix(".html")
            assert page(preview, code, src) == expected.read_text(encoding="utf-8"), (code, src)
        for name in ("search/search_index.json", "search/search_index.js"):
            served = (preview.root / code / name).read_bytes()
            assert served == (built / code / name).read_bytes(), (code, name)
        # The page for an unknown address, with the menu of now (a title was changed).
        assert preview.not_found(code) == (built / code / "404.html").read_bytes(), code


def test_an_unknown_address_gets_the_site_s_own_page_in_its_language(preview: Preview) -> None:
    server = PreviewServer(0, Hub())
    server.preview = preview
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        for code, words in (("nl", "Pagina niet gevonden"), ("fr", "Page introuvable")):
            address = f"/{code}/phenomena/no-such-page.html"
            with pytest.raises(urllib.error.HTTPError) as raised:
                urllib.request.urlopen(server.url.rstrip("/") + address, timeout=60)
            assert raised.value.code == 404
            shown = raised.value.read().decode("utf-8")
            assert words in shown and f'href="/{code}/assets/' in shown
            # It listens for edits: the page reloads once an edit makes it.
            assert f'data-page="{address}"' in shown
        # A file that is not there, or that no file can be (a NUL in its name, a loop).
        for address in ("nl/assets/no-such-file.css", "nl/%00", "nl/assets/a%00b.css", "%00"):
            with pytest.raises(urllib.error.HTTPError) as raised:
                urllib.request.urlopen(server.url + address, timeout=60)
            assert raised.value.code == 404, address
        # Any other unknown address: the site's page in its language, or in every language
        # (Python's own page in English was served).
        for address, words in (
            ("nl/phenomena/drugs", "Pagina niet gevonden"),
            ("fr/glossary", "Page introuvable"),
            ("nowhere/deep/page.html", "Page introuvable"),
        ):
            with pytest.raises(urllib.error.HTTPError) as raised:
                urllib.request.urlopen(server.url + address, timeout=60)
            assert raised.value.code == 404, address
            shown = raised.value.read().decode("utf-8")
            assert words in shown and "Error response" not in shown, address
    finally:
        server.shutdown()
        server.server_close()


def test_reading_again_only_the_edited_files_gives_the_plan_a_full_reading_gives(
    plan: Path,
) -> None:
    reader = PlanReader(plan)
    reader.full()
    edit(plan, "PREVIEWWOORD", "ANDERWOORD")
    again = reader.again([DRUGS])
    whole = PlanReader(plan).full()
    assert [f.path for f in again.plan.files] == [f.path for f in whole.plan.files]
    assert [(n.key, n.obj) for n in again.plan.nodes] == [(n.key, n.obj) for n in whole.plan.nodes]
    assert sorted(again.problems) == sorted(whole.problems)


def test_an_update_sent_before_a_page_listens_reaches_it_when_it_does(preview: Preview) -> None:
    """A page is served, then drawn, then its script listens: an edit made meanwhile was
    sent to no one, and the page never showed it (nor the error it made)."""
    server = PreviewServer(0, Hub())
    server.preview = preview
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        shown = get(server.url + "nl/phenomena/drugs.html")
        [since] = re.findall(r'data-since="([^"]+)"', shown)
        server.hub.publish(Update(problems=True))  # Before the page's script listens.
        events = urllib.request.urlopen(
            f"{server.url}__nvptool/events?page=/nl/phenomena/drugs.html&since={since}",
            timeout=60,
        )
        assert events.readline().startswith(b": listening")
        assert events.readline() == b"\n"
        assert json.loads(events.readline().removeprefix(b"data: ")) == {
            "pages": [],
            "problems": True,
        }
        events.close()
        # A page served after it listens from there: nothing is sent again.
        [later] = re.findall(r'data-since="([^"]+)"', get(server.url + "nl/index.html"))
        assert later != since
        client = server.hub.connect("/nl/index.html", later)
        assert client.updates.empty()
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    ("published", "since", "told"),
    [
        ([], "", None),  # Nothing since the page was served.
        ([Update(frozenset({"/nl/a.html"}))], "", Update(frozenset({"/nl/a.html"}))),
        (
            [Update(frozenset({"/nl/a.html"})), Update(frozenset({"/fr/b.html"}), problems=True)],
            "",
            Update(frozenset({"/nl/a.html", "/fr/b.html"}), problems=True),
        ),
        ([Update(frozenset({"/nl/a.html"}))], "other", Update(frozenset({ALL}))),
        ([], "other", Update(frozenset({ALL}))),  # Another preview served the page.
        ([], "garbled", Update(frozenset({ALL}))),
        ([Update(frozenset({"/nl/a.html"}))] * (REPLAYED + 1), "", Update(frozenset({ALL}))),
    ],
)
def test_a_page_that_listens_hears_what_was_sent_after_it_was_served(
    published: list[Update], since: str, told: Update | None
) -> None:
    hub = Hub()
    mark = hub.mark()
    for update in published:
        hub.publish(update)
    asked = {"": mark, "other": "0123456789ab.0", "garbled": "x"}[since]
    client = hub.connect("/nl/a.html", asked)
    assert (None if client.updates.empty() else client.updates.get_nowait()) == told
    assert client.updates.empty()
    assert hub.connect("/nl/a.html").updates.empty()  # A listener that names no mark.


def test_the_server_listens_on_the_loopback_address_only(preview: Preview) -> None:
    server = PreviewServer(0, Hub())
    try:
        host, port = server.server_address[:2]
        assert host == "127.0.0.1" and port > 0
        assert server.url == f"http://127.0.0.1:{port}/"
    finally:
        server.server_close()


def test_a_plan_with_errors_at_the_start_shows_them_until_it_has_none(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(ROOT / "plan", plan)
    path = edit(plan, "number: 2.3.3", "number: 2.3.3\nnummer: 3")
    preview = Preview(plan, tmp_path / "work", templates_dir())
    [problem] = preview.shown()
    assert problem.code == "SC01" and "'nummer'" in problem.message
    assert preview.languages == {} and preview.page(*DRUGS_PAGE) is None
    server = PreviewServer(0, Hub())
    server.preview = preview
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        shown = get(server.url + "nl/phenomena/drugs.html")
        assert "nvp-serve-errors" in shown and f"{DRUGS}:5:1" in shown
        [told] = json.loads(get(server.url + "__nvptool/state"))["problems"]
        assert told["code"] == "SC01" and "'nummer'" in told["message"]
        edit(plan, "\nnummer: 3", "")
        assert preview.apply([path]).pages == {ALL}
        assert preview.shown() == ()
        assert "2.3.3 Drugs" in get(server.url + "nl/phenomena/drugs.html")
    finally:
        server.shutdown()
        server.server_close()


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:
        return str(response.read().decode("utf-8"))


def test_requests_other_than_a_page_s_get_answers_in_kind(
    preview: Preview, capsys: pytest.CaptureFixture[str]
) -> None:
    """HEAD as GET without a body, other methods refused (405, not 501), a language's folder
    without its slash redirected, another site's name in Host refused (DNS rebinding)."""
    import http.client

    server = PreviewServer(0, Hub())
    server.preview = preview
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]

    def ask(method: str, path: str, headers: dict[str, str] | None = None) -> Any:
        connection = http.client.HTTPConnection(str(host), port, timeout=60)
        connection.request(method, path, headers=headers or {})
        answer = connection.getresponse()
        answer.body = answer.read()
        connection.close()
        return answer

    try:
        head = ask("HEAD", "/nl/index.html")
        assert head.status == 200 and head.body == b""
        assert int(head.getheader("Content-Length")) > 1000
        for method in ("POST", "PUT", "DELETE", "OPTIONS"):
            refused = ask(method, "/nl/index.html")
            assert refused.status == 405 and refused.getheader("Allow") == "GET, HEAD"
        moved = ask("GET", "/fr")
        assert moved.status == 301 and moved.getheader("Location") == "/fr/"
        assert ask("GET", "/nl/", {"Host": f"localhost:{port}"}).status == 200
        assert ask("GET", "/nl/", {"Host": "evil.example"}).status == 421
        assert ask("GET", "/nl/", {"Host": f"evil.example:{port}"}).status == 421
    finally:
        server.shutdown()
        server.server_close()
    try:  # A browser that went away mid-answer leaves no traceback on the terminal.
        raise ConnectionResetError(104, "Connection reset by peer")
    except ConnectionResetError:
        server.handle_error(None, ("127.0.0.1", 1))
    assert "Traceback" not in capsys.readouterr().err


def test_the_plan_in_force_is_previewed_while_the_next_is_written(tmp_path: Path) -> None:
    """Once `cycle new` has started the next plan, the preview showed only that draft: an
    edit to the plan in force could not be seen. --cycle shows the one it names."""
    from conftest import run_nvptool

    plan = tmp_path / "plan"
    shutil.copytree(ROOT / "plan", plan)
    made = run_nvptool("cycle", "new", "nvp-2026-2029", "--from", "nvp-2022-2025", "--plan", plan)
    assert made.returncode == 0, made.stderr
    draft = Preview(plan, tmp_path / "draft", templates_dir())
    assert draft.site is not None and draft.site.cycle.id == "nvp-2026-2029"
    in_force = Preview(plan, tmp_path / "in-force", templates_dir(), "nvp-2022-2025")
    assert in_force.site is not None and in_force.site.cycle.id == "nvp-2022-2025"
    assert "2022-2025" in page(in_force, "nl", "index.md")
    unknown = Preview(plan, tmp_path / "unknown", templates_dir(), "nvp-2030")
    [problem] = unknown.shown()
    assert "nvp-2030" in problem.message and "nvp-2022-2025" in problem.message


def test_a_save_made_while_the_other_pages_are_made_goes_first() -> None:
    """The pages an edit did not make at once are made in a thread of their own: a save
    stops it at the end of the page being made (it waited for every page), and the pages
    made until then reach the open tabs."""
    from nvptool.serve import CatchUp
    from nvptool.serve.state import Update

    made: list[str] = []

    class Slow:
        def catch_up(self, stop: Any) -> set[str]:
            while not stop():  # A page at a time, as long as pages are left.
                made.append("page")
                threading.Event().wait(0.01)
            return {"/nl/one.html"}

        def shown(self) -> tuple[Any, ...]:
            return ()

    published: list[Update] = []

    class Tabs:
        def publish(self, update: Update) -> None:
            published.append(update)

    catching_up = CatchUp(cast(Any, Slow()), cast(Any, Tabs()), print)
    catching_up.start()
    for _ in range(1000):  # Ten seconds at most.
        if made:
            break
        threading.Event().wait(0.01)
    catching_up.halt()  # A save: returns once the page being made is made.
    assert catching_up.thread is None and made
    assert published == [Update(frozenset({"/nl/one.html"}))]


def test_a_page_asked_for_while_the_search_index_is_made_goes_first(
    plan: Path, preview: Preview, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every open tab asks for the search index as it loads, which draws every page a title
    changed: the pages asked for meanwhile are handed out first (they waited a second)."""
    import time

    path = edit(plan, "  nl: Overlast\n", "  nl: Overlast en hinder\n", OVERLAST)
    assert preview.apply([path]).pages == {ALL}  # Every page is to be drawn again.
    site = preview.languages["nl"].site
    drawing = threading.Event()
    draw = site.page_html

    def slowly(src: str) -> bytes:
        drawing.set()
        time.sleep(0.002)
        return draw(src)

    monkeypatch.setattr(site, "page_html", slowly)
    done: list[str] = []
    search = threading.Thread(target=lambda: (preview.search("nl"), done.append("index")))
    search.start()
    assert drawing.wait(10)
    assert "Overlast en hinder" in page(preview, "nl", "guide.md")
    done.append("page")
    search.join()
    assert done == ["page", "index"]
    preview.catch_up()


def test_a_site_made_anew_converts_only_the_pages_that_changed(
    plan: Path, preview: Preview, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A new measure makes the site anew (its navigation changes shape): the pages whose
    Markdown and links are as before come from the pages the preview converted."""
    import tempfile

    monkeypatch.delenv(NO_CACHE, raising=False)
    own = tmp_path / "tmp"  # A cache of the test's own, kept from no other test's builds.
    own.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(own))
    preview.start()  # The site made anew, every page converted and kept.
    converted = converted_pages(monkeypatch)
    try:
        made = preview.generation
        path = edit(plan, LAST_MEASURE_END, LAST_MEASURE_END + MEASURE)
        preview.apply([path], [])
        preview.catch_up()
        assert preview.generation > made  # Made anew.
        assert "progress/measures/drugs-nieuw.md" in converted
        assert "phenomena/drugs.md" in converted
        assert "glossary.md" not in converted and len(converted) < 40  # Of 322.
        assert "NIEUWEMAATREGEL" in page(preview, "nl", "phenomena/drugs.md")
    finally:
        edit(plan, MEASURE, "")
        preview.apply([plan / DRUGS])
        preview.catch_up()


def test_links_to_anchors_are_checked_as_a_build_checks_them_page_by_page(
    tmp_path: Path,
) -> None:
    """mkdocs checks the links to anchors after every page is made: the preview, which
    makes a page at a time, did not, and filed what mkdocs said of the pages an edit made
    under the first of them, so that an edit of that page alone cleared it."""
    plan = make_plan(tmp_path, {"nvptool.yaml": MINI_SETTINGS + "rules:\n  ignore: [TX03]\n"})
    theme, phenomenon = plan / MINI_THEME, plan / MINI_PHENOMENON
    preview = Preview(plan, tmp_path / "work", templates_dir())
    assert preview.shown() == ()
    edit(plan, MINI_WORDS, MINI_WORDS[:-1] + " [zie](#nergens).", MINI_PHENOMENON)
    edit(plan, "hoeft geen betoog", "hoeft nog geen betoog", MINI_THEME)
    preview.apply([theme, phenomenon])
    preview.catch_up()
    said = [shown.message for shown in preview.shown() if shown.where == "nl: mkdocs"]
    assert said and all("#nergens" in message for message in said)
    edit(plan, "hoeft nog geen betoog", "hoeft geen betoog", MINI_THEME)
    preview.apply([theme])
    preview.catch_up()
    assert [shown.message for shown in preview.shown() if shown.where == "nl: mkdocs"] == said
    edit(plan, " [zie](#nergens).", ".", MINI_PHENOMENON)
    preview.apply([phenomenon], [("nl", "phenomena/verkeersveiligheid.md")])
    # The page made again is not said to hold the link it no longer has; the pages still to
    # be made (the print page, the measure's) still hold it.
    now = [shown.message for shown in preview.shown() if shown.where == "nl: mkdocs"]
    assert any("'print.md'" in message for message in now)
    assert not any("'phenomena/verkeersveiligheid.md'" in message for message in now)
    preview.catch_up()
    assert [shown for shown in preview.shown() if "mkdocs" in shown.where] == []


MINI_SETTINGS = (MINI / "nvptool.yaml").read_text(encoding="utf-8")
MINI_THEME = "cycles/demo/themes/1.yaml"
MINI_PHENOMENON = "cycles/demo/phenomena/1.yaml"
MINI_WORDS = "meer controles op snelheid;"


def test_what_the_check_of_anchors_finds_after_the_other_pages_reaches_the_tabs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pages an edit did not make at once are made after the tabs reloaded; the links
    to anchors are checked then, and the tabs and the terminal are told what it found."""
    from nvptool import serve

    plan = make_plan(tmp_path, {"nvptool.yaml": MINI_SETTINGS + "rules:\n  ignore: [TX03]\n"})
    preview = Preview(plan, tmp_path / "work", templates_dir())
    edit(plan, MINI_WORDS, MINI_WORDS[:-1] + " [zie](#nergens).", MINI_PHENOMENON)
    preview.apply([plan / MINI_PHENOMENON], [("nl", "phenomena/verkeersveiligheid.md")])
    assert preview.shown() == ()  # Other pages are still to be made.
    published: list[Any] = []
    said: list[str] = []
    hub = cast(Hub, type("Told", (), {"publish": lambda self, update: published.append(update)})())
    monkeypatch.setattr(serve, "RELOAD_FIRST_SECONDS", 0)
    serve.CatchUp(preview, hub, said.append)._run()
    assert [update.problems for update in published] == [True]
    # mkdocs warned, and the pages show the edit: not "kept as they were".
    assert re.fullmatch(
        r"the other pages made: \d+ warnings? of mkdocs, which 'nvptool build' refuses; "
        "the pages show the edit",
        said[-1],
    )
    assert any(line.startswith("nl: mkdocs: warning ") for line in said)
    assert any("#nergens" in line for line in said)


def test_a_closed_preview_makes_nothing_in_its_working_directory(tmp_path: Path) -> None:
    """The preview's directory is removed when it stops; a browser's request still in a
    thread of the server (the search index makes every page left) wrote into it as it was
    removed, and the command ended with an error."""
    plan = make_plan(tmp_path, {"nvptool.yaml": MINI_SETTINGS})
    work = tmp_path / "work"
    preview = Preview(plan, work, templates_dir())
    edit(plan, "hoeft geen betoog", "hoeft nog geen betoog", MINI_THEME)
    preview.apply([plan / MINI_THEME])  # Pages left to make: the search index would.
    assert any(pages.dirty for pages in preview.languages.values())
    made = tree(work)
    preview.close()
    preview.search("nl")
    assert preview.page("nl", "index.md") is None and preview.not_found("nl") is None
    assert preview.catch_up() == set()
    edit(plan, "hoeft nog geen betoog", "hoeft zeker geen betoog", MINI_THEME)
    assert preview.apply([plan / MINI_THEME]) == Update() and preview.start() == Update()
    assert tree(work) == made


@pytest.mark.parametrize(
    ("errors", "warnings", "said"),
    [
        (0, 0, "ok"),
        (1, 0, "1 error, pages kept as they were"),
        (1, 2, "1 error, pages kept as they were (2 warnings of mkdocs too)"),
        (0, 1, "1 warning of mkdocs, which 'nvptool build' refuses; the pages show the edit"),
    ],
)
def test_the_terminal_says_whether_the_pages_show_the_edit(
    errors: int, warnings: int, said: str
) -> None:
    from nvptool.serve import _summary

    assert _summary(errors, warnings) == said


def test_a_page_mkdocs_refuses_to_make_is_not_said_to_show_the_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nvptool.serve.engine import EngineError, LanguageSite

    plan = make_plan(tmp_path, {"nvptool.yaml": MINI_SETTINGS})
    preview = Preview(plan, tmp_path / "work", templates_dir())

    def refuse(self: LanguageSite, sources: Any) -> dict[str, list[str]]:
        if any(src.endswith(".md") for src in sources):  # Pictures go through.
            raise EngineError("a Markdown extension failed")
        return {}

    monkeypatch.setattr(LanguageSite, "update", refuse)
    edit(plan, "hoeft geen betoog", "hoeft nog geen betoog", MINI_THEME)
    preview.apply([plan / MINI_THEME])
    preview.catch_up()
    refused = [shown for shown in preview.shown() if "mkdocs" in shown.where]
    assert refused and not any(shown.warning for shown in refused)
    assert preview.count() == len(refused) and preview.warnings() == 0
