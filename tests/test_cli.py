"""The command line: exit codes, output formats, and no traceback ever."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import MINI, WARNINGS_ONLY, make_plan
from conftest import run_nvptool as nvptool

BROKEN = {"cycles/demo/phenomena/2.yaml": "kind: phenomenon\nid: drugs\nnumber: 2.3.2\ntitel: x\n"}


def test_clean_plan_exits_0(mini_plan: Path) -> None:
    done = nvptool("check", mini_plan)
    assert done.returncode == 0, done.stdout
    assert done.stdout.strip() == "0 errors, 0 warnings in 8 files"


def test_problems_exit_1_with_file_line_column(tmp_path: Path) -> None:
    plan = make_plan(tmp_path, BROKEN)
    done = nvptool("check", plan)
    assert done.returncode == 1
    first = done.stdout.splitlines()[0]
    assert first.endswith("phenomena/2.yaml:4:1: error SC01 unknown key 'titel' [unknown-key]")
    assert "    hint: did you mean 'title'?" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_json_format(tmp_path: Path) -> None:
    done = nvptool("check", make_plan(tmp_path, BROKEN), "--format", "json")
    document = json.loads(done.stdout)
    assert document["summary"]["errors"] >= 1
    [first, *_] = document["findings"]
    assert first["code"] == "SC01"
    assert (first["line"], first["column"]) == (4, 1)
    assert first["hint"] == "did you mean 'title'?"


def test_github_format(tmp_path: Path) -> None:
    done = nvptool("check", make_plan(tmp_path, BROKEN), "--format", "github")
    first = done.stdout.splitlines()[0]
    assert first.startswith("::error file=")
    assert ",line=4,col=1,title=SC01 unknown-key::unknown key 'titel'" in first


def test_warnings_pass_unless_strict(tmp_path: Path) -> None:
    plan = make_plan(tmp_path, WARNINGS_ONLY)
    assert nvptool("check", plan).returncode == 0
    assert nvptool("check", plan, "--strict").returncode == 1
    assert nvptool("check", plan, "--profile", "strict").returncode == 1
    # The new phenomenon also lacks French (TR01, a warning of the i18n group).
    assert nvptool("check", plan, "--strict", "--ignore", "nvs-mapped").returncode == 1
    # Its mapping's reason is not reviewed either (RV01, a warning of the review group).
    ignored = ("--ignore", "nvs-mapped", "--ignore", "i18n", "--ignore", "review")
    assert nvptool("check", plan, "--strict", *ignored).returncode == 0


@pytest.mark.parametrize(
    ("fmt", "failing"),
    [
        ("junit", r'<testsuites name="nvptool" tests="\d+" failures="[1-9]'),
        ("sarif", r'"level": "error",\s+"message"'),
        ("json", r'"severity": "error"'),
        ("gitlab", r'"severity": "major"'),
        ("text", r"[1-9]\d* errors?, 0 warnings"),
    ],
)
def test_strict_fails_the_warnings_in_every_format(tmp_path: Path, fmt: str, failing: str) -> None:
    """--strict failed the job while its JUnit report counted no failure: GitLab showed the
    tests green beside a red job. Under --strict a warning is an error, in every format."""
    plan = make_plan(tmp_path, WARNINGS_ONLY)
    done = nvptool("check", plan, "--strict", "--format", fmt)
    assert done.returncode == 1
    assert re.search(failing, done.stdout), done.stdout[:400]
    assert not re.search(failing, nvptool("check", plan, "--format", fmt).stdout)


def test_select_runs_only_the_named_rules(tmp_path: Path) -> None:
    plan = make_plan(tmp_path, remove=["cycles/demo/phenomena/1.yaml"])
    assert nvptool("check", plan).returncode == 1  # persoonsgebonden-veiligheid unserved
    assert nvptool("check", plan, "--select", "references").returncode == 0


def test_a_selection_that_names_no_rule_is_refused(mini_plan: Path) -> None:
    """A typo in --select would otherwise run nothing and pass."""
    done = nvptool("check", mini_plan, "--select", "refrences")
    assert done.returncode == 2
    assert "no rule is called 'refrences'; did you mean 'references'?" in done.stderr
    assert nvptool("check", mini_plan, "--ignore", "XR99").returncode == 2


def test_a_configuration_that_names_no_rule_is_an_error_where_it_stands(tmp_path: Path) -> None:
    config = (
        "kind: config\nrules:\n  select: [references, kiv-maped]\n"
        "profiles:\n  strict:\n    severity:\n      mapings: error\n"
    )
    done = nvptool("check", make_plan(tmp_path, {"nvptool.yaml": config}))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0].endswith(
        "/nvptool.yaml:3:24: error SC03 no rule is called 'kiv-maped' [invalid-value]"
    )
    assert lines[1] == "    hint: did you mean 'kiv-mapped'?"
    assert "/nvptool.yaml:7:7: error SC03 no rule is called 'mapings'" in lines[2]


def test_the_site_s_addresses_are_web_addresses_or_refused(tmp_path: Path) -> None:
    """Every page links to edit_url, and the site's head to site_url: another scheme
    (javascript:) or a hidden character would reach every reader as a link."""
    config = (
        "kind: config\n"
        'edit_url: "javascript:alert(1)//"\n'
        'site_url: "https://example.org/\u200bplan/"\n'
    )
    plan = make_plan(tmp_path, {"nvptool.yaml": config})
    done = nvptool("check", plan)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0].endswith(
        "/nvptool.yaml:2:11: error SC03 'edit_url': an address is written in full, starting "
        "with https:// (or http://) and a host name, without spaces, quotes, angle brackets, "
        "a password, '?' or '#' (got 'javascript:alert(1)//') [invalid-value]"
    )
    assert "/nvptool.yaml:3:11: error SC03 'site_url': the address holds characters" in lines[2]
    # No host, a password published on every page, a query the pages' addresses would follow.
    for address in ("https:///plan/", "https://user:pw@example.org/", "https://x.org/?q=1"):
        plan = make_plan(tmp_path / str(len(address)), {"nvptool.yaml": f"site_url: {address}\n"})
        done = nvptool("check", plan)
        assert done.returncode == 1 and "'site_url': an address is written in full" in done.stdout
    refused = nvptool("build", MINI, "--out", tmp_path / "site", "--site-url", "data:text/html,x")
    assert refused.returncode == 2
    assert refused.stderr.startswith("error: --site-url 'data:text/html,x': an address is")
    assert not (tmp_path / "site").exists()


def test_a_path_that_cannot_be_written_is_an_error_not_a_crash(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory\n", encoding="utf-8")
    for command in (["schema", "--out"], ["export", "--format", "csv", MINI, "--out"]):
        done = nvptool(*command, blocker / "sub")
        assert done.returncode == 2
        assert done.stderr.startswith(f"error: {blocker / 'sub'}: cannot make the directory: Not a")
        assert "internal error" not in done.stderr
    assert blocker.read_text(encoding="utf-8") == "not a directory\n"


def test_usage_errors_exit_2(mini_plan: Path) -> None:
    assert nvptool("check", mini_plan / "missing").returncode == 2
    (mini_plan / "empty" / "cycles").mkdir(parents=True)
    empty = nvptool("check", mini_plan / "empty")
    assert empty.returncode == 2 and "holds no plan files" in empty.stderr
    # A folder of YAML files that is no plan's (a repository's root, with its CI files) is
    # refused before it is read, with the plan folder it holds.
    root = mini_plan.parent
    (root / ".gitlab-ci.yml").write_text("stages: [check]\n", "utf-8")
    for command in (["check", root], ["export", root], ["build", root, "--out", root / "s"]):
        done = nvptool(*command)
        assert done.returncode == 2, done.stderr
        assert f"'{root}' is not a plan directory" in done.stderr
        assert f"did you mean '{mini_plan}'?" in done.stderr
    assert nvptool("check", mini_plan, "--format", "xml").returncode == 2
    assert nvptool("check", mini_plan, "--profile", "nope").returncode == 2
    done = nvptool("frobnicate")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def test_export_lists_every_object_with_id_and_kind(mini_plan: Path) -> None:
    done = nvptool("export", "--format", "json", mini_plan)
    assert done.returncode == 0, done.stderr
    objects = json.loads(done.stdout)["objects"]
    assert all(obj["id"] and obj["kind"] for obj in objects)
    kinds = {obj["kind"] for obj in objects}
    assert kinds >= {
        "cycle",
        "chapter",
        "section",
        "theme",
        "objective",
        "phenomenon",
        "footnote",
        "legal-instrument",
        "citation",
        "kiv-dimension",
        "nvs-interest",
        "mapping",
        "term",
        "figure",
    }
    [term] = [o for o in objects if o["kind"] == "term"]
    assert term["occurs_in"] == ["afstemming", "fn-1"]  # Derived: where the text says "WGP".
    [mapping] = [o for o in objects if o["id"] == "internet->digitale-veiligheid"]
    assert mapping["basis"] == "editorial"
    assert mapping["cycle"] == "demo"
    [figure] = [o for o in objects if o["kind"] == "figure"]
    assert figure["qualifier"] == "exact"  # Written out although it is the default.


def test_export_refuses_unreadable_plans(tmp_path: Path) -> None:
    done = nvptool("export", make_plan(tmp_path, {"reference/bad.yaml": "a: [\n"}))
    assert done.returncode == 1
    assert "bad.yaml:2:1" in done.stderr


def test_rules_lists_every_code() -> None:
    done = nvptool("rules")
    assert done.returncode == 0
    assert "XR02  reference-resolves" in done.stdout
    assert "LD02  duplicate-key" in done.stdout


def test_reports_write_control_characters_as_escapes(tmp_path: Path) -> None:
    """A hostile key must not repaint the terminal nor break the JUnit XML."""
    bad = {
        "cycles/demo/phenomena/2.yaml": (
            'kind: phenomenon\nid: drugs\nnumber: 2.3.2\ntitle: {nl: Drugs}\n"x\\e[2J\\ny": 1\n'
        )
    }
    plan = make_plan(tmp_path, bad)
    text = nvptool("check", plan)
    assert "unknown key 'x\\x1b[2J\\ny'" in text.stdout and "\x1b" not in text.stdout
    junit = nvptool("check", plan, "--format", "junit").stdout
    ElementTree.fromstring(junit)  # Well-formed XML.
    assert "x\\x1b[2J\\ny" in junit
