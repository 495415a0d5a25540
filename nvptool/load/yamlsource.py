"""Safe YAML reading that keeps the source location of every key and value.

PyYAML's own constructors lose locations, silently keep the last of two
duplicate keys and read ``no`` as false. So the plan is composed into nodes by
libyaml (when available) with a YAML 1.2-style resolver, and the Python values
are built from the nodes, recording where each one came from
(nvptool.load.compose).

This module is what the rest of nvptool names: the limits, the errors, where
things stand. It does not import PyYAML: only a process that parses a file, or
looks up where something stands in one, does. `nvptool check` has its files
parsed by forked readers while it starts up (nvptool.load.readahead), and
locates only the problems it reports (Place), so for a plan without problems
it never imports PyYAML itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from msgspec import Struct

from nvptool.findings import Location

if TYPE_CHECKING:
    from yaml.nodes import Node

    from nvptool.load.sources import Reread

YamlPath = tuple[str | int, ...]
Marks = Literal["objects", "values"]
"""What a reading records of where things stand, for the commands that show it all:
"objects", where each object stands (its id, and a list item or the file's mapping
itself), for the site, the preview and the export; "values", where every value
stands, for a translation work file that locates each text."""

MAX_EXPANDED_NODES = 1_000_000
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_EXPANDED_CHARACTERS = 2 * MAX_FILE_BYTES
"""Aliases repeat text without repeating its cost to read: a file of aliases to one
long text would cost every rule that reads texts minutes. A file without aliases
holds at most MAX_FILE_BYTES characters of text."""


class Limits(Struct, frozen=True):
    """How much one file may hold before it is refused, said in the message as `files`."""

    files: str
    file_bytes: int
    expanded_characters: int
    expanded_nodes: int
    hint: str
    """What to do with a file that is too large."""


PLAN_FILES = Limits(
    "plan files",
    MAX_FILE_BYTES,
    MAX_EXPANDED_CHARACTERS,
    MAX_EXPANDED_NODES,
    "split the content over several files",
)
WORK_FILES = Limits(
    "work files",
    32 * MAX_FILE_BYTES,
    32 * MAX_EXPANDED_CHARACTERS,
    32 * MAX_EXPANDED_NODES,
    "extract fewer texts at once (--file, --object or --state)",
)
"""A translation work file lists texts of the whole plan, from any number of its files:
every text of a plan of 100,000 objects fits (about 120 MiB of XLIFF)."""
REPORTING_SHEETS = Limits(
    "reporting sheets",
    MAX_FILE_BYTES,
    MAX_EXPANDED_CHARACTERS,
    MAX_EXPANDED_NODES,
    "import one owner's template at a time",
)


@dataclass(eq=False)  # Not frozen: Python sets __traceback__ on exceptions it passes on.
class YamlError(Exception):
    """A file that cannot be read as plan YAML."""

    code: str
    message: str
    location: Location
    hint: str | None = None


class SourceMap(Struct, frozen=True):
    """Where each key and value of one file stands, found on demand in the node tree.

    Locations are looked up only when a problem is reported or an object is
    exported, so reading a file records none of them, and keeps no node tree
    (libyaml's nodes take twenty times the file's bytes): the file is composed
    again for the few files whose problems are reported, from its bytes, or
    read again from a plan directory (sources.Reread) if it has not changed.
    """

    file: str
    content: bytes | Reread | None
    """The file as read (its bytes take less room than its text), or how to read it again
    when it can be and its bytes are not kept (a plan directory's file)."""
    marks: Mapping[YamlPath, tuple[int, int]] | None = None
    """Where things stand (line, column) by path, as far as the reading recorded them
    (Marks): for "objects", each id's value and each list item and the file's mapping;
    for "values", every value. What is here is found without composing the file again."""
    comments_after_values: bool = False
    """Whether some line of the file has a comment after something else (`… # …`), where
    a value written without quotes may have ended unseen (`commented_values`)."""

    def text(self) -> str | None:
        """The file's text, as it was read; None when it cannot be had again (it changed)."""
        content = self.content
        data = (
            content if isinstance(content, bytes) else None if content is None else content.read()
        )
        return None if data is None else data.decode("utf-8", "replace")

    @property
    def root(self) -> Node | None:
        from nvptool.load.compose import recompose  # libyaml: only to locate something

        content = self.content
        if isinstance(content, bytes):
            return recompose(content, lambda: content)
        return None if content is None else recompose(content, content.read)

    def _walk(self, path: YamlPath) -> tuple[list[Node], Node | None]:
        """The nodes along path as far as it exists, and the key node of its last step."""
        from nvptool.load.compose import walk

        return walk(self.root, path)

    def _at(self, node: Node | None) -> Location:
        if node is None:
            return Location(self.file)
        return Location(self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def value(self, path: YamlPath) -> Location:
        """The location of the value at path, or of its nearest existing ancestor."""
        if self.marks is not None and path in self.marks:
            return Location(self.file, *self.marks[path])
        nodes, _ = self._walk(path)
        return self._at(nodes[-1] if nodes else None)

    def commented_values(self) -> dict[YamlPath, tuple[Location, str]]:
        """Where a comment starts right after a value written without quotes, on the line
        the value ends, and its words, by the value's path: YAML ended the value there
        ("nl: De campagne #MeToo" is "De campagne")."""
        text = self.text() if self.comments_after_values else None
        if text is None:
            return {}
        from nvptool.load.compose import plain_values_before_comments

        found = plain_values_before_comments(self.root, text)
        return {
            path: (Location(self.file, line, column), words)
            for path, (line, column, words) in found.items()
        }

    def key(self, path: YamlPath) -> Location:
        nodes, key = self._walk(path)
        if key is not None and len(nodes) == len(path) + 1:
            return self._at(key)
        return self._at(nodes[-1] if nodes else None)

    def text_line(self, path: YamlPath, line: int) -> Location:
        """Where the given line (0-based) of a text value stands in the file.

        Exact in a literal block (``|``), whose lines are the file's lines; in
        any other style YAML folds lines, so the value's first line is given.
        A text written as ``{text: ..., state: ...}`` is found by its ``text``.
        """
        from yaml.nodes import MappingNode, ScalarNode

        nodes, _ = self._walk(path)
        node = nodes[-1] if len(nodes) == len(path) + 1 else None
        if isinstance(node, MappingNode):
            return self.text_line((*path, "text"), line)
        if isinstance(node, ScalarNode) and node.style == "|":
            first = node.start_mark.line + 1  # the line after the indicator
            return Location(self.file, first + line + 1, 1)
        return self.value(path)


class Place(Struct, frozen=True, eq=False):
    """Where a value, a key or a line of a text stands in a file, found when asked for.

    Finding it may compose the file again (libyaml), which a problem that a waiver
    suppresses never needs. Places are equal when they name the same thing: the same
    file (by its name, as a source map cannot be compared cheaply), path and part.
    """

    path: YamlPath
    source: SourceMap
    of_key: bool = False
    line: int | None = None
    """A line (0-based) of the text at path (SourceMap.text_line)."""

    @property
    def file(self) -> str:
        """The source map's file, which problems name before they are located."""
        return self.source.file

    def _named(self) -> tuple[str, YamlPath, bool, int | None]:
        return (self.source.file, self.path, self.of_key, self.line)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Place) and self._named() == other._named()

    def __hash__(self) -> int:
        return hash(self._named())

    def __repr__(self) -> str:
        file, path, of_key, line = self._named()
        return f"Place(file={file!r}, path={path!r}, of_key={of_key!r}, line={line!r})"

    def locate(self) -> Location:
        if self.line is not None:
            return self.source.text_line(self.path, self.line)
        return self.source.key(self.path) if self.of_key else self.source.value(self.path)

    def __str__(self) -> str:
        return str(self.locate())


class YamlDocument(Struct, frozen=True):
    data: Any
    source: SourceMap


def read_yaml(
    raw: bytes,
    file: str,
    marks: Marks | None = None,
    limits: Limits = PLAN_FILES,
    reread: Reread | None = None,
) -> YamlDocument:
    """Parse one plan file. Raises :class:`YamlError` with a location.

    With marks, where the objects or all values stand is kept (SourceMap.marks);
    otherwise a location is found by composing the file again when it is asked for,
    from its bytes, or, with reread, from the file read again.
    """
    text = _decode(raw, file, limits)
    if not text.strip():
        raise YamlError(
            "LD06", "the file is empty", Location(file), "remove the file or add content"
        )
    from nvptool.load.compose import values  # libyaml: in the process that parses

    data, found = values(text, file, marks, limits)
    content = raw if reread is None else reread
    return YamlDocument(data, SourceMap(file, content, found, comments_after_values(raw)))


_COMMENT_AFTER_SOMETHING = re.compile(rb"(?m)^[ \t]*[^ \t\r\n#][^\r\n]*[ \t]#")


def comments_after_values(raw: bytes) -> bool:
    """Whether a line of the file has a comment after something else (SourceMap)."""
    if b" #" not in raw and b"\t#" not in raw:  # Most files: one pass in C.
        return False
    return _COMMENT_AFTER_SOMETHING.search(raw) is not None


def too_large(size: int, limits: Limits) -> str:
    return (
        f"the file is {size // 1024 // 1024} MiB; "
        f"{limits.files} may be at most {limits.file_bytes // 1024 // 1024} MiB"
    )


def _decode(raw: bytes, file: str, limits: Limits) -> str:
    if len(raw) > limits.file_bytes:
        raise YamlError("LD07", too_large(len(raw), limits), Location(file), limits.hint)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # What some editors save as "Unicode".
        raise YamlError(
            "LD05", "the file is saved as UTF-16", Location(file), "save the file as UTF-8"
        )
    if b"\x00" in raw:
        raise YamlError(
            "LD05",
            "the file is binary, not YAML text",
            Location(file),
            "a plan file is text saved as UTF-8: remove this file, or save it again as text",
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raise YamlError(
            "LD10",
            "the file starts with a byte-order mark",
            Location(file),
            "save the file as UTF-8 without BOM (plan files are UTF-8 everywhere)",
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise YamlError(
            "LD05",
            f"the file is not valid UTF-8 (byte 0x{raw[error.start]:02x})",
            Location(file, line, column),
            "save the file as UTF-8",
        ) from None
