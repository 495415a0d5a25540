"""The follow-up pages: progress overall, per theme and phenomenon, per measure, and the KIV
and NVS pages' progress, on generated follow-up and on the real plan, which has none yet."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, make_plan
from followupplans import followed_plan, make_hostile, real_followed_plan, with_measures
from pagesafety import Theme, unsafe
from sitecheck import broken_links
from test_site_render import language, rendered, site_of

from nvptool.site import pages as p
from nvptool.site.build import build_site

NOTHING = {
    "nl": "Er is nog geen opvolging gerapporteerd voor 2022, 2023, 2024 en 2025.",
    "fr": "Aucun suivi n’a encore été rapporté pour 2022, 2023, 2024 et 2025.",
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    """The pages of the mini plan with measures and generated follow-up, in both languages:
    2022 and 2023 closed, 2024 open, 2025 not reported."""
    site = site_of(followed_plan(tmp_path_factory.mktemp("followed"), reported=3))
    return {lang: rendered(site, lang) for lang in ("nl", "fr")}


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_without_follow_up_each_page_says_so_and_shows_no_table_or_chart(lang: str) -> None:
    site = site_of(ROOT / "plan")
    files = rendered(site, lang)
    progress = [path for path in files if path.startswith("progress/")]
    assert "progress/index.md" in progress
    assert "progress/themes/internet-technologie.md" in progress
    for path in progress:
        page = files[path]
        assert NOTHING[lang] in page, path
        assert "<table" not in page and "| ---" not in page, path
        assert ".svg" not in page, path
    assert not any(path.startswith("assets/indicators/") for path in files)
    kiv = files["kiv/digitale-veiligheid.md"]
    assert NOTHING[lang] in kiv and "<table" not in kiv.split("{#progress}")[1]


def test_a_plan_without_anything_to_follow_has_no_follow_up_pages(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    theme = plan / "cycles" / "demo" / "themes" / "1.yaml"
    data = yaml.safe_load(theme.read_text(encoding="utf-8"))
    data["objectives"] = []
    theme.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    phenomenon = plan / "cycles" / "demo" / "phenomena" / "1.yaml"
    data = yaml.safe_load(phenomenon.read_text(encoding="utf-8"))
    data["sections"] = [s for s in data["sections"] if s.get("kind") != "approach"]
    phenomenon.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    files = rendered(site_of(plan), "nl")
    assert not any(path.startswith("progress/") for path in files)
    assert "{#progress}" not in files["kiv/digitale-veiligheid.md"]


def test_measures_without_follow_up_are_listed_with_their_pages(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    with_measures(plan)
    files = rendered(site_of(plan), "nl")
    theme = files["progress/themes/internet.md"]
    assert NOTHING["nl"] in theme
    assert "- 2.2.1.2.1 [Een meldpunt voor online fraude oprichten.](../../" in theme
    assert "../../progress/measures/internet-sd2-m1.md" in theme
    measure = files["progress/measures/internet-sd2-m1.md"]
    assert "# Maatregel 2.2.1.2.1" in measure
    assert "Een meldpunt voor online fraude oprichten." in measure
    assert NOTHING["nl"] in measure


def test_the_overall_page_counts_each_reported_year(pages: dict[str, dict[str, str]]) -> None:
    page = pages["nl"]["progress/index.md"]
    assert "Nog geen opvolging gerapporteerd voor 2025." in page
    # Measures, and an objective without measures: counted apart ("9 measures" it said).
    assert "8 opgevolgde maatregelen en 1 opgevolgde doelstelling zonder maatregelen" in page
    header = next(
        line for line in page.splitlines() if line.startswith('<thead><tr><th scope="col">Stand')
    )
    years = re.findall(
        r'<th scope="col" align="right">(\d{4})(<br>[^<]*<span[^>]*>[^<]*</span>)?', header
    )
    assert [(y, bool(open_)) for y, open_ in years] == [
        ("2022", False),
        ("2023", False),
        ("2024", True),
    ]
    assert '<span class="nvp-reporting" title="rapportering loopt">(voorlopig)</span>' in header
    rows = re.findall(
        r'<tr><th scope="row"><span class="nvp-status[^"]*">[^<]*</span></th>(.*)</tr>', page
    )
    totals = [
        sum(int(n) for n in column)
        for column in zip(*(re.findall(r">(\d+)<", row) for row in rows), strict=True)
    ]
    assert totals == [9, 9, 9]
    assert (
        "- [2.2.1 Internet](../progress/themes/internet.md): 5 opgevolgde maatregelen en 1 "
        "opgevolgde doelstelling zonder maatregelen"
    ) in page


def test_a_topic_page_has_a_status_table_per_objective(pages: dict[str, dict[str, str]]) -> None:
    page = pages["nl"]["progress/themes/internet.md"]
    assert page.count('<table class="nvp-progress">') == 3
    for heading in ("Beeldvorming", "Aanpak van online fraude", "Internationale samenwerking"):
        assert re.search(rf"^## Strategische doelstelling \d: {heading} ", page, re.M), heading
    row = next(line for line in page.splitlines() if ">2.2.1.2.1<" in line)
    assert row.count('class="nvp-status-cell"') == 3  # 2022, 2023, 2024; 2025 is not reported.
    assert '<a href="../measures/internet-sd2-m1.html">Een meldpunt' in row
    assert re.search(
        r'Verantwoordelijke: <a href="../../glossary.html#(fgp|dgr|vast-comite-i)" ', row
    )


@pytest.mark.parametrize(
    ("lang", "provisional", "number"),
    [("nl", "(voorlopig)", r"\d+,\d\xa0%"), ("fr", "(provisoire)", r"\d+,\d\xa0%")],
)
def test_indicators_show_baseline_targets_and_values_in_the_language(
    pages: dict[str, dict[str, str]], lang: str, provisional: str, number: str
) -> None:
    files = pages[lang]
    page = files["progress/themes/internet.md"]
    assert "![Aande" in page or "![Part" in page
    assert "../../assets/indicators/internet-indicator-2.svg" in page
    assert provisional in page
    chart = files["assets/indicators/internet-indicator-2.svg"]
    assert "font-size:13px" in chart  # Every text of the chart at 13 px.
    assert chart.count('class="bar provisional"') == 2  # The 2024 bar and its legend key.
    assert chart.count('<line class="target"') == 5  # Four yearly targets and the legend's.
    assert re.search(rf">{number}&#42;<", chart), "a provisional value is starred"
    assert 'class="base"' in chart
    heads = re.findall(r'<text class="head"[^>]*>([^<]*)<', chart)
    assert all(len(line) * 8.2 <= 320 for line in heads), heads  # Titles that fit.


def test_a_measure_page_tells_its_history(pages: dict[str, dict[str, str]]) -> None:
    page = pages["nl"]["progress/measures/internet-sd2-m1.md"]
    assert "# Maatregel 2.2.1.2.1" in page
    assert re.findall(r"^### (20\d\d): ", page, re.M) == ["2022", "2023", "2024"]
    assert "Nog geen opvolging gerapporteerd voor 2025." in page
    assert "Verantwoordelijke:" in page
    assert "](../../progress/themes/internet.md#internet-indicator-2)" in page
    fr = pages["fr"]["progress/measures/internet-sd2-m1.md"]
    assert "# Mesure 2.2.1.2.1" in fr and "Responsable" in fr


def test_dimension_pages_show_the_progress_of_what_serves_them(
    pages: dict[str, dict[str, str]],
) -> None:
    kiv = pages["nl"]["kiv/digitale-veiligheid.md"]
    progress = kiv.split("## Opvolging {#progress}")[1]
    assert "5 opgevolgde maatregelen en 1 opgevolgde doelstelling" in progress  # Only 2.2.1.
    assert (
        '<th scope="col" align="right">2024<br><span class="nvp-reporting" '
        'title="rapportering loopt">(voorlopig)</span></th>' in progress
    )
    assert "[2.2.1 Internet](../progress/themes/internet.md)" in progress
    assert "Verkeersveiligheid" not in progress


def test_the_menu_has_a_follow_up_section_without_the_measures(tmp_path: Path) -> None:
    site = site_of(followed_plan(tmp_path))
    for lang, group in (("nl", "Opvolging"), ("fr", "Suivi")):
        nav = p.navigation(p.site_pages(site, language(lang)))
        section = next(item for item in nav if item.get("title") == group)
        paths = [child["path"] for child in section["children"]]  # type: ignore[union-attr]
        assert paths == [
            "progress/index.md",
            "progress/themes/internet.md",
            "progress/phenomena/verkeersveiligheid.md",
        ]


def test_the_built_site_links_hold_and_hostile_notes_stay_words(tmp_path: Path) -> None:
    plan = followed_plan(tmp_path, reported=3)
    harmless = tmp_path / "harmless"
    build_site(plan, harmless)
    theme = Theme.of(harmless)
    measure = make_hostile(plan, 2023)
    out = tmp_path / "site"
    build_site(plan, out)
    assert broken_links(out) == []
    for lang in ("nl", "fr"):
        html = (out / lang / "progress" / "measures" / f"{measure}.html").read_text("utf-8")
        assert unsafe(html, theme) == []
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<img src=" not in html and "javascript:" not in html.split("nvp-unlinked")[0]
        links = re.findall(
            r'<a href="(https?://[^"]*)"([^>]*)>', html.split('class="nvp-evidence"')[1]
        )
        assert links == [("https://example.org/ok", ' rel="noopener"')]
        assert 'nvp-unlinked">http://example.org/plain</span>' in html
        assert "<script>alert" not in html and "onerror" not in html.replace("onerror=alert", "")
        assert "<h1" not in html.split("</h1>", 1)[1]  # The note's "# kop" is no heading.


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> tuple[p.SiteData, dict[str, str]]:
    """A copy of the real plan, its 98 measures followed by generated data."""
    site = site_of(real_followed_plan(tmp_path_factory.mktemp("real"), reported=2))
    return site, rendered(site, "nl")


def test_the_real_plan_with_generated_follow_up(real: tuple[p.SiteData, dict[str, str]]) -> None:
    site, files = real
    state = site.progress
    measures = [item for item in state.followed if item.node.kind == "measure"]
    assert len(measures) == 98
    pages = [path for path in files if path.startswith("progress/measures/")]
    assert len(pages) == 98
    overview = files["progress/index.md"]
    objectives = len(state.followed) - 98
    assert f"98 opgevolgde maatregelen en {objectives} opgevolgde doelstellingen" in overview
    assert "Nog geen opvolging gerapporteerd voor 2024 en 2025." in overview
    drugs = files["progress/phenomena/drugs.md"]
    assert "## Politieaanpak" in drugs or "<table" in drugs
    assert drugs.count('<th scope="row" class="nvp-progress-number">2.3.3.') == 18
    measure = files["progress/measures/drugs-m3.md"]
    assert '<span class="nvp-measure-number"><code' in measure and ">2.3.3.3</code>" in measure
    assert "../../phenomena/drugs.html#drugs-m3" in measure  # Its place on the plan's page.
    assert re.findall(r"^### (20\d\d): ", measure, re.M) == ["2022", "2023"]


def test_an_objective_followed_itself_has_a_page_of_its_notes_and_evidence(
    pages: dict[str, dict[str, str]],
) -> None:
    """An objective without measures is followed itself: its owner, notes and evidence
    reached only the evaluation report; the site showed its statuses and nothing more."""
    page = pages["nl"]["progress/objectives/internet-sd3.md"]
    assert page.startswith("# Doelstelling 2.2.1.3\n")
    assert '<a href="../../themes/internet.html#internet-sd3">2.2.1 Internet › 2.2.1.3</a>' in page
    assert "**Internationale samenwerking**" in page
    assert "https://example.org/nvp/internet-sd3/2022" in page
    assert "Verantwoordelijke:" in page
    topic = pages["nl"]["progress/themes/internet.md"]
    assert "../objectives/internet-sd3.html" in topic
    french = pages["fr"]["progress/objectives/internet-sd3.md"]
    assert french.startswith("# Objectif 2.2.1.3\n")
