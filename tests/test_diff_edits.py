"""nvptool diff on the real plan, as a writer edits it and a reviewer reads it.

Each test copies plan/ into a fresh git repository, makes one ordinary edit,
and runs `nvptool diff` against HEAD: the kind of change reported, the objects
named (by number and title, never by bare id) and nothing spurious besides.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT
from conftest import run_nvptool as nvptool
from gitrepo import git
from ruamel.yaml import YAML

from nvptool.blocks import measure_item

CYCLE = "plan/cycles/nvp-2022-2025"
DRUGS = f"{CYCLE}/phenomena/03-drugs.yaml"
ORGANISED = f"{CYCLE}/themes/2-georganiseerde-criminaliteit.yaml"
VIOLENCE = f"{CYCLE}/phenomena/02-intrafamiliaal-seksueel-geweld.yaml"
VIOLENCE_ID = "intrafamiliaal-seksueel-geweld"
SITUATION = f"{VIOLENCE_ID}-situatie-intrafamiliaal-geweld"

Data = dict[str, Any]
ROUND_TRIP = YAML()
ROUND_TRIP.width = 10_000


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The real plan, committed in a repository of its own."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "plan", repo / "plan")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "plan")
    return repo


def change(repo: Path, name: str, edit: Callable[[Data], None]) -> None:
    """Edit one plan file as data (the diff compares objects, not the layout of files)."""
    path = repo / name
    data = ROUND_TRIP.load(path.read_text(encoding="utf-8"))
    edit(data)
    with path.open("w", encoding="utf-8") as out:
        ROUND_TRIP.dump(data, out)


def section(data: Data, section_id: str) -> Data:
    def walk(sections: list[Data]) -> Data | None:
        for found in sections:
            if found["id"] == section_id:
                return found
            inner = walk(found.get("sections", []))
            if inner is not None:
                return inner
        return None

    found = walk(data["sections"])
    assert found is not None, section_id
    return found


def paragraphs(node: Data) -> list[str]:
    return str(node["body"]["nl"]).split("\n\n")


def set_paragraphs(node: Data, found: list[str]) -> None:
    node["body"]["nl"] = "\n\n".join(found)


def objective(data: Data, number: int) -> Data:
    [found] = [o for o in data["objectives"] if o["number"] == number]
    return found


def diff_json(repo: Path, *args: str) -> Data:
    done = nvptool("diff", "--format", "json", *args, cwd=repo)
    assert done.returncode == 0, done.stderr
    document: Data = json.loads(done.stdout)
    return document


def kinds(document: Data) -> list[tuple[str, list[str]]]:
    """Each changed object as (kind, its kinds of change): what a reviewer sees at a glance."""
    return [(c["kind"], c["changes"]) for c in document["changes"]]


def test_reordered_paragraphs_are_one_move(repo: Path) -> None:
    def edit(data: Data) -> None:
        node = section(data, SITUATION)
        found = paragraphs(node)
        found[1], found[2] = found[2], found[1]
        set_paragraphs(node, found)

    change(repo, VIOLENCE, edit)
    document = diff_json(repo)
    assert kinds(document) == []  # Nothing rewritten word by word.
    [move] = document["moves"]
    assert move["origin"]["object_id"] == move["destination"]["object_id"] == SITUATION
    assert move["destination"]["label"] == "Intrafamiliaal geweld"
    assert move["destination"]["parent"] == "Huidige situatie en evolutie"
    assert (move["origin"]["position"], move["destination"]["position"]) in {(2, 3), (3, 2)}
    assert move["words"] == []
    text = nvptool("diff", cwd=repo).stdout
    assert "wordt alinea" in text and SITUATION not in text


def test_a_paragraph_moved_to_another_section_is_one_move(repo: Path) -> None:
    def edit(data: Data) -> None:
        source, target = (
            section(data, SITUATION),
            section(data, f"{VIOLENCE_ID}-situatie-seksueel-geweld"),
        )
        found = paragraphs(source)
        moved = found.pop(3)
        set_paragraphs(source, found)
        set_paragraphs(target, [*paragraphs(target), moved])

    change(repo, VIOLENCE, edit)
    document = diff_json(repo)
    assert kinds(document) == []
    [move] = document["moves"]
    assert (move["origin"]["label"], move["origin"]["position"]) == ("Intrafamiliaal geweld", 4)
    assert (move["destination"]["label"], move["destination"]["position"]) == ("Seksueel geweld", 3)
    markdown = nvptool("diff", "--format", "markdown", cwd=repo).stdout
    assert (
        "alinea 4 van deel Intrafamiliaal geweld (in deel Huidige situatie en evolutie) → "
        "alinea 3 van deel Seksueel geweld (in deel Huidige situatie en evolutie)"
    ) in markdown


def test_a_paragraph_moved_and_edited_is_a_move_with_its_word_diff(repo: Path) -> None:
    def edit(data: Data) -> None:
        source = section(data, SITUATION)
        target = section(data, f"{VIOLENCE_ID}-situatie-seksueel-geweld")
        found = paragraphs(source)
        moved = found.pop(3).replace("37 457 feiten", "37 458 feiten")
        set_paragraphs(source, found)
        set_paragraphs(target, [moved, *paragraphs(target)])

    change(repo, VIOLENCE, edit)
    document = diff_json(repo)
    assert kinds(document) == []
    [move] = document["moves"]
    assert (move["origin"]["position"], move["destination"]["position"]) == (4, 1)
    assert [w["text"] for w in move["words"] if w["op"] != "equal"] == ["457", "458"]
    text = nvptool("diff", cwd=repo).stdout
    assert "ook gewijzigd:" in text and "37 [-457-]{+458+} feiten" in text
    french = nvptool("diff", "--lang", "fr", cwd=repo).stdout
    assert "paragraphe 4 de la partie " in french and "paragraphe 1 de la partie " in french


def test_a_measure_moved_between_objectives_is_one_moved_measure(repo: Path) -> None:
    def edit(data: Data) -> None:
        first, second = objective(data, 1), objective(data, 2)
        [moved] = [m for m in first["measures"] if m["id"] == "georganiseerde-criminaliteit-sd1-m3"]
        first["measures"].remove(moved)
        moved["number"] = len(second["measures"]) + 1
        second["measures"].append(moved)

    change(repo, ORGANISED, edit)
    document = diff_json(repo)
    # The measure keeps its id: one object, moved and renumbered; its text went nowhere.
    assert kinds(document) == [("measure", ["renumbered", "moved"])]
    [moved] = document["changes"]
    assert (moved["old_number"], moved["new_number"]) == ("2.2.2.1.3", "2.2.2.2.6")
    assert moved["old_parent"].startswith("1 ") and moved["parent"].startswith("2 ")
    assert document["moves"] == []
    # In French, with the articles a kind takes ("de l’objectif" read "de objectif").
    french = nvptool("diff", "--lang", "fr", cwd=repo).stdout
    assert "(dans l’objectif 2 " in french and "déplacé depuis l’objectif 1 " in french


def test_a_measure_edit_names_the_measure_by_its_number(repo: Path) -> None:
    def edit(data: Data) -> None:
        [found] = [m for m in objective(data, 1)["measures"] if m["number"] == 3]
        found["text"]["nl"] = str(found["text"]["nl"]).replace("activa", "activa, de cryptomunten")

    change(repo, ORGANISED, edit)
    document = diff_json(repo)
    assert kinds(document) == [("measure", ["modified"])]
    assert document["changes"][0]["label"] == "2.2.2.1.3"
    text = nvptool("diff", cwd=repo).stdout
    assert "~ maatregel 2.2.2.1.3 (in doelstelling 1 Beeldvorming – diagnostiek)" in text
    assert "een overzicht van de [-activa-]{+activa, de cryptomunten+} en het patrimonium" in text
    markdown = nvptool("diff", "--format", "markdown", cwd=repo).stdout
    assert (
        "- maatregel 2.2.2.1.3 (in doelstelling 1 Beeldvorming – diagnostiek): *tekst*" in markdown
    )


def test_a_split_that_keeps_the_id_names_both_parts_and_the_text(repo: Path) -> None:
    def edit(data: Data) -> None:
        node = section(data, SITUATION)
        found = paragraphs(node)
        set_paragraphs(node, found[:2])
        node["sections"] = [
            {
                "id": "ifg-cijfers",
                "title": {"nl": "Cijfers"},
                "body": {"nl": "\n\n".join(found[2:])},
            }
        ]

    change(repo, VIOLENCE, edit)
    document = diff_json(repo)
    assert kinds(document) == [("section", ["split"])]
    [split] = document["changes"]
    assert split["label"] == "Intrafamiliaal geweld"
    assert [p["label"] for p in split["pieces"]] == ["Intrafamiliaal geweld", "Cijfers"]
    assert [len(p["texts"]) for p in split["pieces"]] == [0, 2]
    assert document["moves"] == []
    text = nvptool("diff", cwd=repo).stdout
    assert "opgesplitst in deel Intrafamiliaal geweld en deel Cijfers" in text
    assert "naar deel Cijfers" in text and "In 2020 werden door de politiediensten" in text


def test_a_split_into_new_ids_is_one_split(repo: Path) -> None:
    def edit(data: Data) -> None:
        parent = section(data, f"{VIOLENCE_ID}-situatie")
        old = section(data, SITUATION)
        found = paragraphs(old)
        index = parent["sections"].index(old)
        parent["sections"][index : index + 1] = [
            {"id": "ifg-covid", "title": {"nl": "Tijdens de crisis"},
             "body": {"nl": "\n\n".join(found[:2])},
             **{key: old[key] for key in ("citations", "figures") if key in old}},
            {"id": "ifg-cijfers", "title": {"nl": "Cijfers"},
             "body": {"nl": "\n\n".join(found[2:])}},
        ]  # fmt: skip

    change(repo, VIOLENCE, edit)
    document = diff_json(repo)
    assert kinds(document) == [("section", ["split"])]
    [split] = document["changes"]
    assert split["label"] == "Intrafamiliaal geweld"
    assert split["related"] == ["ifg-covid", "ifg-cijfers"]
    assert [len(p["texts"]) for p in split["pieces"]] == [2, 2]


def test_two_sections_merged(repo: Path) -> None:
    def edit(data: Data) -> None:
        parent = section(data, f"{VIOLENCE_ID}-politieaanpak")
        kept = section(data, f"{VIOLENCE_ID}-politieaanpak-opleidingen")
        gone = section(data, f"{VIOLENCE_ID}-politieaanpak-netwerken")
        set_paragraphs(kept, [*paragraphs(kept), *paragraphs(gone)])
        parent["sections"].remove(gone)

    change(repo, VIOLENCE, edit)
    document = diff_json(repo)
    assert kinds(document) == [("section", ["merged"])]
    [merged] = document["changes"]
    assert merged["label"] == "Opleidingen"
    assert [p["label"] for p in merged["pieces"]] == ["Opleidingen", "Netwerken"]
    assert [len(p["texts"]) for p in merged["pieces"]] == [0, 1]
    assert document["moves"] == []


def test_a_renamed_title_is_a_word_diff(repo: Path) -> None:
    def edit(data: Data) -> None:
        data["title"]["nl"] = "Drugs en verdovende middelen"

    change(repo, DRUGS, edit)
    document = diff_json(repo)
    assert kinds(document) == [("phenomenon", ["modified"])]
    [title] = document["changes"][0]["fields"]
    assert title["field"] == "title"
    assert [w for w in title["words"] if w["op"] == "insert"] == [
        {"op": "insert", "text": " en verdovende middelen"}
    ]
    assert document["changes"][0]["label"] == "2.3.3 Drugs en verdovende middelen"
    [french] = document["translations"]
    assert [s["field"] for s in french["stale"]] == ["title"]


def test_a_renumbered_phenomenon(repo: Path) -> None:
    def edit(data: Data) -> None:
        data["number"] = "2.3.16"

    change(repo, DRUGS, edit)
    document = diff_json(repo)
    assert kinds(document) == [("phenomenon", ["renumbered"])]
    assert document["changes"][0]["label"] == "2.3.16 Drugs"
    assert document["translations"][0]["stale"] == []


def replace_everywhere(repo: Path, old: str, new: str) -> None:
    """A word replaced in every Dutch text of the plan, as a search-and-replace would."""
    pattern = re.compile(rf"\b{old}\b")

    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: pattern.sub(new, v) if k == "nl" and isinstance(v, str) else walk(v)
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [walk(item) for item in value]
        return value

    for path in sorted((repo / CYCLE).rglob("*.yaml")):
        name = str(path.relative_to(repo))
        change(repo, name, lambda data: data.update(walk(dict(data))))


def test_a_mass_replacement_is_word_edits_only(repo: Path) -> None:
    replace_everywhere(repo, "van", "vanuit")
    document = diff_json(repo)
    assert {tuple(c) for _, c in kinds(document)} == {("modified",)}
    assert document["moves"] == []
    for c in document["changes"]:
        for f in c["fields"]:
            for run in (*f["words"], *(w for b in f["blocks"] for w in b["words"])):
                assert run["op"] == "equal" or "van" in run["text"], run


class GitHubMarkdown:
    """GitHub's own renderer (cmark-gfm): tables, strikethrough, the addresses it links by
    itself, task lists, and raw HTML passed (GitHub's sanitizer keeps <ins> and <del>)."""

    def render(self, markdown: str) -> str:
        import cmarkgfm
        from cmarkgfm.cmark import Options

        return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


def gfm() -> GitHubMarkdown:
    return GitHubMarkdown()


def visible(html: str) -> str:
    """The text a reader sees in rendered HTML."""
    import html as entities

    return entities.unescape(re.sub(r"<[^>]+>", "", html))


def test_markdown_is_a_budgeted_summary_that_github_renders_literally(repo: Path) -> None:
    replace_everywhere(repo, "van", "vanuit")
    done = nvptool("diff", "--format", "markdown", cwd=repo)
    assert done.returncode == 0, done.stderr
    markdown = done.stdout
    assert len(markdown) <= 60_000
    full = nvptool("diff", "--format", "markdown", "--max-chars", "0", cwd=repo).stdout
    assert len(full) > 65_536  # The budget is what keeps it under GitHub's limit.
    html = gfm().render(markdown)
    assert html.index("<table>") < html.index("<ul>")  # The summary first.
    assert "<details" not in markdown
    assert "modified" not in markdown
    assert "zijn weggelaten om onder 60\u202f000 tekens te blijven" in visible(html)
    assert "nvptool diff --format markdown --max-chars 0" in visible(html)
    assert re.search(r"<td>gewijzigd</td>\s*<td[^>]*>\d+</td>", html)
    # The note repeats the command's own sides and options: run as it says, it showed
    # the working tree against HEAD in Dutch, whatever was asked.
    french = nvptool("diff", "HEAD", "--format", "markdown", "--lang", "fr", cwd=repo).stdout
    assert "`nvptool diff HEAD --lang fr --format markdown --max-chars 0`" in french


HOSTILE = (
    "Zie *dit* en _nieuw_ met `code`, <b>vet</b> &amp; [link](http://x) @fedpol-dja #12 ~x~"
    " !7 %sprint $x$ | cel | www.example.org https://example.org/p.png info@example.org :+1:"
)


def test_plan_text_shows_literally_and_links_nobody(repo: Path) -> None:
    def edit(data: Data) -> None:
        node = section(data, SITUATION)
        found = paragraphs(node)
        found[0] = f"{found[0]} {HOSTILE}"
        found[1] = found[1].replace(" ", " Algemeen beeld ", 1)
        set_paragraphs(node, found)

    change(repo, VIOLENCE, edit)
    markdown = nvptool("diff", "--format", "markdown", cwd=repo).stdout
    html = gfm().render(markdown)
    [inserted] = re.findall(r"<ins>(Zie .*?)</ins>", html)
    # No markup made of plan text, not even a link of a bare address (the site links none).
    assert "<" not in inserted.replace("&lt;", "")
    assert visible(inserted).replace("\u200d", "") == HOSTILE
    # GitHub and GitLab link mentions and references in the rendered text (html-pipeline's
    # MentionFilter: a non-word character, @, then a letter or digit); a joiner breaks them.
    for linked in (r"(?:^|\W)@[a-z0-9]", r"(?:^|\W)[#!&]\d", r"(?:^|\W)[~%]\w"):
        assert not re.search(linked, visible(html), re.IGNORECASE), linked
    assert "Vanuit <ins>Algemeen beeld</ins> hulpverleningsorganisaties" in html  # Spaces kept.


def test_french_diff_has_no_english_or_dutch_word(repo: Path) -> None:
    def edit(data: Data) -> None:
        data["title"]["nl"] = "Drugs en verdovende middelen"
        data["number"] = "2.3.16"
        node = section(data, "drugs-politieaanpak")
        found = paragraphs(node)
        found[0] = found[0] + " Nieuw."
        set_paragraphs(node, found)

    change(repo, DRUGS, edit)
    interface = yaml.safe_load((ROOT / "templates/i18n/fr.yaml").read_text("utf-8"))["diff"]
    for fmt in ("text", "markdown"):
        shown = nvptool("diff", "--lang", "fr", "--format", fmt, cwd=repo).stdout
        assert "Drogues" in shown  # The phenomenon's French title.
        assert "renuméroté 2.3.3 → 2.3.16" in shown
        assert interface["translations"] in shown
        words = set(re.findall(r"[^\W\d_]+", re.sub(r"</?(ins|del)>", "", shown).lower()))
        plan_words = set(re.findall(r"[^\W\d_]+", (repo / DRUGS).read_text("utf-8").lower()))
        # Every word is the plan's own (its titles and text) or an interface text in French.
        french = set(re.findall(r"[^\W\d_]+", json.dumps(interface, ensure_ascii=False).lower()))
        assert words <= plan_words | french | {"nvptool", "diff", "head", "plan"}, words - (
            plan_words | french
        )
        for english in ("renumbered", "modified", "moved", "paragraph", "matched", "items"):
            assert not re.search(rf"\b{english}\b", shown)
        for dutch in ("hernummerd", "gewijzigd", "alinea", "vertaling", "wijzigingen"):
            assert dutch not in shown.lower()


def test_only_configured_languages_and_formats(repo: Path) -> None:
    unknown = nvptool("diff", "--lang", "de", cwd=repo)
    assert unknown.returncode == 2 and "the plan's languages are nl, fr" in unknown.stderr
    wrong = nvptool("diff", "--format", "html", cwd=repo)
    assert wrong.returncode == 2 and "formats: text, markdown, json" in wrong.stderr


def test_a_page_gets_the_same_result_from_two_loaded_plans(repo: Path) -> None:
    """between() is what a site page or report calls: values in, a DiffResult out."""
    from nvptool.diff.compare import between
    from nvptool.load.plan import load_plan

    before = load_plan(repo / "plan").plan

    def edit(data: Data) -> None:
        data["title"]["nl"] = "Drugs en verdovende middelen"

    change(repo, DRUGS, edit)
    result = between(before, load_plan(repo / "plan").plan, "v1", "werkversie", lang="fr")
    [changed] = result.changes
    assert (changed.kind, changed.label) == ("phenomenon", "2.3.3 Drogues")
    assert (result.old, result.new, result.lang) == ("v1", "werkversie", "fr")


def folded(owner: Data, lang: str) -> str:
    """An owner's text as one body again, its measures list items: the plan before v0.3."""

    def words(text: Data | None) -> str:
        if text is None:
            return ""
        value = text[lang]
        return str(value if isinstance(value, str) else value["text"])

    out = words(owner["body"])
    after_item = False
    for measure in owner["measures"]:
        if "lead" in measure:
            out, after_item = out + "\n\n" + words(measure["lead"]), False
        out += ("\n" if after_item else "\n\n") + measure_item(words(measure["text"]))
        after_item = True
        if "details" in measure:
            out, after_item = out + "\n\n" + words(measure["details"]), False
    return out + ("\n\n" + words(owner["closing"]) if "closing" in owner else "")


def unmeasured(data: Data) -> None:
    """Every measure folded back into its objective's or approach section's body."""
    owners = list(data.get("objectives", []))
    stack = list(data.get("sections", []))
    while stack:
        found = stack.pop()
        owners.append(found)
        stack.extend(found.get("sections", []))
    for owner in owners:
        if not owner.get("measures"):
            continue
        owner["body"]["nl"] = folded(owner, "nl")
        owner["body"]["fr"]["text"] = folded(owner, "fr")
        del owner["measures"]
        owner.pop("closing", None)


def test_the_diff_from_a_plan_before_measures_shows_each_split_into_its_measures(
    repo: Path,
) -> None:
    for name in (ORGANISED, DRUGS):
        change(repo, name, unmeasured)
    git(repo, "commit", "-qam", "before measures")
    git(repo, "checkout", "-q", "HEAD~1", "--", "plan")
    git(repo, "commit", "-qam", "measures")
    document = diff_json(repo, "HEAD~1", "HEAD")
    splits = {c["label"]: c for c in document["changes"] if "split" in c["changes"]}
    assert len(splits) == 5  # Four objectives and one police approach.
    objective = splits["1 Beeldvorming – diagnostiek"]
    pieces = {p["label"]: p["texts"] for p in objective["pieces"]}
    assert len(pieces) == 10  # The objective itself and its nine measures.
    assert pieces["2.2.2.1.6"][0] == "Hiertoe zal onder meer:"  # A lead goes with its measure.
    assert pieces["2.2.2.1.3"] == [
        "een overzicht van de activa en het patrimonium van die criminele organisaties;"
    ]
    assert "Deze doelstelling draagt bij" in " ".join(pieces["1 Beeldvorming – diagnostiek"])
    text = nvptool("diff", "HEAD~1", "HEAD", cwd=repo).stdout
    assert "opgesplitst in deel Politieaanpak, maatregel 2.3.3.1, maatregel 2.3.3.2" in text
    assert "    naar maatregel 2.3.3.9\n        Inzake project- en planmatige aanpak:" in text
    assert not [c for c in document["changes"] if "removed" in c["changes"]]


@pytest.mark.parametrize(
    ("words", "says"),
    [
        (["nvp-2016-2019", "nosuch"], "'nosuch' is neither a cycle nor a revision"),
        (["nosuch", "nvp-2016-2019"], "'nosuch' is neither a cycle nor a revision"),
        (["plan", "README"], "'README' is neither a directory nor a revision"),
        (["plan", "empty"], "'empty' is not a plan directory: it holds none of nvptool.yaml"),
        (["plan", "shell"], "shell holds no plan files (*.yaml); nothing to compare"),
        (["--plan", "nonexist"], "--plan nonexist: no such directory"),
        (["--plan", "."], "--plan '.' is not a plan directory: it holds none of nvptool.yaml"),
        (["--plan", "plan/nvptool.yaml", "HEAD"], "--plan plan/nvptool.yaml: not a directory"),
        (["HEAD", "nosuch"], "the revision 'nosuch' is not in this repository"),
    ],
)
def test_a_diff_that_cannot_be_made_names_the_word_at_fault(
    repo: Path, words: list[str], says: str
) -> None:
    (repo / "empty").mkdir()
    (repo / "empty" / "notes.yaml").write_text("a: 1\n", "utf-8")  # Not a plan for a YAML file.
    (repo / "shell" / "cycles").mkdir(parents=True)
    done = nvptool("diff", *words, cwd=repo)
    assert done.returncode == 2, done.stdout
    assert says in done.stderr and "Traceback" not in done.stderr


def test_a_line_break_markdown_keeps_is_an_edit(repo: Path) -> None:
    """Two spaces at a line's end make a <br> in the page; the diff said "no changes"."""

    def edit(data: Data) -> None:
        node = section(data, SITUATION)
        found = paragraphs(node)
        words = found[0].split(" ")
        found[0] = " ".join(words[:4]) + "  \n" + " ".join(words[4:])
        set_paragraphs(node, found)

    change(repo, VIOLENCE, edit)
    text = nvptool("diff", cwd=repo).stdout
    assert "{+ ¶ +}" in text, text


def test_a_machine_without_git_is_told_so(repo: Path) -> None:
    """Without git, `diff REV` said the plan was not inside a git repository: a CI image
    lacking git sent its maintainers looking at the checkout."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PATH": str(repo / "no-such-folder")}
    done = subprocess.run(
        [sys.executable, "-m", "nvptool", "diff", "HEAD"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 2
    assert "git is not installed (or not on the PATH)" in done.stderr
    assert "not inside a git repository" not in done.stderr
