"""A language's interface texts are held against the source language's before any use."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import NamedTuple

import pytest

from nvptool import templates_dir
from nvptool.interface import InterfaceError, interface_path, read_interface


class Edit(NamedTuple):
    """An edit of fr.yaml (a regular expression and its replacement) and what is said."""

    pattern: str
    replacement: str
    says: str
    at: str
    """The line reported: the first that this expression finds in the edited file."""
    hint: str


EDITS = {
    "a text left out": Edit(
        r"(?m)^colon:.*\n",
        "",
        "the interface text 'colon' is missing",
        r"^decimal_separator:",
        "after 'decimal_",
    ),
    "a nested text left out": Edit(
        r"(?m)^    added: \{one: nouveau, other: nouveaux\}\n",
        "",
        "the interface text 'diff.counted.added' is missing",
        r"^  counted:",
        "add it under 'diff.counted'",
    ),
    "a misspelt name": Edit(
        r"(?m)^colon:",
        "colom:",
        "'colom' is not an interface text",
        r"^colom:",
        "did you mean 'colon'?",
    ),
    "a number for a text": Edit(
        r"(?m)^colon:.*$", "colon: 3", "'colon' should be a text", r"^colon: 3", 'does: ":"'
    ),
    "a text for a mapping": Edit(
        r"(?m)^severities:\n(  .*\n)+",
        "severities: fautes\n",
        "'severities' should be a mapping of texts, not a text",
        r"^severities: fautes",
        "with the names error, warning",
    ),
    "a text for true or false": Edit(
        r"(?m)^  zero_is_one: true",
        "  zero_is_one: oui",
        "'diff.zero_is_one' should be true or false, not a text",
        r"^  zero_is_one: oui",
        "does: false",
    ),
    "a placeholder nvptool does not fill in": Edit(
        r"\{old\} → \{new\}",
        "{old} {ancien} → {new}",
        "names {ancien}, which nvptool does not fill in here",
        r"^  title:",
        "this text takes {new}, {old}",
    ),
    "a placeholder translated": Edit(
        r"\{old\} → \{new\}",
        "{ancien} → {new}",
        "'diff.title' names {ancien} where nl.yaml names {old}",
        r"^  title:",
        "write {old}: a name between braces stays as it is",
    ),
    "a placeholder left out": Edit(
        r"\{old\} → \{new\}",
        "→ {new}",
        "leaves out {old}",
        r"^  title:",
        "write {old} where its value belongs",
    ),
    "plural forms with a form nvptool does not know": Edit(
        r"\{one: nouveau, other: nouveaux\}",
        "{one: nouveau, few: nouveaux, other: nouveaux}",
        "'diff.counted.added' should be a text, or its forms for one and for other counts",
        r"^    added: \{one: nouveau, few",
        "does:",
    ),
}


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    copied = tmp_path / "templates"
    shutil.copytree(templates_dir() / "i18n", copied / "i18n")
    return copied


def _edited(templates: Path, edit: Edit) -> str:
    path = interface_path(templates, "fr")
    text = path.read_text(encoding="utf-8")
    changed, count = re.subn(edit.pattern, edit.replacement, text, count=1)
    assert count == 1, edit.pattern
    path.write_text(changed, encoding="utf-8")
    return changed


def test_every_language_holds_the_texts_of_every_other() -> None:
    languages = sorted(path.stem for path in (templates_dir() / "i18n").glob("*.yaml"))
    assert set(languages) >= {"fr", "nl"}
    for source in languages:
        for lang in languages:
            read_interface(templates_dir(), lang, source)


@pytest.mark.parametrize("name", EDITS)
def test_a_language_unlike_the_source_is_refused_at_its_line(templates: Path, name: str) -> None:
    edit = EDITS[name]
    changed = _edited(templates, edit)
    with pytest.raises(InterfaceError) as raised:
        read_interface(templates, "fr", "nl")
    (problem,) = raised.value.problems
    assert edit.says in problem.message
    assert edit.hint in problem.hint
    assert problem.location.file == str(interface_path(templates, "fr"))
    # The text's line, or the line of the text after which (or under which) it belongs.
    expected = changed[: re.search(edit.at, changed, re.M).start()].count("\n") + 1  # type: ignore[union-attr]
    assert problem.location.line == expected


def test_plural_forms_and_a_language_s_own_words_are_its_own(templates: Path) -> None:
    path = interface_path(templates, "fr")
    text, changed = re.subn(
        r"(?m)^share_words:\n  part: \"\"",
        "share_words:\n  proportion: de",
        path.read_text("utf-8"),
    )
    assert changed == 1
    path.write_text(text, encoding="utf-8")
    french, dutch = read_interface(templates, "fr", "nl"), read_interface(templates, "nl", "fr")
    # fr gives plural forms where nl gives one text, and words of its own as keys.
    assert isinstance(french["diff"]["counted"]["added"], dict)
    assert isinstance(dutch["diff"]["counted"]["added"], str)
    assert set(french["share_words"]) != set(dutch["share_words"])
    assert set(french["pinpoint_words"]) != set(dutch["pinpoint_words"])


def test_every_problem_of_a_file_is_said_at_once(templates: Path) -> None:
    for name in ("a text left out", "a number for a text"):
        edit = EDITS[name]
        if name == "a number for a text":
            edit = edit._replace(pattern=r"(?m)^thousands_separator:.*$")
            edit = edit._replace(replacement="thousands_separator: 1")
        _edited(templates, edit)
    with pytest.raises(InterfaceError) as raised:
        read_interface(templates, "fr", "nl")
    said = str(raised.value).splitlines()
    assert len(said) == 2
    assert "'colon' is missing" in said[0] and "'thousands_separator' should be a text" in said[1]


@pytest.mark.parametrize(
    ("text", "says", "hint", "line"),
    [
        ("", "the file is empty", "write the interface texts", 1),
        ("- a\n- b\n", "not a mapping of interface texts", "write the interface texts", 1),
        ("colon: ':'\ncolon: ':'\n", "duplicate key 'colon' (first at line 1)", "remove one", 2),
        ('language_name: "Français\n', "the quote that opens here is never closed", "", 1),
    ],
)
def test_an_unreadable_file_is_said_so(
    templates: Path, text: str, says: str, hint: str, line: int
) -> None:
    interface_path(templates, "fr").write_text(text, encoding="utf-8")
    with pytest.raises(InterfaceError) as raised:
        read_interface(templates, "fr", "nl")
    (problem,) = raised.value.problems
    assert says in problem.message and hint in problem.hint
    assert problem.location.line == line


def test_a_missing_file_is_said_so(templates: Path) -> None:
    interface_path(templates, "fr").unlink()
    with pytest.raises(InterfaceError, match=r"fr\.yaml:1:1: the file cannot be read"):
        read_interface(templates, "fr", "nl")


# What each command does with a language whose interface texts are not usable.


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """All of nvptool's templates, with 'colon' left out of the French interface texts."""
    copied = tmp_path / "all-templates"
    shutil.copytree(templates_dir(), copied)
    _edited(copied, EDITS["a text left out"])
    return copied


def test_the_build_says_every_problem_before_anything_is_written(
    tmp_path: Path, broken: Path
) -> None:
    from conftest import make_plan

    from nvptool.site.build import BuildError, build_site

    out = tmp_path / "site"
    with pytest.raises(BuildError) as raised:
        build_site(make_plan(tmp_path), out, templates=broken)
    said = str(raised.value)
    assert said.startswith("the interface texts have 1 problem:\n")
    assert f"{interface_path(broken, 'fr')}:2:1: the interface text 'colon' is missing" in said
    assert not out.exists() and not list(tmp_path.glob(".site*"))


def test_the_diff_says_so_in_its_error(broken: Path) -> None:
    from nvptool.diff.formats import FormatError
    from nvptool.diff.render import interface_texts

    assert interface_texts(broken, "nl", "nl")["colon"] == ":"
    with pytest.raises(FormatError, match="'colon' is missing"):
        interface_texts(broken, "fr", "nl")


def test_the_preview_shows_the_problems_over_the_page(tmp_path: Path, broken: Path) -> None:
    pytest.importorskip("watchfiles")
    import threading
    import urllib.request

    from conftest import make_plan

    from nvptool.serve.http import PreviewServer
    from nvptool.serve.livereload import Hub
    from nvptool.serve.state import Preview

    preview = Preview(make_plan(tmp_path), tmp_path / "work", broken)
    (shown,) = preview.shown()
    assert shown.where == f"{interface_path(broken, 'fr')}:2:1"
    assert "'colon' is missing" in shown.message and shown.hint and "after" in shown.hint
    server = PreviewServer(0, Hub())
    server.preview = preview
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:  # No page could be made: the overlay alone, in Dutch as French's texts are wrong.
        with urllib.request.urlopen(server.url + "fr/index.html", timeout=60) as response:
            page = response.read().decode("utf-8")
    finally:
        server.shutdown()
        server.server_close()
    assert "the interface text &#x27;colon&#x27; is missing" in page
    dutch = read_interface(broken, "nl", "nl")
    assert str(dutch["serve_no_page"]) in page
    assert "<meta name='viewport' content='width=device-width,initial-scale=1'>" in page
