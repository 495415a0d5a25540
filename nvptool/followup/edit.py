"""Round-trip edits of a reporting year's file: what changed goes in, nothing else moves.

The new data of the year (entries changed, entries added, the reporting state) is
compared with the file's data, and every difference becomes a splice of the file's
original text (``nvptool.roundtrip``): a changed value replaces the characters of the
old one, a new key is one new line in its entry, a new entry is appended below the
last one in block style, one key per line. Comments, order, quoting, indentation and
line ends of everything else stay as written. The edited text is read back and must
hold exactly the intended data, or nothing is written.
"""

from __future__ import annotations

from typing import Any

from msgspec import Struct
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from nvptool.load.yamlsource import YamlError, read_yaml
from nvptool.roundtrip import (
    Splice,
    can_be_plain,
    content_end,
    double_quoted,
    line_end,
    line_start,
    splice,
)

STEP = 2
"""Indentation of nested lines written by nvptool."""


class EditError(Exception):
    """The file could not be edited safely; nothing was written."""


class _Reshape(Exception):
    """A block value whose shape changed: its key's lines are written again."""


class _Doc(Struct, frozen=True):
    text: str


def edited_text(original: str, display: str, intended: dict[str, Any]) -> str:
    """The original text changed into one that reads as intended, splice by splice."""
    try:
        document = read_yaml(original.encode("utf-8"), display)
    except YamlError as error:
        raise EditError(f"{error.location}: {error.message}; nothing was changed") from None
    root = document.source.root
    if not isinstance(root, MappingNode) or not isinstance(document.data, dict):
        raise EditError(f"{display}: not a mapping of keys to values; nothing was changed")
    splices = _update(_Doc(original), root, document.data, intended, False)
    updated = splice(original, splices)
    try:
        again = read_yaml(updated.encode("utf-8"), display).data
    except YamlError:
        again = None
    if again != intended:
        raise EditError(
            f"{display}: cannot be edited without changing more than the report (an anchor, "
            "an alias, or a layout nvptool cannot change safely); nothing was changed"
        )
    return updated


def _update(f: _Doc, node: Node, old: Any, new: Any, flow: bool) -> list[Splice]:
    if _same(old, new):
        return []
    if isinstance(node, ScalarNode) and _is_scalar(new):
        return [Splice(node.start_mark.index, content_end(f.text, node), _scalar(new, flow))]
    mappings = isinstance(old, dict) and isinstance(new, dict)
    if isinstance(node, MappingNode) and mappings and old.keys() <= new.keys():
        return _update_mapping(f, node, old, new)
    lists = isinstance(old, list) and isinstance(new, list) and len(new) >= len(old)
    if isinstance(node, SequenceNode) and lists and node.value and len(node.value) == len(old):
        return _update_sequence(f, node, old, new)
    return [_replace_flow(f, node, new)]


def _same(old: Any, new: Any) -> bool:
    """Equal as data: 140 and 140.0 are one value, true and 1 are not."""
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and bool(old == new)
    return bool(old == new)


def _update_mapping(
    f: _Doc, node: MappingNode, old: dict[str, Any], new: dict[str, Any]
) -> list[Splice]:
    pairs = {k.value: (k, v) for k, v in node.value if isinstance(k, ScalarNode)}
    splices = []
    for key in old:
        if key not in pairs:
            continue
        key_node, value_node = pairs[key]
        try:
            splices += _update(f, value_node, old[key], new[key], bool(node.flow_style))
        except _Reshape:
            start = line_start(f.text, key_node.start_mark.index)
            end = line_end(f.text, content_end(f.text, value_node))
            lines = _key_lines(key, new[key], key_node.start_mark.column)
            splices.append(Splice(start, end, "\n".join(lines)))
    added = {key: value for key, value in new.items() if key not in old}
    if added:
        splices.append(_add_keys(f, node, added))
    return splices


def _update_sequence(f: _Doc, node: SequenceNode, old: list[Any], new: list[Any]) -> list[Splice]:
    flow = bool(node.flow_style)
    splices = []
    for item_node, before, after in zip(node.value, old, new, strict=False):
        splices += _update(f, item_node, before, after, flow)
    extra = new[len(old) :]
    if not extra:
        return splices
    if flow:
        close = node.end_mark.index - 1
        if f.text[close] != "]":
            raise EditError("a list nvptool cannot extend safely")
        added = "".join(", " + _flow(item) for item in extra)
        return [*splices, Splice(close, close, added)]
    column = node.start_mark.column
    at = line_end(f.text, content_end(f.text, node))
    lines = [line for item in extra for line in _item_lines(item, column)]
    return [*splices, Splice(at, at, "\n" + "\n".join(lines))]


def _add_keys(f: _Doc, node: MappingNode, added: dict[str, Any]) -> Splice:
    if node.flow_style:
        close = node.end_mark.index - 1
        if f.text[close] != "}":
            raise EditError("a mapping nvptool cannot extend safely")
        lead = ", " if node.value else ""
        entries = ", ".join(f"{key}: {_flow(value)}" for key, value in added.items())
        return Splice(close, close, lead + entries)
    if not node.value:
        raise EditError("an empty mapping nvptool cannot extend safely")
    column = node.value[0][0].start_mark.column
    at = line_end(f.text, content_end(f.text, node))
    lines = [line for key, value in added.items() for line in _key_lines(key, value, column)]
    return Splice(at, at, "\n" + "\n".join(lines))


def _key_lines(key: str, value: Any, column: int) -> list[str]:
    """A new key and its value in block style: a list of entries one key per line."""
    indent = " " * column
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return [f"{indent}{key}:", *(ln for v in value for ln in _item_lines(v, column + STEP))]
    return [f"{indent}{key}: {_flow(value)}"]


def _item_lines(item: Any, column: int) -> list[str]:
    """A new list item at column: an entry as "- key: value" and one key per line below."""
    indent = " " * column
    if not isinstance(item, dict) or not item:
        return [f"{indent}- {_flow(item)}"]
    lines = []
    for index, (key, value) in enumerate(item.items()):
        lead = f"{indent}- " if index == 0 else " " * (column + STEP)
        lines.append(f"{lead}{key}: {_flow(value)}")
    return lines


def _replace_flow(f: _Doc, node: Node, new: Any) -> Splice:
    """A value replaced whole, written on one line (the fallback for a changed shape)."""
    start = node.start_mark.index
    end = content_end(f.text, node)
    if isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style:
        raise _Reshape
    if isinstance(new, list) and new and all(isinstance(item, dict) for item in new):
        raise _Reshape  # Entries are written one key per line, not crammed into [...].
    return Splice(start, end, _flow(new))


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _scalar(value: Any, flow: bool) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    text = str(value)
    return text if can_be_plain(text, in_flow=flow) else double_quoted(text)


def _flow(value: Any) -> str:
    """A value on one line, in flow style where it is a mapping or a list."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {_flow(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    return _scalar(value, True)
