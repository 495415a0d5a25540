"""`nvptool build --since REV`: a page of what changed since a revision or tag.

The real plan is committed and tagged in a repository of its own; a writer
renames a phenomenon, rewords a measure, swaps two paragraphs and splits a
section; the site is built against HEAD (the working tree's edit) and against
the tag (the edit committed). Each time the page names the changed objects by
number and title in its language, shows the inserted and deleted words, the
move, the split and what went stale in French.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI, ROOT
from conftest import run_nvptool as nvptool
from gitrepo import git
from ruamel.yaml import YAML

from nvptool.site.build import build_site

CYCLE = "plan/cycles/nvp-2022-2025"
DRUGS = f"{CYCLE}/phenomena/03-drugs.yaml"
VIOLENCE = f"{CYCLE}/phenomena/02-intrafamiliaal-seksueel-geweld.yaml"
SITUATION = "intrafamiliaal-seksueel-geweld-situatie-intrafamiliaal-geweld"
Data = dict[str, Any]
ROUND_TRIP = YAML()
ROUND_TRIP.width = 10_000


def edit(repo: Path, name: str, change: Callable[[Data], None]) -> None:
    path = repo / name
    data = ROUND_TRIP.load(path.read_text(encoding="utf-8"))
    change(data)
    with path.open("w", encoding="utf-8") as out:
        ROUND_TRIP.dump(data, out)


def rename_and_reword(data: Data) -> None:
    data["title"]["nl"] = "Drugs en verslaving"
    [approach] = [s for s in data["sections"] if s["id"] == "drugs-politieaanpak"]
    [measure] = [m for m in approach["measures"] if m["id"] == "drugs-m9"]
    text = str(measure["text"]["nl"])
    assert "de huidige aanpak met oog op" in text
    measure["text"]["nl"] = text.replace(
        "de huidige aanpak met oog op", "de gevolgde aanpak met oog op"
    )


def split(data: Data) -> None:
    """The measures taken split in two, the first paragraph staying under its id."""
    [situation] = [s for s in data["sections"] if s["id"] == "drugs-situatie"]
    [taken] = [s for s in situation["sections"] if s["id"] == "drugs-genomen-maatregelen"]
    paragraphs = str(taken["body"]["nl"]).split("\n\n")
    taken["body"]["nl"] = paragraphs[0]
    taken["sections"] = [
        {
            "id": "drugs-nieuw-deel",
            "title": {"nl": "Nieuw deel"},
            "body": {"nl": "\n\n".join(paragraphs[1:])},
        }
    ]


def swap(data: Data) -> None:
    def walk(sections: list[Data]) -> Data | None:
        for found in sections:
            if found["id"] == SITUATION:
                return found
            inner = walk(found.get("sections", []))
            if inner is not None:
                return inner
        return None

    node = walk(data["sections"])
    assert node is not None
    paragraphs = str(node["body"]["nl"]).split("\n\n")
    paragraphs[1], paragraphs[2] = paragraphs[2], paragraphs[1]
    node["body"]["nl"] = "\n\n".join(paragraphs)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real plan committed and tagged v1, then edited in the working tree."""
    repo = tmp_path_factory.mktemp("since") / "repo"
    shutil.copytree(ROOT / "plan", repo / "plan")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "plan")
    git(repo, "tag", "v1")
    edit(repo, DRUGS, rename_and_reword)
    edit(repo, DRUGS, split)
    edit(repo, VIOLENCE, swap)
    return repo


def article(site: Path, lang: str) -> str:
    page = (site / lang / "since.html").read_text("utf-8")
    return page[page.index("<article") : page.index("</article>")]


def words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture(scope="module")
def since_head(repo: Path) -> Path:
    done = nvptool("build", "plan", "--out", "site-head", "--since", "HEAD", cwd=repo)
    assert done.returncode == 0, done.stderr
    return repo / "site-head"


@pytest.fixture(scope="module")
def since_tag(repo: Path, since_head: Path) -> Path:
    git(repo, "commit", "-qam", "rename and reorder")
    done = nvptool("build", "plan", "--out", "site-tag", "--since", "v1", cwd=repo)
    assert done.returncode == 0, done.stderr
    return repo / "site-tag"


@pytest.mark.parametrize("which", ["since_head", "since_tag"])
def test_the_page_shows_the_changes_since_the_revision(
    which: str, request: pytest.FixtureRequest
) -> None:
    site: Path = request.getfixturevalue(which)
    revision = "HEAD" if which == "since_head" else "v1"
    nl, fr = article(site, "nl"), article(site, "fr")
    assert f"Wijzigingen sinds {revision}" in nl and f"Modifications depuis {revision}" in fr
    # The changed object by number and title, linked to its page; the inserted words.
    assert 'fenomeen 2.3.3 Drugs en verslaving · <a href="phenomena/drugs.html">' in nl
    assert "Drugs <ins>en verslaving</ins>" in nl
    assert "evaluatie van de <del>huidige</del><ins>gevolgde</ins> aanpak met oog op" in nl
    assert (  # A measure by its number, linked to where its objective or section shows it.
        'maatregel 2.3.3.9 (in deel Politieaanpak) · <a href="phenomena/drugs.html#drugs-m9">' in nl
    )
    assert "phénomène 2.3.3 Drogues" in fr  # Titles in the page's language.
    # The move, from where to where, linked to the section it stands in.
    assert (
        "alinea 3 wordt alinea 2 van deel Intrafamiliaal geweld "
        "(in deel Huidige situatie en evolutie)"
    ) in words(nl)
    assert f'href="phenomena/intrafamiliaal-seksueel-geweld.html#{SITUATION}"' in nl
    # The summary counts and what went stale in French: the title and the two texts.
    summary = words(nl[: nl.index('id="objects"')])
    assert "gewijzigd 2 opgesplitst 1 alinea of punt verplaatst 1" in summary
    assert "Frans 4 2" in summary  # Four sources changed; the new section's title and text.
    # The split: both parts, and the text that went to the new one.
    assert (
        "deel Genomen maatregelen (in deel Huidige situatie en evolutie); opgesplitst in "
        "deel Genomen maatregelen en deel Nieuw deel"
    ) in words(nl)
    assert "naar deel Nieuw deel Inzake kennis en expertise:" in words(nl)
    stale = words(nl[nl.index('id="translations-fr"') :])
    assert "deel Intrafamiliaal geweld: tekst" in stale
    assert "fenomeen 2.3.3 Drugs en verslaving: titel" in stale
    assert "deel Nieuw deel: titel" in stale.split("Nieuwe tekst zonder vertaling:")[1]
    # Linked in the navigation of both languages.
    for lang, title in (("nl", "Wijzigingen sinds"), ("fr", "Modifications depuis")):
        home = (site / lang / "index.html").read_text("utf-8")
        assert re.search(rf'href="since.html"[^>]*>\s*(<span[^>]*>)?\s*{title}', home), lang


def test_a_bad_revision_is_refused_before_anything_is_written(repo: Path) -> None:
    done = nvptool("build", "plan", "--out", "site-bad", "--since", "no-such-tag", cwd=repo)
    assert done.returncode == 2
    assert "--since no-such-tag" in done.stderr and "not in this repository" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (repo / "site-bad").exists()
    assert not list(repo.glob(".site-bad*"))
    done = nvptool("build", "plan", "--out", "site-bad", "--since", "--help", cwd=repo)
    assert done.returncode == 2 and not (repo / "site-bad").exists()


def test_without_since_there_is_no_such_page(tmp_path: Path) -> None:
    build_site(MINI, tmp_path / "site")
    assert not (tmp_path / "site" / "nl" / "since.html").exists()
    assert 'href="since.html"' not in (tmp_path / "site" / "nl" / "index.html").read_text("utf-8")


def test_nothing_changed_since_head_says_so(tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "plan")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "plan")
    build_site(tmp_path / "plan", tmp_path / "site", since="HEAD")
    assert "Geen wijzigingen." in words(article(tmp_path / "site", "nl"))
    assert "Aucune modification." in words(article(tmp_path / "site", "fr"))


def test_the_page_reads_in_its_language_without_the_editors_working_notes(tmp_path: Path) -> None:
    """A basis shown with where it was seen and the editors' note (in their own words, with
    file names and lines); a Dutch definition on the French page unmarked, with French
    spaces set inside it."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "plan", repo / "plan")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "plan")
    glossary = repo / "plan" / "reference" / "glossary.yaml"
    text = glossary.read_text("utf-8")
    note = "general facts about the institution, not taken from the plan"
    assert note in text and "overschrijden en de inning van douanerechten" in text
    text = text.replace(note, "general facts, checked again")
    text = text.replace(
        "overschrijden en de inning van douanerechten",
        "overschrijden; ook de inning van douanerechten",
    )
    glossary.write_text(text, "utf-8")
    done = nvptool("build", "plan", "--out", "site", "--since", "HEAD", cwd=repo)
    assert done.returncode == 0, done.stderr
    fr, nl = article(repo / "site", "fr"), article(repo / "site", "nl")
    for page in (fr, nl):
        assert "checked again" not in page and "The editors" not in page
        assert "&lt;span" not in page
    dutch = fr[fr.index('<span lang="nl">') :]
    assert "overschrijden;" in words(dutch)  # No French space before the semicolon.
    assert "lang=" not in nl.replace('lang="fr"', "")


def test_readers_see_neither_footnote_markers_nor_bases_that_only_moved() -> None:
    """The glossary's one `basis` became `expansion_basis` or `definition_basis`: 429 lines
    said a basis was removed and another added, of the same kind; and texts showed their
    footnote markers ("European Labour Authority[^fn-35]")."""
    from nvptool.diff.model import Change, FieldChange, ObjectChange, Words
    from nvptool.site.since import _for_readers

    change = ObjectChange(
        "term",
        (Change.modified,),
        "ela",
        "ela",
        "ELA",
        fields=(
            FieldChange("basis", "stated · 3.1, line 9: “ELA”", None),
            FieldChange("expansion_basis", None, "stated · 3.1, line 9: “ELA”"),
            FieldChange("definition_basis", None, "editorial · The editors’ words"),
            FieldChange(
                "definition",
                "a",
                "b",
                (Words("delete", "oud[^fn-35]"), Words("insert", "nieuw[^fn-36]")),
                "nl",
            ),
        ),
    )
    read = _for_readers(change)
    assert read is not None
    assert [(f.field, f.old, f.new) for f in read.fields[:1]] == [
        ("definition_basis", None, "editorial")
    ]
    assert [w.text for w in read.fields[1].words] == ["oud", "nieuw"]
    only_moved = ObjectChange("term", (Change.modified,), "x", "x", "X", fields=change.fields[:2])
    assert _for_readers(only_moved) is None  # Nothing a reader would see changed.
