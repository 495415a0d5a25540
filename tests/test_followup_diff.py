"""nvptool diff reads the follow-up: a year's report against the year before, in words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import make_plan, run_nvptool
from gitrepo import git

THEME = """\
kind: theme
id: drugs
number: 2.2.2
title: {nl: Drugs}
objectives:
  - id: drugs-sd1
    number: 1
    title: {nl: Aanpak}
    body: {nl: "De politie zal:"}
    measures:
      - {id: drugs-m1, number: 1, text: {nl: tools ontwikkelen;}}
      - {id: drugs-m2, number: 2, text: {nl: procedures opstellen;}}
      - {id: drugs-m3, number: 3, text: {nl: samenwerken.}}
"""
INDICATORS = """\
kind: indicators
indicators:
  - id: inbeslagnames
    label: {nl: Inbeslagnames, fr: {text: Saisies, state: machine}}
    unit: {nl: ton}
    direction: increase
    method: {nl: Gewicht van de inbeslagnames}
    source: {nl: Politiestatistiek}
    baseline: {value: 40, year: 2021}
"""
YEAR_2023 = """\
kind: follow-up
year: 2023
reporting: closed
statuses:
  - {measure: drugs-m1, status: in-progress, owner: dgj}
  - {measure: drugs-m2, status: planned}
  - {measure: drugs-m3, status: in-progress}
  - {measure: internet-sd1, status: done}
values:
  - {indicator: inbeslagnames, period: "2023", value: 89.5, provisional: true}
"""
YEAR_2024_BEFORE = "kind: follow-up\nyear: 2024\nreporting: not-started\n"
YEAR_2024_AFTER = """\
kind: follow-up
year: 2024
reporting: open
statuses:
  - {measure: drugs-m1, status: done, evidence: ["https://example.org/a"]}
  - {measure: drugs-m2, status: planned}
  - measure: drugs-m3
    status: delayed
    reason: {nl: Wachten op de wet.}
values:
  - {indicator: inbeslagnames, period: "2024", value: 110, provisional: true}
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    plan = make_plan(
        tmp_path,
        {
            "cycles/demo/themes/2.yaml": THEME,
            "cycles/demo/follow-up/indicators.yaml": INDICATORS,
            "cycles/demo/follow-up/2023.yaml": YEAR_2023,
            "cycles/demo/follow-up/2024.yaml": YEAR_2024_BEFORE,
        },
    )
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "2023 reported")
    (plan / "cycles/demo/follow-up/2024.yaml").write_text(YEAR_2024_AFTER, encoding="utf-8")
    revised = YEAR_2023.replace("value: 89.5, provisional: true", "value: 91")
    revised = revised.replace("status: planned}", "status: planned, owner: dgj}")
    (plan / "cycles/demo/follow-up/2023.yaml").write_text(revised, encoding="utf-8")
    git(tmp_path, "commit", "-qam", "2024 reported, 2023 revised")
    return plan


def diff(plan: Path, *args: str) -> str:
    done = run_nvptool("diff", "HEAD~1", "HEAD", "--plan", plan, *args, cwd=plan.parent)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_reported_year_reads_against_the_year_before_in_dutch(repo: Path) -> None:
    text = diff(repo)
    assert "~ opvolging 2024: nog niets gerapporteerd → rapportering loopt" in text
    assert "+ maatregel 2.2.2.1.1: van lopend naar uitgevoerd in 2024" in text
    assert "+ maatregel 2.2.2.1.3: van lopend naar vertraagd in 2024" in text
    assert "2.2.2.1.2: gepland in 2024" not in text  # Reported again, unchanged: no line.
    assert "internet" not in text  # Not reported in 2024: no change of the report.
    assert "~ maatregel 2.2.2.1.2: gepland in 2023\n    eigenaar: (geen) → dgj\n" in text
    assert "~ indicator Inbeslagnames, 2023: 89,5 ton → 91 ton (voorlopig → definitief)" in text
    assert "+ indicator Inbeslagnames, 2024: 110 ton (voorlopig)" in text
    assert "wijzigingen in de opvolging" in text.splitlines()[1]


def test_the_same_in_french_and_markdown(repo: Path) -> None:
    text = diff(repo, "--lang", "fr")
    # The status qualifies « statut »: an objective (masculine) reads as well as a measure.
    # With French spaces that do not break (a line never starts with its colon).
    assert "mesure 2.2.2.1.1\xa0: statut de 2024 «\xa0en cours\xa0» → «\xa0réalisé\xa0»" in text
    assert "suivi 2024\xa0: rien encore rapporté → rapports en cours" in text
    assert "indicateur Saisies, 2023\xa0: 89,5 ton → 91 ton (provisoire → définitif)" in text
    markdown = diff(repo, "--format", "markdown")
    assert "- **+** maatregel 2.2.2.1.1: van lopend naar uitgevoerd in 2024" in markdown
    assert "| wijzigingen in de opvolging | 6 |" in markdown


def test_the_json_diff_carries_the_follow_up(repo: Path) -> None:
    document = json.loads(diff(repo, "--format", "json"))
    assert document["summary"]["follow_up"] == 6
    found = {(c["kind"], c["subject"], c["year"]): c for c in document["followup"]}
    done = found[("measure-status", "drugs-m1", 2024)]
    assert (done["change"], done["old"], done["old_year"], done["new"]) == (
        "added",
        "in-progress",
        2023,
        "done",
    )
    assert done["label"] == "2.2.2.1.1"
    value = found[("indicator-value", "inbeslagnames", 2023)]
    assert (value["old"], value["new"], value["old_provisional"], value["new_provisional"]) == (
        "89.5",
        "91",
        True,
        False,
    )
    assert found[("follow-up", "demo", 2024)]["new"] == "open"
    kinds = {c["kind"] for c in document["changes"]}
    assert not kinds & {"measure-status", "indicator-value"}


def test_a_status_revised_within_a_year_says_so(repo: Path) -> None:
    year = repo / "cycles/demo/follow-up/2024.yaml"
    year.write_text(year.read_text("utf-8").replace("status: done", "status: in-progress"), "utf-8")
    done = run_nvptool("diff", "--plan", repo, cwd=repo.parent)
    assert "~ maatregel 2.2.2.1.1: van uitgevoerd naar lopend in 2024 (herzien)" in done.stdout
