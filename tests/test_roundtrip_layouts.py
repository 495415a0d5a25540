"""Round-trip edits touch only what they say, in files of any layout.

`i18n confirm` may change only the state and source lines of the translations it
confirms, `i18n apply` only their text (and state and source) lines, byte for
byte, whatever the file's indentation, list style, line ends, document markers,
YAML version header, block indicators, comments or trailing spaces; a file they
cannot edit so is refused with the reason and left as it was. The layouts are
made from real plan files; hypothesis combines them at random.
"""

from __future__ import annotations

import io
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, make_plan
from conftest import run_nvptool as nvptool
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from nvptool.i18n.edit import Change, EditError, apply_changes, edited_text
from nvptool.load.yamlsource import read_yaml
from nvptool.model.text import TranslationState, fingerprint
from nvptool.roundtrip import dump_yaml

DRUGS = "cycles/nvp-2022-2025/phenomena/03-drugs.yaml"
BREAKS = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}
BLOCK_HEADER = re.compile(r"(?::|^\s*-)\s+[|>][0-9+-]*\s*(?:#.*)?$")


@dataclass(frozen=True)
class Layout:
    indent: int = 2
    flush_lists: bool = False
    newline: str = "\n"
    markers: bool = False
    yaml11: bool = False
    final_newline: bool = True
    trailing_seed: int | None = None
    comment_seed: int | None = None


def reindent(text: str, indent: int, flush: bool) -> str:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(
        mapping=indent, sequence=indent if flush else indent + 2, offset=0 if flush else indent
    )
    out = io.StringIO()
    yaml.dump(yaml.load(text), out)
    return out.getvalue()


def outside_blocks(lines: list[str]) -> list[bool]:
    """For each line, whether it is outside every block scalar (where spaces and
    comments added at its end or after it change no value)."""
    flags = []
    block_indent: int | None = None
    for line in lines:
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None and (not line.strip() or indent > block_indent):
            flags.append(False)
            continue
        block_indent = None
        flags.append(True)
        if BLOCK_HEADER.search(line):
            block_indent = indent
    return flags


def apply_layout(text: str, layout: Layout) -> str:
    text = reindent(text, layout.indent, layout.flush_lists)
    lines = text.split("\n")
    free = outside_blocks(lines)
    if layout.trailing_seed is not None:
        pick = random.Random(layout.trailing_seed)
        lines = [
            line + " " * pick.choice([0, 0, 1, 3]) if ok and line.strip() else line
            for line, ok in zip(lines, free, strict=True)
        ]
    if layout.comment_seed is not None:
        pick = random.Random(layout.comment_seed)
        with_comments = []
        for index, (line, ok) in enumerate(zip(lines, free, strict=True)):
            with_comments.append(line)
            next_free = index + 1 < len(free) and free[index + 1]
            if ok and next_free and line.strip() and pick.random() < 0.1:
                with_comments.append("# a writer's note: state: machine")
        lines = with_comments
    text = "\n".join(lines)
    if layout.markers:
        text = "---\n" + text + "...\n"
    if layout.yaml11:
        text = "%YAML 1.1\n" + ("" if layout.markers else "---\n") + text
    if not layout.final_newline:
        text = text.rstrip("\n")
    return text.replace("\n", layout.newline)


LAYOUTS = {
    "4 spaces": Layout(indent=4),
    "3 spaces, lists flush": Layout(indent=3, flush_lists=True),
    "lists flush to the key": Layout(flush_lists=True),
    "CRLF": Layout(newline="\r\n"),
    "CR only": Layout(newline="\r"),
    "document markers": Layout(markers=True),
    "YAML 1.1 header": Layout(yaml11=True),
    "no final newline": Layout(final_newline=False),
    "trailing spaces": Layout(trailing_seed=1),
    "comments between lines": Layout(comment_seed=2),
    "everything at once": Layout(4, True, "\r", True, True, False, 3, 4),
}


def real_plan(tmp_path: Path) -> Path:
    plan = tmp_path / "plan"
    shutil.copytree(ROOT / "plan", plan)
    return plan


def stale_dutch(text: str, every: int) -> str:
    """Change some one-line Dutch texts, so that their translations become stale."""
    count = 0

    def change(found: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return found.group(1) + found.group(2) + (" (herzien)" if count % every == 0 else "")

    return re.sub(r"(\bnl: )([^|>'\"\n\r#][^\n\r#]*?)(?= *(?:\r\n|\r|\n|$))", change, text)


def lines_of(raw: bytes, newline: str) -> list[str]:
    return raw.decode("utf-8").split(newline)


def assert_only(before: list[str], after: list[str], keys: set[str]) -> list[tuple[str, str]]:
    """Every changed line is a `key: value` line of one of keys, with the same key
    part and the same trailing spaces; returns the changed pairs."""
    assert len(before) == len(after)
    changed = [(b, a) for b, a in zip(before, after, strict=True) if b != a]
    for old, new in changed:
        old_key, _, _ = old.partition(": ")
        new_key, _, new_value = new.partition(": ")
        assert old_key == new_key and old_key.strip() in keys, (old, new)
        assert len(old) - len(old.rstrip(" ")) == len(new) - len(new.rstrip(" ")), (old, new)
        assert new_value.strip()
    return changed


def confirm_in_layout(tmp_path: Path, layout: Layout, every: int = 3) -> None:
    plan = real_plan(tmp_path)
    path = plan / DRUGS
    text = stale_dutch(apply_layout(path.read_text("utf-8"), layout), every)
    path.write_bytes(text.encode("utf-8"))
    before = path.read_bytes()
    expected = read_yaml(before, str(path)).data
    done = nvptool("i18n", "confirm", path, "--plan", plan, "--lang", "fr")
    assert done.returncode == 0, done.stderr
    after = path.read_bytes()
    changed = assert_only(
        lines_of(before, layout.newline), lines_of(after, layout.newline), {"state", "source"}
    )
    assert any(new.strip().startswith("source:") for _, new in changed)
    assert after.endswith(layout.newline.encode()) == layout.final_newline
    data = read_yaml(after, str(path)).data
    assert _without_french_state(data) == _without_french_state(expected)
    check = nvptool("check", plan, "--select", "TR02")
    assert DRUGS not in check.stdout, check.stdout


def _without_french_state(value: object) -> object:
    if isinstance(value, dict):
        return {
            k: _without_french_state(v) for k, v in value.items() if k not in {"state", "source"}
        }
    if isinstance(value, list):
        return [_without_french_state(v) for v in value]
    return value


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_confirm_changes_only_state_and_source_lines_in_every_layout(
    tmp_path: Path, name: str
) -> None:
    confirm_in_layout(tmp_path, LAYOUTS[name])


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    layout=st.builds(
        Layout,
        indent=st.integers(2, 5),
        flush_lists=st.booleans(),
        newline=st.sampled_from(list(BREAKS.values())),
        markers=st.booleans(),
        yaml11=st.booleans(),
        final_newline=st.booleans(),
        trailing_seed=st.none() | st.integers(0, 1000),
        comment_seed=st.none() | st.integers(0, 1000),
    ),
    every=st.integers(1, 5),
)
def test_random_layouts_never_make_confirm_change_an_untargeted_line(
    tmp_path_factory: pytest.TempPathFactory, layout: Layout, every: int
) -> None:
    confirm_in_layout(tmp_path_factory.mktemp("layout"), layout, every)


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_apply_changes_only_the_text_lines_in_every_layout(tmp_path: Path, name: str) -> None:
    layout = LAYOUTS[name]
    plan = real_plan(tmp_path)
    path = plan / DRUGS
    path.write_bytes(apply_layout(path.read_text("utf-8"), layout).encode("utf-8"))
    work = yaml.safe_load(nvptool("i18n", "extract", plan, "--lang", "fr", "--all").stdout)
    translations = ["Drogues : un titre", "Texte, avec # et : deux-points", "no", "70527460e919"]
    one_line = [t for t in work["texts"] if t["file"].endswith(DRUGS) and "\n" not in t["source"]]
    for item, translation in zip(one_line, translations, strict=False):
        item["translation"] = translation
    (tmp_path / "work.yaml").write_text(dump_yaml(work), "utf-8")
    before = path.read_bytes()
    done = nvptool("i18n", "apply", tmp_path / "work.yaml", "--plan", plan)
    assert done.returncode == 0, done.stderr
    assert "applied 4 translations" in done.stdout
    changed = assert_only(
        lines_of(before, layout.newline), lines_of(path.read_bytes(), layout.newline), {"text"}
    )
    assert len(changed) == 4
    texts = sorted(new.split(": ", 1)[1].strip() for _, new in changed)
    assert texts == sorted(
        ['"70527460e919"', '"Drogues : un titre"', '"Texte, avec # et : deux-points"', "no"]
    )
    assert nvptool("check", plan).returncode == 0


YAML11 = """\
%YAML 1.1
---
kind: glossary
terms:
  - id: nee
    type: term
    basis: stated
    term:
      nl: no
      fr:
        text: non
        state: machine
        source: aaaaaaaaaaaa
    expansion:
      nl: yes
      fr: {text: oui, state: machine, source: '{yes}'}
...
"""


def test_yaml_1_1_files_keep_no_as_no(tmp_path: Path) -> None:
    text = YAML11.replace("{yes}", fingerprint("yes"))
    plan = make_plan(tmp_path, {"reference/nee.yaml": text})
    done = nvptool("i18n", "confirm", "nee", "--plan", plan, "--lang", "fr")
    assert done.returncode == 0, done.stderr
    after = (plan / "reference/nee.yaml").read_text("utf-8")
    expected = text.replace(
        "state: machine\n        source: aaaaaaaaaaaa",
        f"state: reviewed\n        source: {fingerprint('no')}",
    )
    assert after == expected  # The expansion's translation is current: still the machine's.
    assert nvptool("check", plan, "--select", "TR02").returncode == 0


BLOCKS = """\
kind: glossary
terms:
  - id: blok
    type: term
    basis: stated
    term:
      nl: Blok
      fr:
        text: |2-
            met spaties vooraan
          en zonder
        state: machine
        source: aaaaaaaaaaaa   # stale on purpose
    expansion:
      nl: Uitleg
      fr:
        text: >+
          gevouwen
          tekst


        state: machine
        source: aaaaaaaaaaaa
"""


def test_block_indicators_and_comments_survive_confirm_and_apply(tmp_path: Path) -> None:
    plan = make_plan(tmp_path, {"reference/blok.yaml": BLOCKS})
    path = plan / "reference/blok.yaml"
    done = nvptool("i18n", "confirm", "blok", "--plan", plan, "--lang", "fr")
    assert done.returncode == 0, done.stderr
    after = path.read_text("utf-8")
    assert after == BLOCKS.replace("state: machine", "state: reviewed").replace(
        "source: aaaaaaaaaaaa   #", f"source: {fingerprint('Blok')}   #"
    ).replace("source: aaaaaaaaaaaa\n", f"source: {fingerprint('Uitleg')}\n")
    path.write_text(BLOCKS, "utf-8")
    changes = [
        Change(
            str(path),
            ("terms", 0, "term"),
            "fr",
            fingerprint("Blok"),
            TranslationState.machine,
            "Bloc\n\n  avec retrait",
        ),
        Change(
            str(path),
            ("terms", 0, "expansion"),
            "fr",
            fingerprint("Uitleg"),
            TranslationState.reviewed,
            "Explication",
        ),
    ]
    assert apply_changes(changes) == [str(path)]
    data = read_yaml(path.read_bytes(), "blok.yaml").data["terms"][0]
    assert data["term"]["fr"]["text"] == "Bloc\n\n  avec retrait"
    assert data["expansion"]["fr"] == {
        "text": "Explication",
        "state": "reviewed",
        "source": fingerprint("Uitleg"),
    }
    lines = path.read_text("utf-8").split("\n")
    assert lines[:7] == BLOCKS.split("\n")[:7]
    assert "source: " + fingerprint("Blok") + "   # stale on purpose" in path.read_text("utf-8")


@pytest.mark.parametrize(
    ("name", "text", "says"),
    [
        (
            "flow mapping without source",
            "kind: glossary\nterms:\n  - id: x\n    type: term\n    basis: stated\n"
            "    term: {nl: X, fr: {text: Y, state: machine}}\n",
            "flow mapping",
        ),
        (
            "anchor shared with another text",
            "kind: glossary\nterms:\n  - id: x\n    type: term\n    basis: stated\n"
            "    term:\n      nl: X\n      fr: &same\n        text: Y\n        state: machine\n"
            "        source: aaaaaaaaaaaa\n    expansion:\n      nl: Z\n      fr: *same\n",
            "cannot be edited without changing more",
        ),
    ],
)
def test_files_that_cannot_be_edited_safely_are_refused_unchanged(
    tmp_path: Path, name: str, text: str, says: str
) -> None:
    plan = make_plan(tmp_path, {"reference/x.yaml": text})
    done = nvptool("i18n", "confirm", "x", "--plan", plan, "--lang", "fr")
    assert done.returncode == 1, done.stdout
    assert says in done.stderr and "Traceback" not in done.stderr
    assert (plan / "reference/x.yaml").read_text("utf-8") == text


def test_a_missing_translation_is_added_in_the_file_own_indentation() -> None:
    original = "kind: glossary\nterms:\n-   id: x\n    term:\n        nl: X   \n    basis: stated\n"
    change = Change(
        "x.yaml", ("terms", 0, "term"), "fr", fingerprint("X"), TranslationState.machine, "Ecks"
    )
    assert edited_text(original, "x.yaml", [change]) == (
        "kind: glossary\nterms:\n-   id: x\n    term:\n        nl: X   \n"
        "        fr:\n            text: Ecks\n            state: machine\n"
        f"            source: {fingerprint('X')}\n    basis: stated\n"
    )


def test_edits_of_texts_that_are_not_there_are_refused() -> None:
    original = "kind: glossary\nterms: []\n"
    change = Change("x.yaml", ("terms", 0, "term"), "fr", "0" * 12, TranslationState.machine)
    with pytest.raises(EditError, match="no such text"):
        edited_text(original, "x.yaml", [change])


def test_an_edit_killed_before_its_rename_leaves_the_file_and_is_cleaned_next_time(
    tmp_path: Path,
) -> None:
    import os
    import signal
    import subprocess
    import sys

    plan = make_plan(tmp_path)
    path = plan / "cycles/demo/phenomena/1.yaml"
    before = path.read_bytes()
    driver = (
        "import os, signal, sys\n"
        "os.replace = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)\n"
        "from nvptool.cli import main\nmain()\n"
    )
    args = ["i18n", "confirm", str(path), "--plan", str(plan), "--lang", "fr", "--all"]
    killed = subprocess.run([sys.executable, "-c", driver, *args], cwd=ROOT, check=False)
    assert killed.returncode == -signal.SIGKILL
    assert path.read_bytes() == before
    [left] = path.parent.glob(".1.yaml.nvptool-*")
    assert os.path.getsize(left) > 0
    done = nvptool(*args)
    assert done.returncode == 0, done.stderr
    assert path.read_bytes() != before
    assert sorted(p.name for p in path.parent.iterdir()) == ["1.yaml"]


@pytest.mark.parametrize("newline", list(BREAKS.values()), ids=list(BREAKS))
def test_a_translation_without_state_gets_one_in_the_file_own_line_ends(newline: str) -> None:
    original = (
        "kind: glossary\nterms:\n  - id: x\n    term:\n      nl: X\n      fr: Iks  # c\n"
        "    expansion:\n      nl: Y\n      fr: |-\n        Ygrec\n        deux\n"
        "    basis: stated\n"
    ).replace("\n", newline)
    changes = [
        Change("x.yaml", ("terms", 0, field), "fr", fingerprint(nl), TranslationState.reviewed)
        for field, nl in (("term", "X"), ("expansion", "Y"))
    ]
    expected = (
        "kind: glossary\nterms:\n  - id: x\n    term:\n      nl: X\n      fr:\n"
        "        text: Iks\n        state: reviewed\n"
        f"        source: {fingerprint('X')}  # c\n"
        "    expansion:\n      nl: Y\n      fr:\n        text: |-\n          Ygrec\n"
        f"          deux\n        state: reviewed\n        source: {fingerprint('Y')}\n"
        "    basis: stated\n"
    ).replace("\n", newline)
    assert edited_text(original, "x.yaml", changes) == expected


@pytest.mark.parametrize("newline", list(BREAKS.values()), ids=list(BREAKS))
@pytest.mark.parametrize("where", ["middle", "last", "last, no source", "end of file"])
def test_a_new_wording_drops_seen_at_and_nothing_else(newline: str, where: str) -> None:
    entries = {
        "middle": ["text: Iks", "state: official", "seen_at: Moniteur belge", "source: x"],
        "last": ["text: Iks", "state: official", "source: x", "seen_at: Moniteur belge"],
        "last, no source": ["text: Iks", "state: official", "seen_at: Moniteur belge"],
        "end of file": ["text: Iks", "state: official", "source: x", "seen_at: Moniteur belge"],
    }[where]
    head = (
        "kind: glossary\nterms:\n  - id: x\n    basis: stated\n    term:\n      nl: X\n      fr:\n"
    )
    tail = "" if where == "end of file" else "    type: term\n"
    body = "".join(f"        {entry}\n" for entry in entries).replace(
        "source: x", "source: aaaaaaaaaaaa"
    )
    original = (head + body + tail).replace("\n", newline)
    if where == "end of file":
        original = original.removesuffix(newline)
    change = Change(
        "x.yaml", ("terms", 0, "term"), "fr", fingerprint("X"), TranslationState.reviewed, "Ecks"
    )
    updated = edited_text(original, "x.yaml", [change])
    assert "seen_at" not in updated
    data = read_yaml(updated.encode(), "x.yaml").data
    assert data["terms"][0]["term"]["fr"] == {
        "text": "Ecks",
        "state": "reviewed",
        "source": fingerprint("X"),
    }
    assert updated.startswith(head.replace("\n", newline))
    assert updated.endswith(tail.replace("\n", newline)) and (
        updated.endswith(newline) == (where != "end of file")
    )
    confirm = Change(
        "x.yaml", ("terms", 0, "term"), "fr", fingerprint("X"), TranslationState.official
    )
    assert "seen_at: Moniteur belge" in edited_text(original, "x.yaml", [confirm])
