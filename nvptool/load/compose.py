"""libyaml's side of reading a plan file: its text composed into nodes, and the
Python values built from them, recording where each one stands.

Imported only by a process that parses a file, or that looks up where something
stands in one: nvptool.load.yamlsource is what the rest of nvptool names (the
limits, the errors, the source maps).
"""

from __future__ import annotations

import gc
import math
import re
import sys
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, NamedTuple

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from nvptool.findings import Location
from nvptool.load.yamlsource import Limits, Marks, YamlError, YamlPath

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


MAX_DEPTH = 64
MAX_INTEGER_DIGITS = 15
"""Plan numbers are years, counts and amounts; a longer one is a mistake (or an attack
on the time Python takes to read long numbers)."""


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


def values(
    text: str, file: str, marks: Marks | None, limits: Limits
) -> tuple[Any, dict[YamlPath, tuple[int, int]] | None]:
    """The values of one file's text, and where its objects or values stand when marks
    asks for them (yamlsource.read_yaml). Raises YamlError with a location."""
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, text, file) from None
    except yaml.YAMLError as error:  # pragma: no cover - libyaml reports marks
        raise YamlError("LD01", f"YAML syntax error: {error}", Location(file), SEE_ABOVE) from None
    if node is None:  # Comments, or a lone '---'.
        raise YamlError(
            "LD06",
            "the file holds no YAML document",
            Location(file),
            "add the file's content, or remove the file",
        )
    builder = _Builder(file, marks, limits)
    return builder.build(node, ()), builder.marks


def walk(root: Node | None, path: YamlPath) -> tuple[list[Node], Node | None]:
    """The nodes along path as far as it exists, and the key node of its last step."""
    nodes: list[Node] = [root] if root is not None else []
    key: Node | None = None
    for step in path:
        node = nodes[-1] if nodes else None
        child = None
        key = None
        if isinstance(node, MappingNode):
            pair = _pairs_by_key(node).get(step)
            if pair is not None:
                key, child = pair
        elif isinstance(node, SequenceNode) and isinstance(step, int) and step >= 0:
            child = node.value[step] if step < len(node.value) else None
        if child is None:
            return nodes, None
        nodes.append(child)
    return nodes, key


def _pairs_by_key(node: MappingNode) -> dict[Hashable, tuple[Node, Node]]:
    """A mapping's (key, value) nodes by the key's value, the first of a repeated key: made
    once a tree, for locating thousands of mistakes in one mapping walks it each time."""
    index: dict[Hashable, tuple[Node, Node]] | None = getattr(node, "nvptool_index", None)
    if index is None:
        index = {}
        for pair in node.value:
            value = pair[0].value
            if isinstance(value, str):  # A key of a plan file; a list or mapping is none.
                index.setdefault(value, pair)
        node.nvptool_index = index  # type: ignore[attr-defined]
    return index


def plain_values_before_comments(
    root: Node | None, text: str
) -> dict[YamlPath, tuple[int, int, str]]:
    """Each comment (line, column, its words) that starts right after a value written
    without quotes, on the line where the value ends, by the value's path
    (SourceMap.commented_values). Such a value's style is "" (libyaml) or None (PyYAML)."""
    lines = text.split("\n")
    found: dict[YamlPath, tuple[int, int, str]] = {}
    pending: list[tuple[Node, YamlPath]] = [(root, ())] if root is not None else []
    while pending:
        node, path = pending.pop()
        if isinstance(node, MappingNode):
            pending += [(value, (*path, key.value)) for key, value in node.value]
        elif isinstance(node, SequenceNode):
            pending += [(item, (*path, i)) for i, item in enumerate(node.value)]
        elif isinstance(node, ScalarNode) and not node.style and node.tag == STR:
            end = node.end_mark
            rest = lines[end.line][end.column :].rstrip("\r") if end.line < len(lines) else ""
            comment = rest.lstrip(" \t")
            if comment.startswith("#") and len(comment) < len(rest):
                column = end.column + 1 + len(rest) - len(comment)
                found[path] = (end.line + 1, column, comment)
    return found


TREES_BUDGET = 4 * 1024 * 1024
"""How many bytes of files keep their node tree once composed again (a tree takes
about twenty times its file): problems come rule by rule, each in file order."""
_trees: OrderedDict[Hashable, tuple[Node | None, int]] = OrderedDict()
"""Each tree by the file it came from (its bytes, or where they are read again), with
the file's size."""


def recompose(key: Hashable, raw: Callable[[], bytes | None]) -> Node | None:
    """The node tree of a file read before, by its key; the most recently used are kept.
    None for a file that cannot be had again (raw gives None: it changed meanwhile)."""
    if key in _trees:
        _trees.move_to_end(key)
        return _trees[key][0]
    data = raw()
    node = None if data is None else _compose(data.decode("utf-8"))
    _trees[key] = (node, len(data or b""))
    kept = sum(size for _, size in _trees.values())
    while kept > TREES_BUDGET and len(_trees) > 1:
        kept -= _trees.popitem(last=False)[1][1]
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


SEE_ABOVE = (
    "check this line and the lines above it: a quote or bracket left open, or a line "
    "indented differently from its neighbours"
)
"""What to do about a complaint of libyaml's that no row below words better."""
FLATTER = "a plan file needs only a few levels: check for brackets left open or repeated"


class Plain(NamedTuple):
    """One of libyaml's complaints, said for a writer who is not a programmer."""

    says: str
    """What libyaml says (part of its words)."""
    means: str
    advice: str
    opened: str = ""
    """For something left open (a quote, a list): part of libyaml's words for what it was
    reading. The error is then located where that starts, which the writer must close,
    not where libyaml gave up (often the end of the file)."""


# The most common complaints; the first that fits is said.
PLAIN_SYNTAX_ERRORS = (
    Plain(
        "but found another document",
        "the file holds more than one YAML document",
        "a plan file is one document: remove the second '---' line, or split the file",
    ),
    Plain(
        "found character '\\t'",
        "a tab character, where YAML allows only spaces",
        "indent with spaces, not tabs",
    ),
    Plain(
        "found a tab character",
        "a tab character, where YAML allows only spaces",
        "replace the tab with spaces",
    ),
    Plain(
        "did not find expected '-' indicator",
        "a list item ('- …') was expected here",
        "start every item of this list with '- ' in the same column",
    ),
    Plain(
        "did not find expected comment or line break",
        "after '>' or '|', a text starts on the next line",
        "write the text on the lines below, indented; or put text that starts with '>' or '|' "
        "in quotes",
        opened="block scalar",
    ),
    Plain(
        "did not find expected alphabetic or numeric character",
        "'&' starts a YAML anchor, which needs a name",
        "put text that starts with '&' in quotes",
        opened="anchor",
    ),
    Plain(
        "mapping values are not allowed",
        "a ': ' where no new key can start",
        "check this line's indentation; put text that contains ': ' in quotes, "
        "or write it as a block (|-)",
    ),
    Plain(
        "could not find expected ':'",
        "this line should be 'key: value' but has no ': '",
        "add ': ' after the key, or indent the line if it continues the text above",
        opened="simple key",
    ),
    Plain(
        "did not find expected key",
        "a key ('name: value') was expected here",
        "check this line's indentation against the lines above; a quote or bracket "
        "left open earlier can also cause this",
    ),
    Plain(
        "found undefined alias",
        "'*' starts a YAML alias, and nothing is anchored under that name",
        "put text that starts with '*' in quotes",
    ),
    Plain(
        "found unexpected end of stream",
        "the quote that opens here is never closed: the file ends inside the quoted text",
        "close the quote where the text ends, or write the text without quotes as a block (|-)",
        opened="quoted scalar",
    ),
    Plain(
        "did not find expected ',' or ']'",
        "the list that opens here with '[' is never closed",
        "put ', ' between its items and ']' after the last one, or write each item on a "
        "line of its own, starting with '- '",
        opened="flow sequence",
    ),
    Plain(
        "did not find expected ',' or '}'",
        "the mapping that opens here with '{' is never closed",
        "put ', ' between its keys and '}' after the last one, or write each key on a "
        "line of its own",
        opened="flow mapping",
    ),
    Plain(
        "did not find expected node content",
        "a value is missing",
        "check the brackets and commas of this list or mapping",
    ),
)


def _syntax_error(error: yaml.MarkedYAMLError, text: str, file: str) -> YamlError:
    problem = error.problem or "invalid YAML"
    mark = error.problem_mark or error.context_mark
    if "cannot start any token" in problem and mark is not None and mark.index < len(text):
        found = text[mark.index]  # The C parser does not name the character; the text does.
        if found != "\t":
            return YamlError(
                "LD01",
                f"YAML syntax error: a value cannot start with '{found}'",
                _at(file, mark),
                f"put text that starts with '{found}' in quotes",
            )
        problem = "found character '\\t'"
    if "maximum nesting depth" in problem:
        return YamlError(
            "LD04", "the structure is nested too deep for a plan file", _at(file, mark), FLATTER
        )
    closed = _closed_early(problem, text, mark)
    if closed is not None:
        means, advice, line, column = closed
        where = Location(file, line + 1, column + 1)
        return YamlError("LD01", f"YAML syntax error: {means}", where, advice)
    context = error.context or ""
    for plain in PLAIN_SYNTAX_ERRORS:
        if plain.says in problem and plain.opened in context:
            start = error.context_mark if plain.opened and error.context_mark else mark
            return YamlError(
                "LD01", f"YAML syntax error: {plain.means}", _at(file, start), plain.advice
            )
    said = f"YAML syntax error: {problem} {context}".rstrip()
    return YamlError("LD01", said, _at(file, mark), SEE_ABOVE)


def _at(file: str, mark: yaml.Mark | None) -> Location:
    return Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)


QUOTES = {
    "'": (
        "the quoted text ends at this apostrophe, and the words after it cannot follow",
        "inside '…' write an apostrophe twice (d''une) or as ’; or put the whole text in "
        'double quotes ("…")',
    ),
    '"': (
        "the quoted text ends at this quote mark, and the words after it cannot follow",
        'inside "…" write a quote mark as \\" or use « » or “ ”; or put the whole text in '
        "single quotes ('…')",
    ),
}


def _closed_early(
    problem: str, text: str, mark: yaml.Mark | None
) -> tuple[str, str, int, int] | None:
    """A quoted text closed by a quote mark inside it ('d'une', "het "model" is"), or left
    open on an earlier line: what is wrong, what to do, and where (0-based line, column):
    the quote mark that closed it, or the one that opened it on an earlier line."""
    if mark is None or "did not find expected key" not in problem:
        return None
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    head = line[: mark.column].rstrip(" \t")
    if not head or head[-1] not in QUOTES or line[mark.column : mark.column + 1] in ("", "#"):
        return None
    quote, column = head[-1], len(head) - 1
    means, advice = QUOTES[quote]
    start = sum(len(before) + 1 for before in lines[: mark.line])
    opened = text.rfind(quote, 0, start + column)
    while quote == "'" and opened > 0 and text[opened - 1] == "'":  # '' is an apostrophe.
        opened = text.rfind(quote, 0, opened - 1)
    opened_line = text.count("\n", 0, opened) + 1 if opened >= 0 else mark.line + 1
    if opened_line <= mark.line:  # It opened on an earlier line, and was left open there.
        means = (
            f"the quote that opens here is closed only on line {mark.line + 1}, "
            f"column {column + 1}, and what follows there cannot follow a text"
        )
        advice = "close the quote where its text ends on this line"
        return means, advice, opened_line - 1, opened - text.rfind("\n", 0, opened) - 1
    return means, advice, mark.line, column


_COUNTING = -1
"""The size of a node while its children are counted."""


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

    def _expanded(self, node: Node, much: str, instead: str) -> YamlError:
        """Anchors and aliases that repeat more than a plan file may hold (an alias bomb)."""
        return YamlError(
            "LD04",
            f"YAML anchors and aliases expand to more than {much}",
            self.where(node),
            f"{instead} instead of repeating aliases",
        )

    def where(self, node: Node) -> Location:
        return Location(self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def _size(self, node: Node) -> int:
        """How many values a node expands to, aliases counted each time they stand. Asked
        only of a node met again (an alias): a node within itself is refused here."""
        found = self.sizes.get(id(node))
        if found == _COUNTING:
            raise YamlError(
                "LD04",
                "a YAML alias stands inside the value its anchor names: it would repeat "
                "without end",
                self.where(node),
                "write the value out instead of the alias (a '*name' within its '&name')",
            )
        if found is None:
            self.sizes[id(node)] = _COUNTING
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
                FLATTER,
            )
        if isinstance(node, ScalarNode):
            self.built += 1
            self.characters += len(node.value)  # Each time an alias repeats it, too.
        elif id(node) in self.seen:
            self.built += self._size(node)  # An alias: it repeats everything below it.
        else:
            self.seen.add(id(node))
            self.built += 1
        limits = self.limits
        if self.characters > limits.expanded_characters:
            much = f"{limits.expanded_characters // 1024 // 1024} MiB of text"
            raise self._expanded(node, much, "write the texts out")
        if self.built > limits.expanded_nodes:
            raise self._expanded(node, f"{limits.expanded_nodes:,} values", "write the values out")

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
                raise YamlError(
                    "LD01",
                    "a key must be plain text",
                    self.where(key_node),
                    "write the key as a word before ': ', without brackets or '?'",
                )
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
