"""Shared test helpers, and the hook that turns rule case files into tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
MINI = TESTS / "fixtures" / "mini"
RULE_CASES = TESTS / "rules"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite golden files from the current output instead of comparing.",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


WARNINGS_ONLY = {
    "cycles/demo/phenomena/2.yaml": (
        "kind: phenomenon\nid: drugs\nnumber: 2.3.2\ntitle: {nl: Drugs}\n"
        "mappings:\n  - {target: digitale-veiligheid, basis: editorial, reason: {nl: X.}}\n"
    )
}
"""A phenomenon that only warns: no NVS interest (MP03), no French (TR01), no review (RV01)."""


def run_nvptool(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """nvptool as a user runs it: a separate process, its exit code and its output."""
    return subprocess.run(
        [sys.executable, "-m", "nvptool", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
        timeout=300,
    )


def working_tree_copy(target: Path) -> Path:
    """The files of this working tree that git lists (tracked, or new and not ignored), as
    they are, copied to target: what a clean clone would hold, with the changes not yet
    committed. A wheel built there carries no file left in build/ by an earlier build."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    for name in filter(None, listed.stdout.split("\0")):
        origin, copy = ROOT / name, target / name
        if not origin.exists() and not origin.is_symlink():
            continue  # Deleted in the working tree.
        copy.parent.mkdir(parents=True, exist_ok=True)
        if origin.is_symlink():
            copy.symlink_to(os.readlink(origin))
        else:
            shutil.copy2(origin, copy)
    return target


def in_fresh_interpreter(module: str, scenario: str, *args: str) -> None:
    """A scenario (a function of a test module) run in a fresh interpreter; its failure
    fails the test. Work that forks (nvptool.parallel, the check's readers) forks only in
    a process without other threads, which the test session is not once a browser test
    has run: there it would run in process, and its forked path would go untested."""
    runner = "import importlib, sys; getattr(importlib.import_module(sys.argv[1]), sys.argv[2])"
    done = subprocess.run(
        [sys.executable, "-c", runner + "(*sys.argv[3:])", module, scenario, *args],
        cwd=TESTS,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr


def make_plan(
    tmp_path: Path, files: dict[str, str] | None = None, remove: list[str] | None = None
) -> Path:
    """A copy of the mini plan with some files replaced, added or removed."""
    plan = tmp_path / "plan"
    shutil.copytree(MINI, plan)
    for name in remove or ():
        (plan / name).unlink()
    for name, text in (files or {}).items():
        path = plan / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return plan


def converted_pages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages whose Markdown mkdocs converts from now on, by path (a page taken from
    the cache of converted pages, nvptool.site.page_cache, is not)."""
    from mkdocs.structure.pages import Page

    converted: list[str] = []
    render = Page.render

    def counted(page: Page, *args: Any, **kwargs: Any) -> None:
        converted.append(page.file.src_uri)
        render(page, *args, **kwargs)

    monkeypatch.setattr(Page, "render", counted)
    return converted


def drawn_pages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages the theme draws from now on, by path (a page taken from the cache of drawn
    pages, nvptool.site.drawn_cache, is not)."""
    from mkdocs.structure.pages import Page

    drawn: list[str] = []
    render = jinja2.Template.render

    def counted(template: jinja2.Template, *args: Any, **kwargs: Any) -> str:
        page = dict(*args, **kwargs).get("page")
        if isinstance(page, Page):
            drawn.append(page.file.src_uri)
        return render(template, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", counted)
    return drawn


@pytest.fixture
def mini_plan(tmp_path: Path) -> Path:
    return make_plan(tmp_path)


def rule_cases() -> list[Any]:
    params = []
    for path in sorted(RULE_CASES.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in document["cases"]:
            params.append(pytest.param(document["rule"], case, id=f"{path.stem}-{case['name']}"))
    return params


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "rule_case" in metafunc.fixturenames:
        metafunc.parametrize(("rule_code", "rule_case"), rule_cases())


SCREENSHOTS: list[Path] = []
"""Folders where browser tests saved screenshots; the run's summary names them."""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium through Playwright, once per test module (skipped when absent)."""
    from browsing import chromium, require_chromium

    with chromium(require_chromium()) as found:
        yield found


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the screenshots go: NVPTOOL_SCREENSHOTS, or a folder of the test run."""
    named = os.environ.get("NVPTOOL_SCREENSHOTS")
    folder = Path(named) if named else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    SCREENSHOTS.append(folder)
    return folder


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for folder in SCREENSHOTS:
        count = len(list(folder.glob("*.png")))
        terminalreporter.write_line(f"screenshots of the site's pages ({count}): {folder}")


DRUGS = "plan/cycles/nvp-2022-2025/phenomena/03-drugs.yaml"


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real plan's site, built once for every test that reads it, with the page of the
    changes since a tag v1 at which one phenomenon's title and a sentence read otherwise."""
    from gitrepo import git

    from nvptool.site.build import build_site

    repo = tmp_path_factory.mktemp("real-site") / "repo"
    shutil.copytree(ROOT / "plan", repo / "plan")
    drugs = repo / DRUGS
    real = drugs.read_text(encoding="utf-8")
    earlier = real.replace("  nl: Drugs\n", "  nl: Drugs en verslaving\n", 1)
    earlier = earlier.replace("de huidige aanpak met oog op", "de gevolgde aanpak met oog op")
    assert earlier != real
    drugs.write_text(earlier, encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "plan")
    git(repo, "tag", "v1")
    drugs.write_text(real, encoding="utf-8")
    out = repo / "site"
    build_site(repo / "plan", out, since="v1")
    return out
