"""Round-trip edits of plan files: change one translation, keep everything else.

Comments, key order, quoting and block scalars stay as the writer left them
(ruamel.yaml round-trip mode; a test proves every plan file survives a load
and dump unchanged). A file is replaced atomically and only when it changed.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import LiteralScalarString

from nvptool.load.yamlsource import YamlPath
from nvptool.model.text import TranslationState


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # Never re-wrap a writer's lines.
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


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


@dataclass(frozen=True)
class Change:
    """Set the translation of the text at path (in file) to lang."""

    file: str
    path: YamlPath
    lang: str
    fingerprint: str
    state: TranslationState
    text: str | None = None
    """None keeps the existing translated text (a confirmation)."""


class EditError(Exception):
    pass


def apply_changes(changes: Iterable[Change]) -> list[str]:
    """Apply changes file by file; returns the files that changed."""
    by_file: dict[str, list[Change]] = {}
    for change in changes:
        by_file.setdefault(change.file, []).append(change)
    changed = []
    for file, edits in sorted(by_file.items()):
        if _edit_file(Path(file), edits):
            changed.append(file)
    return changed


def _edit_file(path: Path, edits: list[Change]) -> bool:
    yaml = _yaml()
    original = path.read_text(encoding="utf-8")
    data = yaml.load(original)
    for edit in edits:
        _apply(data, edit)
    out = io.StringIO()
    yaml.dump(data, out)
    updated = out.getvalue()
    if updated == original:
        return False
    _replace(path, updated)
    return True


def _apply(data: Any, change: Change) -> None:
    node = data
    for step in change.path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            raise EditError(
                f"{change.file}: no text at {'.'.join(map(str, change.path))}"
            ) from None
    if not isinstance(node, dict):
        raise EditError(f"{change.file}: {'.'.join(map(str, change.path))} is not a text")
    current = node.get(change.lang)
    text = change.text
    if text is None:
        if not isinstance(current, dict) or "text" not in current:
            raise EditError(f"{change.file}: no {change.lang} translation to confirm")
        text = str(current["text"])
    entry = current if isinstance(current, CommentedMap) else CommentedMap()
    entry["text"] = LiteralScalarString(text) if "\n" in text else text
    entry["state"] = change.state.value
    entry["source"] = change.fingerprint
    node[change.lang] = entry


def _replace(path: Path, text: str) -> None:
    """Write beside the file, then rename over it: a crash never leaves half a file."""
    mode = path.stat().st_mode & 0o777
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
