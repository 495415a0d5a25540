"""The NVP 2022-2025 in plan/: faithful to the published text, complete in structure."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from conftest import ROOT
from fidelity import missing_sentences, out_of_order

from nvptool.check import effective_settings, run_checks
from nvptool.findings import Severity
from nvptool.load.plan import LoadResult, load_plan
from nvptool.measures import measure_number, owner_chain
from nvptool.plan import Node

PLAN = ROOT / "plan"
CYCLE = "nvp-2022-2025"


@pytest.fixture(scope="module")
def loaded() -> LoadResult:
    return load_plan(PLAN)


def nodes(loaded: LoadResult, kind: str) -> list[Node]:
    return [n for n in loaded.plan.of_kind(kind) if n.scope in {CYCLE, "reference"}]


def test_fidelity_to_the_source() -> None:
    missing, total = missing_sentences(PLAN)
    coverage = 100.0 * (total - len(missing)) / total
    print(f"\nfidelity: {coverage:.2f}% of {total} source sentences")
    for sentence in missing:
        print(f"  missing, source line {sentence.line}: {sentence.text}")
    assert coverage >= 99.9


def test_text_stays_where_the_source_puts_it() -> None:
    # Numbered headings of chapter 2 (2.2, 2.3) stand in the chapter file, before the
    # theme and phenomenon files they introduce; every other sentence keeps its place.
    moved = [s for s in out_of_order(PLAN) if not re.match(r"^\d+\.\d+ \w", s.text)]
    assert moved == []


def test_the_plan_checks_clean(loaded: LoadResult) -> None:
    result = run_checks(loaded, effective_settings(loaded.plan.config))
    errors = [f for f in result.findings if f.severity == Severity.error]
    assert errors == []


def test_the_plan_checks_clean_under_the_strict_profile(loaded: LoadResult) -> None:
    """Warnings count there: terminology, stale translations, unreviewed claims (RV01)."""
    result = run_checks(loaded, effective_settings(loaded.plan.config, profile="strict"))
    assert [str(f) for f in result.findings] == []


def test_four_themes_with_fourteen_objectives(loaded: LoadResult) -> None:
    themes = sorted(nodes(loaded, "theme"), key=lambda n: n.obj.number)
    assert [t.obj.number for t in themes] == ["2.2.1", "2.2.2", "2.2.3", "2.2.4"]
    assert [len(t.obj.objectives) for t in themes] == [3, 4, 3, 4]


def test_fifteen_phenomena(loaded: LoadResult) -> None:
    numbers = sorted(int(n.obj.number.rsplit(".", 1)[1]) for n in nodes(loaded, "phenomenon"))
    assert numbers == list(range(1, 16))


def test_fifty_three_footnotes(loaded: LoadResult) -> None:
    numbers = sorted(n.obj.number for n in nodes(loaded, "footnote"))
    assert numbers == list(range(1, 54))


def test_chapters_and_sections(loaded: LoadResult) -> None:
    chapters = {n.id: n.obj for n in nodes(loaded, "chapter")}
    assert sorted(c.number or "" for c in chapters.values()) == ["", "1", "2", "3", "4"]
    numbered = Counter(n.obj.number.split(".")[0] for n in nodes(loaded, "section") if n.obj.number)
    assert numbered == {"1": 6, "2": 3, "3": 5, "4": 3}


def test_six_kiv_dimensions_and_six_nvs_interests(loaded: LoadResult) -> None:
    kiv = [n for n in nodes(loaded, "kiv-dimension") if n.parent == "kiv-2022-2025"]
    assert len(kiv) == 6
    assert len(nodes(loaded, "nvs-interest")) == 6


def test_the_previous_cycle_is_partial_with_its_ten_phenomena(loaded: LoadResult) -> None:
    cycle = next(n for n in loaded.plan.of_kind("cycle") if n.id == "nvp-2016-2019")
    assert cycle.obj.partial
    phenomena = [n for n in loaded.plan.of_kind("phenomenon") if n.scope == "nvp-2016-2019"]
    assert len(phenomena) == 10
    themes = [n for n in loaded.plan.of_kind("theme") if n.scope == "nvp-2016-2019"]
    assert len(themes) == 7


def test_the_cycle_diff_shows_the_splits_and_renames_of_the_issue() -> None:
    from nvptool.diff.compare import compare, side

    plan = load_plan(PLAN).plan
    result = compare(side(plan, "a", scope="nvp-2016-2019"), side(plan, "b", scope=CYCLE))
    by_old = {c.old_id: c for c in result.changes if c.kind == "phenomenon"}
    smuggling = by_old["mensensmokkel-en-mensenhandel"]
    assert smuggling.related == ("onregelmatige-migratie-mensensmokkel", "mensenhandel")
    cyber = by_old["cybercrime"]
    assert cyber.new_id == "hacking-internetoplichting"
    assert cyber.method is not None and cyber.method.value == "successor"


def test_every_theme_and_phenomenon_is_mapped_editorially(loaded: LoadResult) -> None:
    dimensions = {n.id for n in nodes(loaded, "kiv-dimension")}
    interests = {n.id for n in nodes(loaded, "nvs-interest")}
    for node in [*nodes(loaded, "theme"), *nodes(loaded, "phenomenon")]:
        targets = {m.target for m in node.obj.mappings}
        waived = {w.rule for w in node.obj.waivers}
        assert targets & dimensions, node.id
        # Where the text supports no NVS interest, the waiver says so (overlast).
        assert targets & interests or "nvs-mapped" in waived, node.id
        for mapping in node.obj.mappings:
            assert mapping.basis == "editorial"  # The text states no mapping.
            assert (mapping.reason.get("nl") or "").strip(), node.id


def test_figures_and_targets_named_in_the_issue(loaded: LoadResult) -> None:
    values = {(n.obj.period, n.obj.value) for n in nodes(loaded, "figure")}
    assert {("2019", 646), ("2020", 499), ("2020", 37457)} <= values
    assert any("één op drie" in n.obj.quote for n in nodes(loaded, "target"))


def test_no_pdf_artefacts_remain(loaded: LoadResult) -> None:
    for path in sorted(PLAN.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert "Nationaal Veiligheidsplan 2022-2025  —" not in text, path
        assert "•" not in text, path


def test_source_copy_is_the_published_text() -> None:
    import hashlib

    digest = hashlib.sha256((ROOT / "sources" / "nvp-2022-2025.nl.txt").read_bytes())
    assert digest.hexdigest().startswith("9d480b19aeb8ebd7")


def test_identifiers_are_never_claimed_verified_without_a_source(loaded: LoadResult) -> None:
    for node in nodes(loaded, "legal-instrument"):
        ids = node.obj.identifiers
        if ids is not None:
            assert ids.seen_at.strip(), node.id


DATE_PHRASE = re.compile(
    r"\bvan \d{1,2}[ -](?:\d{1,2}|januari|februari|maart|april|mei|juni|juli|augustus|september"
    r"|oktober|november|december)[ -]\d{4}\b|\(herzien \d{2}/\d{2}/\d{4}\)",
    re.IGNORECASE,
)
"""A date or a revision the register keeps in its own fields (date, revised), not in the title."""


def test_every_instrument_title_and_type_has_a_basis(loaded: LoadResult) -> None:
    """A title 'stated' stands in the published text (a register title leaves out the
    date, "Wet van 7 december 1998 tot …" is "Wet tot …"); one from the reference
    facts says where; an editorial one says what the editors added."""
    from fidelity import normalise

    raw = (ROOT / "sources" / "nvp-2022-2025.nl.txt").read_text(encoding="utf-8")
    source = {normalise(raw), normalise(DATE_PHRASE.sub("", raw))}
    instruments = nodes(loaded, "legal-instrument")
    assert len(instruments) >= 30
    for node in instruments:
        title, grounds = node.obj.title.get("nl"), node.obj.title_basis
        assert grounds is not None and node.obj.type_basis is not None, node.id
        if grounds.basis == "stated":
            words = {normalise(title), normalise(DATE_PHRASE.sub("", title))}
            assert any(w in text for w in words for text in source), node.id
            assert grounds.seen_at, node.id
        elif grounds.basis == "reference":
            assert grounds.seen_at and "reference-facts" in grounds.seen_at, node.id
        for basis in (grounds, node.obj.type_basis):
            if basis.basis == "editorial":
                assert basis.note, node.id  # What the editors added, in words.


def test_official_wordings_name_where_they_were_seen(loaded: LoadResult) -> None:
    from nvptool.texts import text_refs

    official = [
        ref.text.translation("fr")
        for ref in text_refs(loaded.plan)
        if (t := ref.text.translation("fr")) is not None and t.state == "official"
    ]
    assert len(official) >= 20
    assert all(t is not None and t.seen_at for t in official)
    newspaper = [n for n in loaded.plan.of_kind("theme") if n.id == "recherchemanagement"]
    assert newspaper[0].obj.title.translation("fr").state != "official"


def test_figures_keep_the_qualifiers_of_the_text(loaded: LoadResult) -> None:
    figures = {n.id: n.obj for n in nodes(loaded, "figure")}
    assert figures["verkeersveiligheid-gewonden"].qualifier == "nearly"
    assert figures["doping-voedselketen-leefmilieu-cites-plantensoorten"].qualifier == "about"
    plantations = figures["drugs-cannabisplantages"]
    assert (plantations.qualifier, plantations.low, plantations.high) == ("range", 1000, 1200)
    assert plantations.period is None and plantations.note is not None  # The text leaves it open.
    assert not any("minderjarigen" in n for n in figures if "aanrandingen-2020" in n)


AGAINST = re.compile(r"(?:([\w.-]+\.(?:md|txt)), )?line (\d+): “([^”]+)”")


def test_reviews_cite_words_that_stand_where_they_say(loaded: LoadResult) -> None:
    """Every reviewed label and reason names lines of the source or the reference facts;
    the quoted words begin on the line named (a typo in a review would otherwise pass)."""
    from fidelity import normalise

    files = {
        name: (ROOT / "sources" / name).read_text(encoding="utf-8").splitlines()
        for name in ("nvp-2022-2025.nl.txt", "reference-facts.md")
    }
    reviews = []
    for node in loaded.plan.nodes:
        for holder in (node.obj, getattr(node.obj, "succeeds", None)):
            review = getattr(holder, "reviewed", None)
            if review is not None:
                reviews.append((node.id, review))
    assert len(reviews) >= 150
    for object_id, review in reviews:
        cited = AGAINST.findall(review.against)
        assert cited and cited[0][0], object_id
        name = ""
        for named, line, words in cited:
            name = named or name
            assert name in files, object_id
            nearby = normalise(" ".join(files[name][int(line) - 1 : int(line) + 4]))
            assert nearby.find(normalise(words)) >= 0, (object_id, line, words)
            start = normalise(files[name][int(line) - 1])
            assert normalise(words)[:8] in start + nearby[: len(start) + 8], (object_id, line)


def test_the_source_oddities_are_the_sources_and_stay_in_the_plan() -> None:
    """Every slip listed in sources/oddities.yaml stands at its line of the source
    (hyphenation and line breaks aside) and, as printed, in its plan file."""
    import yaml
    from fidelity import normalise

    listed = yaml.safe_load((ROOT / "sources" / "oddities.yaml").read_text(encoding="utf-8"))
    source = (ROOT / "sources" / "nvp-2022-2025.nl.txt").read_text(encoding="utf-8").splitlines()
    oddities = listed["oddities"]
    assert len(oddities) >= 10
    printed = {o["printed"] for o in oddities}
    assert {"moe(s)t", "van van essentieel belang", "art. 210 Sw."} <= printed
    for oddity in oddities:
        at = oddity["line"]
        nearby = normalise(" ".join(source[at - 1 : at + 1]))
        assert normalise(oddity["printed"]) in nearby, oddity
        assert normalise(oddity["printed"])[:3] in normalise(source[at - 1]), oddity
        plan_file = (ROOT / oddity["file"]).read_text(encoding="utf-8")
        assert oddity["printed"] in " ".join(plan_file.split()), oddity


def test_every_glossary_term_is_explained_in_both_languages(loaded: LoadResult) -> None:
    """Issue 13: each term with its expansion or definition in Dutch and French; a French
    text the editors made is marked machine or reviewed and records the Dutch it translates."""
    from nvptool.model.text import fingerprint

    terms = nodes(loaded, "term")
    assert len(terms) >= 200
    for node in terms:
        texts = [t for t in (node.obj.expansion, node.obj.definition) if t is not None]
        assert texts, node.id
        for text in texts:
            dutch, french = text.get("nl"), text.translation("fr")
            assert dutch and dutch.strip() and dutch.strip() != node.obj.term.get("nl"), node.id
            assert french is not None and french.text.strip(), node.id
            if french.state == "official":
                assert french.seen_at, node.id
            assert french.source == fingerprint(dutch), node.id  # Not stale.


def test_every_glossary_explanation_says_where_it_comes_from(loaded: LoadResult) -> None:
    """A stated expansion or definition names the source line its words begin on (read
    back here), one from the reference facts names its line there, and an editorial
    definition says in its note what it rests on."""
    from fidelity import normalise

    files = {
        name: (ROOT / "sources" / name).read_text(encoding="utf-8").splitlines()
        for name in ("nvp-2022-2025.nl.txt", "reference-facts.md")
    }
    bases: Counter[tuple[str, str]] = Counter()
    for node in nodes(loaded, "term"):
        assert node.obj.basis is None, node.id  # The older single basis is gone.
        for field in ("expansion", "definition"):
            if getattr(node.obj, field) is None:
                continue
            grounds = getattr(node.obj, f"{field}_basis")
            assert grounds is not None, (node.id, field)
            bases[(field, grounds.basis.value)] += 1
            if grounds.basis == "editorial":
                assert field == "expansion" or (grounds.note or "").strip(), node.id
                continue
            cited = AGAINST.findall(grounds.seen_at or "")
            assert len(cited) == 1, (node.id, grounds.seen_at)
            name, line, words = cited[0]
            expected = "nvp-2022-2025.nl.txt" if grounds.basis == "stated" else "reference-facts.md"
            assert name == expected, node.id
            nearby = normalise(" ".join(files[name][int(line) - 1 : int(line) + 4]))
            assert normalise(words) in nearby, (node.id, line, words)
            start = normalise(files[name][int(line) - 1])  # The words begin on that line.
            assert normalise(words)[:8] in nearby[: len(start) + 8], (node.id, line)
    print(f"\nglossary bases: {dict(sorted(bases.items()))}")
    assert bases[("definition", "stated")] >= 40 and bases[("definition", "reference")] >= 1


SOURCE_LINES = (ROOT / "sources" / "nvp-2022-2025.nl.txt").read_text(encoding="utf-8").splitlines()
SOURCE_HEADING = re.compile(
    r"^\s*(?:STRATEGISCHE DOELSTELLING \d|POLITIEAANPAK\s*$|\d\.\d+(?:\.\d+)?\s+\S)"
)
SOURCE_ITEM = re.compile(r"^\s*•\s")
"""A top-level list item of the PDF text; nested items have the bullet o."""


def _source_line(pattern: str, start: int = 0) -> int:
    found = re.compile(pattern)
    return next(i for i in range(start, len(SOURCE_LINES)) if found.match(SOURCE_LINES[i]))


def _source_items(start: int, titles: set[str]) -> int:
    """The top-level list items from a heading to the next heading (or section title)."""
    count = 0
    for line in SOURCE_LINES[start + 1 :]:
        if SOURCE_HEADING.match(line) or line.strip() in titles:
            break
        count += bool(SOURCE_ITEM.match(line))
    return count


def _phenomenon(loaded: LoadResult, node: Node) -> Node:
    return next(o for o in owner_chain(loaded.plan, node) if o.kind == "phenomenon")


def test_each_objective_has_a_measure_per_list_item_of_the_source(loaded: LoadResult) -> None:
    counts = {}
    for node in nodes(loaded, "objective"):
        theme = loaded.plan.index[node.parent_key or ""]
        start = _source_line(rf"^\s*{re.escape(theme.obj.number)}\s")
        heading = _source_line(rf"^\s*STRATEGISCHE DOELSTELLING {node.obj.number}\s*:", start)
        assert len(node.obj.measures) == _source_items(heading, set()), node.id
        counts[node.id] = len(node.obj.measures)
    # Objectives that print no list items keep their prose and have no measures.
    assert [key for key, count in counts.items() if not count] == [
        "internet-technologie-sd1",
        "internet-technologie-sd2",
        "internet-technologie-sd3",
        "publieke-ruimte-sd1",
    ]
    assert sum(counts.values()) == 54


def test_each_police_approach_has_a_measure_per_list_item_of_the_source(
    loaded: LoadResult,
) -> None:
    counts = {}
    for node in nodes(loaded, "section"):
        if node.obj.kind != "approach":
            continue
        phenomenon = _phenomenon(loaded, node)
        titles = {
            title
            for n in loaded.plan.nodes
            if n.kind == "section" and n.file is phenomenon.file and n.obj.title
            if (title := n.obj.title.get("nl"))
        }
        start = _source_line(rf"^\s*{re.escape(phenomenon.obj.number)}\s")
        parent = loaded.plan.index[node.parent_key or ""]
        if parent.kind == "section":  # The approach of a subphenomenon: from its title on.
            start = _source_line(rf"^{re.escape(parent.obj.title.get('nl'))}$", start)
        heading = _source_line(r"^\s*POLITIEAANPAK\s*$", start)
        assert len(node.obj.measures) == _source_items(heading, titles), node.id
        counts[phenomenon.id] = len(node.obj.measures)
    assert len(counts) == 10
    assert sum(counts.values()) == 44


def test_measure_ids_are_unique_and_follow_their_owner_and_number(loaded: LoadResult) -> None:
    measures = nodes(loaded, "measure")
    assert len({m.id for m in measures}) == len(measures) == 98
    for measure in measures:
        owner = next(o for o in owner_chain(loaded.plan, measure) if o.kind != "section")
        # The id never changes with the text: follow-up and later cycles refer to it.
        assert measure.id == f"{owner.id}-m{measure.obj.number}", measure.id


def test_measures_are_numbered_one_to_n_per_objective_and_per_phenomenon(
    loaded: LoadResult,
) -> None:
    series: dict[str, list[int]] = {}
    for measure in nodes(loaded, "measure"):
        owner = next(o for o in owner_chain(loaded.plan, measure) if o.kind != "section")
        series.setdefault(owner.id, []).append(measure.obj.number)
    for owner, numbers in series.items():
        assert numbers == list(range(1, len(numbers) + 1)), owner
    by_id = {m.id: m for m in nodes(loaded, "measure")}
    assert measure_number(loaded.plan, by_id["georganiseerde-criminaliteit-sd1-m3"]) == "2.2.2.1.3"
    assert measure_number(loaded.plan, by_id["drugs-m5"]) == "2.3.3.5"


def test_measures_keep_the_split_of_the_text(loaded: LoadResult) -> None:
    """Lead, text and details as the text has them: spot checks against the source."""
    by_id = {m.id: m.obj for m in nodes(loaded, "measure")}
    assert by_id["georganiseerde-criminaliteit-sd1-m6"].lead.get("nl") == "Hiertoe zal onder meer:"
    assert by_id["drugs-m9"].lead.get("nl") == "Inzake project- en planmatige aanpak:"
    assert by_id["drugs-m1"].lead is None  # Its introduction stays in the body.
    nested = by_id["radicalisering-terrorisme-m1"].text.get("nl") or ""
    assert nested.count("\n- ") == 6  # Its six nested items stay in it.
    details = by_id["publieke-ruimte-sd2-m2"].details
    assert details is not None and "GPI44ter" in (details.get("nl") or "")
    objectives = {o.id: o.obj for o in nodes(loaded, "objective")}
    closing = objectives["georganiseerde-criminaliteit-sd1"].closing
    assert closing is not None and (closing.get("nl") or "").startswith("Deze doelstelling")


def test_no_objective_or_approach_keeps_a_list_item_in_its_own_text(loaded: LoadResult) -> None:
    """Every top-level item became a measure; what is left are paragraphs."""
    from nvptool.blocks import top_level_items

    owners = [*nodes(loaded, "objective"), *nodes(loaded, "section")]
    for node in owners:
        if node.kind == "section" and node.obj.kind != "approach":
            continue
        for field in ("body", "closing"):
            text = getattr(node.obj, field)
            assert not top_level_items(text.get("nl") or "" if text else ""), (node.id, field)
            assert not top_level_items(text.get("fr") or "" if text else ""), (node.id, field)
