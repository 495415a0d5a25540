"""`nvptool check` and `build` read by the entry point directly behave exactly as the full
command line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI, ROOT, WARNINGS_ONLY, make_plan

from nvptool.direct import BuildOptions, CheckOptions, read

FULL = "import sys; from nvptool.cli import main; sys.argv[0] = 'nvptool'; main()"
DIRECT = "import sys; from nvptool.entry import main; sys.argv[0] = 'nvptool'; main()"


Answer = tuple[int, str, str]
"""Exit code, standard output, standard error."""


def _both(args: list[str], env: dict[str, str]) -> tuple[Answer, Answer]:
    def run(program: str) -> Answer:
        done = subprocess.run(
            [sys.executable, "-c", program, *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, **env},
            timeout=300,
        )
        return done.returncode, done.stdout, done.stderr

    return run(DIRECT), run(FULL)


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    base = tmp_path_factory.mktemp("plans")
    warned = make_plan(base / "warned", WARNINGS_ONLY)
    broken = make_plan(base / "broken", {"cycles/demo/chapters/9.yaml": "kind: chapter\nid: [x\n"})
    empty = base / "empty"
    empty.mkdir()
    afile = base / "afile.yaml"
    afile.write_text("kind: x\n", encoding="utf-8")
    return {
        "mini": str(MINI),
        "warned": str(warned),
        "broken": str(broken),
        "empty": str(empty),
        "afile": str(afile),
        "missing": str(base / "missing"),
    }


LINES = [
    ["check", "{mini}"],
    ["check", "{warned}"],
    ["check", "{warned}", "--strict"],
    ["check", "--strict", "--no-strict", "{warned}"],
    ["check", "{warned}", "-f", "json"],
    ["check", "--format=sarif", "{broken}"],
    ["check", "{warned}", "--select", "TR01", "--select=MP03", "--ignore", "i18n"],
    ["check", "{warned}", "--profile", "nosuch"],
    ["check", "{warned}", "--select", "TR99"],
    ["check", "{warned}", "--ignore", "nosuch-rule"],
    ["check", "{empty}"],
    ["check", "{missing}"],
    ["check", "{afile}"],
    ["check", "{mini}", "{warned}"],
    ["check", "{mini}", "-f", "yaml"],
    ["check", "{mini}", "-fjson"],
    ["check", "{mini}", "-f=json"],
    ["check", "{mini}", "--strict=1"],
    ["check", "{mini}", "--format"],
    ["check", "{mini}", "--select", ""],
    ["check", "{mini}", "--frmat", "json"],
    ["check", "--", "{mini}"],
    ["check", "--help"],
    ["check", "{mini}", "--help"],
]


@pytest.mark.parametrize("line", LINES, ids=lambda line: " ".join(line[1:]))
def test_direct_check_answers_as_the_full_command_line(
    line: list[str], plans: dict[str, str]
) -> None:
    args = [word.format(**plans) for word in line]
    direct, full = _both(args, {"NO_COLOR": "1", "COLUMNS": "100"})
    assert direct == full


def test_direct_check_colours_as_the_full_command_line(plans: dict[str, str]) -> None:
    direct, full = _both(["check", plans["warned"]], {"FORCE_COLOR": "1"})
    assert direct == full
    assert "\x1b[" in direct[1]


def test_a_report_into_a_closed_pipe_ends_as_the_full_command_line() -> None:
    """The direct check leaves without the interpreter's shutdown: it must still write its
    report out first, and find that nobody reads it, as click does (silently, code 1)."""
    for program in (DIRECT, FULL):
        check = subprocess.Popen(
            [sys.executable, "-c", program, "check", str(MINI)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=ROOT,
        )
        assert check.stdout is not None and check.stderr is not None
        check.stdout.close()  # Before the check writes: as `nvptool check | true` does.
        assert (check.stderr.read(), check.wait(timeout=300)) == (b"", 1)


def test_only_plain_check_and_build_lines_are_read_directly(tmp_path: Path) -> None:
    assert read(["check"]) == CheckOptions()
    assert read(["check", "p", "-f", "json", "--select=TR01", "--strict"]) == (
        CheckOptions(Path("p"), "json", ("TR01",), (), None, True)
    )
    assert read(["build"]) == BuildOptions()
    given = ["build", "p", "--out=o", "--pdf", "--since", "v1", "--cycle=c", "--site-url", "u"]
    assert read([*given, "--strict", "--no-pdf"]) == (
        BuildOptions(Path("p"), Path("o"), True, False, "v1", "c", "u")
    )
    unreadable = tmp_path / "unreadable"
    unreadable.mkdir(mode=0)
    afile = tmp_path / "afile"
    afile.write_text("", encoding="utf-8")
    for line in (
        [],
        ["diff"],
        ["--version", "check"],
        ["check", "--help"],
        ["check", "-f", "-x"],
        ["check", "a", "b"],
        ["check", "-f", "nosuch"],
        ["check", "--profile"],
        ["check", "--out", "o"],
        ["build", "--help"],
        ["build", "-o", "o"],
        ["build", "--out"],
        ["build", "--out", ""],
        ["build", "--since", "-x"],
        ["build", "--format", "json"],
        ["build", "--pdf=1"],
        ["build", str(afile)],
        *(() if os.geteuid() == 0 else (["build", "--out", str(unreadable)],)),
    ):
        assert read(line) is None, line
    assert read(["build", "--out", str(afile)]) == BuildOptions(out=afile)  # Refused by build.


BUILD_LINES = [
    ["build", "{mini}", "--out", "{out}"],
    ["build", "--out={out}", "{warned}", "--strict", "--no-strict"],
    ["build", "{warned}", "--out", "{out}", "--strict"],
    ["build", "{broken}", "--out", "{out}"],
    ["build", "{missing}", "--out", "{out}"],
    ["build", "{afile}", "--out", "{out}"],
    ["build", "{mini}", "--out", "{afile}"],
    ["build", "{mini}", "--out", "{out}", "--cycle", "nosuch"],
    ["build", "{mini}", "--out", "{out}", "--site-url", "not an address"],
    ["build", "{mini}", "--out", "{out}", "--since=nosuch-revision"],
    ["build", "{mini}", "--out"],
    ["build", "{mini}", "--ouut", "{out}"],
]


@pytest.mark.parametrize("line", BUILD_LINES, ids=lambda line: " ".join(line[1:]))
def test_direct_build_answers_and_builds_as_the_full_command_line(
    line: list[str], plans: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "site"
    args = [word.format(**plans, out=out) for word in line]
    answers, sites = [], []
    for program in (DIRECT, FULL):
        shutil.rmtree(out, ignore_errors=True)
        done = subprocess.run(
            [sys.executable, "-c", program, *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "NO_COLOR": "1", "COLUMNS": "100"},
            timeout=300,
        )
        # The languages are built side by side: each says what it does when it does it.
        answers.append((done.returncode, done.stdout, sorted(done.stderr.splitlines())))
        sites.append(sorted((str(f.relative_to(out)), f.read_bytes()) for f in _files(out)))
    assert answers[0] == answers[1]
    assert sites[0] == sites[1]
    assert bool(sites[0]) == (answers[0][0] == 0)  # A site, built by both, only when it is.


def _files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.is_dir() else []


LATE_METADATA = """
import importlib, sys
from nvptool.entry import defer_package_metadata
assert "importlib.metadata" not in sys.modules
defer_package_metadata()
"""
NAMED_AS_PYDANTIC_DOES = """
from importlib.metadata import entry_points  # Nothing imported yet.
assert "email" not in sys.modules
scripts = entry_points(group="console_scripts")
assert "email" in sys.modules
import importlib.metadata as metadata
assert type(metadata) is type(importlib) is type(importlib.metadata)
assert scripts == metadata.entry_points(group="console_scripts")
assert any(script.name == "nvptool" for script in scripts)
"""
NAMED_AS_A_PACKAGE_ATTRIBUTE = """
import importlib.metadata
assert "email" not in sys.modules
assert importlib.metadata.version("pydantic") == importlib.import_module("pydantic").VERSION
assert type(importlib.metadata) is type(importlib)
"""


def test_package_metadata_read_late_is_the_real_one() -> None:
    """What the check defers is only the import: every use gets the real module's answer."""
    for use in (NAMED_AS_PYDANTIC_DOES, NAMED_AS_A_PACKAGE_ATTRIBUTE):
        program = LATE_METADATA + use
        done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
