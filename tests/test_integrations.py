"""Where writers and CI meet the tool: SARIF, JUnit, CSV, workflows, hooks, editor settings."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import MINI, ROOT, make_plan, working_tree_copy
from conftest import run_nvptool as nvptool


def vendored_schema(name: str) -> dict[str, object]:
    """A schema that check-jsonschema ships, read offline."""
    package = resources.files("check_jsonschema.builtin_schemas.vendor")
    return json.loads((package / f"{name}.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_csv_export_writes_one_table_per_kind(tmp_path: Path, mini_plan: Path) -> None:
    out = tmp_path / "tables"
    done = nvptool("export", "--format", "csv", mini_plan, "--out", out)
    assert done.returncode == 0, done.stderr
    assert {p.name for p in out.iterdir()} >= {"phenomenon.csv", "mapping.csv", "term.csv"}
    with (out / "figure.csv").open(encoding="utf-8") as stream:
        [row] = list(csv.DictReader(stream))
    assert (row["id"], row["value"], row["period"]) == ("verkeersdoden-2019", "646.0", "2019")
    assert row["label.nl"] == "Verkeersdoden"
    assert nvptool("export", "--format", "csv", mini_plan).returncode == 2  # No --out.


def test_csv_cells_never_start_a_spreadsheet_formula(tmp_path: Path) -> None:
    phenomenon = "cycles/demo/phenomena/1.yaml"
    plan = make_plan(tmp_path)
    path = plan / phenomenon
    hostile = '=HYPERLINK("https://evil.example","klik")'
    path.write_text(
        path.read_text("utf-8").replace("  nl: Verkeersveiligheid\n", f"  nl: '{hostile}'\n", 1),
        "utf-8",
    )
    out = tmp_path / "tables"
    assert nvptool("export", "--format", "csv", plan, "--out", out).returncode == 0
    with (out / "phenomenon.csv").open(encoding="utf-8") as stream:
        [row] = list(csv.DictReader(stream))
    assert row["title.nl"] == "'" + hostile
    with (out / "figure.csv").open(encoding="utf-8") as stream:
        [figure] = list(csv.DictReader(stream))
    assert figure["value"] == "646.0"  # Numbers stay numbers.


@pytest.mark.parametrize(
    ("path", "schema"),
    [
        ("action.yml", "github-actions"),
        (".github/workflows/plan.yml", "github-workflows"),
        ("ci/nvptool.gitlab-ci.yml", "gitlab-ci"),
    ],
)
def test_ci_files_follow_their_published_schemas(path: str, schema: str) -> None:
    from nvptool.load.yamlsource import read_yaml

    # YAML 1.2, as GitHub reads it: "on" is a key, not true.
    document = read_yaml((ROOT / path).read_bytes(), path).data
    jsonschema.validate(document, vendored_schema(schema))


def test_the_action_runs_check_diff_and_build() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    scripts = " ".join(step.get("run", "") for step in action["runs"]["steps"])
    assert "nvptool check" in scripts and "--format github" in scripts
    assert "nvptool diff" in scripts and "--format markdown" in scripts
    assert "nvptool build" in scripts


def test_an_installed_nvptool_builds_and_diffs(tmp_path: Path) -> None:
    """The Action and the GitLab template pip-install the project: the wheel carries templates,
    those of the working tree (a copy: no file an earlier build left in build/ gets in)."""
    source = working_tree_copy(tmp_path / "source")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", tmp_path, source],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    installed = tmp_path / "installed"
    with zipfile.ZipFile(next(tmp_path.glob("nvptool-*.whl"))) as wheel:
        wheel.extractall(installed)
    assert not (installed / "nvptool" / "templates").is_symlink()
    # The wheel's copy, and the dependencies of this environment; -S keeps out the
    # editable install of the working tree, which site-packages would otherwise load.
    path = os.pathsep.join([str(installed), sysconfig.get_paths()["purelib"]])
    env = {**os.environ, "PYTHONPATH": path, "NO_COLOR": "1"}

    def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-S", *map(str, args)]
        return subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path)

    where = run("-c", "import nvptool; print(nvptool.__file__)")
    assert where.stdout.startswith(str(installed)), where.stderr
    built = run("-m", "nvptool", "build", MINI, "--out", tmp_path / "site")
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "site" / "fr" / "kiv.html").is_file()
    compared = run("-m", "nvptool", "diff", MINI, MINI)
    assert compared.returncode == 0, compared.stderr
    assert "Geen wijzigingen" in compared.stdout


def test_pre_commit_hooks_name_real_commands() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {hook["id"] for hook in hooks} == {"nvptool-check", "nvptool-schema"}
    for hook in hooks:
        command = hook["entry"].split()[1:] + hook.get("args", [])
        done = nvptool(*command)
        assert done.returncode == 0, (hook["id"], done.stdout, done.stderr)
    own = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    ids = {hook["id"] for repo in own["repos"] for hook in repo["hooks"]}
    assert {"nvptool-check", "ruff"} <= ids


def test_editor_settings_bind_every_plan_file_to_its_schema() -> None:
    import fnmatch

    def no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _ in pairs]
        assert len(keys) == len(set(keys)), keys  # JSON keeps the last of a repeated key.
        return dict(pairs)

    text = (ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8")
    settings = json.loads(text, object_pairs_hook=no_repeats)
    bindings = settings["yaml.schemas"]
    for schema in bindings:
        assert (ROOT / schema).is_file(), schema
    for path in (ROOT / "plan").rglob("*.yaml"):
        relative = path.relative_to(ROOT).as_posix()
        kind = yaml.safe_load(path.read_text(encoding="utf-8"))["kind"]
        matching = [s for s, glob in bindings.items() if fnmatch.fnmatch(relative, glob)]
        assert matching == [f"./schema/{kind}.schema.json"], relative
