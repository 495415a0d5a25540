"""Rendering: plan text made safe, translation state marked, pages as golden snapshots.

Golden pages live in tests/golden/site/<lang>/; they change only when the tests
run with --update-golden.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import markupsafe
import pytest
from conftest import MINI, ROOT, TESTS

from nvptool import templates_dir
from nvptool.load.plan import load_plan
from nvptool.model.text import Text, fingerprint
from nvptool.site import pages as p
from nvptool.site.build import render_language
from nvptool.site.language import Language, load_language
from nvptool.site.markup import inline, safe_markdown
from nvptool.site.render import Words, environment
from nvptool.site.safety import render_html

GOLDEN = TESTS / "golden" / "site"
GOLDEN_PAGES = (
    *("index.md", "themes/internet.md", "phenomena/verkeersveiligheid.md"),
    *("chapters/hoofdstuk-1.md", "kiv.md", "kiv/digitale-veiligheid.md"),
    *("glossary.md", "legal.md", "figures.md"),
)


def site_of(plan_dir: Path) -> p.SiteData:
    plan = load_plan(plan_dir).plan
    cycle = p.latest_cycle(plan)
    assert cycle is not None
    return p.site_data(plan, cycle)


@pytest.fixture(scope="module")
def mini_site() -> p.SiteData:
    return site_of(MINI)


def language(lang: str) -> Language:
    return load_language(templates_dir(), lang, "nl")


def renderer(site: p.SiteData, lang: str) -> Words:
    return Words(site, "index.md", language(lang))


def rendered(site: p.SiteData, lang: str) -> dict[str, str]:
    """Every page and picture of the site in one language, as the build renders them."""
    pages = p.site_pages(site, language(lang))
    return render_language(site, language(lang), pages, environment(templates_dir()))


@pytest.mark.parametrize(
    ("hostile", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ('<img src=x onerror="alert(1)">', "<img"),
        ("[klik](javascript:alert(document.cookie))", "javascript:"),
        ("[klik]( JaVaScRiPt:alert(1))", "JaVaScRiPt:"),
        ("[x]: data:text/html;base64,PHNjcmlwdD4=\n\n[x]", "data:text"),
        ("<iframe src='https://evil.example'></iframe>", "<iframe"),
        ("<!-- <script> -->", "<!--"),
    ],
)
def test_hostile_markup_never_reaches_the_page(hostile: str, forbidden: str) -> None:
    page = render_html(safe_markdown(f"Tekst.\n\n{hostile}\n\nEinde.", {}))
    assert forbidden.lower() not in page.lower()


def test_autolinks_and_ampersands_survive() -> None:
    out = safe_markdown("Zie <https://www.besafe.be/nl> & co.", {})
    assert out == "Zie <https://www.besafe.be/nl> &amp; co."


def test_footnote_references_carry_the_plan_numbers() -> None:
    out = safe_markdown("de deelstaten[^fn-1] en[^fn-unknown]", {"fn-1": 1})
    assert out == (
        'de deelstaten<sup class="nvp-fnref" id="fnref-1"><a href="#fn-1">1</a></sup> en'
    )


def test_inline_text_is_one_escaped_line() -> None:
    assert inline("Titel |\n<b>vet</b>[^fn-2]") == "Titel \\| &lt;b>vet&lt;/b>"


def test_translation_state_is_marked(mini_site: p.SiteData) -> None:
    r = renderer(mini_site, "fr")
    source = "Het belang van internet."
    fresh = Text(
        {
            "nl": source,
            "fr": {"text": "L'importance", "state": "machine", "source": fingerprint(source)},
        }
    )
    stale = Text(
        {
            "nl": source,
            "fr": {"text": "L'importance", "state": "reviewed", "source": "000000000000"},
        }
    )
    reviewed = Text(
        {
            "nl": source,
            "fr": {"text": "L'importance", "state": "reviewed", "source": fingerprint(source)},
        }
    )
    missing = Text({"nl": source})
    assert 'class="nvp-tr nvp-tr-machine"' in r.block(fresh)
    assert 'class="nvp-tr nvp-tr-stale"' in r.block(stale)
    assert r.block(reviewed) == "L'importance"
    marked = r.block(missing)
    assert 'class="nvp-tr nvp-tr-missing"' in marked
    assert 'lang="nl"' in marked
    assert source in marked  # Missing French falls back to the Dutch text, with a notice.
    assert "nvp-tr-flag nvp-tr-missing" in r.title(missing)
    assert renderer(mini_site, "nl").block(missing) == source


def test_pages_have_the_same_paths_in_every_language(mini_site: p.SiteData) -> None:
    nl = rendered(mini_site, "nl")
    fr = rendered(mini_site, "fr")
    assert sorted(nl) == sorted(fr)
    assert "assets/structure.svg" in nl
    assert "assets/charts/verkeersdoden.svg" not in nl  # One value is no series.


def test_series_of_figures_become_charts(tmp_path: Path) -> None:
    from conftest import make_plan

    plan = make_plan(tmp_path)
    path = plan / "cycles" / "demo" / "phenomena" / "1.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "nl: In 2019 stierven 646 personen op de Belgische wegen.",
        "nl: In 2019 stierven 646 personen op de Belgische wegen, in 2020 nog 499.",
    )
    text = text.replace(
        "        quote: In 2019 stierven 646 personen\n",
        "        quote: In 2019 stierven 646 personen\n"
        "      - id: verkeersdoden-2020\n        label:\n          nl: Verkeersdoden\n"
        '        value: 499\n        unit:\n          nl: personen\n        period: "2020"\n'
        "        series: verkeersdoden\n        quote: in 2020 nog 499\n",
    )
    path.write_text(text, encoding="utf-8")
    site = site_of(plan)
    files = rendered(site, "nl")
    chart = files["assets/charts/verkeersdoden.svg"]
    assert chart.count('<rect class="bar"') == 2
    assert ">646<" in chart and ">499<" in chart
    assert "assets/charts/verkeersdoden.svg" in files["phenomena/verkeersveiligheid.md"]


def test_the_templates_leave_a_label_s_colon_to_the_language() -> None:
    """French sets a no-break space before it, Dutch none: it is an interface text."""
    for template in sorted(templates_dir().glob("*.j2")):
        source = re.sub(r"\{##.*?##\}|\{#.*?#\}", "", template.read_text("utf-8"), flags=re.S)
        after_a_label = re.findall(r"(?:\}\}|\*|\)|%\}):(?:\s|\*|<|$)", source, flags=re.M)
        assert after_a_label == [] or template.name == "mkdocs.yml.j2", template.name


@pytest.mark.parametrize("lang", ["nl", "fr"])
@pytest.mark.parametrize("page", GOLDEN_PAGES)
def test_golden_pages(mini_site: p.SiteData, lang: str, page: str, update_golden: bool) -> None:
    files = rendered(mini_site, lang)
    golden = GOLDEN / lang / page
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(files[page], encoding="utf-8")
    assert golden.is_file(), f"no golden file {golden}; run pytest --update-golden"
    assert files[page] == golden.read_text(encoding="utf-8")


@functools.cache
def real_site() -> p.SiteData:
    return site_of(ROOT / "plan")


@functools.cache
def real_pages(lang: str) -> dict[str, str]:
    """The real plan's pages in one language, rendered once for every test that reads them."""
    return rendered(real_site(), lang)


def test_the_legal_register_says_where_each_citation_stands() -> None:
    legal = real_pages("nl")["legal.md"]
    # The instrument's number is its own paragraph, not glued to the list's heading.
    assert "COL 01/2015\n\nVermeld in:" in legal
    # Each link names the topic and the sections to the citation, or its footnote.
    assert (
        "[2.3.2 Intrafamiliaal en seksueel geweld › Huidige situatie en evolutie"
        " › Intrafamiliaal geweld]" in legal
    )
    assert (
        "[Hoofdstuk 3: Middelen en randvoorwaarden › Voetnoot 53](chapters/hoofdstuk-3.md#fn-53)"
        in legal
    )


def test_a_pinpoint_is_in_the_page_s_words_each_word_kept_with_its_number() -> None:
    dutch = load_language(templates_dir(), "nl", "nl")
    french = load_language(templates_dir(), "fr", "nl")
    nbsp = "\u00a0"
    cases = {
        "art. 46sexies, § 1, tweede lid": (
            f"art.{nbsp}46sexies, §{nbsp}1, tweede lid",
            f"art.{nbsp}46sexies, §{nbsp}1, alinéa{nbsp}2",
        ),
        "titel VIII": (f"titel{nbsp}VIII", f"titre{nbsp}VIII"),
        "hoofdstuk V, afdeling 2": (
            f"hoofdstuk{nbsp}V, afdeling{nbsp}2",
            f"chapitre{nbsp}V, section{nbsp}2",
        ),
        "art. 8, 1°, eerste lid, b)": (
            f"art.{nbsp}8, 1°, eerste lid, b)",
            f"art.{nbsp}8, 1°, alinéa{nbsp}1er, b)",
        ),
        "smart. 5, titels": ("smart. 5, titels", "smart. 5, titels"),  # Whole words only.
    }
    for pinpoint, (nl, fr) in cases.items():
        assert dutch.pinpoint(pinpoint) == nl
        assert french.pinpoint(pinpoint) == fr
    # On the real plan's pages: "Vermeld in: … — art. 15" never breaks after "art.", and
    # the French pages write no Dutch word of a pinpoint.
    legal = real_pages("fr")["legal.md"]
    assert "— art.\u00a015" in legal and "— art. 15" not in legal
    assert "alinéa\u00a02" in legal and "titre\u00a0VIII" in legal
    for word in ("tweede lid", "titel\u00a0", "hoofdstuk\u00a0"):
        assert word not in legal, word
    page = real_pages("nl")["chapters/hoofdstuk-1.md"]
    assert ", art.\u00a0" in page and ", art. " not in page


def test_the_figures_page_lists_each_figure_and_target_on_its_own_line() -> None:
    site = real_site()
    page = real_pages("fr")["figures.md"]
    items = [line for line in page.splitlines() if line.startswith("- ")]
    shown = [n for n in (*site.nodes("figure"), *site.nodes("target")) if site.topic_of(n)]
    assert len(items) == len(shown)
    assert "## [Chapitre 3\u00a0: Moyens et conditions préalables](" in page
    assert "**646** personnes (2019)\n" in page


def test_the_matrices_show_only_the_frameworks_of_the_cycle() -> None:
    """The register also holds the KIV 2016-2019; the 2022-2025 plan serves the KIV 2022-2025."""
    files = real_pages("nl")
    dimensions = [
        line for line in files["kiv.md"].splitlines() if line.startswith('<th scope="col"><a')
    ]
    assert len(dimensions) == 6
    assert "1</span> Persoonsgebonden veiligheid" in dimensions[0]
    assert "Leefmilieu" not in files["kiv.md"]  # A cluster of the KIV 2016-2019.
    assert "Leefmilieu" not in files["assets/structure.svg"]
    interests = [
        line for line in files["nvs.md"].splitlines() if line.startswith('<th scope="col"><a')
    ]
    assert len(interests) == 6
    assert sorted(path for path in files if path.startswith(("kiv/", "nvs/"))) == sorted(
        [f"kiv/{n.id}.md" for n in real_site().framework("kiv-dimension")]
        + [f"nvs/{n.id}.md" for n in real_site().framework("nvs-interest")]
    )


def test_identifiers_are_listed_without_empty_parts() -> None:
    legal = real_pages("fr")["legal.md"]
    lines = [line for line in legal.splitlines() if line.startswith("Identification")]
    assert lines and all(": · " not in line and "  " not in line for line in lines)
    # The French gazette is the Moniteur belge (MB), its date in French words.
    assert any("numac 1998021488 · MB 5 janvier 1999" in line for line in lines)
    assert not any(" BS " in line for line in lines)


@pytest.mark.parametrize(
    ("lang", "value", "shown"),
    [
        ("nl", "1998-12-07", "7 december 1998"),
        ("fr", "1998-12-07", "7 décembre 1998"),
        ("fr", "2020-01-01", "1er janvier 2020"),
        ("nl", "2020-01-01", "1 januari 2020"),
        ("fr", "2020-04", "avril 2020"),
        ("nl", "2016", "2016"),
        ("nl", None, ""),
    ],
)
def test_dates_are_written_in_the_page_s_words(lang: str, value: str | None, shown: str) -> None:
    from nvptool import templates_dir
    from nvptool.site.language import load_language

    assert load_language(templates_dir(), lang, "nl").date(value) == shown


def _order(page: str, *words: str) -> list[int]:
    return [page.index(word) for word in words]


@pytest.mark.parametrize(
    ("lang", "known"),
    [
        # Accents and case come after the letters: ö with o, è with e, capitals with lower case.
        ("nl", ("COM DG Home", "Coördinatiecomité van de Geïntegreerde Politie", "COP", "CoPPRa")),
        ("nl", ("BAM", "barrièremodel", "BDC")),
        ("nl", ("Kindtoets", "KIV", "kruispuntbank Veiligheid", "Légia", "LGBTQIA+")),
        ("fr", ("EPPO", "États généraux de la police", "Etoiles", "EU Policy Cycle")),
        ("fr", ("Police-on-web", "Présidence UE 2024", "Protection civile")),
        ("fr", ("Régie des Bâtiments", "Respect mutuel", "revenge porn")),
    ],
)
def test_the_glossary_is_in_the_order_of_its_language(lang: str, known: tuple[str, ...]) -> None:
    page = real_pages(lang)["glossary.md"]
    found = _order(page, *(f">{word}" for word in known))
    assert found == sorted(found)


@pytest.mark.parametrize(
    ("lang", "known"),
    [
        (
            "nl",
            ("Kansspelwet", "Koninklijk Besluit tot uitvoering", "Ministeriële omzendbrief OOP"),
        ),
        (
            "nl",
            ("Wet betreffende de toegang", "Wet op het politieambt", "Wetboek van strafvordering"),
        ),
        ("fr", ("Circulaire ministérielle OOP", "Code d’instruction criminelle", "Code pénal")),
        (
            "fr",
            ("Loi sur la fonction de police", "Loi sur les jeux de hasard", "Règlement général"),
        ),
    ],
)
def test_the_legal_register_is_in_the_order_of_its_language(
    lang: str, known: tuple[str, ...]
) -> None:
    page = real_pages(lang)["legal.md"]
    found = _order(page, *(f"## {word}" for word in known))
    assert found == sorted(found)


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_every_glossary_term_says_something(lang: str) -> None:
    """No empty rows: the expansion and the definition, each with where it comes from,
    or else the kind of thing the term names; then where the plan uses it."""
    page = real_pages(lang)["glossary.md"]
    terms = real_site().reference("term")
    assert page.count("<h2 ") == len(terms)
    rows = [part.split("<p>", 1)[1] for part in page.split("<h2 ")[1:]]
    assert len(rows) == len(terms)
    for row in rows:
        words = re.sub(r"<[^>]+>", "", row.split("<br>")[0]).strip()
        assert words, f"an empty row: {row[:80]}"
    # Both the expansion and the definition, each with its basis.
    ui = language(lang).ui
    bin_row = page.split('<h2 id="bin">')[1].split("</p>")[0]
    expansion = {"nl": "buurtinformatienetwerk", "fr": "réseau d’information de quartier"}
    assert expansion[lang] in bin_row and ("BIN’s" if lang == "nl" else "RIQ") in bin_row
    assert bin_row.count(f'<span class="nvp-basis">({ui["glossary_basis"]["stated"]})') == 2
    # Every term of the plan is explained (GL01): none falls back to its kind alone.
    assert "nvp-type-only" not in page
    defined = [t for t in terms if t.obj.definition is not None]
    shown = [str(markupsafe.escape(t.obj.definition.get(lang))) for t in defined]
    assert shown and all(words.replace("'", "&#39;") in page for words in shown)


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_the_glossary_says_whose_words_each_explanation_is(lang: str) -> None:
    """Europol's definition is the editors' words, Kindtoets's the plan's, and that of
    the previous plan's phenomenon comes from the reference facts."""
    page = real_pages(lang)["glossary.md"]
    said = language(lang).ui["glossary_basis"]
    rows = {row.split('"', 1)[0]: row for row in page.split('<h2 id="')[1:]}
    for term, basis in [
        ("europol", "editorial"),
        ("kindtoets", "stated"),
        ("mensensmokkel-en-mensenhandel", "reference"),
    ]:
        assert f'<span class="nvp-basis">({said[basis]})</span>' in rows[term], term


def test_a_term_explained_by_nothing_shows_what_it_names(tmp_path: Path) -> None:
    """A plan still being written may hold a bare term (GL01 reports it): its row says
    what kind of thing it names, not a small label beside the term."""
    import shutil

    plan = tmp_path / "plan"
    shutil.copytree(MINI, plan)
    glossary = plan / "reference" / "glossary.yaml"
    bare = "  - id: child-focus\n    type: organisation\n    term: {nl: Child Focus}\n"
    glossary.write_text(glossary.read_text(encoding="utf-8") + bare, encoding="utf-8")
    page = rendered(site_of(plan), "nl")["glossary.md"]
    row = page.split('<h2 id="child-focus">')[1].split("</p>")[0]
    shown = language("nl").ui["term_types_shown"]["organisation"]
    assert f'<span class="nvp-type-only">{shown}' in row
    assert 'nvp-type"' not in row.split("</dt>")[0]


def test_the_changes_page_names_what_changed() -> None:
    page = real_pages("nl")["changes.md"]
    lines = {line.split("](")[0]: line for line in page.splitlines() if line.startswith("- ")}
    # A new id with the same title is no rename; a new title is one.
    assert (
        "hernoemd"
        not in lines["- [fenomeen 2.3.10 Radicalisering, gewelddadig extremisme en terrorisme"]
    )
    # Each with its kind: the 2016-2019 plan numbers its themes and phenomena alike.
    assert "hernoemd (voorheen: fenomeen 7 Georganiseerde eigendomscriminaliteit" in page
    # Known only in French: in French words, marked so for a reader's tools.
    assert '- thema 6 <span lang="fr">la gestion de recherche</span>' in page
    # Splits name the parts by number and title, not by id.
    assert "opgesplitst in: [fenomeen 2.3.11 Veiligheidsproblemen gekoppeld aan" in page
    assert "onregelmatige-migratie-mensensmokkel," not in page
    # Mappings to another KIV are not compared; the page says so.
    assert "dient nu ook" not in page and "dient niet langer" not in page
    assert "andere Kadernota Integrale Veiligheid" in page
    assert "| nieuw | 4 |" in page
    # A title written only in French is shown with a notice on the Dutch page.
    assert "nvp-tr-other" in page and "alleen in een andere taal" in page


def test_the_rule_reference_speaks_the_page_language() -> None:
    for lang, severity, summary in (
        ("nl", "fout", "Het bestand is geen geldige YAML."),
        ("fr", "erreur", "Le fichier n’est pas du YAML valide."),
    ):
        page = real_pages(lang)["rules.md"]
        # A list that reads on a phone, not a table: code, name, severity, then the summary.
        assert "| --- |" not in page
        assert f'LD01 <code>yaml-syntax</code> <span class="nvp-type">{severity}</span>' in page
        assert f'<dd markdown="span">{summary}</dd>' in page
        assert "cycles/&lt;cycle-id>/" in page  # Shown as text, not eaten as a tag.
        assert ">error<" not in page
        assert 'lang="en"' not in page  # every rule explained in the page's language
        # Every comment of the examples in the page's language; file names and codes stay.
        comments = re.findall(r"(?m)^    .*?(?:^|\s)# (.+)$", page)
        english = [
            c
            for c in comments
            if c not in language(lang).ui["rule_example_notes"].values()
            and not re.fullmatch(r"[A-Z]{2}[0-9]{2}|[\w./-]+\.yaml(: .*)?", c)
        ]
        assert len(comments) > 30 and english == []
    assert "een kopieerfout" in real_pages("nl")["rules.md"]
    assert "Exemple qui échoue:" in real_pages("fr")["rules.md"]
    # The groups are identifiers, in a paragraph of their own.
    groups = "\n*erreur* · <code>core</code>, <code>references</code>\n\n"
    assert groups in real_pages("fr")["rules.md"]
    assert (
        "# XR01: het kenmerk 'drugs-beschrijving' wordt twee keer gebruikt"
        in (real_pages("nl")["rules.md"])
    )


def test_the_home_page_sentences_end_once() -> None:
    for lang in ("nl", "fr"):
        page = real_pages(lang)["index.md"]
        assert ").)" not in page and "..)" not in page


def test_an_edit_link_and_the_revision_when_configured() -> None:
    plan = load_plan(MINI).plan
    cycle = p.latest_cycle(plan)
    assert cycle is not None
    provenance = p.d.Provenance("abc1234", "2026-12-01", "https://example.org/edit/main/plan/")
    site = p.site_data(plan, cycle, provenance)
    files = rendered(site, "nl")
    page = files["phenomena/verkeersveiligheid.md"]
    assert (
        '<a href="https://example.org/edit/main/plan/cycles/demo/phenomena/1.yaml">'
        "dit bestand bewerken</a>" in page
    )
    assert "<code>abc1234</code> (1 december 2026)" in files["index.md"]
    assert "edit/main" not in rendered(site_of(MINI), "nl")["phenomena/verkeersveiligheid.md"]


def test_pictures_speak_the_page_language_and_cut_nothing() -> None:
    fr = real_pages("fr")
    structure = fr["assets/structure.svg"]
    assert ">SSN<" in structure and ">NCSI<" in structure
    assert ">NVS<" not in structure and ">KIV<" not in structure
    assert "…" not in structure
    assert "stroke-dasharray" in structure and "lien éditorial" in structure  # the legend
    figures = fr["phenomena/intrafamiliaal-seksueel-geweld.md"]
    assert "| 25\u00a0% des participants (un sur quatre) |" in figures
    assert "0,25" not in figures


@pytest.mark.parametrize("hostile", ["``<script>`", "`a` and ``<b>``", "x`<img src=x onerror=1>`"])
def test_a_one_line_text_opens_no_code_span(hostile: str) -> None:
    """A title shares its line with its anchor: backticks could pair across."""
    line = f"## {inline(hostile)} {{#x}}"
    page = render_html(line)
    assert "<script" not in page and "<b>" not in page and "<img" not in page


def test_figures_show_how_the_text_states_them_in_each_language() -> None:
    nl, fr = real_pages("nl")["figures.md"], real_pages("fr")["figures.md"]
    nl, fr = nl.replace("\u202f", " "), fr.replace("\u202f", " ")  # The thousands separator.
    assert "**bijna 48 000** personen" in nl and "**près de 48 000** personnes" in fr
    assert "**ongeveer 5 600**" in nl and "**environ 5 600**" in fr
    assert "**tussen 1 000 en 1 200** plantages" in nl and "**entre 1 000 et 1 200**" in fr
    drugs = real_pages("nl")["phenomena/drugs.md"]
    assert "*Noot van de redactie: De periode is dubbelzinnig" in drugs


def test_an_editorial_title_is_shown_as_such(tmp_path: Path) -> None:
    import shutil

    plan = tmp_path / "plan"
    shutil.copytree(MINI, plan)
    legal = plan / "reference" / "legal.yaml"
    text = legal.read_text(encoding="utf-8")
    legal.write_text(
        text.replace("title_basis: {basis: stated}", "title_basis: {basis: editorial}")
    )
    site = site_of(plan)
    nl, fr = rendered(site, "nl")["legal.md"], rendered(site, "fr")["legal.md"]
    assert "## Strafwetboek (Sw.) *(titel door de redactie opgesteld)*" in nl
    assert "*(titre établi par la rédaction)*" in fr
    assert "Wet tot organisatie" in nl and nl.count("door de redactie") == 1


MARKED_UP_TITLE = "Afstemming met [de WGP](https://example.be), *nadruk* en `code`[^fn-1]"


def test_a_heading_with_markup_keeps_its_anchor(tmp_path: Path) -> None:
    """A section title with a link, an emphasis, a code span and a footnote reference:
    the heading keeps its id, shows no attribute list, and the contents name its words."""
    import markdown
    from conftest import make_plan

    from nvptool.site.safety import markdown_config

    plan = make_plan(tmp_path)
    chapter = plan / "cycles" / "demo" / "chapters" / "1.yaml"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("nl: Afstemming", f"nl: '{MARKED_UP_TITLE}'"), "utf-8")
    page = rendered(site_of(plan), "nl")["chapters/hoofdstuk-1.md"]
    names, settings = markdown_config()
    md = markdown.Markdown(extensions=names, extension_configs=settings)
    html = md.convert(page)
    assert '<h2 id="afstemming">1.1 Afstemming met <a href="https://example.be">de <abbr' in html
    assert "{#" not in html and "}" not in html.split('id="afstemming"')[1].split("</h2>")[0]
    assert "<em>nadruk</em>" in html and "<code>code</code>" in html
    tokens = md.toc_tokens  # type: ignore[attr-defined]
    (section,) = [t for t in tokens[0]["children"] if t["id"] == "afstemming"]
    assert section["name"] == "1.1 Afstemming met de WGP, nadruk en code"


def empty_sections(markdown: str) -> list[str]:
    """Headings with nothing under them before the next heading of their level or above."""
    # An object's id line is no content of its own.
    lines = [
        line
        for line in markdown.splitlines()
        if line.strip() and not line.startswith(('<p class="nvp-ident"', '<p class="nvp-notice"'))
    ]
    found = []
    for index, line in enumerate(lines):
        level = len(line) - len(line.lstrip("#"))
        if not (0 < level <= 6 and line[level : level + 1] == " "):
            continue
        after = lines[index + 1] if index + 1 < len(lines) else ""
        next_level = len(after) - len(after.lstrip("#"))
        if not after or (0 < next_level <= level and after[next_level : next_level + 1] == " "):
            found.append(line)
    return found


@pytest.mark.parametrize("frameworks", ["", "frameworks:\n  nvs: nvs-demo\n"])
def test_a_plan_being_written_says_what_it_lacks(tmp_path: Path, frameworks: str) -> None:
    """The skeleton of `nvptool init`, with or without an NVS: no empty section, no
    picture of nothing, and a sentence on every page that has nothing to show yet."""
    from conftest import run_nvptool

    assert run_nvptool("init", tmp_path / "new").returncode == 0
    plan = tmp_path / "new" / "plan"
    for sample in plan.glob("cycles/*/themes/*.yaml"):
        sample.unlink()  # Its sample theme gone, the skeleton has no theme or phenomenon yet.
    if frameworks:
        (plan / "reference").mkdir()
        (plan / "reference" / "nvs.yaml").write_text(
            (MINI / "reference" / "nvs.yaml").read_text("utf-8"), "utf-8"
        )
        (cycle,) = plan.glob("cycles/*/cycle.yaml")
        cycle.write_text(cycle.read_text("utf-8") + frameworks, "utf-8")
    site = site_of(plan)
    for lang, missing in (("nl", "Nog niet in dit plan: thema"), ("fr", "Pas encore dans ce plan")):
        files = rendered(site, lang)
        assert "assets/structure.svg" not in files
        for path, page in files.items():
            if path.endswith(".md"):
                assert empty_sections(page) == [], path
                assert "<dl" not in page or "<dt" in page, path
        home = files["index.md"]
        assert missing in home and "structure.svg" not in home
        assert "nvp-subtitle" not in home  # The title once, not twice.
        ui = {key: escaped(value) for key, value in language(lang).ui.items()}
        assert ui["legal_empty"] in files["legal.md"]
        assert ui["glossary_empty"] in files["glossary.md"]
        assert ui["figures_empty"] in files["figures.md"]
        if frameworks:
            assert ui["matrix_empty"] in files["nvs.md"] and "<table" not in files["nvs.md"]
            assert ui["matrix_empty"] in files["nvs/fysieke-veiligheid.md"]
            assert ui["home_missing_parts"]["nvs"] not in home
        else:
            assert ui["home_missing_parts"]["nvs"] in home


def escaped(value: object) -> object:
    """An interface text as a page writes it (a mapping of texts, each escaped)."""
    if isinstance(value, dict):
        return {key: escaped(words) for key, words in value.items()}
    return str(markupsafe.escape(value)) if isinstance(value, str) else value


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_the_real_plan_has_no_empty_section(lang: str) -> None:
    pages = real_pages(lang)
    found = {path: empty_sections(page) for path, page in pages.items() if path.endswith(".md")}
    assert {path: lines for path, lines in found.items() if lines} == {}
    assert str(markupsafe.escape(language(lang).ui["home_missing"]))[:12] not in pages["index.md"]
    assert "assets/structure.svg" in pages


@pytest.mark.parametrize(
    ("lang", "heading"), [("nl", "## Waar staat wat"), ("fr", "## Où se trouve")]
)
def test_the_guide_is_shown_as_its_markdown_says(lang: str, heading: str) -> None:
    """The guide is the tool's own Markdown: headings, tables and examples, not one
    paragraph of escaped marks."""
    from nvptool.site.safety import render_html

    page = real_pages(lang)["guide.md"]
    assert f"\n{heading}" in page and "\n```yaml\n" in page
    html = render_html(page)
    assert "<h2" in html and "<table>" in html and "<pre>" in html
    assert "## " not in html and "```" not in html and "&#35;" not in html


def test_a_change_shows_its_sign_as_the_text_writes_it() -> None:
    """ "(+4 % voor de periode 2016-2019)" was shown "4 %": the direction was lost."""
    for lang, words in (
        ("nl", "Evolutie van de geregistreerde inbreuken zwartwerk"),
        ("fr", "Évolution des infractions de travail au noir enregistrées"),
    ):
        figures = real_pages(lang)["figures.md"]
        [line] = [line for line in figures.splitlines() if words in line]
        assert "**+4\xa0%**" in line, line
    hacking = real_pages("nl")["figures.md"]
    assert "**+94,1\xa0%**" in hacking and "**-19,1\xa0%**" in hacking


def test_the_figures_follow_the_plan_s_order() -> None:
    """Chapters 3 and 4 came before the phenomena of 2.3, as on no page of the plan."""
    headings = [
        line for line in real_pages("nl")["figures.md"].splitlines() if line.startswith("## ")
    ]
    assert headings[0].startswith("## [2.3.")
    assert [h for h in headings if "Hoofdstuk" in h] == headings[-2:]


def test_the_plan_s_own_words_are_quoted_in_the_page_s_marks_and_marked_as_dutch() -> None:
    """A target's quote on a French page: Dutch between English marks, without lang."""
    french = real_pages("fr")["chapters/hoofdstuk-3.md"]
    assert '— « <span lang="nl">Jaarlijks zal in navolging van het regeerakkoord' in french
    dutch = real_pages("nl")["chapters/hoofdstuk-3.md"]
    assert "— “Jaarlijks zal in navolging van het regeerakkoord" in dutch
    assert 'lang="nl"' not in dutch


def test_a_page_s_notice_speaks_of_the_page() -> None:
    """The page of changes opened with "Deze tekst bestaat alleen in een andere taal.", the
    tooltip of one title (two former themes known only in French) said of the whole page."""
    changes = real_pages("nl")["changes.md"]
    notice = next(line for line in changes.splitlines() if 'class="nvp-notice"' in line)
    assert "Sommige teksten op deze pagina bestaan alleen in een andere taal" in notice
    assert "Deze tekst bestaat" not in notice


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0.0004, "0,0004"),  # Was "0,": two decimals, then the zeros stripped.
        (26.6, "26,6"),
        (37457, "37\u202f457"),
        (1e30, "1" + "\u202f000" * 10),  # Was the binary approximation's digits.
        (-19.1, "-19,1"),
        (0.125, "0,12"),
    ],
)
def test_numbers_are_written_as_the_language_writes_them(value: float, shown: str) -> None:
    from nvptool import templates_dir
    from nvptool.site.language import load_language

    assert load_language(templates_dir(), "fr", "nl").number(value) == shown


def test_the_figures_page_marks_machine_made_labels() -> None:
    """Every label of the French figures page is machine-made; the page marked none."""
    page = real_pages("fr")["figures.md"]
    assert 'class="nvp-notice"' in page
    lines = [line for line in page.splitlines() if line.startswith("- [")]
    assert lines and all("nvp-tr-flag nvp-tr-machine" in line for line in lines)
