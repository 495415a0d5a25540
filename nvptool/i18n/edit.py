"""Edits of translations in plan files: change one translation, keep everything else."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import LiteralScalarString

from nvptool.load.yamlsource import YamlPath
from nvptool.model.text import TranslationState
from nvptool.roundtrip import dumps, read_plan_file, replace_file, yaml_rt


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
    original, newline = read_plan_file(path)
    data = yaml_rt().load(original)
    for edit in edits:
        _apply(data, edit)
    updated = dumps(data)
    if updated == original:
        return False
    replace_file(path, updated, newline)
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
    if entry.get("text") != text:
        entry.pop("seen_at", None)  # Where the old wording was seen says nothing of the new.
    entry["text"] = LiteralScalarString(text) if "\n" in text else text
    entry["state"] = change.state.value
    entry["source"] = change.fingerprint
    node[change.lang] = entry
