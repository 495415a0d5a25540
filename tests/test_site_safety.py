"""Hostile plan text never becomes markup: TX03 finds it, and the site holds on its own.

The corpus in tests/hostile/markdown.yaml is checked twice: `check` reports each
construct at its line, and a plan that publishes all of them (with TX03
switched off, as a hostile pull request could) builds pages with no script,
event handler, script URL or style of its own. Hypothesis then assembles
random Markdown from dangerous fragments and renders it the way the site does.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI, make_plan
from hostileplan import BODY_FIRST_LINE, CHAPTER, CORPUS, chapter, hostile_edit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pagesafety import Theme, outside_allow_list, unsafe

from nvptool import templates_dir
from nvptool.check import effective_settings, run_checks
from nvptool.load.plan import load_plan
from nvptool.model.text import Text
from nvptool.site import pages as p
from nvptool.site.build import build_site
from nvptool.site.language import load_language
from nvptool.site.markup import safe_markdown
from nvptool.site.render import Words, environment, escape_value
from nvptool.site.safety import render_html, sanitize


def tx03(plan_dir: Path) -> list[tuple[str, str, int]]:
    loaded = load_plan(plan_dir)
    assert not loaded.problems, [str(problem) for problem in loaded.problems]
    checked = run_checks(loaded, effective_settings(loaded.plan.config, select=["TX03"]))
    return sorted(
        (f.code, Path(f.location.file).relative_to(plan_dir).as_posix(), f.location.line)
        for f in checked.findings
    )


@pytest.mark.parametrize("case", CORPUS, ids=[c["name"] for c in CORPUS])
def test_tx03_reports_each_hostile_construct_at_its_line(
    tmp_path: Path, case: dict[str, Any]
) -> None:
    plan = make_plan(tmp_path, {CHAPTER: chapter(case["text"])})
    expected = [("TX03", CHAPTER, BODY_FIRST_LINE - 1 + line) for line in case["lines"]]
    assert tx03(plan) == expected


def test_tx03_locates_titles_and_translations(tmp_path: Path) -> None:
    text = (
        'kind: chapter\nid: hoofdstuk-2\nnumber: "2"\ntitle:\n'
        '  nl: "Kop <b>vet</b>"\n'  # line 5
        "  fr:\n"
        '    text: "[a](jav&#x61;script:alert(1))"\n'  # line 7
        "    state: machine\n"
        "body:\n"
        "  nl: |\n"
        "    Eerste regel.\n"
        "  fr:\n"
        "    text: |\n"
        "      Eerste regel.\n"
        "      {: onclick=alert(1) }\n"  # line 15
        "    state: machine\n"
    )
    plan = make_plan(tmp_path, {CHAPTER: text})
    assert tx03(plan) == [("TX03", CHAPTER, 5), ("TX03", CHAPTER, 7), ("TX03", CHAPTER, 15)]


@pytest.fixture(scope="module")
def theme(tmp_path_factory: pytest.TempPathFactory) -> Theme:
    out = tmp_path_factory.mktemp("harmless") / "site"
    build_site(MINI, out)
    return Theme.of(out)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every page of the hostile plan, and its page of changes since the harmless one."""
    root = tmp_path_factory.mktemp("hostile")
    out = root / "site"
    build_site(hostile_edit(root), out, since="HEAD")
    return out


def pages(site: Path) -> list[Path]:
    found = sorted(site.rglob("*.html"))
    assert len(found) > 20
    return found


def test_no_page_of_a_hostile_plan_holds_markup_of_its_own(
    hostile_site: Path, theme: Theme
) -> None:
    problems = {
        page.relative_to(hostile_site).as_posix(): unsafe(page.read_text("utf-8"), theme)
        for page in pages(hostile_site)
    }
    assert {page: found for page, found in problems.items() if found} == {}


def test_the_hostile_texts_are_shown_as_text(hostile_site: Path) -> None:
    page = (hostile_site / "nl" / "chapters" / "hoofdstuk-2.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "{: onclick=" in page  # an attribute list is words on the page
    assert "<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>" in page
    phenomenon = (hostile_site / "nl" / "phenomena" / "verkeersveiligheid.html").read_text("utf-8")
    assert "“&lt;script&gt;alert(1)&lt;/script&gt;" in phenomenon  # a target's quote
    # The theme writes a page's title raw (<title>, the header): its words stay escaped.
    assert (
        "<title>2.3.1 Verkeersveiligheid &lt;/title&gt;&lt;script&gt;alert(6)&lt;/script&gt; "
        "&lt;script&gt;alert(1)&lt;/script&gt;"
    ) in phenomenon
    # The follow-up page's title is its heading's, as escaped (its front matter's).
    progress = hostile_site / "nl" / "progress" / "phenomena" / "verkeersveiligheid.html"
    assert (
        "<title>Opvolging: 2.3.1 Verkeersveiligheid &lt;/title&gt;&lt;script&gt;alert(6)"
        "&lt;/script&gt; &lt;script&gt;alert(1)&lt;/script&gt;"
    ) in progress.read_text("utf-8")
    legal = (hostile_site / "nl" / "legal.html").read_text("utf-8")
    assert "&lt;img src=x onerror=alert(2)&gt; [x](javascript:alert(3)) *y*" in legal  # its number
    since = (hostile_site / "nl" / "since.html").read_text("utf-8")
    inserted = "&lt;/title&gt;&lt;script&gt;alert(6)&lt;/script&gt; &lt;script&gt;alert(1)"
    assert f"Verkeersveiligheid <ins>{inserted}" in since  # inserted words, as text
    assert "*y* {: onclick=alert(5) }</ins>" in since
    home = (hostile_site / "nl" / "index.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;img" in home  # the signatory's name
    assert "*y*" in home  # shown as written, not emphasis


def test_no_page_of_the_real_plan_holds_markup_of_its_own(real_site: Path, theme: Theme) -> None:
    out = real_site
    problems = {
        page.relative_to(out).as_posix(): unsafe(page.read_text("utf-8"), theme)
        for page in pages(out)
    }
    assert {page: found for page, found in problems.items() if found} == {}


def test_footnote_references_in_code_stay_text() -> None:
    out = safe_markdown("Schrijf `[^fn-1]` voor noot[^fn-1].", {"fn-1": 1})
    assert out.startswith("Schrijf <code>")
    assert "<code>[^fn-1]</code> voor noot<sup" in html.unescape(render_html(out))


@pytest.mark.parametrize(
    "text", ["``<script>`", "`a`` <script>`", "x ``<img src=x onerror=alert(1)>` y", "```<b>`"]
)
def test_a_code_span_never_pairs_with_the_templates_backticks(
    mini_renderer: Words, text: str
) -> None:
    """Python-Markdown finds a code span in the text alone; beside the template's own
    markup on the same line, its backticks must not pair differently."""
    page = site_html(mini_renderer, text, "x")
    assert outside_allow_list(page) == []


# Property tests: random Markdown from dangerous fragments, through the site's
# own render path (the renderer, the templates' escaping, Markdown with the
# site's extensions), is inside the allow-list before the sanitizer runs.
FRAGMENTS = (
    *("<script>", "</script>", "<img src=x onerror=alert(1)>", "<svg/onload=alert(1)>"),
    *("<a href='javascript:alert(1)'>", "<!--", "-->", '<div markdown="1">', "</div>"),
    *("{: onclick=alert(1) }", "{#__config}", "{ .md-header }", '{: style="x"}', "{", "}"),
    *("[", "]", "(", ")", "![", "](", "]: ", "[x]", "[x]: ", "   [x]: ", "[^fn-1]", "[^"),
    *("javascript:", "JaVaScRiPt:", "jav&#x61;script:", "&#106;avascript:", "java\tscript:"),
    *("data:text/html,", "vbscript:", "alert(1)", "&#58;", "&", "&amp;", "&lt;", "&#x3c;"),
    *("<", ">", "<https://a.be>", "<mailto:a@b.be>", "<javascript:alert(1)>", '"', "'"),
    *("`", "``", "```", "~~~", "```{ onclick=x }", "\\", "*", "_", "|", "| --- |", "#"),
    *("\n", "\n\n", "    ", "- ", "1. ", "> ", "## ", "---", "*[x]: ", "onload=", " "),
    *("https://a.be", "#x", "x", "tekst"),
)
hostile_markdown = st.lists(st.sampled_from(FRAGMENTS), max_size=16).map("".join)
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def mini_renderer() -> Words:
    plan = load_plan(MINI).plan
    cycle = p.latest_cycle(plan)
    assert cycle is not None
    site = p.site_data(plan, cycle)
    chapter = site.chapters[0]
    return Words(site, p.topic_path(chapter), load_language(templates_dir(), "fr", "nl"))


PAGE = """\
{% import '_macros.md.j2' as m with context %}
# {{ r.title(t) }}

{{ m.heading(2, '1.1', r.title(t, file), 'x') }}

{{ r.block(t, file) }}

| {{ r.title(t) }} | {{ v }} |
| --- | ---: |
| [{{ r.plain(t) }}](#x "{{ r.link_title(t) }}") | {{ v }} |

- <span id="{{ v }}"></span>**{{ v }}**, {{ v }} — “{{ v }}”
- [{{ v }}]({{ r.url(v) }}) [{{ r.place(node) }}]({{ r.href(node) }})

<div class="nvp-citations" id="cite-{{ v }}" markdown="1">
[{{ v }}, {{ v }}]({{ r.href(node) }})
</div>

<p class="nvp-ident"><code>{{ v }}</code> <span class="nvp-source">{{ v }}</span></p>

<table class="nvp-matrix"><tr><th scope="row"><a href="{{ r.link(node) }}"
title="{{ r.html(t) }}">{{ r.html(t) }}</a></th><td>{{ v }}</td></tr></table>

<div class="nvp-glossary"><h2 id="x">{{ v }}</h2><p>{{ r.html(t) }}{{ r.flag(t) }}</p></div>
"""


def site_html(renderer: Words, text: str, value: str) -> str:
    """A page made of the templates' contexts, around one plan text and one plain value."""
    words = Text({"nl": text, "fr": {"text": text, "state": "machine"}})
    env = environment(templates_dir())
    chapter = renderer.site.chapters[0]
    markdown_page = env.from_string(PAGE).render(
        r=renderer, t=words, v=value, file=chapter.file, node=chapter
    )
    markdown_page += "\n" + renderer.abbreviations(markdown_page)
    return render_html(markdown_page, sanitized=False)


@PROPERTY
@given(text=hostile_markdown, value=hostile_markdown)
def test_random_hostile_markdown_stays_inside_the_allow_list(
    mini_renderer: Words, text: str, value: str
) -> None:
    html = site_html(mini_renderer, text, value)
    assert outside_allow_list(html) == []
    assert outside_allow_list(sanitize(html)) == []


@PROPERTY
@given(value=st.text(max_size=40) | hostile_markdown)
def test_any_value_is_shown_as_written(value: str) -> None:
    shown = render_html(f"Waarde: {escape_value(value)}")
    assert outside_allow_list(shown) == []
    assert "<a" not in shown and "<code" not in shown and "<em" not in shown


def test_an_address_from_the_plan_links_only_to_the_web(mini_renderer: Words) -> None:
    eli = "https://www.ejustice.just.fgov.be/eli/wet/1998/12/07/1998021488/justel"
    assert mini_renderer.url(eli) == eli
    assert mini_renderer.url("https://a.be/x y)(") == "https://a.be/x%20y%29%28"
    for hostile in ("javascript:alert(1)", "jav&#x61;script:x", "data:text/html,x", "/x", ""):
        assert mini_renderer.url(hostile) == "#"


def test_text_filters_refuse_rendered_markdown(mini_renderer: Words) -> None:
    env = environment(templates_dir())
    assert env.from_string("{{ v | replace('/', '–') }}").render(v="<b>2022/2025") == (
        "&#60;b&#62;2022–2025"
    )
    with pytest.raises(TypeError, match="rendered Markdown"):
        env.from_string("{{ r.plain(t) | replace('a', 'b') }}").render(
            r=mini_renderer, t=Text({"nl": "a"})
        )


def test_a_backtick_in_a_heading_label_opens_no_code_span_across_the_heading(
    mini_renderer: Words,
) -> None:
    """Found by the property above: the label's backticks paired with the title's."""
    assert outside_allow_list(site_html(mini_renderer, "``<script>`", "")) == []


HARMLESS_LOOKING = ("< 24 uur", "<=", "<https://www.besafe.be/nl>", "OOP38[^fn-16]: ", "x[^fn-1]")


@PROPERTY
@given(value=st.lists(st.sampled_from(FRAGMENTS + HARMLESS_LOOKING), max_size=16).map("".join))
def test_tx03_gives_markdown_every_text_that_may_make_markup(value: str) -> None:
    """TX03 leaves out texts whose markup-like pieces make none; Markdown agrees on each."""
    from nvptool.rules.raw_html import _Scanner

    scanner = _Scanner()
    assert scanner.constructs(value) == scanner._read(value)


def test_tx03_reads_no_text_of_the_real_plan_with_markdown() -> None:
    """The real plan's texts make no markup, and TX03 says so without Markdown's cost."""
    from nvptool.rules.raw_html import _Scanner
    from nvptool.texts import text_refs

    plan = load_plan(Path(__file__).parent.parent / "plan").plan
    values = [ref.text.get(lang) or "" for ref in text_refs(plan) for lang in ref.text.languages]
    prefiltered, parsed = _Scanner(), _Scanner()
    assert [prefiltered.constructs(value) for value in values] == [[] for _ in values]
    assert prefiltered.md is None  # Markdown was never needed.
    assert [parsed._read(value) for value in values] == [[] for _ in values]
