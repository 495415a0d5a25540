"""The follow-up as pages and reports read it, and the generator of test follow-up data."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import yaml
from conftest import ROOT, run_nvptool
from followupplans import followed_plan, with_measures

from nvptool.load.plan import load_plan
from nvptool.model.followup import Reporting
from nvptool.plan import Plan
from nvptool.progress import NOT_REPORTED, STATUS_KEYS, Progress, measure_history, progress
from nvptool.site.data import latest_cycle

BACK_FROM_DONE = {"planned", "in-progress", "delayed"}


def state_of(plan_dir: Path) -> tuple[Plan, Progress]:
    plan = load_plan(plan_dir).plan
    cycle = latest_cycle(plan)
    assert cycle is not None
    return plan, progress(plan, cycle)


def test_the_real_plan_reports_nothing_yet() -> None:
    _, state = state_of(ROOT / "plan")
    assert [y.year for y in state.years] == [2022, 2023, 2024, 2025]
    assert all(y.reporting == Reporting.not_started for y in state.years)
    assert state.reported == ()
    assert state.statuses == {} and state.indicators == ()


def test_generated_follow_up_is_deterministic_and_checks_clean(tmp_path: Path) -> None:
    first = followed_plan(tmp_path / "a")
    second = followed_plan(tmp_path / "b")
    folder = Path("cycles/demo/follow-up")
    names = sorted(p.name for p in (first / folder).iterdir())
    assert names == ["2022.yaml", "2023.yaml", "2024.yaml", "2025.yaml", "indicators.yaml"]
    for name in names:
        assert (first / folder / name).read_bytes() == (second / folder / name).read_bytes()
    checked = run_nvptool("check", first, "--format", "json")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    findings = json.loads(checked.stdout)["findings"]
    # Only what the generator leaves out on purpose: measures not reported in the open year.
    assert {f["code"] for f in findings} <= {"FU02"}
    assert all(f["file"].endswith("/2024.yaml") for f in findings)


def test_generated_statuses_move_as_measures_do(tmp_path: Path) -> None:
    plan, state = state_of(followed_plan(tmp_path, reported=3))
    assert [y.reporting.value for y in state.years] == ["closed", "closed", "open", "not-started"]
    organisations = {n.id for n in plan.of_kind("term") if n.obj.type.value == "organisation"}
    assert len(state.followed) == 9  # 2 + 3 measures, an objective without any, 3 measures.
    for item in state.followed:
        history = [state.status(item, y.year) for y in state.years]
        closed = history[:2]
        assert all(found is not None for found in closed), item.node.id
        shown = [found.obj.status.value for found in history if found is not None]
        for earlier, later in itertools.pairwise(shown):
            assert not (earlier == "done" and later in BACK_FROM_DONE), item.node.id
        for found in history:
            if found is None:
                continue
            assert found.obj.owner in organisations
            if found.obj.status.value in {"delayed", "dropped"}:
                assert found.obj.reason is not None
            assert all(link.startswith("https://") for link in found.obj.evidence)
    assert history[3] is None  # Nothing is reported for a year that has not started.


def test_counts_cover_every_followed_item_with_the_unreported_apart(tmp_path: Path) -> None:
    _, state = state_of(followed_plan(tmp_path, reported=3))
    for year in state.reported:
        counts = state.counts(state.followed, year.year)
        assert list(counts) == list(STATUS_KEYS)
        assert sum(counts.values()) == len(state.followed)
        missing = [i for i in state.followed if state.status(i, year.year) is None]
        assert counts[NOT_REPORTED] == len(missing)


def test_indicators_have_baselines_targets_and_provisional_values(tmp_path: Path) -> None:
    _, state = state_of(followed_plan(tmp_path, reported=3))
    assert len(state.indicators) == 2  # One per theme or phenomenon, up to four.
    for node in state.indicators:
        assert node.obj.baseline is not None and node.obj.baseline.year == 2021
        assert [t.year for t in node.obj.targets] == [2022, 2023, 2024, 2025]
        values = state.values[node.id]
        assert [v.obj.period for v in values] == ["2022", "2023", "2024"]
        assert [v.obj.provisional for v in values] == [False, False, True]
        assert all(state.item(ident) is not None for ident in node.obj.follows)


def test_items_follow_the_reading_order_themes_first(tmp_path: Path) -> None:
    _, state = state_of(followed_plan(tmp_path))
    numbers = [item.number for item in state.followed]
    assert numbers == [
        *("2.2.1.1.1", "2.2.1.1.2", "2.2.1.2.1", "2.2.1.2.2", "2.2.1.2.3", "2.2.1.3"),
        *("2.3.1.1", "2.3.1.2", "2.3.1.3"),
    ]
    assert state.item("internet-sd3") is not None  # An objective without measures.


def test_history_reads_the_measures_a_measure_continues(tmp_path: Path) -> None:
    plan_dir = followed_plan(tmp_path, reported=2)
    earlier = plan_dir / "cycles" / "vorig"
    shutil_copy_cycle(plan_dir / "cycles" / "demo", earlier)
    theme = plan_dir / "cycles" / "demo" / "themes" / "1.yaml"
    data = yaml.safe_load(theme.read_text(encoding="utf-8"))
    data["objectives"][1]["measures"][0]["succeeds"] = ["internet-sd2-m1"]
    theme.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    cycle = plan_dir / "cycles" / "demo" / "cycle.yaml"
    cycle.write_text(cycle.read_text(encoding="utf-8") + "predecessor: vorig\n", encoding="utf-8")
    plan = load_plan(plan_dir).plan
    measure = next(
        n for n in plan.of_kind("measure") if n.id == "internet-sd2-m1" and n.scope == "demo"
    )
    history = measure_history(plan, measure)
    assert [(h.cycle.id, h.year.year) for h in history] == [
        *(("vorig", year) for year in range(2018, 2022)),
        *(("demo", year) for year in range(2022, 2026)),
    ]
    assert [h.status is not None for h in history[:2]] == [True, True]
    assert all(h.status is None for h in history[4:] if not h.year.reported)


def shutil_copy_cycle(source: Path, target: Path) -> None:
    """A copy of a cycle as an earlier one: its own id, four years earlier."""
    import shutil

    shutil.copytree(source, target)
    cycle = target / "cycle.yaml"
    data = yaml.safe_load(cycle.read_text(encoding="utf-8"))
    data["id"] = "vorig"
    data["period"] = {"start": 2018, "end": 2021}
    cycle.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    for path in (target / "follow-up").glob("20*.yaml"):
        found = yaml.safe_load(path.read_text(encoding="utf-8"))
        found["year"] -= 4
        path.rename(target / "follow-up" / f"{found['year']}.yaml")
        (target / "follow-up" / f"{found['year']}.yaml").write_text(
            yaml.safe_dump(found, allow_unicode=True), encoding="utf-8"
        )
    for path in (target / "follow-up").glob("indicators.yaml"):
        path.unlink()


def test_with_measures_leaves_a_plan_that_has_them(tmp_path: Path) -> None:
    plan = followed_plan(tmp_path)
    theme = plan / "cycles" / "demo" / "themes" / "1.yaml"
    before = theme.read_bytes()
    with_measures(plan)
    assert theme.read_bytes() == before
