"""Edits of translations in plan files: change one translation, keep everything else.

`apply_changes` is the one way translations are written into plan files (by
`i18n confirm`, `i18n apply` and the XLIFF import). Each change becomes splices
of the file's original text at the spans the loader's node marks give: the
value of `text:`, `state:` or `source:`, or new lines after the last entry of a
mapping. Every other character stays as the writer saved it: indentation, list
style, line ends (LF, CRLF or CR), document markers, block indicators, comments,
trailing spaces, a `%YAML 1.1` header. The edited text is read back with the
plan's loader and must hold exactly the intended data; a file that cannot be
edited so (a translation in a flow mapping `{...}` that lacks a key, an anchor
shared with other values) is refused with the reason, and left as it was.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from msgspec import Struct
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from nvptool.load.yamlsource import YamlError, YamlPath, read_yaml
from nvptool.model.text import TranslationState
from nvptool.roundtrip import (
    OverlapError,
    Splice,
    block_indent,
    content_end,
    line_end,
    line_start,
    render_scalar,
    replace_all,
    splice,
)


class Change(Struct, frozen=True):
    """Set the translation of the text at path (in file) to lang."""

    file: str
    path: YamlPath
    lang: str
    fingerprint: str
    state: TranslationState
    text: str | None = None
    """None keeps the existing translated text (a confirmation)."""


class EditError(Exception):
    """A file was not edited; the message says which and why."""


FIELDS = ("text", "state", "source")


def apply_changes(changes: Iterable[Change]) -> list[str]:
    """Apply changes file by file; returns the files that changed (planned_edits)."""
    planned = planned_edits(changes)
    write_edits(planned)
    return [str(path) for path in planned]


def planned_edits(changes: Iterable[Change]) -> dict[Path, str]:
    """The new text of every file the changes change, made and verified in memory.

    Nothing is written: a refused file leaves all of them as they were, and a command
    can check the plan they would make before it writes them (write_edits)."""
    by_file: dict[str, dict[tuple[YamlPath, str], Change]] = {}
    for change in changes:
        edits = by_file.setdefault(change.file, {})
        earlier = edits.setdefault((tuple(change.path), change.lang), change)
        if earlier != change:  # Which one was meant cannot be known: none is applied.
            raise EditError(
                f"{_where(change)}: two different {change.lang} translations are given "
                f"({_shown(earlier)}, {_shown(change)}); keep one; nothing was changed"
            )
    planned = {}
    for file, edits in sorted(by_file.items()):
        path = Path(file)
        original = _read(path, file)
        updated = edited_text(original, file, list(edits.values()))
        if updated != original:
            planned[path] = updated
    return planned


def write_edits(planned: dict[Path, str]) -> None:
    """Every planned file, or none of them (roundtrip.replace_all)."""
    replace_all({path: text.encode("utf-8") for path, text in planned.items()})


def _shown(change: Change) -> str:
    text = change.text if change.text is not None else "(the text as it is)"
    return f"{text[:40]!r}{'…' if len(text) > 40 else ''} as {change.state.value}"


def _read(path: Path, file: str) -> str:
    if path.is_symlink() or not path.is_file():
        raise EditError(f"{file}: not a regular file; nvptool edits only regular plan files")
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise EditError(f"{file}: cannot read the file ({error})") from None


def edited_text(original: str, file: str, changes: list[Change]) -> str:
    """The file's text with the changes made, verified by reading it back."""
    try:
        document = read_yaml(original.encode("utf-8"), file)
    except YamlError as error:
        raise EditError(f"{error.location}: {error.message}; nothing was changed") from None
    intended = copy.deepcopy(document.data)
    splices: list[Splice] = []
    root = document.source.root
    source = _File(original, _file_step(root))
    for change in changes:
        _set(intended, change)
        splices += _splices(source, _find(root, change), change)
    try:
        updated = splice(original, splices)
    except OverlapError:
        updated = None  # One value asked to become two things: an anchor shared.
    _verify(updated, file, intended)
    assert updated is not None
    return updated


def _verify(updated: str | None, file: str, intended: Any) -> None:
    try:
        again = None if updated is None else read_yaml(updated.encode("utf-8"), file).data
    except YamlError:
        again = None
    if again is None or again != intended:
        raise EditError(
            f"{file}: cannot be edited without changing more than the translations "
            "(an anchor or alias, or a layout nvptool cannot change safely); "
            "nothing was changed: make this edit by hand"
        )


def _where(change: Change) -> str:
    return f"{change.file}: {'.'.join(map(str, change.path))}"


def _set(data: Any, change: Change) -> None:
    """The intended data: the change made on plain values."""
    node = data
    for step in change.path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            raise EditError(f"{_where(change)}: no such text in the file") from None
    if not isinstance(node, dict):
        raise EditError(f"{_where(change)}: not a text (a mapping of languages)")
    current = node.get(change.lang)
    text = change.text
    if text is None:
        if not isinstance(current, (dict, str)):
            raise EditError(f"{_where(change)}: no {change.lang} translation to confirm")
        text = current if isinstance(current, str) else str(current.get("text"))
    entry = dict(current) if isinstance(current, dict) else {}
    if entry.get("text") != text:
        entry.pop("seen_at", None)  # Where the old wording was seen says nothing of the new.
    entry.update(text=text, state=change.state.value, source=change.fingerprint)
    node[change.lang] = entry


def _find(root: Node | None, change: Change) -> MappingNode:
    node = root
    for step in change.path:
        if isinstance(node, MappingNode):
            node = next((v for k, v in node.value if k.value == str(step)), None)
        elif isinstance(node, SequenceNode) and isinstance(step, int) and step >= 0:
            node = node.value[step] if step < len(node.value) else None
        else:
            node = None
    if not isinstance(node, MappingNode):  # pragma: no cover - _set refused it first
        raise EditError(f"{_where(change)}: not a text (a mapping of languages)")
    return node


class _File(Struct, frozen=True):
    text: str
    step: int
    """How many spaces this file indents a nested mapping by."""


def _file_step(root: Node | None) -> int:
    """The indentation step of the first nested block mapping of the file, else 2."""
    pending = [root] if root is not None else []
    while pending:
        node = pending.pop(0)
        if isinstance(node, MappingNode):
            for key, value in node.value:
                first = _first_key(value)
                below = first is not None and first.line > key.start_mark.line
                if below and first.column > key.start_mark.column:
                    return int(first.column - key.start_mark.column)
                pending.append(value)
        elif isinstance(node, SequenceNode):
            pending.extend(node.value)
    return 2


def _first_key(node: Node) -> Any:
    if isinstance(node, MappingNode) and node.value and not node.flow_style:
        return node.value[0][0].start_mark
    return None


def _splices(f: _File, holder: MappingNode, change: Change) -> list[Splice]:
    pair = next(((k, v) for k, v in holder.value if k.value == change.lang), None)
    if pair is None:
        return [_insert_language(f, holder, change)]
    key, value = pair
    if isinstance(value, ScalarNode):
        return [_expand_plain_translation(f, holder, key, value, change)]
    if not isinstance(value, MappingNode):
        raise EditError(f"{_where(change)}: the {change.lang} translation is not a mapping")
    wanted = _wanted(change)
    found = {k.value: (k, v) for k, v in value.value if isinstance(k, ScalarNode)}
    splices = []
    missing = []
    for name in FIELDS:
        if name not in wanted:
            continue
        if name not in found:
            missing.append(name)
            continue
        node = found[name][1]
        if not isinstance(node, ScalarNode):
            raise EditError(f"{_where(change)}: {change.lang}.{name} is not a single value")
        if node.value != wanted[name]:
            splices.append(_replace_scalar(f, node, wanted[name], found[name][0], value))
    added = {name: wanted[name] for name in missing}
    old_text = found["text"][1].value if "text" in found else None
    if "text" in wanted and wanted["text"] != old_text and "seen_at" in found:
        # Where the old wording was seen says nothing of the new: its lines go, and
        # the keys to add, if any, take their place.
        splices.append(_replace_entry(f, value, *found["seen_at"], added, change))
    elif added:
        splices.append(_insert_keys(f, value, added, change))
    return splices


def _replace_entry(
    f: _File, mapping: MappingNode, key: Node, value: Node, lines: dict[str, str], change: Change
) -> Splice:
    """The lines of one key and its value replaced by entries (or by nothing)."""
    if mapping.flow_style:
        raise EditError(
            f"{_where(change)}: the {change.lang} translation is written as a flow mapping "
            "{...}; write it as one key per line to let nvptool remove its seen_at"
        )
    text = f.text
    start = line_start(text, key.start_mark.index)
    end = line_end(text, content_end(text, value))
    newline = _newline(text, end)
    if lines:
        new = _entry_lines(lines, key.start_mark.column, f.step, newline)
        return Splice(start, end, newline.join(new))
    if text.startswith(newline, end):
        return Splice(start, end + len(newline), "")
    return Splice(start - len(_newline(text, max(start - 2, 0))), end, "")  # The last line.


def _wanted(change: Change) -> dict[str, str]:
    wanted = {"state": change.state.value, "source": change.fingerprint}
    if change.text is not None:
        wanted["text"] = change.text
    return wanted


def _replace_scalar(
    f: _File, node: ScalarNode, value: str, key: Node, parent: MappingNode
) -> Splice:
    text = f.text
    end = content_end(text, node)
    rest_blank = not text[end : line_end(text, end)].strip()
    indent = " " * (key.start_mark.column + f.step)
    if node.style in ("|", ">"):
        indent = block_indent(text, node) or indent  # As the writer indented this text.
    new = render_scalar(
        value,
        style=node.style or "",
        indent=indent,
        newline=_newline(text, end),
        flow=bool(parent.flow_style),
        block_ok=rest_blank,
    )
    return Splice(node.start_mark.index, end, new)


def _insert_keys(f: _File, mapping: MappingNode, values: dict[str, str], change: Change) -> Splice:
    text = f.text
    if mapping.flow_style or not mapping.value:
        raise EditError(
            f"{_where(change)}: the {change.lang} translation (line "
            f"{mapping.start_mark.line + 1}) is written as a flow mapping {{...}}; write it "
            "as one key per line to let nvptool add " + ", ".join(values)
        )
    column = mapping.value[0][0].start_mark.column
    at = line_end(text, content_end(text, mapping))
    newline = _newline(text, at)
    lines = _entry_lines(values, column, f.step, newline)
    return Splice(at, at, newline + newline.join(lines))


def _entry_lines(values: dict[str, str], column: int, step: int, newline: str) -> list[str]:
    indent = " " * column
    return [
        f"{indent}{name}: "
        + render_scalar(value, "", indent + " " * step, newline, flow=False, block_ok=True)
        for name, value in values.items()
    ]


def _translation_lines(
    change: Change, text: str, column: int, step: int, newline: str
) -> list[str]:
    values = {"text": text, "state": change.state.value, "source": change.fingerprint}
    return _entry_lines(values, column + step, step, newline)


def _insert_language(f: _File, holder: MappingNode, change: Change) -> Splice:
    text = f.text
    if change.text is None:
        raise EditError(f"{_where(change)}: no {change.lang} translation to confirm")
    if holder.flow_style or not holder.value:
        raise EditError(
            f"{_where(change)}: the text is written as a flow mapping {{...}}; write one "
            "language per line to let nvptool add a translation"
        )
    column = holder.value[0][0].start_mark.column
    at = line_end(text, content_end(text, holder))
    newline = _newline(text, at)
    lines = [" " * column + f"{change.lang}:"]
    lines += _translation_lines(change, change.text, column, f.step, newline)
    return Splice(at, at, newline + newline.join(lines))


def _expand_plain_translation(
    f: _File, holder: MappingNode, key: Node, value: ScalarNode, change: Change
) -> Splice:
    """`fr: Texte` becomes `fr:` with text, state and source below it."""
    if holder.flow_style:
        raise EditError(
            f"{_where(change)}: the text is written as a flow mapping {{...}}; write one "
            "language per line to let nvptool record the translation's state"
        )
    text = f.text
    end = content_end(text, value)
    newline = _newline(text, end)
    column = key.start_mark.column
    translated = value.value if change.text is None else change.text
    lines = _translation_lines(change, translated, column, f.step, newline)
    after_colon = text.index(":", key.end_mark.index) + 1  # No space left after "fr:".
    return Splice(after_colon, end, newline + newline.join(lines))


def _newline(text: str, at: int) -> str:
    """The line break at or after position at, as the file writes it there."""
    end = line_end(text, at)
    for candidate in ("\r\n", "\n", "\r"):
        if text.startswith(candidate, end):
            return candidate
    return next((b for b in ("\r\n", "\n", "\r") if b in text), "\n")
