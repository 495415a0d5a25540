"""The earlier source of a stale translation, found in the plan's git history.

A translation records only the fingerprint of the source it translates; to show
a translator what changed, look back through the commits of its file for the
source text with that fingerprint. Disk and git only; no history, no note.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from nvptool.i18n.units import TextKey
from nvptool.load.sources import SourceError, repository_of, run_git
from nvptool.model.text import fingerprint

MAX_REVISIONS = 200
"""How far back to look in each file's history."""


def previous_sources(
    plan_dir: Path, wanted: Mapping[TextKey, str], source_lang: str
) -> dict[TextKey, str]:
    """For each text (file, path) the source whose fingerprint is wanted, where found."""
    if not wanted:
        return {}
    try:
        top, _ = repository_of(plan_dir)
    except SourceError:
        return {}
    by_file: dict[str, dict[TextKey, str]] = {}
    for key, print_ in wanted.items():
        by_file.setdefault(key[0], {})[key] = print_
    found: dict[TextKey, str] = {}
    for file, keys in by_file.items():
        found.update(_search_file(top, file, keys, source_lang))
    return found


def _search_file(
    top: Path, file: str, keys: dict[TextKey, str], source_lang: str
) -> dict[TextKey, str]:
    try:
        relative = Path(file).resolve().relative_to(top.resolve()).as_posix()
        log = run_git(top, "log", "--format=%H", "-n", str(MAX_REVISIONS), "--", relative)
    except (SourceError, ValueError):
        return {}
    found: dict[TextKey, str] = {}
    for revision in log.decode().split():
        try:
            data = yaml.safe_load(run_git(top, "show", f"{revision}:{relative}"))
        except (SourceError, yaml.YAMLError):
            continue
        for key, wanted in keys.items():
            text = _source_at(data, key[1], source_lang)
            if key not in found and text is not None and fingerprint(text) == wanted:
                found[key] = text
        if len(found) == len(keys):
            break
    return found


def _source_at(data: Any, path: tuple[str | int, ...], source_lang: str) -> str | None:
    node = data
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return None
    value = node.get(source_lang) if isinstance(node, dict) else None
    return value if isinstance(value, str) else None
