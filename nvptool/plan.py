"""The loaded plan as one immutable value, and a walk over all its objects."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from functools import cache, cached_property
from pathlib import Path, PurePosixPath
from typing import Any

from msgspec import Struct
from pydantic import BaseModel

from nvptool.config import Config
from nvptool.findings import Location
from nvptool.load.yamlsource import Place, SourceMap, YamlPath
from nvptool.model.text import Text

REFERENCE = "reference"
"""The scope of reference data (KIV, NVS, legal register, glossary), shared by all cycles."""

CHILD_KINDS = {
    "measures": "measure",  # Before subsections: a section prints its measures first.
    "sections": "section",
    "objectives": "objective",
    "footnotes": "footnote",
    "citations": "citation",
    "figures": "figure",
    "targets": "target",
    "mappings": "mapping",
    "dimensions": "kiv-dimension",
    "interests": "nvs-interest",
    "instruments": "legal-instrument",
    "terms": "term",
    "indicators": "indicator",
    "statuses": "measure-status",
    "values": "indicator-value",
}
"""Which kind of object each list field holds."""

VALUE_LISTS = frozenset({("Indicator", "targets")})
"""(model, field) of list fields named like a child kind that hold plain values, not
objects: an indicator's yearly targets are its data, not the plan's targets."""


def child_kind(model: type[BaseModel], field: str) -> str | None:
    """The kind of object a list field of a model holds, if it holds objects."""
    if (model.__name__, field) in VALUE_LISTS:
        return None
    return CHILD_KINDS.get(field)


FILE_OBJECT_KINDS = {"cycle", "chapter", "theme", "phenomenon", "kiv", "nvs"}
"""File kinds whose file is itself an object; the others (register, glossary) only hold objects."""

OBJECT_KINDS = frozenset({*FILE_OBJECT_KINDS, *CHILD_KINDS.values()})
"""Every kind of object a plan holds."""


class SourceFile(Struct, frozen=True):
    """One validated plan file."""

    path: str
    model: BaseModel
    source: SourceMap
    scope: str

    @property
    def kind(self) -> str:
        return str(getattr(self.model, "kind"))  # noqa: B009 - every file model has a kind


class Node(Struct, frozen=True):
    """One object of the plan, where it stands, and what it belongs to."""

    kind: str
    id: str
    obj: Any
    file: SourceFile
    path: YamlPath
    scope: str
    parent: str | None
    parent_key: str | None

    @property
    def key(self) -> str:
        """Unique among all objects: scope, namespace and id."""
        return object_key(self.scope, self.kind, self.id)

    def location(self, *field: str | int) -> Location:
        """Where a field of this object (or the object itself) stands."""
        return self.place(*field).locate()

    def place(self, *field: str | int, line: int | None = None) -> Place:
        """Where a field of this object (or the object itself) stands, found when asked for;
        with line, that line (0-based) of the text in the field."""
        source = self.file.source
        if line is not None:
            return Place((*self.path, *field), source, line=line)
        if field:
            return Place((*self.path, *field), source, of_key=True)
        path = (*self.path, "id") if hasattr(self.obj, "id") else self.path
        return Place(path, source)

    def value_location(self, *field: str | int) -> Location:
        return self.value_place(*field).locate()

    def value_place(self, *field: str | int) -> Place:
        """Where the value of a field stands, found when asked for."""
        return Place((*self.path, *field), self.file.source)


class Plan(Struct, frozen=True, dict=True):
    """Everything read from one plan directory."""

    root: str
    config: Config
    files: tuple[SourceFile, ...]

    @cached_property
    def nodes(self) -> tuple[Node, ...]:
        return tuple(node for file in self.files for node in walk_file(file))

    def inside(self, file: str) -> str:
        """A plan file's path inside the plan directory (cycles/nvp-2022-2025/…), however
        the directory was named on the command line."""
        path = PurePosixPath(Path(file).as_posix())
        top = PurePosixPath(Path(self.root).as_posix())
        return path.relative_to(top).as_posix() if path.is_relative_to(top) else path.as_posix()

    @cached_property
    def text_languages(self) -> Counter[str]:
        """The languages the plan's texts are written in, each with how many texts."""
        return Counter(
            lang for node in self.nodes for _, text in self.texts(node) for lang in text.root
        )

    @cached_property
    def mistyped_languages(self) -> dict[str, str]:
        """Languages of nvptool.yaml that no text is in, while texts are in a language it
        does not list (fe for fr): each with that language, the one it probably means."""
        listed = self.config.languages
        unlisted = [lang for lang in self.text_languages if lang not in listed]
        found: dict[str, str] = {}
        for lang in listed:
            if unlisted and lang != self.config.source_language and not self.text_languages[lang]:
                found[lang] = max(unlisted, key=lambda other: self.text_languages[other])
        return found

    @cached_property
    def index(self) -> dict[str, Node]:
        """Objects by key; where a key repeats, the first one stands."""
        found: dict[str, Node] = {}
        for node in self.nodes:
            found.setdefault(node.key, node)
        return found

    @cached_property
    def _by_kind(self) -> dict[str, tuple[Node, ...]]:
        found: dict[str, list[Node]] = {}
        for node in self.nodes:
            found.setdefault(node.kind, []).append(node)
        return {kind: tuple(nodes) for kind, nodes in found.items()}

    def texts(self, node: Node) -> tuple[tuple[tuple[str | int, ...], Text], ...]:
        """The texts of one object, computed once per plan."""
        return self._texts[id(node)]

    @cached_property
    def _texts(self) -> dict[int, tuple[tuple[tuple[str | int, ...], Text], ...]]:
        return {id(node): tuple(texts(node.obj)) for node in self.nodes}

    @cached_property
    def _by_file(self) -> dict[str, tuple[Node, ...]]:
        found: dict[str, list[Node]] = {}
        for node in self.nodes:
            found.setdefault(node.file.path, []).append(node)
        return {path: tuple(nodes) for path, nodes in found.items()}

    @cached_property
    def _children(self) -> dict[str, tuple[Node, ...]]:
        found: dict[str, list[Node]] = {}
        for node in self.nodes:
            if node.parent_key is not None:
                found.setdefault(node.parent_key, []).append(node)
        return {key: tuple(nodes) for key, nodes in found.items()}

    def of_kind(self, *kinds: str) -> Iterator[Node]:
        """Nodes of these kinds, in plan order."""
        if len(kinds) == 1:
            return iter(self._by_kind.get(kinds[0], ()))
        # One pass, rather than a position of every node kept to merge the kinds' lists.
        return (node for node in self.nodes if node.kind in kinds)

    def in_file(self, file: SourceFile) -> tuple[Node, ...]:
        return self._by_file.get(file.path, ())

    def children(self, node: Node) -> tuple[Node, ...]:
        return self._children.get(node.key, ())

    @property
    def scopes(self) -> tuple[str, ...]:
        return tuple(sorted({file.scope for file in self.files}))


DERIVED_ID_KINDS = {"citation", "mapping", "measure-status", "indicator-value"}
"""Kinds whose ids are made from their owner and target, not written in the data."""

NAMESPACES = {
    "term": "glossary",
    "legal-instrument": "legal",
    "indicator": "indicator",
    "measure-status": "follow-up",
    "indicator-value": "follow-up",
}
"""Kinds whose ids live apart: a glossary term WGP and the law WGP may share the id wgp."""


def no_such_cycle(plan: Plan, cycle_id: str) -> str:
    """What a command says of a --cycle the plan does not have: the nearest id, or all."""
    from nvptool.load.schema_errors import did_you_mean  # the models: only when needed

    known = sorted(node.id for node in plan.of_kind("cycle"))
    guess = did_you_mean(cycle_id, known)
    also = f"did you mean '{guess}'?" if guess else "cycles: " + (", ".join(known) or "none")
    return f"--cycle {cycle_id}: the plan has no such cycle; {also}"


def object_key(scope: str, kind: str, object_id: str) -> str:
    namespace = NAMESPACES.get(kind)
    return f"{scope}:{namespace}/{object_id}" if namespace else f"{scope}:{object_id}"


def walk_file(file: SourceFile) -> Iterator[Node]:
    model = file.model
    if file.kind in FILE_OBJECT_KINDS:
        yield from _walk(file, model, file.kind, (), None)
    else:
        yield from _children(file, model, (), None)


def _walk(
    file: SourceFile, obj: BaseModel, kind: str, path: YamlPath, parent: Node | None
) -> Iterator[Node]:
    node_id = _node_id(obj, kind, parent.id if parent else None, file)
    node = Node(
        kind,
        node_id,
        obj,
        file,
        path,
        file.scope,
        parent.id if parent else None,
        parent.key if parent else None,
    )
    yield node
    yield from _children(file, obj, path, node)


def _children(
    file: SourceFile, obj: BaseModel, path: YamlPath, parent: Node | None
) -> Iterator[Node]:
    for field, kind in _child_fields(type(obj)):
        for index, child in enumerate(getattr(obj, field)):
            yield from _walk(file, child, kind, (*path, field, index), parent)


@cache
def _child_fields(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """The fields of a model that hold child objects, with their kind (once per model)."""
    fields = model.model_fields
    return tuple(
        (f, kind) for f, kind in CHILD_KINDS.items() if f in fields and child_kind(model, f)
    )


@cache
def _own_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a model that are its own, not child objects (nodes of their own)."""
    return tuple(name for name in model.model_fields if not child_kind(model, name))


def status_id(year: int, measure: str) -> str:
    """The id of a measure's status in a year's follow-up."""
    return f"{year}/{measure}"


def value_id(indicator: str, period: str) -> str:
    """The id of an indicator's value for a period."""
    return f"{indicator}@{period}"


LINK = "->"
"""Between a link's owner and what it points at, in a citation's or mapping's id
(drugs->wgp art. 37): a link is named by what it links."""


def _node_id(obj: BaseModel, kind: str, parent: str | None, file: SourceFile) -> str:
    if kind == "measure-status":
        return status_id(getattr(file.model, "year"), getattr(obj, "measure"))  # noqa: B009
    if kind == "indicator-value":
        return value_id(getattr(obj, "indicator"), getattr(obj, "period"))  # noqa: B009
    if kind == "citation":
        pinpoint = getattr(obj, "pinpoint", None)
        suffix = f" {pinpoint}" if pinpoint else ""
        return f"{parent}{LINK}{getattr(obj, 'instrument')}{suffix}"  # noqa: B009
    if kind == "mapping":
        return f"{parent}{LINK}{getattr(obj, 'target')}"  # noqa: B009
    return str(getattr(obj, "id"))  # noqa: B009


def texts(obj: Any) -> Iterator[tuple[tuple[str | int, ...], Text]]:
    """Every Text of an object itself (not of its child objects), with its field path."""
    found: list[tuple[tuple[str | int, ...], Text]] = []
    _gather_texts(obj, (), found)
    return iter(found)


def _gather_texts(obj: Any, at: tuple[str | int, ...], found: list[Any]) -> None:
    """texts() into one list: a plan's thousand objects are read before every check."""
    model: type[BaseModel] = type(obj)
    for name in _own_fields(model):
        value = getattr(obj, name)
        if isinstance(value, Text):
            found.append(((*at, name), value))
        elif isinstance(value, BaseModel):
            _gather_texts(value, (*at, name), found)
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    _gather_texts(item, (*at, name, index), found)
