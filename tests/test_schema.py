"""The committed JSON Schema matches the models, and every plan file validates against it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import MINI, ROOT

from nvptool.load.plan import plan_files
from nvptool.load.yamlsource import read_yaml
from nvptool.schema import schema_documents, stale_schemas

SCHEMA_DIR = ROOT / "schema"


def test_committed_schema_is_fresh() -> None:
    assert stale_schemas(SCHEMA_DIR) == [], "run 'nvptool schema --out schema'"


def test_schema_carries_descriptions_for_editors() -> None:
    phenomenon = json.loads(schema_documents()["phenomenon.schema.json"])
    citation = phenomenon["$defs"]["Citation"]["properties"]
    assert "pinpoint" in citation
    assert citation["pinpoint"]["description"].startswith("Where in the instrument")
    assert phenomenon["additionalProperties"] is False


def _plan_documents() -> list[Path]:
    return [*plan_files(ROOT / "plan"), *plan_files(MINI)]


@pytest.mark.parametrize("path", _plan_documents(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_plan_file_validates_against_the_exported_schema(path: Path) -> None:
    data = read_yaml(path.read_bytes(), str(path)).data
    schema = json.loads((SCHEMA_DIR / f"{data['kind']}.schema.json").read_text())
    jsonschema.validate(data, schema)


def test_plan_files_name_their_schema_in_a_modeline() -> None:
    for path in plan_files(ROOT / "plan"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        kind = yaml.safe_load(path.read_text(encoding="utf-8"))["kind"]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target == (SCHEMA_DIR / f"{kind}.schema.json").resolve(), path


def test_every_key_explains_itself_on_hover() -> None:
    """Each property has a description, or is a reference to a definition that has one."""
    for name, text in schema_documents().items():
        schema = json.loads(text)
        for owner, definition in {**schema.get("$defs", {}), name: schema}.items():
            for key, value in definition.get("properties", {}).items():
                assert "description" in value or set(value) == {"$ref"}, (owner, key)
