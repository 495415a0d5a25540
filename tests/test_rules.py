"""Rule cases are data: tests/rules/<CODE>.yaml, one file of passing and failing cases per rule.

Each case starts from the mini plan in tests/fixtures/mini, replaces or adds the
files it lists, runs the rule alone (or the rules it selects) and compares
(code, file, line) of what it finds, each of which says what to do (an expected
finding's ``hint``, when given, is part of what it says). A case's ``today`` is the
date it is checked on.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, make_plan

from nvptool.check import effective_settings, run_checks
from nvptool.followup.data import TODAY
from nvptool.load.plan import load_plan


def test_rule_case(
    tmp_path: Path, rule_code: str, rule_case: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    if "today" in rule_case:
        monkeypatch.setenv(TODAY, str(rule_case["today"]))
    plan_dir = make_plan(tmp_path, rule_case.get("files"), rule_case.get("remove"))
    loaded = load_plan(plan_dir)
    assert not loaded.problems, [str(p) for p in loaded.problems]
    settings = effective_settings(loaded.plan.config, select=rule_case.get("select", [rule_code]))
    findings = run_checks(loaded, settings).findings
    found = sorted(
        (f.code, Path(f.location.file).relative_to(plan_dir).as_posix(), f.location.line)
        for f in findings
    )
    expected = sorted((e["code"], e["file"], e["line"]) for e in rule_case["expect"])
    assert found == expected
    assert [f for f in findings if not f.hint] == []  # Each says what to do, too.
    for said in (e for e in rule_case["expect"] if "hint" in e):  # What it says, where given.
        hints = [f.hint or "" for f in findings if f.location.line == said["line"]]
        assert any(said["hint"] in hint for hint in hints), (said, hints)


def test_every_problem_a_rule_makes_says_what_to_do() -> None:
    """Also the problems no case above provokes: each call that makes one gives a hint."""
    lacking = []
    for module in sorted((ROOT / "nvptool" / "rules").glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            given = {keyword.arg for keyword in node.keywords}
            if name == "problem" and "hint" not in given:
                lacking.append(f"{module.name}:{node.lineno}")
            if name == "Problem" and "hint" not in given and len(node.args) < 3:
                lacking.append(f"{module.name}:{node.lineno}")
    assert lacking == []


def test_problems_are_located_file_after_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Locating a rule's problem composes its file again, and only the last few MiB of
    files composed are kept: the problems of every rule are located file after file, so
    that each file is composed once, however few are kept (each rule reports from the
    plan's first file: a plan of 20,000 objects composed its 456 files 1,157 times)."""
    from collections import OrderedDict

    from nvptool.load import compose

    phenomenon = (
        "kind: phenomenon\nid: {id}\nnumber: 2.3.{n}\ntitle: {{nl: {id}}}\n"
        "mappings:\n  - {{target: digitale-veiligheid, basis: editorial, reason: {{nl: X.}}}}\n"
    )
    files = {
        f"cycles/demo/phenomena/{n}.yaml": phenomenon.format(id=f"fenomeen-{n}", n=n)
        for n in (2, 3, 4)
    }
    plan = make_plan(tmp_path, files)
    loaded = load_plan(plan)  # Parsed: no node kept.
    monkeypatch.setattr(compose, "TREES_BUDGET", 1)  # One file's nodes kept at a time.
    monkeypatch.setattr(compose, "_trees", OrderedDict())
    composed: list[str] = []
    compose_file = compose._compose
    monkeypatch.setattr(
        compose, "_compose", lambda text: composed.append(text) or compose_file(text)
    )
    findings = run_checks(loaded, effective_settings(loaded.plan.config)).findings
    told = {(f.location.file, f.code) for f in findings}
    assert {code for file, code in told if file.endswith("phenomena/3.yaml")} >= {"TR01", "RV01"}
    assert len(composed) == len(set(composed))
