"""Round-trip YAML: change a plan file without disturbing anything the writer wrote.

Two tools. Edits of existing files (`i18n confirm`, `i18n apply`) are splices:
each changed value is a span of the original text, found through the loader's
node marks, and replaced by a rendering of the new value; every other character
of the file is copied as it was, whatever its indentation, line ends, document
markers or YAML version header. The result is read back with the plan's own
loader and must hold exactly the intended data, or the file is left alone.

New files made from old ones (`cycle new`) go through ruamel.yaml's round-trip
mode, which keeps comments, key order, quoting and block scalars (a test proves
that every plan file survives a load and dump unchanged).

Files are replaced atomically: a crash never leaves half a file.
"""

from __future__ import annotations

import glob
import io
import os
import tempfile
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from msgspec import Struct
from ruamel.yaml import YAML
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from nvptool.load.compose import plain_is_text


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


class Splice(Struct, frozen=True, order=True):
    """Replace the characters [start, end) of a text with new (start == end: insert)."""

    start: int
    end: int
    new: str


class OverlapError(ValueError):
    """Two edits of one place: a value that stands for several (an anchor)."""


def splice(text: str, splices: list[Splice]) -> str:
    """The text with each splice applied; splices may not overlap (OverlapError),
    but the same splice may be asked for twice (a value reached through an alias)."""
    parts = []
    position = 0
    for item in sorted(set(splices)):
        if item.start < position:
            raise OverlapError(item.start)
        parts += [text[position : item.start], item.new]
        position = item.end
    parts.append(text[position:])
    return "".join(parts)


PLAIN_NEVER_STARTS = tuple("-?:,[]{}#&*!|>'\"%@`")
UNSEEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def can_be_plain(text: str, in_flow: bool = False) -> bool:
    """Whether YAML reads text back as itself without quotes, in block and flow
    context, and the plan's loader reads it as text (not a number, date or boolean)."""
    return (
        bool(text)
        and text == text.strip()
        and not text.startswith(PLAIN_NEVER_STARTS)
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and "\n" not in text
        and "\t" not in text
        and not (in_flow and any(char in ",[]{}" for char in text))
        and not any(unicodedata.category(char) in UNSEEN for char in text)
        and plain_is_text(text)
    )


ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def double_quoted(text: str) -> str:
    """A YAML double-quoted scalar on one line; every character a reader cannot see,
    and every line break YAML knows (U+0085, U+2028, U+2029 too), as an escape."""
    out = []
    for char in text:
        if char in ESCAPES:
            out.append(ESCAPES[char])
        elif unicodedata.category(char) in UNSEEN:
            out.append(_escape(ord(char)))
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _escape(code: int) -> str:
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def replace_bytes(path: Path, data: bytes) -> None:
    """Write beside the file, then rename over it, keeping its permissions (replace_all)."""
    replace_all({path: data})


def replace_all(files: Mapping[Path, bytes]) -> None:
    """Write each file beside itself, then rename each over itself, keeping permissions.

    Every file is written before the first is renamed, so a failure (a full disk, a
    read-only folder) leaves them all as they were; its OSError names the file asked
    for, not the one beside it. The file beside one is named .<name>.nvptool-*; one
    that a killed edit left is removed by the next edit of the same file.
    """
    beside: dict[Path, str] = {}
    try:
        for path, data in files.items():
            beside[path] = _beside(path, data)
    except BaseException as error:
        for temporary in beside.values():
            Path(temporary).unlink(missing_ok=True)
        if not isinstance(error, OSError):
            raise
        others = "" if len(files) == 1 else f"; none of the {len(files)} files was changed"
        raise OSError(error.errno, f"{error.strerror}{others}", str(path)) from None
    for path, temporary in beside.items():
        os.replace(temporary, path)


def _beside(path: Path, data: bytes) -> str:
    """data in a new file beside path, with path's permissions; its name."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    prefix = f".{path.name}.nvptool-"
    for stale in path.parent.glob(glob.escape(prefix) + "*"):
        if stale.is_file() and not stale.is_symlink():
            stale.unlink()
    handle, temporary = tempfile.mkstemp(prefix=prefix, dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return temporary


def replace_file(path: Path, text: str, newline: str = "\n") -> None:
    """Write text beside the file, then rename over it; its line ends become newline."""
    replace_bytes(path, text.replace("\n", newline).encode("utf-8"))


BREAKS = "\r\n\x85\u2028\u2029"
"""The characters YAML reads as line breaks."""


def line_end(text: str, at: int) -> int:
    """The position of the line break that ends the line at position at (or the end)."""
    while at < len(text) and text[at] not in BREAKS:
        at += 1
    return at


def line_start(text: str, at: int) -> int:
    """The position where the line holding position at starts."""
    while at > 0 and text[at - 1] not in BREAKS:
        at -= 1
    return at


def content_end(text: str, node: Node) -> int:
    """Where a node's own characters end: for a collection, its last value's;
    for a block scalar (| or >), the end of its last line with content, so that
    the blank lines and comments below stay out of an edit."""
    if isinstance(node, (MappingNode, SequenceNode)) and node.value and not node.flow_style:
        last = node.value[-1]
        return content_end(text, last[1] if isinstance(last, tuple) else last)
    end: int = node.end_mark.index
    if isinstance(node, ScalarNode) and node.style in ("|", ">"):
        body = text[node.start_mark.index : end].rstrip(" \t" + BREAKS)
        end = line_end(text, node.start_mark.index + len(body))
    return end


def block_indent(text: str, node: ScalarNode) -> str | None:
    """The indentation of a block scalar's first line of content, if it has one."""
    first = line_end(text, node.start_mark.index)
    for line in text[first : node.end_mark.index].splitlines():
        if line.strip():
            return line[: len(line) - len(line.lstrip(" "))]
    return None


def literal_ok(text: str) -> bool:
    """Whether a literal block scalar (|) holds text exactly, as nvptool writes one."""
    lines = text.removesuffix("\n").split("\n")
    return (
        not text.endswith("\n\n")
        and not text.startswith((" ", "\n"))
        and all(line.strip() or not line for line in lines)
        and not any(unicodedata.category(char) in UNSEEN and char not in "\t\n" for char in text)
    )


def single_quoted_ok(text: str) -> bool:
    return bool(text) and not any(unicodedata.category(char) in UNSEEN for char in text)


def render_scalar(
    value: str, style: str, indent: str, newline: str, *, flow: bool, block_ok: bool
) -> str:
    """value written as a YAML scalar, in the style it had (style: "", "'", '"', "|"
    or ">") where that holds it exactly; a multi-line text as a literal block with
    its lines at indent, where the line allows one; else double-quoted."""
    multiline = "\n" in value
    if (multiline or style in ("|", ">")) and block_ok and not flow and literal_ok(value):
        chomp = "" if value.endswith("\n") else "-"
        lines = value.removesuffix("\n").split("\n")
        return f"|{chomp}" + "".join(newline + (indent + line if line else "") for line in lines)
    if style == "'" and single_quoted_ok(value) and not multiline:
        return "'" + value.replace("'", "''") + "'"
    if style in ("", "|", ">") and can_be_plain(value, flow):
        return value
    return double_quoted(value)
