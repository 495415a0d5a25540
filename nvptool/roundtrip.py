"""Round-trip YAML: change a plan file without disturbing anything the writer wrote.

Comments, key order, quoting and block scalars stay as they were (ruamel.yaml
round-trip mode; a test proves that every plan file survives a load and dump
unchanged). Files are replaced atomically: a crash never leaves half a file.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML


def yaml_rt() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # Never re-wrap a writer's lines.
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def dumps(data: Any) -> str:
    out = io.StringIO()
    yaml_rt().dump(data, out)
    return out.getvalue()


def dump_yaml(data: Any) -> str:
    """YAML 1.2 text of plain data: strings that look like numbers (a fingerprint such
    as 70527460e919) are quoted, so that the plan's loader reads them back as text."""
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 100
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def read_plan_file(path: Path) -> tuple[str, str]:
    """A file's text with "\\n" line ends, and the line end the file uses ("\\r\\n" on
    Windows), so that an edit writes every untouched line back as it was."""
    raw = path.read_bytes().decode("utf-8")
    newline = "\r\n" if "\r\n" in raw else "\n"
    return raw.replace("\r\n", "\n"), newline


def replace_file(path: Path, text: str, newline: str = "\n") -> None:
    """Write beside the file, then rename over it."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline=newline) as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
