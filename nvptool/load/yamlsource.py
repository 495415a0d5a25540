"""Safe YAML reading that keeps the source location of every key and value.

PyYAML's own constructors lose locations, silently keep the last of two
duplicate keys and read ``no`` as false. So the plan is composed into nodes by
libyaml (when available) with a YAML 1.2-style resolver, and the Python values
are built here from the nodes, recording where each one came from.
"""

from __future__ import annotations

import gc
import math
import re
import sys
from collections import OrderedDict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from nvptool.findings import Location

try:  # libyaml's parser is many times faster; fall back when it is not built.
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


YamlPath = tuple[str | int, ...]
Marks = Literal["objects", "values"]
"""What a reading records of where things stand, for the commands that show it all:
"objects", where each object stands (its id, and a list item or the file's mapping
itself), for the site, the preview and the export; "values", where every value
stands, for a translation work file that locates each text."""

MAX_DEPTH = 64
MAX_EXPANDED_NODES = 1_000_000
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_EXPANDED_CHARACTERS = 2 * MAX_FILE_BYTES
"""Aliases repeat text without repeating its cost to read: a file of aliases to one
long text would cost every rule that reads texts minutes. A file without aliases
holds at most MAX_FILE_BYTES characters of text."""

MAX_INTEGER_DIGITS = 15
"""Plan numbers are years, counts and amounts; a longer one is a mistake (or an attack
on the time Python takes to read long numbers)."""


@dataclass(frozen=True)
class Limits:
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

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"
SAFE_TAGS = frozenset({STR, INT, FLOAT, BOOL, NULL, SEQ, MAP})


class PlanResolver(BaseResolver):
    """The YAML 1.2 core schema: only true/false are booleans, dates stay text."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        # libyaml calls this for every node: the short way, without path resolvers.
        if kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        return str(tag)
            return STR
        return SEQ if kind is SequenceNode else MAP


for _tag, _pattern, _first in (
    (BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (NULL, r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (INT, r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        FLOAT,
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
):
    PlanResolver.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


def plain_is_text(value: str) -> bool:
    """Whether value, written without quotes, is read by the plan's loader as text."""
    return PlanResolver().resolve(ScalarNode, value, (True, False)) == STR


class _Composer(_Parser, PlanResolver):
    def __init__(self, text: str) -> None:
        _Parser.__init__(self, text)
        PlanResolver.__init__(self)


@dataclass(eq=False)  # Not frozen: Python sets __traceback__ on exceptions it passes on.
class YamlError(Exception):
    """A file that cannot be read as plan YAML."""

    code: str
    message: str
    location: Location
    hint: str | None = None


@dataclass(frozen=True, slots=True)
class SourceMap:
    """Where each key and value of one file stands, found on demand in the node tree.

    Locations are looked up only when a problem is reported or an object is
    exported, so reading a file records none of them, and keeps no node tree
    (libyaml's nodes take twenty times the file's bytes): the file's text is
    kept, and composed again, for the few files whose problems are reported.
    """

    file: str
    raw: bytes
    """The file as read (its bytes take less room than its text)."""
    marks: Mapping[YamlPath, tuple[int, int]] | None = None
    """Where things stand (line, column) by path, as far as the reading recorded them
    (Marks): for "objects", each id's value and each list item and the file's mapping;
    for "values", every value. What is here is found without composing the file again."""

    @property
    def root(self) -> Node | None:
        return _recompose(self.raw)

    def _walk(self, path: YamlPath) -> tuple[list[Node], Node | None]:
        """The nodes along path as far as it exists, and the key node of its last step."""
        nodes: list[Node] = [self.root] if self.root is not None else []
        key: Node | None = None
        for step in path:
            node = nodes[-1] if nodes else None
            child = None
            key = None
            if isinstance(node, MappingNode):
                pair = next((kv for kv in node.value if kv[0].value == step), None)
                if pair is not None:
                    key, child = pair
            elif isinstance(node, SequenceNode) and isinstance(step, int) and step >= 0:
                child = node.value[step] if step < len(node.value) else None
            if child is None:
                return nodes, None
            nodes.append(child)
        return nodes, key

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
        nodes, _ = self._walk(path)
        node = nodes[-1] if len(nodes) == len(path) + 1 else None
        if isinstance(node, MappingNode):
            return self.text_line((*path, "text"), line)
        if isinstance(node, ScalarNode) and node.style == "|":
            first = node.start_mark.line + 1  # the line after the indicator
            return Location(self.file, first + line + 1, 1)
        return self.value(path)


@dataclass(frozen=True, slots=True)
class YamlDocument:
    data: Any
    source: SourceMap


def read_yaml(
    raw: bytes, file: str, marks: Marks | None = None, limits: Limits = PLAN_FILES
) -> YamlDocument:
    """Parse one plan file. Raises :class:`YamlError` with a location.

    With marks, where the objects or all values stand is kept (SourceMap.marks);
    otherwise a location is found by composing the file again when it is asked for.
    """
    text = _decode(raw, file, limits)
    if not text.strip():
        raise YamlError(
            "LD06", "the file is empty", Location(file), "remove the file or add content"
        )
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, text, file) from None
    except yaml.YAMLError as error:  # pragma: no cover - libyaml reports marks
        raise YamlError("LD01", f"YAML syntax error: {error}", Location(file)) from None
    if node is None:
        raise YamlError("LD06", "the file holds no YAML document", Location(file))
    builder = _Builder(file, marks, limits)
    data = builder.build(node, ())
    return YamlDocument(data, SourceMap(file, raw, builder.marks))


TREES_BUDGET = 4 * 1024 * 1024
"""How many bytes of files keep their node tree once composed again (a tree takes
about twenty times its file): problems come rule by rule, each in file order."""
_trees: OrderedDict[bytes, Node | None] = OrderedDict()


def _recompose(raw: bytes) -> Node | None:
    """The node tree of a file read before; the most recently used are kept."""
    if raw in _trees:
        _trees.move_to_end(raw)
        return _trees[raw]
    node = _trees[raw] = _compose(raw.decode("utf-8"))
    kept = sum(map(len, _trees))
    while kept > TREES_BUDGET and len(_trees) > 1:
        kept -= len(_trees.popitem(last=False)[0])
    return node


def _compose(text: str) -> Node | None:
    # A node tree holds no cycles: Python's cyclic collector, which a tree's many objects
    # would set off again and again, would only scan everything else the command holds.
    collecting = gc.isenabled()
    gc.disable()
    composer = _Composer(text)
    try:
        return composer.get_single_node()
    finally:
        composer.dispose()
        if collecting:
            gc.enable()


def too_large(size: int, limits: Limits) -> str:
    return (
        f"the file is {size // 1024 // 1024} MiB; "
        f"{limits.files} may be at most {limits.file_bytes // 1024 // 1024} MiB"
    )


def _decode(raw: bytes, file: str, limits: Limits) -> str:
    if len(raw) > limits.file_bytes:
        raise YamlError("LD07", too_large(len(raw), limits), Location(file), limits.hint)
    if b"\x00" in raw:
        raise YamlError("LD05", "the file is binary, not YAML text", Location(file))
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


# libyaml's words for its most common complaints, said for a writer who is not a
# programmer: (what libyaml says, what it means, what to do).
PLAIN_SYNTAX_ERRORS = (
    (
        "but found another document",
        "the file holds more than one YAML document",
        "a plan file is one document: remove the second '---' line, or split the file",
    ),
    (
        "found character '\\t'",
        "a tab character, where YAML allows only spaces",
        "indent with spaces, not tabs",
    ),
    (
        "mapping values are not allowed",
        "a ': ' where no new key can start",
        "check this line's indentation; put text that contains ': ' in quotes, "
        "or write it as a block (|-)",
    ),
    (
        "could not find expected ':'",
        "this line should be 'key: value' but has no ': '",
        "add ': ' after the key, or indent the line if it continues the text above",
    ),
    (
        "did not find expected key",
        "a key ('name: value') was expected here",
        "check this line's indentation against the lines above; a quote or bracket "
        "left open earlier can also cause this",
    ),
    (
        "found undefined alias",
        "'*' starts a YAML alias, and nothing is anchored under that name",
        "put text that starts with '*' in quotes",
    ),
    (
        "found unexpected end of stream",
        "the file ends inside a quoted text",
        "close the quote that was opened",
    ),
    (
        "did not find expected node content",
        "a value is missing",
        "check the brackets and commas of this list or mapping",
    ),
)


def _syntax_error(error: yaml.MarkedYAMLError, text: str, file: str) -> YamlError:
    problem = error.problem or "invalid YAML"
    mark = error.problem_mark or error.context_mark
    if "could not find expected ':'" in problem and error.context_mark is not None:
        mark = error.context_mark  # Where the key without ':' starts, not where libyaml gave up.
    location = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
    if "cannot start any token" in problem and mark is not None and mark.index < len(text):
        found = text[mark.index]  # The C parser does not name the character; the text does.
        if found != "\t":
            return YamlError(
                "LD01",
                f"YAML syntax error: a value cannot start with '{found}'",
                location,
                f"put text that starts with '{found}' in quotes",
            )
        problem = "found character '\\t'"
    if "maximum nesting depth" in problem:
        return YamlError("LD04", "the structure is nested too deep for a plan file", location)
    for says, means, advice in PLAIN_SYNTAX_ERRORS:
        if says in problem:
            return YamlError("LD01", f"YAML syntax error: {means}", location, advice)
    context = f" {error.context}" if error.context else ""
    return YamlError("LD01", f"YAML syntax error: {problem}{context}", location)


class _Builder:
    """Builds Python values from nodes, recording locations and refusing unsafe input."""

    def __init__(self, file: str, marks: Marks | None, limits: Limits) -> None:
        self.file = file
        self.limits = limits
        self.level = marks
        self.marks: dict[YamlPath, tuple[int, int]] | None = None if marks is None else {}
        """Where the objects or the values stand, when asked for (SourceMap.marks)."""
        self.built = 0
        self.characters = 0
        self.seen: set[int] = set()
        self.sizes: dict[int, int] = {}

    def where(self, node: Node) -> Location:
        return Location(self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def _size(self, node: Node) -> int:
        """How many values a node expands to, aliases counted each time they stand."""
        found = self.sizes.get(id(node))
        if found is None:
            found = 1 + sum(self._size(child) for child in _children(node))
            self.sizes[id(node)] = found
        return found

    def _count(self, node: Node, depth: int) -> None:
        """Refuse deep nesting and alias bombs before they cost time or memory."""
        if depth > MAX_DEPTH:
            raise YamlError(
                "LD04",
                f"the structure is nested more than {MAX_DEPTH} levels deep",
                self.where(node),
            )
        if isinstance(node, ScalarNode):
            self.built += 1
            self.characters += len(node.value)  # Each time an alias repeats it, too.
        elif id(node) in self.seen:
            self.built += self._size(node)  # An alias: it repeats everything below it.
        else:
            self.seen.add(id(node))
            self.built += 1
        if self.characters > self.limits.expanded_characters:
            raise YamlError(
                "LD04",
                "YAML anchors and aliases expand to more than "
                f"{self.limits.expanded_characters // 1024 // 1024} MiB of text",
                self.where(node),
                "write the texts out instead of repeating aliases",
            )
        if self.built > self.limits.expanded_nodes:
            raise YamlError(
                "LD04",
                "YAML anchors and aliases expand to more than "
                f"{self.limits.expanded_nodes:,} values",
                self.where(node),
                "write the values out instead of repeating aliases",
            )

    def build(self, node: Node, path: YamlPath) -> Any:
        self._count(node, len(path) + 1)
        if node.tag not in SAFE_TAGS:
            raise YamlError(
                "LD03",
                f"the tag {node.tag!r} is not allowed in plan files",
                self.where(node),
                "remove the tag: plan files hold only text, numbers, lists and mappings",
            )
        if self.marks is not None and self.level == "values":
            self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if isinstance(node, SequenceNode):
            return [self.build(child, (*path, index)) for index, child in enumerate(node.value)]
        assert isinstance(node, MappingNode)
        return self._mapping(node, path)

    def _mapping(self, node: MappingNode, path: YamlPath) -> dict[Hashable, Any]:
        result: dict[Hashable, Any] = {}
        lines: dict[Hashable, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag not in SAFE_TAGS:
                raise YamlError("LD01", "a key must be plain text", self.where(key_node))
            key: str = sys.intern(key_node.value)  # As written: names, never numbers.
            if key in result:
                raise YamlError(
                    "LD02",
                    f"duplicate key {key!r} (first at line {lines[key]})",
                    self.where(key_node),
                    "remove one of the two, or merge their values",
                )
            lines[key] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, (*path, key))
        if self.marks is not None and self.level == "objects":
            if not path or isinstance(path[-1], int):
                self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
            if "id" in result:
                mark = next(v for k, v in node.value if k.value == "id").start_mark
                self.marks[(*path, "id")] = (mark.line + 1, mark.column + 1)
        return result

    def _scalar(self, node: ScalarNode) -> Any:
        """A scalar's value; numbers that are no numbers (NaN, infinities, thousands of
        digits) are refused where they stand."""
        if node.tag == INT and len(node.value.lstrip("+-")) > MAX_INTEGER_DIGITS:
            raise YamlError(
                "SC03",
                f"a number of {len(node.value.lstrip('+-'))} digits; plan numbers have "
                f"at most {MAX_INTEGER_DIGITS}",
                self.where(node),
                "check the number; if it is text (an identifier, say), put it in quotes",
            )
        value = _scalar(node)
        if isinstance(value, float) and not math.isfinite(value):
            raise YamlError(
                "SC03",
                f"'{node.value}' is not a finite number (it reads as {value})",
                self.where(node),
                "write the number as printed; if it is text, put it in quotes",
            )
        return value


SHARED_TEXT = 80
"""Texts up to this length (ids, keys, fingerprints, owners, short notes) are shared: one
object for every place they stand (sys.intern), which is most of a follow-up's values."""


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _scalar(node: ScalarNode) -> Any:
    value: str = node.value
    if node.tag == STR:
        return sys.intern(value) if len(value) <= SHARED_TEXT else value
    if node.tag == NULL:
        return None
    if node.tag == BOOL:
        return value.lower() == "true"
    if node.tag == INT:
        if value.startswith(("0o", "0x")):
            return int(value[2:], 8 if value[1] == "o" else 16)
        return int(value)
    lowered = value.lower()
    if lowered.endswith("inf"):
        return float("-inf") if value.startswith("-") else float("inf")
    if lowered.endswith("nan"):
        return float("nan")
    return float(value)
