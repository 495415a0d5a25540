"""nvptool diff: golden diffs of known edits, symmetry, cycles, git revisions, hostile input."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import MINI, ROOT, TESTS, make_plan
from conftest import run_nvptool as nvptool
from gitrepo import git

from nvptool import templates_dir
from nvptool.diff.compare import compare, side
from nvptool.diff.model import Change, DiffResult
from nvptool.diff.render import render
from nvptool.load.plan import load_plan

GOLDEN = TESTS / "golden" / "diff"
PHENOMENON = "cycles/demo/phenomena/1.yaml"
THEME = "cycles/demo/themes/1.yaml"

NEW_PHENOMENON = """kind: phenomenon
id: {id}
number: {number}
title:
  nl: {title}
body:
  nl: {body}
{succession}"""
TRAFFIC = (
    "Verkeersveiligheid verwijst naar alle genomen maatregelen om verkeersongevallen "
    "te voorkomen of om de gevolgen ervan te verminderen."
)
DRUGS = "De productie en de invoer van synthetische drugs blijven in ons land op een hoog niveau."


def edit(plan: Path, name: str, old: str, new: str) -> None:
    path = plan / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def phenomenon(plan: Path, name: str, **fields: str) -> None:
    successors = fields.pop("successors", "")
    fields["succession"] = (
        f"succeeds:\n  predecessors: [{successors}]\n"
        "  basis: editorial\n  reason:\n    nl: Opvolger.\n"
        if successors
        else ""
    )
    (plan / "cycles/demo/phenomena" / name).write_text(NEW_PHENOMENON.format(**fields), "utf-8")


def modified(plan: Path) -> None:
    edit(plan, PHENOMENON, "646 personen op de Belgische", "646 mensen op de Belgische")


def added(plan: Path) -> None:
    phenomenon(plan, "2.yaml", id="drugs", number="2.3.2", title="Drugs", body=DRUGS)


def removed(plan: Path) -> None:
    (plan / PHENOMENON).unlink()


def renamed(plan: Path) -> None:
    edit(plan, THEME, "id: internet\n", "id: internet-en-technologie\n")


def renumbered(plan: Path) -> None:
    edit(plan, THEME, "number: 2.2.1", "number: 2.2.2")


def moved(plan: Path) -> None:
    chapter = plan / "cycles/demo/chapters/1.yaml"
    text = chapter.read_text(encoding="utf-8")
    head, _, rest = text.partition("sections:\n")
    block, _, footnotes = rest.partition("footnotes:\n")
    chapter.write_text(head + "footnotes:\n" + footnotes, encoding="utf-8")
    (plan / "cycles/demo/chapters/2.yaml").write_text(
        'kind: chapter\nid: hoofdstuk-2\nnumber: "2"\nsections:\n' + block, "utf-8"
    )


def mapping(plan: Path) -> None:
    edit(
        plan,
        THEME,
        "  - target: fysieke-veiligheid",
        "  - target: persoonsgebonden-veiligheid\n    basis: editorial\n"
        "    reason:\n      nl: Slachtoffers.\n  - target: fysieke-veiligheid",
    )


def split(plan: Path) -> None:
    (plan / PHENOMENON).unlink()
    phenomenon(
        plan,
        "2.yaml",
        id="verkeersdoden",
        number="2.3.1",
        title="Verkeersdoden",
        body=TRAFFIC,
        successors="verkeersveiligheid",
    )
    phenomenon(
        plan,
        "3.yaml",
        id="verkeersgedrag",
        number="2.3.2",
        title="Verkeersgedrag",
        body="Overdreven snelheid en afleiding.",
        successors="verkeersveiligheid",
    )


def merged(plan: Path) -> None:
    phenomenon(plan, "2.yaml", id="drugs", number="2.3.2", title="Drugs", body=DRUGS)


NEW_MEASURE = """      - id: internet-sd1-m3
        number: 3
        text:
          nl: partners betrekken.
"""


def measure(plan: Path) -> None:
    """One measure edited, one added after it (without a translation yet)."""
    edit(plan, THEME, "          nl: procedures opstellen.", "          nl: procedures opstellen;")
    edit(plan, THEME, "    closing:\n", NEW_MEASURE + "    closing:\n")


EDITS = {
    "measure": measure,
    "modified": modified,
    "added": added,
    "removed": removed,
    "renamed": renamed,
    "renumbered": renumbered,
    "moved": moved,
    "mapping": mapping,
    "split": split,
}


def diff_of(old: Path, new: Path) -> DiffResult:
    return compare(side(load_plan(old).plan, "old"), side(load_plan(new).plan, "new"))


@pytest.mark.parametrize("name", sorted(EDITS))
def test_golden_diff(tmp_path: Path, name: str, update_golden: bool) -> None:
    new = make_plan(tmp_path / "new")
    EDITS[name](new)
    result = diff_of(MINI, new)
    text = render(result, "text", templates_dir())
    golden = GOLDEN / f"{name}.txt"
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"no golden file {golden}; run pytest --update-golden"
    assert text == golden.read_text(encoding="utf-8")
    assert not result.empty


def test_merge_is_a_split_backwards(tmp_path: Path) -> None:
    old = make_plan(tmp_path / "old")
    split(old)
    new = make_plan(tmp_path / "new")
    [change] = [c for c in diff_of(old, new).changes if c.kind == "phenomenon"]
    assert change.changes == (Change.merged,)
    assert sorted(change.related) == ["verkeersdoden", "verkeersgedrag"]


def test_split_by_similarity_without_successor_links(tmp_path: Path) -> None:
    old = make_plan(tmp_path / "old")
    phenomenon(old, "2.yaml", id="x", number="2.3.2", title="X", body=f"{TRAFFIC} {DRUGS}")
    new = make_plan(tmp_path / "new")
    phenomenon(new, "2.yaml", id="a", number="2.3.2", title="A", body=TRAFFIC)
    phenomenon(new, "3.yaml", id="b", number="2.3.3", title="B", body=DRUGS)
    [change] = [c for c in diff_of(old, new).changes if c.kind == "phenomenon"]
    assert change.changes == (Change.split,)
    assert change.related == ("a", "b")
    assert change.method is not None and change.method.value == "similarity"
    assert change.score is not None and change.score >= 90


def test_a_plan_against_itself_is_empty(mini_plan: Path) -> None:
    assert diff_of(MINI, mini_plan).empty
    assert diff_of(ROOT / "plan", ROOT / "plan").empty


@pytest.mark.parametrize("name", sorted(EDITS))
def test_swapping_sides_inverts_every_change(tmp_path: Path, name: str) -> None:
    new = make_plan(tmp_path / "new")
    EDITS[name](new)
    forward = diff_of(MINI, new).count()
    backward = diff_of(new, MINI).count()
    inverse = {"added": "removed", "removed": "added", "split": "merged", "merged": "split"}
    assert {inverse.get(k, k): n for k, n in forward.items()} == backward


def test_json_is_plain_data(tmp_path: Path) -> None:
    new = make_plan(tmp_path / "new")
    mapping(new)
    document = json.loads(render(diff_of(MINI, new), "json", templates_dir()))
    assert document["summary"] == {"added": 1}
    [change] = document["changes"]
    assert change["kind"] == "mapping"
    assert change["target"] == "1 Persoonsgebonden veiligheid"
    assert "\x1b" not in json.dumps(document)


def test_markdown_puts_the_summary_first(tmp_path: Path) -> None:
    new = make_plan(tmp_path / "new")
    modified(new)
    mapping(new)
    markdown = render(diff_of(MINI, new), "markdown", templates_dir())
    assert markdown.index("| Wijziging | Aantal |") < markdown.index("- **")
    assert "<details>" not in markdown
    assert "thema 2.2.1 Internet dient nu ook 1 Persoonsgebonden veiligheid" in markdown
    assert "646 <del>personen</del><ins>mensen</ins> op" in markdown


def test_whole_values_read_well_when_one_side_has_none(tmp_path: Path) -> None:
    new = make_plan(tmp_path / "new")
    path = new / PHENOMENON
    text = path.read_text("utf-8")
    text = text.replace(
        "  fr:\n    text: Sécurité routière\n    state: machine\n    source: c121c3c0652f\n", "", 1
    )
    path.write_text(text.replace("Verkeersveiligheid\n", "Verkeers`veiligheid`\n", 1), "utf-8")
    result = diff_of(MINI, new)
    markdown = render(result, "markdown", templates_dir())
    assert "*titel (fr)*: Sécurité routière → *(geen)*" in markdown
    assert "Verkeers\\`veiligheid\\`" in markdown  # A backtick is no code span.
    assert "titel (fr): Sécurité routière → (geen)" in render(result, "text", templates_dir())


def test_a_translation_changed_late_in_a_long_text_shows_the_words_that_changed(
    tmp_path: Path,
) -> None:
    """Both sides of a long translation were cut at the same length: they read alike."""
    new = make_plan(tmp_path / "new")
    before = "En 2019, 646 personnes sont décédées sur les routes belges."
    padding = " Elles circulaient en voiture, à vélo ou à pied." * 6
    old = make_plan(tmp_path / "old")
    for plan, ending in ((old, " Fin."), (new, " Fin provisoire.")):
        file = plan / PHENOMENON
        text = file.read_text("utf-8")
        file.write_text(text.replace(before, before + padding + ending, 1), "utf-8")
    result = diff_of(old, new)
    markdown = render(result, "markdown", templates_dir())
    assert (
        "*tekst (fr)*: … en voiture, à vélo ou à pied. <del>Fin.</del><ins>Fin provisoire.</ins>"
        in markdown
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    plan = make_plan(repo)  # repo/plan
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first")
    modified(plan)
    git(repo, "commit", "-qam", "second")
    git(repo, "tag", "v2")
    return repo


def test_revisions_are_read_from_git(repo: Path) -> None:
    done = nvptool("diff", "HEAD~1", "v2", cwd=repo)
    assert done.returncode == 0, done.stderr
    assert "[-personen-]{+mensen+}" in done.stdout
    assert nvptool("diff", "HEAD~1", "HEAD", "--exit-code", cwd=repo).returncode == 1
    assert "Geen wijzigingen" in nvptool("diff", cwd=repo).stdout  # Working tree against HEAD.
    renamed(repo / "plan")
    assert "id internet → internet-en-technologie" in nvptool("diff", cwd=repo).stdout
    assert "andere id" in nvptool("diff", "main:plan", cwd=repo).stdout


def test_a_plan_that_is_its_repository_is_read_from_git(tmp_path: Path) -> None:
    """The plan's folder may be the repository itself (plan files at its root)."""
    plan = make_plan(tmp_path)
    git(plan, "init", "-q", "-b", "main")
    git(plan, "add", "-A")
    git(plan, "commit", "-qm", "first")
    built = nvptool("build", ".", "--out", tmp_path / "site", "--since", "HEAD", cwd=plan)
    assert built.returncode == 0, built.stderr
    modified(plan)
    git(plan, "commit", "-qam", "second")
    done = nvptool("diff", "HEAD~1", "HEAD", "--plan", ".", cwd=plan)
    assert done.returncode == 0, done.stderr
    assert "[-personen-]{+mensen+}" in done.stdout


def test_two_revisions_read_nothing_of_the_working_tree(repo: Path) -> None:
    """Only the two revisions are read: a half-edited working tree does not stand in the way."""
    (repo / "plan" / "cycles" / "demo" / "broken.yaml").write_text("kind: [unclosed\n", "utf-8")
    done = nvptool("diff", "HEAD~1", "HEAD", cwd=repo)
    assert done.returncode == 0, done.stderr
    assert "[-personen-]{+mensen+}" in done.stdout
    working = nvptool("diff", cwd=repo)  # The working tree itself is read, and refused.
    assert working.returncode == 2 and "broken.yaml" in working.stderr


def test_cycles_of_one_plan(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    other = plan / "cycles" / "next"
    (other / "phenomena").mkdir(parents=True)
    (other / "cycle.yaml").write_text(
        "kind: cycle\nid: next\ntitle: {nl: Volgend}\nperiod: {start: 2026, end: 2029}\n"
        "status: draft\npredecessor: demo\n",
        "utf-8",
    )
    (other / "phenomena" / "1.yaml").write_text(
        (plan / PHENOMENON)
        .read_text("utf-8")
        .replace(
            "id: verkeersveiligheid\n",
            "id: verkeer\nsucceeds:\n  predecessors: [verkeersveiligheid]\n"
            "  basis: editorial\n  reason: {nl: Opvolger.}\n",
        ),
        "utf-8",
    )
    done = nvptool("diff", "demo", "next", "--plan", str(plan))
    assert done.returncode == 0, done.stderr
    assert (
        "id verkeersveiligheid → verkeer (gevonden volgens de opvolgingsgegevens, 100% zeker)"
    ) in done.stdout
    assert "- thema 2.2.1 Internet" in done.stdout


def test_only_keeps_one_kind_and_refuses_a_kind_that_does_not_exist(mini_plan: Path) -> None:
    edited = mini_plan.parent / "edited"
    shutil.copytree(mini_plan, edited)
    path = edited / PHENOMENON
    path.write_text(path.read_text("utf-8").replace("Verkeersveiligheid", "Verkeer"), "utf-8")
    done = nvptool("diff", mini_plan, edited, "--only", "theme")
    assert done.returncode == 0 and "Geen wijzigingen" in done.stdout
    assert "fenomeen" in nvptool("diff", mini_plan, edited, "--only", "phenomenon").stdout
    typo = nvptool("diff", mini_plan, edited, "--only", "phenomena")
    assert typo.returncode == 2
    assert "no object is of that kind; did you mean 'phenomenon'?" in typo.stderr


@pytest.mark.parametrize(
    "hostile",
    ["--output=/tmp/x", "-p", "HEAD;rm -rf /", "$(id)", "HEAD..main", "a b", "`id`", "HEAD\nx"],
)
def test_hostile_revisions_are_refused(repo: Path, hostile: str) -> None:
    done = nvptool("diff", "--", hostile, cwd=repo)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def test_a_missing_base_says_how_to_fetch_it(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)],
        check=True,
        capture_output=True,
    )
    done = nvptool("diff", "HEAD~1", cwd=clone)
    assert done.returncode == 2
    assert "shallow clone" in done.stderr
    assert "git fetch" in done.stderr


def test_measures_are_objects_named_by_their_number(tmp_path: Path) -> None:
    new = make_plan(tmp_path / "new")
    measure(new)
    edited, added = diff_of(MINI, new).changes
    assert (edited.kind, edited.label, edited.changes) == (
        "measure",
        "2.2.1.1.2",
        (Change.modified,),
    )
    [text] = [f for f in edited.fields if f.language == "nl"]
    [block] = text.blocks
    assert (block.op, block.block, block.position) == ("modified", "paragraph", 1)
    assert (added.kind, added.label, added.changes) == ("measure", "2.2.1.1.3", (Change.added,))
    assert added.parent == "1 Beeldvorming"


def test_hidden_characters_of_a_text_are_shown_not_obeyed(tmp_path: Path) -> None:
    new = make_plan(tmp_path / "new")
    path = new / PHENOMENON
    path.write_text(
        path.read_text("utf-8").replace(
            "  nl: Verkeersveiligheid\n", '  nl: "Verkeers\\e[2Jveilig\\u202eheid"\n', 1
        ),
        "utf-8",
    )
    result = diff_of(MINI, new)
    for fmt, shown_as in (
        ("text", "Verkeers\\x1b[2Jveilig\\u202eheid"),
        ("markdown", "Verkeers\\x1b\\[2Jveilig\\u202eheid"),  # [ escaped for Markdown.
    ):
        shown = render(result, fmt, templates_dir(), colour=True)
        assert shown_as in shown
        assert "\x1b[2J" not in shown and "\u202e" not in shown
    assert "\x1b[31m" in render(result, "text", templates_dir(), colour=True)  # Its own colours.


def test_the_diff_templates_hold_no_words_of_their_own() -> None:
    """Every word a reader sees comes from the interface texts, so --lang changes them all."""
    for template in sorted((templates_dir() / "diff").glob("*.j2")):
        source = template.read_text(encoding="utf-8")
        literal = re.sub(r"\{##.*?##\}|\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}", "", source, flags=re.S)
        literal = re.sub(r"</?(?:ins|del)>", "", literal)
        assert not re.findall(r"[A-Za-z]{2,}", literal), template.name
        # Nor punctuation that a language sets its own way (French: "texte, point 2 :").
        assert not re.findall(r"(?<![-|]):", literal.replace("---:", "")), template.name


def test_every_language_names_every_kind_field_and_change() -> None:
    import inspect

    from pydantic import BaseModel

    import nvptool.model.content
    import nvptool.model.cycle
    import nvptool.model.reference
    from nvptool.diff.describe import BOOKKEEPING
    from nvptool.diff.render import interface_texts
    from nvptool.diff.settings import KIND as SETTINGS
    from nvptool.model.content import Basis, SectionKind
    from nvptool.model.cycle import CycleStatus, EventKind
    from nvptool.model.text import TranslationState
    from nvptool.plan import OBJECT_KINDS

    fields = {
        name
        for module in (nvptool.model.content, nvptool.model.cycle, nvptool.model.reference)
        for _, model in inspect.getmembers(module, inspect.isclass)
        if issubclass(model, BaseModel)
        for name in model.model_fields
    } - BOOKKEEPING
    source = interface_texts(templates_dir(), "nl")
    for lang in ("nl", "fr"):
        texts = interface_texts(templates_dir(), lang)
        assert set(texts) == set(source), lang
        assert set(texts["kinds"]) == {*OBJECT_KINDS, SETTINGS}, lang
        assert fields <= set(texts["fields"]), (lang, fields - set(texts["fields"]))
        assert set(texts["changes"]) == {change.value for change in Change}, lang
        values = {"True", "False", *Basis, *SectionKind, *CycleStatus, *TranslationState}
        values |= set(EventKind)
        assert values <= set(texts["values"]), (lang, values - set(texts["values"]))


def test_a_label_s_colon_is_the_language_s(tmp_path: Path) -> None:
    from nvptool.diff.render import interface_texts

    new = make_plan(tmp_path / "new")
    EDITS["modified"](new)
    result = diff_of(MINI, new)
    french = render(result, "text", templates_dir(), texts=interface_texts(templates_dir(), "fr"))
    assert "\u00a0: " in french  # French sets a no-break space before it.
    assert "\u00a0:" not in render(result, "text", templates_dir())


def test_the_whole_markdown_diff_shows_every_paragraph(tmp_path: Path) -> None:
    """A text rewritten as six paragraphs: the comment within its budget shows four and says
    how many more; --max-chars 0, the whole diff it points to, hid them too (the removed
    sentence among them)."""
    new = make_plan(tmp_path / "new")
    paragraphs = "\n\n".join(f"Nieuwe alinea nummer {n} over de wegen." for n in range(1, 7))
    edit(
        new,
        PHENOMENON,
        "nl: In 2019 stierven 646 personen op de Belgische wegen.",
        "nl: |-\n        " + paragraphs.replace("\n\n", "\n\n        "),
    )
    result = diff_of(MINI, new)
    budgeted = render(result, "markdown", templates_dir())
    whole = render(result, "markdown", templates_dir(), max_chars=0)
    assert "… en nog" in budgeted and "… en nog" not in whole
    assert all(f"alinea nummer {n}" in whole for n in range(1, 7))
    assert "646 personen" in whole


def test_the_whole_diff_shows_a_long_deletion_whole(tmp_path: Path) -> None:
    """Fifty words deleted from a text: the comment shows their start and how many there
    were; the whole diff showed the same, so the words it pointed to were nowhere."""
    long = " ".join(f"woord{n}" for n in range(50))
    old = make_plan(tmp_path / "old")
    edit(old, PHENOMENON, "646 personen op de Belgische wegen.", f"646 personen. {long}")
    new = make_plan(tmp_path / "new")
    result = diff_of(old, new)
    budgeted = render(result, "markdown", templates_dir())
    whole = render(result, "markdown", templates_dir(), max_chars=0)
    [cut] = [line for line in budgeted.splitlines() if "(geschrapt)" in line]
    [shown] = [line for line in whole.splitlines() if "(geschrapt)" in line]
    assert "woord49" not in cut and cut.endswith(" …")
    assert shown.endswith("woord48 woord49")


def test_french_punctuation_takes_its_space_in_the_diff_s_words(tmp_path: Path) -> None:
    """Before ; : ? ! » and after «, as on the site; the plan's own text as it is written."""
    from nvptool.diff.render import interface_texts

    new = make_plan(tmp_path / "new")
    EDITS["renamed"](new)
    result = diff_of(MINI, new)
    french = interface_texts(templates_dir(), "fr")
    for fmt in ("text", "markdown"):
        shown = render(result, fmt, templates_dir(), texts=french)
        assert "Internet\u00a0; identifiant internet → internet-en-technologie" in shown
        assert "certitude 100\u00a0%" in shown
        assert " ;" not in shown and " :" not in shown and "« " not in shown
        assert "; " in render(result, fmt, templates_dir()) and "\u00a0" not in render(
            result, fmt, templates_dir()
        )


def test_a_record_s_values_are_said_in_words(tmp_path: Path) -> None:
    """A basis with where it was seen is one value of the diff: its basis in words too."""
    new = make_plan(tmp_path / "new")
    glossary = new / "reference" / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text.replace("basis: stated", "basis: editorial", 1), "utf-8")
    shown = render(diff_of(MINI, new), "text", templates_dir())
    assert "in de tekst · hoofdstuk 1, line 3" in shown
    assert "→ redactioneel · hoofdstuk 1, line 3" in shown
    assert "stated" not in shown and "editorial" not in shown


def test_counts_take_the_form_of_their_number() -> None:
    from nvptool.diff.render import plural

    forms = {"one": "supprimé", "other": "supprimés"}
    assert [plural(forms, n, zero_is_one=True) for n in (0, 1, 2)] == [
        "supprimé",
        "supprimé",
        "supprimés",
    ]
    assert plural(forms, 0) == "supprimés"  # Dutch and English: 0 takes the plural.
    assert plural("nieuw", 5) == "nieuw"


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_every_field_of_the_plan_has_a_name_in_each_language(lang: str) -> None:
    """The diff names a changed field in the reader's words; a field without one was shown
    by its YAML key ("indicateur …: *method*")."""
    import importlib
    import inspect
    import pkgutil

    import pydantic

    import nvptool.model
    from nvptool.interface import read_interface

    fields: set[str] = set()
    modules = [
        f"nvptool.model.{info.name}" for info in pkgutil.iter_modules(nvptool.model.__path__)
    ]
    for name in [*modules, "nvptool.config"]:  # The settings' changes are shown too.
        module = importlib.import_module(name)
        for value in vars(module).values():
            if inspect.isclass(value) and issubclass(value, pydantic.BaseModel):
                fields |= set(value.model_fields)
    named = read_interface(templates_dir(), lang, "nl")["diff"]["fields"]
    assert sorted(fields - set(named)) == []


def test_what_turns_a_rule_off_or_signs_a_translation_off_is_a_change(tmp_path: Path) -> None:
    """A review, a confirmation, a waiver, an ignored rule: no word of the plan changes,
    and each is what a reviewer must see (the diff said "no changes")."""
    new = make_plan(tmp_path / "new")
    edit(
        new,
        PHENOMENON,
        "    state: machine\n    source: c121c3c0652f",
        "    state: reviewed\n    source: c121c3c0652f",
    )
    edit(
        new,
        PHENOMENON,
        "number: 2.3.1\n",
        "number: 2.3.1\nwaivers:\n  - {rule: TR03, reason: Een bewuste keuze.}\n",
    )
    edit(
        new,
        "nvptool.yaml",
        "languages: [nl, fr]\n",
        "languages: [nl, fr]\nrules: {ignore: [RV01]}\n",
    )
    edit(new, "nvptool.yaml", "      mapping: error", "      mapping: warning")
    result = diff_of(MINI, new)
    settings, phenomenon = result.changes
    assert settings.kind == "settings"
    assert [(f.field, f.old, f.new) for f in settings.fields] == [
        ("rules.ignore", None, "RV01"),
        ("profiles.strict.severity", "mapping: error", "mapping: warning"),
    ]
    assert [(f.field, f.language, f.old, f.new) for f in phenomenon.fields] == [
        ("waivers", None, None, "TR03 · Een bewuste keuze."),
        ("title.state", "fr", "machine", "reviewed"),
    ]
    french = compare(side(load_plan(MINI).plan, "old"), side(load_plan(new).plan, "new"), "fr")
    shown = render(french, "markdown", templates_dir())
    assert "**~** paramètres nvptool.yaml" in shown
    assert "*règles, ignorées*\u00a0: *(aucun)* → RV01" in shown
    assert "*titre (fr), état*\u00a0: automatique → relue" in shown


def test_a_translation_confirmed_for_a_new_source_shows_its_fingerprint(tmp_path: Path) -> None:
    new = make_plan(tmp_path / "new")
    edit(new, PHENOMENON, "source: c121c3c0652f", "source: 0123456789ab")
    [change] = diff_of(MINI, new).changes
    assert [(f.field, f.old, f.new) for f in change.fields] == [
        ("title.source", "c121c3c0652f", "0123456789ab")
    ]


def test_a_list_shows_the_items_that_went_and_came(tmp_path: Path) -> None:
    """One event's date of several: the event before and after, not "8 → 8"."""
    new = make_plan(tmp_path / "new")
    cycle = next((new / "cycles/demo").glob("cycle.yaml"))
    text = cycle.read_text(encoding="utf-8")
    assert "date: " in text, "the mini cycle has events"
    dated = re.search(r"date: (\d{4})", text)
    assert dated is not None
    year = dated.group(1)
    cycle.write_text(text.replace(f"date: {year}", f"date: {int(year) + 1}", 1), "utf-8")
    [change] = diff_of(MINI, new).changes
    [events] = change.fields
    assert events.field == "events"
    assert year in (events.old or "") and str(int(year) + 1) in (events.new or "")


def test_hidden_characters_count_in_the_budget_as_their_escapes(tmp_path: Path) -> None:
    """Each is shown as six characters (\\u200b): measured as one, a comment of zero-width
    spaces went four times past its budget, and GitHub refused it."""
    new = make_plan(tmp_path / "new")
    hidden = "\\u200b" * 150
    edit(new, PHENOMENON, "  nl: Verkeersveiligheid\n", f'  nl: "Verkeers{hidden}veiligheid"\n')
    result = diff_of(MINI, new)
    whole = render(result, "markdown", templates_dir(), max_chars=0)
    assert whole.count("\\u200b") >= 100
    budget = len(whole) - 200
    kept = render(result, "markdown", templates_dir(), max_chars=budget)
    assert len(kept) <= budget


def test_an_instrument_under_a_new_id_is_one_renamed_with_its_citations(tmp_path: Path) -> None:
    """Its title too short to be compared, a law under a new id read as a law removed and
    a law added, its citation as one removed and one added, all with the same words."""
    new = make_plan(tmp_path / "new")
    edit(new, "reference/legal.yaml", "  - id: wgp\n", "  - id: wet-politie\n")
    edit(new, "cycles/demo/chapters/1.yaml", "instrument: wgp", "instrument: wet-politie")
    changes = diff_of(MINI, new).changes
    assert [(c.kind, c.changes) for c in changes] == [
        ("citation", (Change.modified,)),
        ("legal-instrument", (Change.renamed,)),
    ]
    assert (changes[1].old_id, changes[1].new_id) == ("wgp", "wet-politie")


def test_a_stale_translation_is_named_with_what_it_stands_in(tmp_path: Path) -> None:
    """Sections of one name stand in many phenomena: "deel Politieaanpak: tekst" twice."""
    new = make_plan(tmp_path / "new")
    edit(new, PHENOMENON, "      nl: Huidige situatie\n", "      nl: De huidige situatie\n")
    [impact] = diff_of(MINI, new).translations
    [stale] = impact.stale
    assert (stale.kind, stale.object_id, stale.parent_kind) == (
        "section",
        "verkeersveiligheid-situatie",
        "phenomenon",
    )
    assert stale.parent == "2.3.1 Verkeersveiligheid"
    shown = render(diff_of(MINI, new), "markdown", templates_dir())
    assert "- deel De huidige situatie (in fenomeen 2.3.1 Verkeersveiligheid): *titel*" in shown


def test_a_comment_that_shortens_a_text_says_where_it_is_whole(tmp_path: Path) -> None:
    """A long new text is shown by its start: the comment says so and where the whole diff
    is, as it does when it leaves changes out (it said nothing)."""
    new = make_plan(tmp_path / "new")
    long = " ".join(f"woord{i}" for i in range(120))
    edit(new, PHENOMENON, "      nl: Huidige situatie\n", f"      nl: Huidige situatie {long}\n")
    result = diff_of(MINI, new)
    shown = render(result, "markdown", templates_dir())
    assert "> Lange teksten en waarden staan hier ingekort (…)." in shown
    assert "--max-chars 0" in shown
    whole = render(result, "markdown", templates_dir(), max_chars=0)
    assert "ingekort" not in whole and "woord119" in whole
