"""Translations: staleness, review, coverage, work files, and edits that touch nothing else."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, make_plan
from conftest import run_nvptool as nvptool

from nvptool.check import effective_settings, run_checks
from nvptool.i18n.status import coverage
from nvptool.load.plan import load_plan, plan_files
from nvptool.model.text import Availability, fingerprint
from nvptool.roundtrip import yaml_rt

PHENOMENON = "cycles/demo/phenomena/1.yaml"


def findings(plan: Path, code: str) -> list[tuple[str, int]]:
    loaded = load_plan(plan)
    result = run_checks(loaded, effective_settings(loaded.plan.config, select=[code]))
    return [(Path(f.location.file).name, f.location.line) for f in result.findings]


def edit_dutch(plan: Path) -> Path:
    path = plan / PHENOMENON
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("op de Belgische wegen.", "op de wegen in België."), "utf-8")
    return path


def test_editing_the_dutch_makes_the_french_stale(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    assert findings(plan, "TR02") == []
    edit_dutch(plan)
    assert [name for name, _ in findings(plan, "TR02")] == ["1.yaml"]
    loaded = load_plan(plan)
    [french] = coverage(loaded.plan)
    assert french.total[Availability.stale] == 1


def test_stale_finding_points_at_both_texts(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    edit_dutch(plan)
    loaded = load_plan(plan)
    [finding] = run_checks(loaded, effective_settings(loaded.plan.config, select=["TR02"])).findings
    [source] = finding.related
    assert finding.location.line != source.line
    lines = (plan / PHENOMENON).read_text(encoding="utf-8").splitlines()
    assert lines[finding.location.line - 1].strip() == "fr:"
    assert "op de wegen in België" in lines[source.line - 1]


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_confirm_changes_only_state_and_fingerprint(tmp_path: Path, newline: str) -> None:
    plan = make_plan(tmp_path)
    path = edit_dutch(plan)
    text = "# Reviewers: keep this comment.\n" + path.read_text("utf-8")
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))  # Saved on Windows, say.
    before = path.read_bytes().decode("utf-8").split(newline)
    done = nvptool("i18n", "confirm", "verkeersveiligheid-situatie", "--plan", plan, "--lang", "fr")
    assert done.returncode == 0, done.stderr
    after = path.read_bytes().decode("utf-8").split(newline)
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    new = fingerprint("In 2019 stierven 646 personen op de wegen in België.")
    # Only the body, whose Dutch changed, is confirmed: the section's title is current.
    assert [b.strip() for _, b in changed] == ["state: reviewed", f"source: {new}"]
    assert after[0] == "# Reviewers: keep this comment."
    assert findings(plan, "TR02") == []


def test_confirm_of_an_unknown_target_fails(mini_plan: Path) -> None:
    done = nvptool("i18n", "confirm", "no-such-object", "--plan", mini_plan)
    assert done.returncode == 2
    assert "the plan has no object with the id 'no-such-object' and no file" in done.stderr


def test_status_counts_on_the_mini_plan(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    text = (plan / PHENOMENON).read_text(encoding="utf-8")
    # Drop the French of the figure's unit: one text becomes missing.
    text = text.replace(
        "          fr:\n            text: personnes\n            state: machine\n", "", 1
    )
    text = text.replace("            source: " + fingerprint("personen") + "\n", "", 1)
    (plan / PHENOMENON).write_text(text, encoding="utf-8")
    done = nvptool("i18n", "status", plan, "--format", "json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)["fr"]
    assert report["all"] == {
        "official": 0,
        "reviewed": 0,
        "machine": 37,
        "stale": 0,
        "missing": 1,
        "texts": 38,
    }
    assert report["figure"]["missing"] == 1
    assert report["measure"]["machine"] == 6  # Four measures: their texts, a lead, a detail.
    table = nvptool("i18n", "status", plan).stdout
    assert "language fr" in table and "figure" in table


def test_extract_and_apply_round_trip(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    edit_dutch(plan)
    work_path = tmp_path / "work.yaml"
    done = nvptool("i18n", "extract", plan, "--lang", "fr")
    work = yaml.safe_load(done.stdout)
    [item] = work["texts"]
    assert item["source"] == "In 2019 stierven 646 personen op de wegen in België."
    item["translation"] = "En 2019, 646 personnes sont décédées sur les routes de Belgique."
    work_path.write_text(yaml.safe_dump(work, allow_unicode=True), encoding="utf-8")
    applied = nvptool("i18n", "apply", work_path, "--plan", plan)
    assert applied.returncode == 0, applied.stderr
    assert findings(plan, "TR02") == []
    assert "routes de Belgique" in (plan / PHENOMENON).read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["yaml", "xliff"])
def test_a_work_file_may_be_larger_than_a_plan_file(tmp_path: Path, fmt: str) -> None:
    """A work file lists texts of the whole plan: one beyond a plan file's 8 MiB (here a
    long comment) is applied; one beyond the work files' own limit is refused unread."""
    plan = make_plan(tmp_path)
    edit_dutch(plan)
    done = nvptool("i18n", "extract", plan, "--lang", "fr", "--format", fmt)
    comment = ("# " if fmt == "yaml" else "<!-- ") + "x" * (9 * 1024 * 1024)
    big = tmp_path / f"work.{fmt}"
    big.write_text(done.stdout + comment + ("\n" if fmt == "yaml" else " -->\n"), "utf-8")
    applied = nvptool("i18n", "apply", big, "--plan", plan)
    assert applied.returncode == 0, applied.stderr
    huge = tmp_path / f"huge.{fmt}"
    with huge.open("wb") as sparse:
        sparse.truncate(257 * 1024 * 1024)
    refused = nvptool("i18n", "apply", huge, "--plan", plan)
    assert refused.returncode == 2
    assert "the file is 257 MiB; work files may be at most 256 MiB" in refused.stderr


def test_extract_says_how_many_texts_and_what_it_left_out(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    done = nvptool("i18n", "extract", plan, "--lang", "fr", "--out", tmp_path / "w.yaml")
    assert done.returncode == 0, done.stderr
    [summary] = [
        line for line in done.stderr.splitlines() if "work file" in line or "no text" in line
    ]
    assert summary.startswith("no text for fr is missing or stale; the others are ")
    assert "--state machine" in summary
    assert yaml.safe_load((tmp_path / "w.yaml").read_text(encoding="utf-8"))["texts"] == []
    done = nvptool("i18n", "extract", plan, "--lang", "fr", "--state", "machine")
    machine = len(yaml.safe_load(done.stdout)["texts"])
    assert machine and f"{machine} texts for fr in the work file" in done.stderr


def test_apply_refuses_translations_of_a_changed_source(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    edit_dutch(plan)
    work = yaml.safe_load(nvptool("i18n", "extract", plan, "--lang", "fr").stdout)
    work["texts"][0]["translation"] = "Traduction."
    (tmp_path / "work.yaml").write_text(yaml.safe_dump(work, allow_unicode=True), "utf-8")
    path = plan / PHENOMENON
    path.write_text(path.read_text("utf-8").replace("wegen in België", "Belgische wegen"), "utf-8")
    before = path.read_bytes()
    done = nvptool("i18n", "apply", tmp_path / "work.yaml", "--plan", plan)
    assert done.returncode == 1
    assert "changed since it was extracted" in done.stderr
    assert path.read_bytes() == before


def test_apply_refuses_a_file_that_is_not_a_work_file(tmp_path: Path, mini_plan: Path) -> None:
    bogus = tmp_path / "bogus.yaml"
    bogus.write_text("kind: glossary\nterms: []\n", encoding="utf-8")
    done = nvptool("i18n", "apply", bogus, "--plan", mini_plan)
    assert done.returncode == 2
    assert "not a translation work file" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("texts: [\n", "bogus.yaml:2:1: error LD01 YAML syntax error"),
        ("- 1\n- 2\n", "bogus.yaml:1:1: error SC03"),
        (
            "kind: translation-work\nlanguage: fr\ntexts:\n  - file: a.yaml\n    pathh: [a]\n",
            "bogus.yaml:5:5: error SC01 unknown key 'pathh'\n    hint: did you mean 'path'?",
        ),
    ],
)
def test_a_broken_work_file_is_reported_where_it_breaks(
    tmp_path: Path, mini_plan: Path, text: str, expected: str
) -> None:
    bogus = tmp_path / "bogus.yaml"
    bogus.write_text(text, encoding="utf-8")
    done = nvptool("i18n", "apply", bogus.name, "--plan", mini_plan, cwd=tmp_path)
    assert done.returncode == 2
    assert expected in done.stderr
    assert "Traceback" not in done.stderr and "pydantic" not in done.stderr
    assert bogus.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("path", list(plan_files(ROOT / "plan")), ids=lambda p: p.name)
def test_round_trip_writing_keeps_every_plan_file_as_it_is(path: Path) -> None:
    yaml_rt_ = yaml_rt()
    original = path.read_text(encoding="utf-8")
    out = io.StringIO()
    yaml_rt_.dump(yaml_rt_.load(original), out)
    assert out.getvalue() == original


def test_work_files_keep_number_like_fingerprints_as_text() -> None:
    from nvptool.load.yamlsource import read_yaml
    from nvptool.roundtrip import dump_yaml

    data = {"fingerprint": "70527460e919", "other": "123456789012", "text": "a: b"}
    assert read_yaml(dump_yaml(data).encode(), "work.yaml").data == data


def test_a_new_wording_drops_where_the_old_official_one_was_seen(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    path = plan / PHENOMENON
    text = path.read_text(encoding="utf-8")
    machine = "        state: machine\n        source: d2470540230b"
    official = (
        "        state: official\n        seen_at: Moniteur belge\n        source: d2470540230b"
    )
    path.write_text(text.replace(machine, official))
    assert "seen_at: Moniteur belge" in path.read_text(encoding="utf-8")
    edit_dutch(plan)
    work = yaml.safe_load(nvptool("i18n", "extract", plan, "--lang", "fr").stdout)
    [item] = work["texts"]
    item["translation"] = "En 2019, 646 personnes sont décédées sur les routes de Belgique."
    work_path = tmp_path / "work.yaml"
    work_path.write_text(yaml.safe_dump(work, allow_unicode=True), encoding="utf-8")
    assert nvptool("i18n", "apply", work_path, "--plan", plan).returncode == 0
    after = path.read_text(encoding="utf-8")
    assert "routes de Belgique" in after and "seen_at" not in after


def _work(plan: Path, tmp_path: Path, items: list[dict[str, object]], **top: object) -> Path:
    work = yaml.safe_load(nvptool("i18n", "extract", plan, "--lang", "fr").stdout)
    work["texts"] = items
    work.update(top)
    path = tmp_path / "work.yaml"
    path.write_text(yaml.safe_dump(work, allow_unicode=True), encoding="utf-8")
    return path


def test_apply_refuses_one_text_given_two_translations(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    edit_dutch(plan)
    [item] = yaml.safe_load(nvptool("i18n", "extract", plan, "--lang", "fr").stdout)["texts"]
    twice = [{**item, "translation": "En 2019, T."}, {**item, "translation": "En 2019, U."}]
    before = digest_of(plan)
    done = nvptool("i18n", "apply", _work(plan, tmp_path, twice), "--plan", plan)
    assert done.returncode == 1
    assert "two different fr translations are given ('En 2019, T." in done.stderr
    assert "nothing was changed" in done.stderr and digest_of(plan) == before
    same = [{**item, "translation": "En 2019, T."}] * 2  # The same twice is the same once.
    done = nvptool("i18n", "apply", _work(plan, tmp_path, same), "--plan", plan)
    assert done.returncode == 0, done.stderr


def test_apply_writes_nothing_that_would_give_the_plan_errors(tmp_path: Path) -> None:
    """A translation marked official without saying where it was seen (TR04), or with a
    character nobody sees (TX04), is refused in check's words; no file changes."""
    plan = make_plan(tmp_path)
    edit_dutch(plan)
    [item] = yaml.safe_load(nvptool("i18n", "extract", plan, "--lang", "fr").stdout)["texts"]
    before = digest_of(plan)
    official = _work(plan, tmp_path, [{**item, "translation": "En 2019."}], state="official")
    done = nvptool("i18n", "apply", official, "--plan", plan)
    assert done.returncode == 2 and "[TR04]" in done.stderr
    assert "cause: the work file" in done.stderr and "marks translations official" in done.stderr
    assert "would give the plan 1 error that it does not have; nothing was written" in (done.stderr)
    hidden = _work(plan, tmp_path, [{**item, "translation": "En 2019 \u202e."}])
    done = nvptool("i18n", "apply", hidden, "--plan", plan)
    assert done.returncode == 2 and "[TX04]" in done.stderr
    assert digest_of(plan) == before


def digest_of(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_check_s_hint_confirms_the_stale_translation_and_nothing_else(tmp_path: Path) -> None:
    """The real plan: a Dutch title edited. check's hint names the object by its key (its id
    is also a phenomenon's of 2016-2019) and, run as given, marks that one translation
    reviewed: the file's 44 other machine translations stay the machine's."""
    import shlex
    import shutil

    from conftest import ROOT

    plan = tmp_path / "plan"
    shutil.copytree(ROOT / "plan", plan)
    drugs = plan / "cycles/nvp-2022-2025/phenomena/03-drugs.yaml"
    text = drugs.read_text("utf-8")
    drugs.write_text(text.replace("  nl: Drugs\n", "  nl: Drugs en meer\n", 1), "utf-8")
    machine = text.count("state: machine")
    before = digest_of(plan)
    checked = nvptool("check", plan)
    [hint] = [line for line in checked.stdout.splitlines() if "i18n confirm" in line]
    command = hint.split("confirm it: ", 1)[1]  # Run as printed, from where check ran.
    assert command == f"nvptool i18n confirm nvp-2022-2025:drugs --lang fr --plan {plan}"
    done = nvptool(*shlex.split(command)[1:])
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "confirmed 1 fr text in 1 file"
    assert drugs.read_text("utf-8").count("state: machine") == machine - 1
    assert nvptool("check", plan).returncode == 0
    again = nvptool(*shlex.split(command)[1:])
    assert again.returncode == 0 and again.stdout.startswith("nothing to confirm")
    after = digest_of(plan)
    assert {name for name in after if after[name] != before[name]} == {
        "cycles/nvp-2022-2025/phenomena/03-drugs.yaml"
    }


def test_confirm_refuses_an_id_of_several_cycles_and_takes_a_file(tmp_path: Path) -> None:
    import shutil

    from conftest import ROOT

    plan = tmp_path / "plan"
    shutil.copytree(ROOT / "plan", plan)
    before = digest_of(plan)
    done = nvptool("i18n", "confirm", "drugs", "--lang", "fr", "--plan", plan)
    assert done.returncode == 2 and "is the id of objects in several cycles" in done.stderr
    assert "nvp-2016-2019:drugs, nvp-2022-2025:drugs" in done.stderr
    assert digest_of(plan) == before
    # The file, as the plan directory names it or as the working directory does; --all
    # marks every translation of it reviewed (a person read it whole).
    done = nvptool(
        "i18n",
        "confirm",
        "cycles/nvp-2022-2025/phenomena/03-drugs.yaml",
        "--lang",
        "fr",
        "--all",
        "--plan",
        plan,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("fr texts in 1 file")
    after = digest_of(plan)
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {"cycles/nvp-2022-2025/phenomena/03-drugs.yaml"}
    assert "state: machine" not in (
        plan / "cycles/nvp-2022-2025/phenomena/03-drugs.yaml"
    ).read_text("utf-8")
    # Again: nothing is left to confirm, and it says so (it said "confirmed 45 … in 0 files").
    again = nvptool(
        *("i18n", "confirm", "cycles/nvp-2022-2025/phenomena/03-drugs.yaml", "--lang", "fr"),
        *("--all", "--plan", plan),
        cwd=tmp_path,
    )
    assert again.returncode == 0 and again.stdout.startswith("nothing to confirm"), again.stdout


@pytest.mark.parametrize(
    "command",
    [
        ["i18n", "extract", "--lang", "fr", "--all", "--format", "xliff"],
        ["i18n", "extract", "--lang", "fr", "--all"],
        ["i18n", "tm"],
    ],
)
def test_a_character_nobody_sees_stays_out_of_translation_files(
    tmp_path: Path, command: list[str]
) -> None:
    """XML cannot hold U+FFFE (lxml refused it with a traceback); a translator should not
    get it either: the command says where it is, as check does (TX04)."""
    plan = make_plan(tmp_path)
    path = plan / PHENOMENON
    line = "nl: In 2019 stierven 646 personen op de Belgische wegen."
    hidden = 'nl: "In 2019 stierven 646 personen op de Belgische wegen\\ufffe."'
    path.write_text(path.read_text(encoding="utf-8").replace(line, hidden), "utf-8")
    assert "TX04" in nvptool("check", plan).stdout
    done = nvptool(*command, plan)
    assert done.returncode == 2, done.stdout
    assert "U+FFFE, which a translation file cannot carry" in done.stderr
    assert "internal error" not in done.stderr and done.stdout == ""


def test_a_work_file_applies_from_wherever_it_is_applied(tmp_path: Path) -> None:
    """A work file names its files as the plan was named where it was extracted
    ("plan/cycles/…"); applied from elsewhere (--plan /…/plan, or inside the plan with
    --plan .), each text is found by its path inside the plan."""
    plan = make_plan(tmp_path)
    edit_dutch(plan)
    done = nvptool("i18n", "extract", "plan", "--lang", "fr", cwd=tmp_path)
    work = yaml.safe_load(done.stdout)
    [item] = work["texts"]
    assert item["file"].startswith("plan/")
    item["translation"] = "En 2019, 646 personnes sont décédées sur les routes de Belgique."
    work_path = tmp_path / "work.yaml"
    work_path.write_text(yaml.safe_dump(work, allow_unicode=True), encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    applied = nvptool("i18n", "apply", work_path, "--plan", plan, cwd=elsewhere)
    assert applied.returncode == 0, applied.stderr
    assert "routes de Belgique" in (plan / PHENOMENON).read_text(encoding="utf-8")
    assert findings(plan, "TR02") == []
