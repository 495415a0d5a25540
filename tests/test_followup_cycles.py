"""Across cycles: cycle new carries measures over with successor links and starts an
empty follow-up; a continued measure's history reads across both cycles."""

from __future__ import annotations

from pathlib import Path

from conftest import make_plan
from conftest import run_nvptool as nvptool
from test_followup_diff import INDICATORS, THEME, YEAR_2023

from nvptool.check import effective_settings, run_checks
from nvptool.diff.compare import compare, side
from nvptool.followup.history import Histories, history, lineage
from nvptool.load.plan import load_plan
from nvptool.plan import object_key

INDICATORS_WITH_TARGET = INDICATORS + "    targets:\n      - {year: 2025, value: 120}\n"


def started(tmp_path: Path) -> Path:
    plan = make_plan(
        tmp_path,
        {
            "cycles/demo/themes/2.yaml": THEME,
            "cycles/demo/follow-up/indicators.yaml": INDICATORS_WITH_TARGET,
            "cycles/demo/follow-up/2023.yaml": YEAR_2023,
        },
    )
    done = nvptool("cycle", "new", "next", "--from", "demo", "--plan", plan)
    assert done.returncode == 0, done.stderr
    return plan


def test_each_measure_of_the_new_cycle_succeeds_the_one_it_was_copied_from(
    tmp_path: Path,
) -> None:
    plan = started(tmp_path)
    text = (plan / "cycles/next/themes/2.yaml").read_text("utf-8")
    assert "- {id: drugs-m1, number: 1, text: {nl: tools ontwikkelen;}, succeeds: [drugs-m1]}" in (
        text
    )
    loaded = load_plan(plan)
    assert not loaded.problems
    measures = [n for n in loaded.plan.of_kind("measure") if n.scope == "next"]
    added = [n for n in measures if n.file.path.endswith("themes/2.yaml")]
    assert [n.obj.succeeds for n in added] == [("drugs-m1",), ("drugs-m2",), ("drugs-m3",)]
    # The mini plan's own measures continue theirs too.
    assert all(n.obj.succeeds == (n.id,) for n in measures)
    errors = [
        f
        for f in run_checks(loaded, effective_settings(loaded.plan.config)).findings
        if f.code.startswith(("FU", "XR")) and "cycles/next/" in f.location.file
    ]
    assert errors == []


def test_the_new_cycle_starts_its_own_years_and_keeps_the_indicators(tmp_path: Path) -> None:
    plan = started(tmp_path)
    follow_up = plan / "cycles/next/follow-up"
    assert sorted(p.name for p in follow_up.iterdir()) == [
        "2026.yaml",
        "2027.yaml",
        "2028.yaml",
        "2029.yaml",
        "indicators.yaml",
    ]
    assert "reporting: not-started" in (follow_up / "2026.yaml").read_text("utf-8")
    indicators = (follow_up / "indicators.yaml").read_text("utf-8")
    assert "inbeslagnames" in indicators and "targets" not in indicators
    assert (plan / "cycles/demo/follow-up/2023.yaml").read_text("utf-8") == YEAR_2023


def test_a_continued_measure_has_one_history_across_both_cycles(tmp_path: Path) -> None:
    plan = started(tmp_path)
    year = plan / "cycles/next/follow-up/2026.yaml"
    year.write_text(
        year.read_text("utf-8").replace("reporting: not-started", "reporting: open")
        + "statuses:\n  - {measure: drugs-m1, status: done}\n",
        "utf-8",
    )
    loaded = load_plan(plan).plan
    old = loaded.index[object_key("demo", "measure", "drugs-m1")]
    new = loaded.index[object_key("next", "measure", "drugs-m1")]
    assert lineage(loaded, new) == (old, new) == lineage(loaded, old)
    reported = history(loaded, new)
    assert [(r.cycle, r.year, r.status.status.value, r.number) for r in reported] == [
        ("demo", 2023, "in-progress", "2.2.2.1.1"),
        ("next", 2026, "done", "2.2.2.1.1"),
    ]
    assert Histories(loaded).of(old) == reported
    other = loaded.index[object_key("next", "measure", "drugs-m2")]
    assert [r.year for r in history(loaded, other)] == [2023]


def test_the_cycle_diff_pairs_continued_measures_and_leaves_the_reports_out(
    tmp_path: Path,
) -> None:
    plan = started(tmp_path)
    loaded = load_plan(plan).plan
    result = compare(side(loaded, "demo", scope="demo"), side(loaded, "next", scope="next"))
    assert "measure" not in {c.kind for c in result.changes}
    assert result.followup == ()
