"""The export as analysts read it: every field, fixed columns, one key per object."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, make_plan
from conftest import run_nvptool as nvptool

from nvptool.export import columns, csv_tables, data_dictionary, export_plan
from nvptool.load.plan import load_plan
from nvptool.plan import CHILD_KINDS, Plan


@pytest.fixture(scope="module")
def real_plan() -> Plan:
    return load_plan(ROOT / "plan").plan


def read_table(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as stream:
        return list(csv.DictReader(stream))


def test_a_sections_own_kind_is_kept(real_plan: Plan) -> None:
    objects = export_plan(real_plan)["objects"]
    drugs = [o for o in objects if o["key"] == "nvp-2022-2025/phenomenon/drugs"]
    assert drugs
    sections = [o for o in objects if o["kind"] == "section"]
    kinds = {o["section_kind"] for o in sections if o["parent_key"] == drugs[0]["key"]}
    assert {"description", "situation"} <= kinds
    table = csv_tables(real_plan)["section.csv"]
    assert "section_kind" in table.splitlines()[0] and ",situation," in table


def test_every_field_of_every_object_is_exported(real_plan: Plan) -> None:
    """Nothing a plan file says is lost: each written field is in the record, and in CSV."""
    records = {o["key"]: o for o in export_plan(real_plan)["objects"]}
    source, languages = real_plan.config.source_language, tuple(real_plan.config.languages)
    for node in real_plan.nodes:
        record = records[f"{node.scope}/{node.kind}/{node.id}"]
        written = node.obj.model_dump(exclude=set(CHILD_KINDS), exclude_unset=True)
        for field in written:
            name = "section_kind" if (field, node.kind) == ("kind", "section") else field
            assert name in record or field == "kind", (node.key, field)
    for kind in {o["kind"] for o in records.values()}:
        names = {name for name, _, _ in columns(kind, languages, source)}
        for record in (r for r in records.values() if r["kind"] == kind):
            for path in leaves(record):
                assert any(path == n or path.startswith(n + ".") for n in names), (kind, path)


def leaves(value: Any, prefix: str = "") -> list[str]:
    if value is None:
        return []  # An empty cell in whichever columns the field has.
    if isinstance(value, dict) and value:
        return [p for k, v in value.items() for p in leaves(v, f"{prefix}.{k}" if prefix else k)]
    return [prefix]


def test_keys_are_unique_across_cycles(real_plan: Plan, tmp_path: Path) -> None:
    objects = export_plan(real_plan)["objects"]
    ids = Counter(o["id"] for o in objects if o["kind"] == "phenomenon")
    assert ids["drugs"] == 2  # The same id in two cycles …
    keys = [o["key"] for o in objects]
    assert len(keys) == len(set(keys))  # … and one key each.
    parents = {o["parent_key"] for o in objects} - {None}
    assert parents <= set(keys)
    out = tmp_path / "tables"
    assert nvptool("export", "--format", "csv", "plan", "--out", out).returncode == 0
    csv_keys = [row["key"] for table in out.iterdir() for row in read_table(table)]
    assert sorted(csv_keys) == sorted(keys)


def test_csv_columns_do_not_depend_on_how_the_yaml_is_written(tmp_path: Path) -> None:
    name = "cycles/demo/phenomena/1.yaml"
    mini = make_plan(tmp_path / "a")
    text = (mini / name).read_text(encoding="utf-8")
    translation = (
        "  fr:\n    text: Sécurité routière\n    state: machine\n    source: c121c3c0652f\n"
    )
    short = text.replace(translation, "  fr: Sécurité\n", 1)
    assert short != text
    other = make_plan(tmp_path / "b", {name: short})
    first, second = csv_tables(load_plan(mini).plan), csv_tables(load_plan(other).plan)
    assert first.keys() == second.keys()
    for table in first:
        assert first[table].splitlines()[0] == second[table].splitlines()[0], table
    header = first["phenomenon.csv"].splitlines()[0].split(",")
    assert {"title.fr.text", "title.fr.state", "title.fr.source"} <= set(header)
    assert "title.fr" not in header
    [row] = list(csv.DictReader(second["phenomenon.csv"].splitlines()))
    assert (row["title.fr.text"], row["title.fr.state"]) == ("Sécurité", "")


def test_bom_option_writes_csv_a_spreadsheet_reads_as_utf8(tmp_path: Path) -> None:
    out = tmp_path / "tables"
    done = nvptool("export", "--format", "csv", "plan", "--out", out, "--bom")
    assert done.returncode == 0, done.stderr
    raw = (out / "phenomenon.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfkey,")
    rows = read_table(out / "phenomenon.csv", encoding="utf-8-sig")
    assert any("é" in row["title.fr.text"] for row in rows)
    plain = tmp_path / "plain"
    nvptool("export", "--format", "csv", "plan", "--out", plain)
    assert (plain / "phenomenon.csv").read_bytes().startswith(b"key,")


def test_the_data_dictionary_in_docs_is_current() -> None:
    documented = (ROOT / "docs" / "export.md").read_text(encoding="utf-8")
    assert documented == data_dictionary(("nl", "fr"), "nl"), "run: nvptool export --dictionary"
    printed = nvptool("export", "plan", "--dictionary")
    assert printed.stdout == documented


def test_a_file_is_named_inside_the_plan_however_the_plan_was_named(tmp_path: Path) -> None:
    """The export's file column held the path as typed ("/tmp/x/plan/cycles/…", "plan/…"):
    exports of one plan differed between CI and a laptop, and leaked local paths."""
    import shutil

    copy = tmp_path / "elsewhere" / "plan"
    shutil.copytree(ROOT / "plan", copy)
    here = json.loads(nvptool("export", "plan").stdout)
    there = json.loads(nvptool("export", copy).stdout)
    assert here["plan"] == there["plan"] == "plan"
    here, there = here["objects"], there["objects"]
    assert [o["file"] for o in here] == [o["file"] for o in there]
    assert here[0]["file"].startswith("cycles/")


def test_the_json_export_names_its_languages(real_plan: Plan) -> None:
    document = json.loads(nvptool("export", "plan").stdout)
    assert (document["source_language"], document["languages"]) == ("nl", ["nl", "fr"])
    [drugs] = [o for o in document["objects"] if o["key"] == "nvp-2022-2025/phenomenon/drugs"]
    assert drugs["title"]["nl"] == "Drugs" and set(drugs["title"]["fr"]) == {
        "text",
        "state",
        "source",
    }


def test_each_measure_is_a_row_with_the_number_a_reader_sees(real_plan: Plan) -> None:
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(csv_tables(real_plan)["measure.csv"])))
    assert len(rows) == 98
    by_id = {row["id"]: row for row in rows}
    organised = by_id["georganiseerde-criminaliteit-sd1-m6"]
    assert (organised["number"], organised["full_number"]) == ("6", "2.2.2.1.6")
    assert organised["parent"] == "georganiseerde-criminaliteit-sd1"
    assert organised["lead.nl"] == "Hiertoe zal onder meer:"
    assert organised["text.fr.state"] == "machine"
    assert by_id["drugs-m5"]["full_number"] == "2.3.3.5"


def test_a_folder_of_tables_is_the_last_export_s_whole(tmp_path: Path) -> None:
    """The real plan's tables, then the mini plan's in the same folder: 13 tables of the
    real plan stayed beside the mini plan's 5, and read as its data."""
    out = tmp_path / "tables"
    assert nvptool("export", "--format", "csv", ROOT / "plan", "--out", out).returncode == 0
    mini = make_plan(tmp_path)
    done = nvptool("export", "--format", "csv", mini, "--out", out)
    assert done.returncode == 0, done.stderr
    tables = {path.name: path.read_text("utf-8") for path in out.iterdir()}
    assert set(tables) == set(csv_tables(load_plan(mini).plan))
    assert not any("nvp-2022-2025" in text for text in tables.values())
    present = {f"{record['kind']}.csv" for record in export_plan(load_plan(mini).plan)["objects"]}
    header_only = {name for name, text in tables.items() if text.count("\n") == 1}
    assert header_only and header_only == set(tables) - present  # Kinds the mini plan lacks.
