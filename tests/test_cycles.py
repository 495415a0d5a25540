"""nvptool cycle new: the next cycle as a draft copy with successor links."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import make_plan
from conftest import run_nvptool as nvptool

from nvptool.check import effective_settings, run_checks
from nvptool.diff.compare import compare, side
from nvptool.findings import Severity
from nvptool.load.plan import load_plan


def test_new_cycle_is_a_draft_copy_that_follows_the_old(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    done = nvptool("cycle", "new", "next", "--from", "demo", "--plan", plan)
    assert done.returncode == 0, done.stderr
    loaded = load_plan(plan)
    assert not loaded.problems
    cycle = next(n for n in loaded.plan.of_kind("cycle") if n.id == "next")
    assert (cycle.obj.status.value, cycle.obj.predecessor) == ("draft", "demo")
    assert (cycle.obj.period.start, cycle.obj.period.end) == (2026, 2029)
    assert cycle.obj.events == ()
    for node in loaded.plan.of_kind("theme", "phenomenon"):
        if node.scope == "next":
            assert node.obj.succeeds.predecessors == (node.id,)
            # In every published language: a Dutch-only reason was a TR01 warning each.
            reason = node.obj.succeeds.reason
            # The earlier plan by its title, as readers know it, not by its id.
            assert reason.get("nl") == (
                "Overgenomen bij de start van de cyclus uit het vorige plan: Een demonstratieplan."
            )
            assert reason.get("fr").startswith("Repris au début du cycle, du plan précédent : ")
            assert reason.translation("fr").state.value == "machine"  # Made by the tool.
    findings = run_checks(loaded, effective_settings(loaded.plan.config)).findings
    assert [f for f in findings if f.severity == Severity.error] == []
    assert [f.message for f in findings if f.code == "TR01" and "next" in f.location.file] == []


def test_the_copy_differs_from_its_source_only_in_the_cycle(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    nvptool("cycle", "new", "next", "--from", "demo", "--plan", plan)
    loaded = load_plan(plan).plan
    result = compare(side(loaded, "demo", scope="demo"), side(loaded, "next", scope="next"))
    assert {c.kind for c in result.changes} == {"cycle"}


def test_refuses_to_overwrite_or_to_copy_nothing(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    # Each a mistake on the command line: exit code 2, as the README says of usage errors.
    assert nvptool("cycle", "new", "demo", "--from", "demo", "--plan", plan).returncode == 2
    missing = nvptool("cycle", "new", "next", "--from", "nope", "--plan", plan)
    assert missing.returncode == 2
    assert "no cycle 'nope'" in missing.stderr
    bad = nvptool("cycle", "new", "Next Cycle", "--from", "demo", "--plan", plan)
    assert bad.returncode == 2
    assert sorted(p.name for p in (plan / "cycles").iterdir()) == ["demo"]


def test_official_translations_are_not_official_in_the_draft(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    theme = plan / "cycles" / "demo" / "themes" / "1.yaml"
    official = theme.read_text("utf-8").replace("state: machine", "state: official", 1)
    theme.write_text(official, "utf-8")
    assert nvptool("cycle", "new", "next", "--from", "demo", "--plan", plan).returncode == 0
    copy = (plan / "cycles" / "next" / "themes" / "1.yaml").read_text("utf-8")
    assert "state: official" not in copy
    # The rest is as it was; each measure names the one it continues, the theme's successor
    # link comes at the end.
    assert "        succeeds: [internet-sd1-m1]\n" in copy
    own = re.sub(r"(?m)^ +succeeds: \[[^\]]*\]\n", "", copy)
    assert own.startswith(official.replace("state: official", "state: reviewed", 1))
    assert theme.read_text("utf-8") == official  # The published plan is left as it was.


def test_the_new_cycle_covers_the_years_of_its_id_and_no_other_cycle_s(tmp_path: Path) -> None:
    """demo covers 2022-2025; a cycle follows one cycle, after it, and a year is one cycle's."""
    plan = make_plan(tmp_path)
    done = nvptool("cycle", "new", "zvp-2026-2031", "--from", "demo", "--plan", plan)
    assert done.returncode == 0, done.stderr
    cycle = next(n for n in load_plan(plan).plan.of_kind("cycle") if n.id == "zvp-2026-2031")
    assert (cycle.obj.period.start, cycle.obj.period.end) == (2026, 2031)
    for new, start_from, says in (
        ("zvp-2032-2037", "demo", "demo is followed already by zvp-2026-2031"),
        ("zvp-2024-2027", "zvp-2026-2031", "would start in 2024, within or before zvp-2026-2031"),
        ("zvp-2037-2032", "zvp-2026-2031", "its period ends (2032) before it starts (2037)"),
    ):
        done = nvptool("cycle", "new", new, "--from", start_from, "--plan", plan)
        assert done.returncode == 2 and says in done.stderr, (new, done.stderr)
        assert not (plan / "cycles" / new).exists()
    assert sorted(p.name for p in (plan / "cycles").iterdir()) == ["demo", "zvp-2026-2031"]
