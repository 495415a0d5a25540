"""Hostile input to the loader and the commands: each refused with its code, where it
stands, quickly, without a traceback, and without a byte changed anywhere.

Classes: numbers that are no numbers, aliases that repeat text without bound,
files that are not regular files, diff sides that name nothing, ids on the
command line, translation work files aimed at the wrong language.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, make_plan
from conftest import run_nvptool as nvptool

PHENOMENON = "cycles/demo/phenomena/1.yaml"
VALUE_LINE = 33  # "        value: 646" in the mini plan's phenomenon
VALUE_COLUMN = 16


def digest(root: Path) -> dict[str, str]:
    """Every file's bytes (links and special files by what they are)."""
    found = {}
    for path in sorted(root.rglob("*")):
        key = str(path.relative_to(root))
        if path.is_symlink():
            found[key] = "link:" + os.readlink(path)
        elif path.is_file():
            found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            found[key] = "other"
    return found


def check_json(plan: Path, timeout: float = 60) -> tuple[int, list[dict[str, object]], str]:
    done = subprocess.run(
        [sys.executable, "-m", "nvptool", "check", str(plan), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=timeout,
    )
    assert "Traceback" not in done.stdout + done.stderr
    assert "internal error" not in done.stderr
    return done.returncode, json.loads(done.stdout)["findings"], done.stderr


def strict_json(text: str) -> object:
    """JSON as the standard defines it: no NaN, no Infinity."""

    def refuse(word: str) -> object:
        raise ValueError(f"not JSON: {word}")

    return json.loads(text, parse_constant=refuse)


# Numbers that are no numbers, written as YAML would read them, each where a number
# belongs: refused at the value, by code SC03, whatever the spelling.
NOT_NUMBERS = [
    ".nan",
    ".NaN",
    ".NAN",
    ".inf",
    "+.inf",
    "-.inf",
    ".Inf",
    "1e400",
    "-1e400",
    "1.7976931348623159e308",
    "9" * 16,
    "-" + "9" * 16,
    "9" * 5000,
    "0x" + "f" * 5000,
    "0o" + "7" * 5000,
]


@pytest.mark.parametrize("value", NOT_NUMBERS, ids=lambda v: v[:24])
def test_numbers_that_are_no_numbers_are_schema_errors_where_they_stand(
    tmp_path: Path, value: str
) -> None:
    plan = make_plan(tmp_path)
    path = plan / PHENOMENON
    lines = path.read_text("utf-8").split("\n")
    assert lines[VALUE_LINE - 1] == "        value: 646"
    lines[VALUE_LINE - 1] = f"        value: {value}"
    path.write_text("\n".join(lines), "utf-8")
    before = digest(plan)
    started = time.monotonic()
    code, findings, _ = check_json(plan)
    assert time.monotonic() - started < 30
    assert code == 1
    assert [(f["code"], f["line"], f["column"]) for f in findings] == [
        ("SC03", VALUE_LINE, VALUE_COLUMN)
    ]
    assert digest(plan) == before
    for command in (["export", str(plan)], ["build", str(plan), "--out", str(tmp_path / "s")]):
        done = nvptool(*command)
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert not (tmp_path / "s").exists()


def test_a_quoted_number_too_large_is_refused_by_the_schema(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    path = plan / PHENOMENON
    path.write_text(path.read_text("utf-8").replace("value: 646", 'value: "1e400"'), "utf-8")
    code, findings, _ = check_json(plan)
    assert code == 1
    assert [(f["code"], f["line"]) for f in findings] == [("SC03", VALUE_LINE)]


def test_long_numbers_as_keys_or_text_are_text(tmp_path: Path) -> None:
    """Only values read as numbers are bounded: a quoted long number is text."""
    plan = make_plan(tmp_path)
    path = plan / PHENOMENON
    text = path.read_text("utf-8").replace(
        "quote: In 2019 stierven 646 personen", f"quote: '{'9' * 5000}'"
    )
    path.write_text(text, "utf-8")
    code, findings, _ = check_json(plan)
    assert code == 1  # The quote is not in the text (QT01), but it is text.
    assert "SC03" not in {f["code"] for f in findings}


def test_every_json_output_is_json(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    for command in (
        ["export", plan],
        ["check", plan, "--format", "json"],
        ["check", plan, "--format", "sarif"],
        ["i18n", "status", plan, "--format", "json"],
    ):
        done = nvptool(*command)
        assert done.returncode in (0, 1), done.stderr
        strict_json(done.stdout)


def alias_file(size: int, text_length: int) -> str:
    """A glossary of aliases to one long text, about size bytes."""
    head = (
        "kind: glossary\nterms:\n  - id: t0\n    type: term\n    basis: stated\n"
        f"    term: {{nl: t0}}\n    expansion: &long {{nl: '{'x' * text_length}'}}\n"
    )
    line = "  - {{id: t{0}, type: term, basis: stated, term: {{nl: t{0}}}, expansion: *long}}\n"
    lines = [head]
    total = len(head)
    index = 1
    while total < size:
        lines.append(line.format(index))
        total += len(lines[-1])
        index += 1
    return "".join(lines)


@pytest.mark.parametrize(
    ("size", "text_length"),
    [(7_500_000, 1_000_000), (7_500_000, 100_000), (3_000_000, 20_000), (2_500_000, 2_000_000)],
    ids=["one-long-text", "medium-text", "many-aliases", "few-aliases-to-a-huge-text"],
)
def test_aliases_that_repeat_text_without_bound_are_refused_fast(
    tmp_path: Path, size: int, text_length: int
) -> None:
    plan = make_plan(tmp_path)
    (plan / "reference" / "bomb.yaml").write_text(alias_file(size, text_length), "utf-8")
    started = time.monotonic()
    code, findings, _ = check_json(plan)
    assert time.monotonic() - started < 20
    assert code == 1
    ours = [f for f in findings if f["file"].endswith("bomb.yaml")]
    assert [(f["code"], f["line"]) for f in ours] == [("LD04", 7)]
    assert "MiB of text" in str(ours[0]["message"])


def test_aliases_under_the_limit_are_checked_within_seconds(tmp_path: Path) -> None:
    """Just under the limit on repeated text, with texts the rules read: still fast."""
    plan = make_plan(tmp_path)
    body = "Het fenomeen drugs en KIV, [NVS](https://x.be) *nadruk* `code` " * 250
    sections = [
        "sections:",
        "  - id: bom-0",
        "    kind: section",
        "    title: {nl: Bom}",
        f"    body: &b {{nl: '{body}'}}",
    ]
    sections += [
        f"  - {{id: bom-{i}, kind: section, title: {{nl: Bom}}, body: *b}}" for i in range(1, 1000)
    ]
    path = plan / PHENOMENON
    path.write_text(path.read_text("utf-8").replace("sections:", "\n".join(sections), 1), "utf-8")
    started = time.monotonic()
    code, findings, _ = check_json(plan)
    assert time.monotonic() - started < 15
    assert code == 0
    assert {f["code"] for f in findings} <= {"TR01"}, findings[:3]


def special_files(plan: Path) -> dict[str, str]:
    """Files named like plan files that are no regular files: name -> expected code."""
    reference = plan / "reference"
    os.mkfifo(reference / "fifo.yaml")
    (reference / "self.yaml").symlink_to("self.yaml")
    (reference / "a.yaml").symlink_to("b.yaml")
    (reference / "b.yaml").symlink_to("a.yaml")
    (reference / "dangling.yaml").symlink_to("nothing-here.yaml")
    (reference / "device.yaml").symlink_to("/dev/zero")
    (reference / "folder.yaml").mkdir()  # A directory is not a file: skipped, not read.
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(reference / "socket.yaml"))
    listener.close()
    return {
        "fifo.yaml": "LD05",
        "self.yaml": "LD05",
        "a.yaml": "LD05",
        "b.yaml": "LD05",
        "dangling.yaml": "LD05",
        "device.yaml": "LD08",
        "socket.yaml": "LD05",
    }


def test_special_files_are_located_errors_never_a_hang(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    expected = special_files(plan)
    started = time.monotonic()
    code, findings, _ = check_json(plan, timeout=30)
    assert time.monotonic() - started < 20
    assert code == 1
    found = {Path(str(f["file"])).name: f["code"] for f in findings if f["code"] != "TR01"}
    assert found == expected
    assert all(f["line"] == 1 for f in findings if f["code"] in {"LD05", "LD08"})


def test_special_files_do_not_hang_diff_or_other_commands(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    other = make_plan(tmp_path / "other")
    special_files(plan)
    done = nvptool("diff", other, plan)
    assert done.returncode == 2 and "cannot be read" in done.stderr
    os.mkfifo(tmp_path / "work.yaml")
    done = nvptool("i18n", "apply", tmp_path / "work.yaml", "--plan", other)
    assert done.returncode == 2
    assert "named pipe" in done.stderr and "Traceback" not in done.stderr


def test_a_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    with (plan / "reference" / "sparse.yaml").open("wb") as stream:
        stream.truncate(20 * 1024**3)  # 20 GiB of holes: reading it would take minutes.
    code, findings, _ = check_json(plan, timeout=30)
    assert code == 1
    assert [(f["code"], Path(str(f["file"])).name) for f in findings if f["code"] == "LD07"] == [
        ("LD07", "sparse.yaml")
    ]


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    make_plan(tmp_path)
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    for args in (["init", "-q"], ["add", "plan"], ["commit", "-qm", "plan"]):
        subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True)
    return tmp_path


@pytest.mark.parametrize(
    "side", ["HEAD:no-such-dir", "HEAD:plan/nvptool.yaml", "HEAD:plan/cycles/nope", "HEAD:pla"]
)
def test_a_diff_side_naming_no_directory_of_its_revision_is_an_error(
    repository: Path, side: str
) -> None:
    done = nvptool("diff", side, "HEAD", cwd=repository)
    assert done.returncode == 2
    assert f"has no directory '{side.partition(':')[2]}'" in done.stderr
    assert done.stdout == ""


def test_a_diff_side_naming_a_directory_of_its_revision_works(repository: Path) -> None:
    done = nvptool("diff", "HEAD:plan", "HEAD", "--exit-code", cwd=repository)
    assert done.returncode == 0, done.stderr  # --exit-code: 0 is "no changes".
    assert "HEAD:plan" in done.stdout and done.stderr == ""


@pytest.mark.parametrize(
    ("new_id", "from_id", "says"),
    [
        ("nvp-2026-2029\n", "demo", "the new cycle's id"),
        ("nvp-2026-2029\nx", "demo", "the new cycle's id"),
        ("../outside", "demo", "the new cycle's id"),
        ("Nvp-2026", "demo", "the new cycle's id"),
        ("a" * 81, "demo", "the new cycle's id"),
        ("nvp-2026-2029", "../../..", "--from"),
        ("nvp-2026-2029", "/etc", "--from"),
        ("nvp-2026-2029", "demo\n", "--from"),
    ],
)
def test_ids_on_the_command_line_are_validated_like_ids_in_files(
    tmp_path: Path, new_id: str, from_id: str, says: str
) -> None:
    plan = make_plan(tmp_path)
    before = digest(tmp_path)
    done = nvptool("cycle", "new", new_id, "--from", from_id, "--plan", plan)
    assert done.returncode == 2  # A mistake on the command line.
    assert f"error: {says}" in done.stderr and "is not an id" in done.stderr
    assert digest(tmp_path) == before


@pytest.mark.parametrize(
    ("language", "says"),
    [("nl", "'nl' is the source language"), ("de", "the plan does not publish 'de'")],
)
def test_apply_refuses_the_source_language_and_unpublished_ones(
    tmp_path: Path, language: str, says: str
) -> None:
    plan = make_plan(tmp_path)
    work = nvptool("i18n", "extract", plan, "--lang", "fr", "--all").stdout
    work = work.replace("language: fr", f"language: {language}")
    work = work.replace("translation: ''", "translation: Vervangen")
    (tmp_path / "work.yaml").write_text(work, "utf-8")
    before = digest(plan)
    done = nvptool("i18n", "apply", tmp_path / "work.yaml", "--plan", plan)
    assert done.returncode == 2
    assert f"work.yaml:2:11: error: {says}" in done.stderr
    assert "nothing applied" in done.stderr
    assert digest(plan) == before


def test_a_huge_file_in_a_revision_is_refused_without_reading_it(repository: Path) -> None:
    huge = repository / "plan" / "reference" / "huge.yaml"
    with huge.open("wb") as stream:
        stream.write(b"kind: glossary\nterms: []\n# " + b"x" * (9 * 1024 * 1024) + b"\n")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    for args in (["add", "plan"], ["commit", "-qm", "huge"]):
        subprocess.run(["git", *args], cwd=repository, env=env, check=True)
    huge.unlink()
    done = nvptool("diff", "HEAD", cwd=repository)
    assert done.returncode == 2
    assert "HEAD:plan/reference/huge.yaml:1:1: the file is 9 MiB" in done.stderr
    submodule = subprocess.run(  # A submodule entry (no size) does not trouble the listing.
        ["git", "update-index", "--add", "--cacheinfo", f"160000,{'1' * 40},plan/sub"],
        cwd=repository,
        check=False,
    )
    assert submodule.returncode == 0
    subprocess.run(["git", "commit", "-qm", "sub"], cwd=repository, env=env, check=True)
    done = nvptool("diff", "HEAD~1:plan", "HEAD", cwd=repository)
    assert done.returncode == 2 and "the file is 9 MiB" in done.stderr
