"""Building the sites: links, offline use, determinism, atomicity, hostile content."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI, ROOT, WARNINGS_ONLY, make_plan
from sitecheck import broken_links, external_resources, server_only_links

from nvptool.load.plan import load_plan
from nvptool.measures import measure_number
from nvptool.site.build import BuildError, build_site
from nvptool.site.publish import MARKER


def tree_digest(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built") / "site"
    build_site(MINI, out)
    return out


def test_both_languages_are_built(built: Path) -> None:
    for lang in ("nl", "fr"):
        assert (built / lang / "index.html").is_file()
        assert (built / lang / "phenomena" / "verkeersveiligheid.html").is_file()
        assert (built / lang / "search" / "search_index.json").is_file()
    assert "url=nl/index.html" in (built / "index.html").read_text(encoding="utf-8")


def test_search_finds_each_text_on_its_own_page_only(built: Path) -> None:
    """The print page repeats every text; searching it would show each hit twice."""
    for lang in ("nl", "fr"):
        index = json.loads((built / lang / "search" / "search_index.json").read_text("utf-8"))
        pages = {entry["location"].split("#")[0] for entry in index["docs"]}
        assert "phenomena/verkeersveiligheid.html" in pages
        assert "print.html" not in pages
    assert (built / "nl" / "print.html").is_file()


def test_interface_is_in_the_page_language(built: Path) -> None:
    nl = (built / "nl" / "kiv.html").read_text(encoding="utf-8")
    fr = (built / "fr" / "kiv.html").read_text(encoding="utf-8")
    assert '<html lang="nl"' in nl and "KIV-matrix" in nl
    assert '<html lang="fr"' in fr and "Matrice NCSI" in fr
    # The theme's own Dutch names its landmarks in English; the interface's words instead.
    assert 'aria-label="Paginakop"' in nl and 'aria-label="Paginavoet"' in nl
    assert 'aria-label="Header"' not in nl and 'aria-label="Footer"' not in nl
    assert 'aria-label="En-tête"' in fr and 'aria-label="Pied de page"' in fr


def test_language_switch_points_at_the_same_page(built: Path) -> None:
    page = (built / "nl" / "phenomena" / "verkeersveiligheid.html").read_text("utf-8")
    assert 'href="../../fr/phenomena/verkeersveiligheid.html"' in page


def test_a_title_s_special_characters_are_escaped_once_on_every_page(tmp_path: Path) -> None:
    """In the matrices, the glossary's links, the print contents and the footer's labels
    the title was escaped twice: readers saw "Verkeer &amp; veiligheid"."""
    plan = make_plan(tmp_path)
    path = plan / "cycles" / "demo" / "phenomena" / "1.yaml"
    text = path.read_text("utf-8").replace("nl: Verkeersveiligheid", "nl: Verkeer & veiligheid", 1)
    path.write_text(text, "utf-8")
    out = tmp_path / "site"
    build_site(plan, out)
    pages = {p: p.read_text("utf-8") for p in (out / "nl").rglob("*.html")}
    twice = sorted(str(p.relative_to(out)) for p, html in pages.items() if "&amp;amp;" in html)
    assert twice == []
    once = [p.name for p, html in pages.items() if "Verkeer &amp; veiligheid" in html]
    assert {"kiv.html", "print.html", "verkeersveiligheid.html"} <= set(once)


def test_no_broken_internal_link_or_anchor(built: Path) -> None:
    assert broken_links(built) == []
    assert server_only_links(built) == []  # Every link works from the file system too.


def test_nothing_is_fetched_from_another_host(built: Path) -> None:
    assert external_resources(built) == []
    for page in built.rglob("*.html"):
        assert "fonts.googleapis" not in page.read_text(encoding="utf-8")


def test_glossary_abbreviations_expand_on_hover(built: Path) -> None:
    page = (built / "nl" / "chapters" / "hoofdstuk-1.html").read_text("utf-8")
    assert '<abbr title="Wet op de geïntegreerde politie">WGP</abbr>' in page


def test_builds_are_deterministic(tmp_path: Path, built: Path) -> None:
    again = tmp_path / "site"
    build_site(MINI, again)
    assert tree_digest(again) == tree_digest(built)


def test_a_failing_build_leaves_the_previous_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(MINI, out)
    before = tree_digest(out)
    broken = make_plan(tmp_path, {"reference/bad.yaml": "kind: glossary\nterms: [\n"})
    with pytest.raises(BuildError, match=r"^the plan has 1 error and 0 warnings; run"):
        build_site(broken, out)
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan", "site"]  # No leftovers.


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failing_check_is_told_before_what_the_pages_could_not_be_made_of(
    tmp_path: Path, jobs: int
) -> None:
    """The check runs beside the reading of what the pages need (with two jobs): a plan
    with errors is told as such, even when that reading fails too (here, no such cycle)."""
    broken = make_plan(tmp_path, {"reference/bad.yaml": "kind: glossary\nterms: [\n"})
    out = tmp_path / "site"
    with pytest.raises(BuildError, match=r"^the plan has 1 error and 0 warnings; run"):
        build_site(broken, out, cycle_id="no-such-cycle", jobs=jobs)
    with pytest.raises(BuildError, match=r"no-such-cycle"):
        build_site(MINI, out, cycle_id="no-such-cycle", jobs=jobs)
    assert not out.exists()


def test_refuses_to_replace_a_directory_it_did_not_build(tmp_path: Path) -> None:
    out = tmp_path / "precious"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    with pytest.raises(BuildError, match="did not build"):
        build_site(MINI, out)
    assert (out / "notes.txt").read_text() == "keep me"


def test_strict_refuses_warnings(tmp_path: Path) -> None:
    plan = make_plan(tmp_path, WARNINGS_ONLY)
    build_site(plan, tmp_path / "site")
    with pytest.raises(BuildError, match="--strict"):
        build_site(plan, tmp_path / "site", strict=True)


def test_hostile_text_is_shown_not_run(tmp_path: Path) -> None:
    hostile = (
        'kind: chapter\nid: hoofdstuk-2\nnumber: "2"\nbody:\n  nl: |-\n'
        "    Gevaarlijk: <script>alert('nvp')</script> en <img src=x onerror=alert(1)>.\n\n"
        "    [Klik hier](javascript:alert(1))\n"
    )
    plan = make_plan(
        tmp_path,
        {
            "cycles/demo/chapters/2.yaml": hostile,
            # The check would refuse the plan (TX03); the renderer must hold on its own.
            "nvptool.yaml": "kind: config\nrules:\n  ignore: [TX03]\n",
        },
    )
    out = tmp_path / "site"
    build_site(plan, out)
    page = (out / "nl" / "chapters" / "hoofdstuk-2.html").read_text("utf-8")
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "javascript:" not in page
    assert "&lt;script&gt;alert" in page or "&lt;script>alert" in page


def test_marker_file_identifies_the_site(built: Path) -> None:
    assert (built / MARKER).is_file()


def test_a_relative_output_directory_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    build_site(MINI, Path("site"))
    assert (tmp_path / "site" / "nl" / "index.html").is_file()
    assert (tmp_path / "site" / "fr" / "kiv.html").is_file()


def test_the_real_plan_builds_with_sound_links(real_site: Path) -> None:
    out = real_site
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["fr", "nl"]
    assert (out / "nl" / "since.html").is_file()
    # An unknown address is answered in the site's language, not the theme's English.
    for lang, words in (
        ("nl", "<h1>Pagina niet gevonden</h1>"),
        ("fr", "<h1>Page introuvable</h1>"),
    ):
        page = (out / lang / "404.html").read_text("utf-8")
        assert words in page and "Not found" not in page
        # Served at any address, its links start at the server's root, in its language's folder.
        links = re.findall(r'(?:href|src)="(/[^"#?]*)', page)
        assert len(links) > 20
        for link in links:
            target = out / link.lstrip("/")
            assert target.is_file() or (target / "index.html").is_file(), (lang, link)
    assert broken_links(out) == []
    assert server_only_links(out) == []
    assert external_resources(out) == []
    chart = (out / "nl" / "assets" / "charts" / "verkeersveiligheid-doden.svg").read_text("utf-8")
    assert ">646<" in chart and ">499<" in chart
    page = (out / "nl" / "phenomena" / "verkeersveiligheid.html").read_text("utf-8")
    assert "assets/charts/verkeersveiligheid-doden.svg" in page
    # The changes since the previous cycle, in each language.
    changes = (out / "fr" / "changes.html").read_text("utf-8")
    assert "Modifications depuis le plan précédent" in changes
    assert "phenomena/hacking-internetoplichting.html" in changes
    assert "scindé en" in changes
    assert "<th>Type de modification</th>" in changes  # The summary table says what it counts.
    # Every measure at the anchor of its id, after its number, once on its page and in print.
    plan = load_plan(ROOT / "plan").plan
    measures = [m for m in plan.of_kind("measure") if m.scope == "nvp-2022-2025"]
    for lang in ("nl", "fr"):
        pages = {path.name: path.read_text("utf-8") for path in (out / lang).glob("*/*.html")}
        shown = "".join(pages.values())
        printed = (out / lang / "print.html").read_text("utf-8")
        for measure in measures:
            anchor = f'<div class="nvp-measure" id="{measure.id}">'
            assert shown.count(anchor) == 1 and printed.count(anchor) == 1, measure.id
            assert f">{measure_number(plan, measure)}</code>" in shown, measure.id
    theme = (out / "nl" / "themes" / "georganiseerde-criminaliteit.html").read_text("utf-8")
    lead = theme.index("<p>Hiertoe zal onder meer:</p>")
    assert theme.index('id="georganiseerde-criminaliteit-sd1-m5"') < lead
    assert lead < theme.index('id="georganiseerde-criminaliteit-sd1-m6"')
    closing = theme.index("<p>Deze doelstelling draagt bij tot")
    assert theme.index('id="georganiseerde-criminaliteit-sd1-m9"') < closing
    assert closing < theme.index('id="georganiseerde-criminaliteit-sd2"')


def test_a_third_language_is_configuration(tmp_path: Path) -> None:
    """German: one line in nvptool.yaml and one file of interface texts; no code."""
    import shutil

    from nvptool import templates_dir

    templates = tmp_path / "templates"
    shutil.copytree(templates_dir(), templates)
    german = (templates / "i18n" / "nl.yaml").read_text(encoding="utf-8")
    german = german.replace("language_name: Nederlands", "language_name: Deutsch")
    (templates / "i18n" / "de.yaml").write_text(german, encoding="utf-8")
    plan = make_plan(tmp_path, {"nvptool.yaml": "kind: config\nlanguages: [nl, fr, de]\n"})
    out = tmp_path / "site"
    build_site(plan, out, templates=templates)
    page = (out / "de" / "phenomena" / "verkeersveiligheid.html").read_text("utf-8")
    assert '<html lang="de"' in page
    assert "nvp-tr-missing" in page  # No German text yet: the Dutch, with a notice.
    assert 'href="../../de/phenomena/verkeersveiligheid.html"' in (
        out / "fr" / "phenomena" / "verkeersveiligheid.html"
    ).read_text("utf-8")


def test_a_language_without_interface_texts_is_refused_before_anything_is_written(
    tmp_path: Path,
) -> None:
    plan = make_plan(tmp_path, {"nvptool.yaml": "kind: config\nlanguages: [nl, fr, de]\n"})
    out = tmp_path / "site"
    with pytest.raises(BuildError, match=r"publishes de, but .* has no de.yaml"):
        build_site(plan, out)
    assert not out.exists()


def test_search_folds_accents_below_exact_matches(built: Path) -> None:
    from nvptool.site.search import fold, folded_words

    assert fold("cocaïne Économie cœur") == "cocaine Economie coeur"
    folded = folded_words("<p>De cocaïne en <b>héroïne</b>, cocaïne.</p>")
    assert folded == "cocaine heroine cocaine"
    known: dict[str, str] = {}  # What the words of an index folded to, each folded once.
    assert folded_words("<p>cocaïne, Politie et héroïne</p>", known) == "cocaine heroine"
    assert known == {"cocaïne": "cocaine", "héroïne": "heroine"}
    assert folded_words("héroïne café", known) == "heroine cafe"
    for lang in ("nl", "fr"):
        index = json.loads((built / lang / "search" / "search_index.json").read_text("utf-8"))
        fields = index["config"]["fields"]
        assert fields["folded"]["boost"] < fields["text"]["boost"]
        offline = (built / lang / "search" / "search_index.js").read_text("utf-8")
        assert offline.startswith("var __index = ") and '"folded"' in offline


def test_pages_in_memory_come_in_the_order_of_a_docs_folder(tmp_path: Path) -> None:
    """mkdocs builds the pages in the order its walk of a docs folder finds them (the search
    index follows it): the pages handed over in memory keep that order."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files, get_files

    from nvptool.site.generated import add_to

    paths = [
        *("z.md", "index.md", "a.md", "a/README.md", "a/b.md", "a/b/c.md"),
        *("ab/x.md", "a-b/y.md", "assets/charts/k.svg", "assets/nvp.css", "B/index.md", "_.md"),
    ]
    docs = tmp_path / "docs"
    for path in paths:
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(path, encoding="utf-8")

    def config(docs: Path) -> Any:
        (tmp_path / "mkdocs.yml").write_text(f"site_name: x\ndocs_dir: {docs}\n", encoding="utf-8")
        return load_config(config_file=str(tmp_path / "mkdocs.yml"))

    walked = [f.src_uri for f in get_files(config(docs))]
    empty = tmp_path / "empty"
    empty.mkdir()
    handing = config(empty)
    add_to(handing, {path: path for path in reversed(paths)})
    handed = handing.plugins.on_files(Files([]), config=handing)
    assert [f.src_uri for f in handed] == walked
    assert [f.content_string for f in handed] == walked
    # A theme's file of the same path gives way, as it does to a docs folder's.
    themed = tmp_path / "theme"
    (themed / "assets").mkdir(parents=True)
    (themed / "assets" / "nvp.css").write_text("theme", encoding="utf-8")
    (themed / "assets" / "theme.css").write_text("theme", encoding="utf-8")
    theme_files = Files(
        [
            File(p, str(themed), str(tmp_path / "site"), False)
            for p in ("assets/nvp.css", "assets/theme.css")
        ]
    )
    handed = handing.plugins.on_files(theme_files, config=handing)
    assert [f.src_uri for f in handed] == [*walked, "assets/theme.css"]
    assert (
        next(f for f in handed if f.src_uri == "assets/nvp.css").content_string == "assets/nvp.css"
    )


def test_the_site_s_root_has_a_page_for_unknown_addresses(built: Path) -> None:
    """Most hosts show only /404.html, for an address of any language: it says so in every
    language (a French reader met Dutch only), whole in itself, with each one's home."""
    root = (built / "404.html").read_text("utf-8")
    assert '<section lang="nl">\n<h1>Pagina niet gevonden</h1>' in root
    assert '<section lang="fr">\n<h1>Page introuvable</h1>' in root
    assert '<a href="/fr/index.html" hreflang="fr">' in root
    assert not re.search(r"<link|<script|src=", root)  # Nothing to fetch, from any folder.
    index = (built / "index.html").read_text("utf-8")
    assert '<a href="fr/index.html" hreflang="fr">' in index
    assert '<noscript><meta http-equiv="refresh" content="0; url=nl/index.html"></noscript>' in (
        index
    )


def test_the_languages_link_to_each_other_from_any_folder(built: Path) -> None:
    """Without the site's address, the head's links to the other languages are relative:
    right at a domain's root and in a project's folder (GitLab and GitHub Pages)."""
    page = (built / "fr" / "kiv" / "digitale-veiligheid.html").read_text("utf-8")
    assert '<link rel="alternate" href="../../nl/" hreflang="nl">' in page
    assert '<link rel="canonical"' not in page


def test_a_site_with_its_address_names_it_where_addresses_must_be_full(
    tmp_path: Path,
) -> None:
    """With site_url (or --site-url, which wins), the page of an unknown address, served
    at any depth, leads into the site's folder; the head and the sitemap name the pages."""
    plan = make_plan(tmp_path, {"nvptool.yaml": "kind: config\nsite_url: https://a.org/x/\n"})
    out = tmp_path / "site"
    build_site(plan, out, site_url="https://example.org/plan")
    not_found = (out / "nl" / "404.html").read_text("utf-8")
    links = re.findall(r'(?:href|src)="([^"#?]*)"', not_found)
    assert len(links) > 20
    assert all(link.startswith(("/plan/nl/", "https://example.org/plan/")) for link in links)
    assert '<a href="/plan/fr/index.html" hreflang="fr">' in (out / "404.html").read_text("utf-8")
    page = (out / "fr" / "kiv.html").read_text("utf-8")
    assert '<link rel="canonical" href="https://example.org/plan/fr/kiv.html">' in page
    assert '<link rel="alternate" href="https://example.org/plan/nl/" hreflang="nl">' in page
    sitemap = (out / "fr" / "sitemap.xml").read_text("utf-8")
    assert "<loc>https://example.org/plan/fr/kiv.html</loc>" in sitemap
    assert "a.org" not in page + sitemap


def test_each_matrix_has_a_title_of_its_own(built: Path) -> None:
    for lang, kiv, nvs in (
        ("nl", "KIV-matrix", "NVS-matrix"),
        ("fr", "Matrice NCSI", "Matrice SSN"),
    ):
        for name, title in (("kiv", kiv), ("nvs", nvs)):
            page = (built / lang / f"{name}.html").read_text("utf-8")
            assert f"<title>{title} - " in page, (lang, name)


def test_a_follow_up_page_is_titled_apart_from_its_plan_page(built: Path) -> None:
    """Tabs, history and bookmarks told "2.3.1 Verkeersveiligheid" twice: the plan's page and
    its follow-up."""
    for lang, words in (("nl", "Opvolging: "), ("fr", "Suivi\u00a0: ")):
        plan = (built / lang / "phenomena" / "verkeersveiligheid.html").read_text("utf-8")
        progress = built / lang / "progress" / "phenomena" / "verkeersveiligheid.html"
        title = re.search(r"<title>(.*?) - ", plan)
        assert title is not None
        assert f"<title>{words}{title.group(1)} - " in progress.read_text("utf-8"), lang


def test_the_print_page_has_each_topic_s_figures_and_charts(real_site: Path) -> None:
    """The printed plan had the texts and not one number table or chart: a reviewer checking
    the figures on paper found none."""
    page = (real_site / "nl" / "print.html").read_text("utf-8")
    assert 'id="verkeersveiligheid-cijfers"' in page
    assert "assets/charts/verkeersveiligheid-doden.svg" in page
    assert page.count('class="nvp-chart"') == 8  # The plan's eight series.
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))  # One "cijfers" anchor a topic, not one for the page.


def test_the_glossary_has_an_index_of_its_initial_letters(real_site: Path) -> None:
    """Some two hundred terms, 44,000 px on a phone, and no way to jump: each initial letter
    leads to its first term."""
    page = (real_site / "fr" / "glossary.html").read_text("utf-8")
    index = re.search(r'<nav class="nvp-letters" aria-label="Initiales"[^>]*>(.*?)</nav>', page)
    assert index is not None
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', index.group(1))
    letters = [letter for _, letter in links]
    assert letters[:3] == ["A", "B", "C"] and letters == sorted(letters)
    assert all(f'<h2 id="{target}"' in page for target, _ in links)


def test_search_finds_each_glossary_term_as_a_section_of_its_own(built: Path) -> None:
    """A hit on a term lands on the term, with its words, not at the top of a long page."""
    for lang, term in (("nl", "WGP"), ("fr", "LPI")):
        index = json.loads((built / lang / "search" / "search_index.json").read_text("utf-8"))
        found = [d for d in index["docs"] if d["location"] == "glossary.html#wgp"]
        assert len(found) == 1, lang
        assert found[0]["title"].startswith(term)
        assert re.search(r"\)(Gebruikt|Employé)", found[0]["text"]) is None  # Words kept apart.


def test_a_next_cycle_in_draft_does_not_replace_the_plan_in_force(tmp_path: Path) -> None:
    """Once `cycle new` had made the next cycle, the site showed the draft, and the plan
    in force and its follow-up were gone from it."""
    from conftest import run_nvptool

    plan = make_plan(tmp_path)
    made = run_nvptool("cycle", "new", "next-2026-2029", "--from", "demo", "--plan", plan)
    assert made.returncode == 0, made.stderr
    build_site(plan, tmp_path / "site")
    home = (tmp_path / "site" / "nl" / "index.html").read_text("utf-8")
    assert "2022–2025" in home and "2026–2029" not in home
    build_site(plan, tmp_path / "draft", cycle_id="next-2026-2029")  # Asked for by name.
    draft = (tmp_path / "draft" / "nl" / "index.html").read_text("utf-8")
    assert "2026–2029" in draft
