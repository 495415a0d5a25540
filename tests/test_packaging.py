"""What a plan repository installs: metadata, licence, version, a core without the site."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from conftest import MINI, ROOT
from conftest import run_nvptool as nvptool

import nvptool as package

SITE_STACK = ("mkdocs", "material", "pymdownx", "pygments", "babel")
"""What the site extra brings; Markdown and nh3 are the core's (rule TX03 reads Markdown)."""

# Runs nvptool as if the site extra were not installed: importing its packages fails.
WITHOUT_SITE_STACK = f"""
import importlib.abc, sys
class Absent(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {SITE_STACK!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None
sys.meta_path.insert(0, Absent())
import importlib.util
real_find_spec = importlib.util.find_spec
def find_spec(name, package=None):
    return None if name.split(".")[0] in {SITE_STACK!r} else real_find_spec(name, package)
importlib.util.find_spec = find_spec
sys.argv = ["nvptool", *sys.argv[1:]]
from nvptool.cli import main
main()
"""


def without_site_stack(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_SITE_STACK, *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )


def test_check_diff_and_export_work_without_the_site_extra(tmp_path: Path) -> None:
    assert without_site_stack("check", MINI).returncode == 0
    assert without_site_stack("diff", MINI, MINI).returncode == 0
    assert without_site_stack("export", MINI).returncode == 0
    assert without_site_stack("schema", "--check", "--out", ROOT / "schema").returncode == 0
    built = without_site_stack("build", MINI, "--out", tmp_path / "site")
    assert built.returncode == 1
    assert "pip install 'nvptool[site] @ git+" in built.stderr, built.stderr
    assert not (tmp_path / "site").exists()


def test_the_site_stack_is_an_extra_not_a_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not any(dep.startswith("mkdocs") for dep in project["dependencies"])
    assert any(
        dep.startswith("mkdocs-material") for dep in project["optional-dependencies"]["site"]
    )
    assert ".[site,test]" in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_metadata_names_licence_urls_and_one_version() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["dynamic"] == ["version"] and "version" not in project
    # No address the project does not control: whoever claimed it would run code in CI.
    assert "urls" not in project
    assert any(
        c.startswith("Programming Language :: Python :: 3.11") for c in project["classifiers"]
    )
    installed = metadata.metadata("nvptool")
    assert installed["Version"] == package.__version__
    assert installed["License-Expression"] == "EUPL-1.2"
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2")
    assert "Appendix" in licence and len(licence) > 12_000  # The whole text, not a stub.


def test_the_changelog_and_the_release_process_name_this_version() -> None:
    version = package.__version__
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {version}" in changelog
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "git tag" in contributing and "nvptool/__init__.py" in contributing
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"git+https://git.example.org/tools/nvptool@v{version}" in readme


def test_version_option() -> None:
    assert nvptool("--version").stdout == f"nvptool {package.__version__}\n"
