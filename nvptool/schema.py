"""JSON Schema for every plan file kind, generated from the models."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from nvptool.config import Config
from nvptool.model.files import FILE_KINDS
from nvptool.outdir import write_files

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_documents() -> dict[str, str]:
    """File name -> JSON text, for every plan file kind and the configuration."""
    kinds: dict[str, type[BaseModel]] = {**FILE_KINDS, "config": Config}
    documents = {}
    for kind, model in sorted(kinds.items()):
        schema = model.model_json_schema()
        schema = {
            "$schema": SCHEMA_DIALECT,
            **schema,
        }
        documents[f"{kind}.schema.json"] = (
            json.dumps(schema, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
        )
    return documents


def stale_schemas(directory: Path) -> list[str]:
    """Names of schema files in directory that are missing or differ from the models."""
    stale = []
    for name, text in schema_documents().items():
        path = directory / name
        if path.is_symlink() or not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale


def write_schemas(directory: Path) -> list[str]:
    """Write the schema files that changed; returns their names."""
    changed = stale_schemas(directory)
    documents = schema_documents()
    return write_files(directory, {name: documents[name] for name in changed})
