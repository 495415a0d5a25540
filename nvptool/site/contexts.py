"""What each page shows, resolved before rendering: small immutable values over plan nodes.

A context holds the plan's objects a page shows (nodes, whose texts the template
writes in the page's language) and everything looked up for them: the citations
with their instruments, the mappings with their targets, the figures of a topic,
its footnotes. Nothing here reads the disk or writes markup.
"""

from __future__ import annotations

import unicodedata
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from nvptool.measures import measure_number
from nvptool.plan import REFERENCE, Node, object_key
from nvptool.rules import CatalogueEntry, catalogue
from nvptool.site import data as d
from nvptool.site.language import Language

if TYPE_CHECKING:
    from nvptool.site.progress import ProgressContext


class Cited(Struct, frozen=True):
    """A citation and the instrument of the legal register it cites."""

    citation: Node
    instrument: Node


class MeasureBlock(Struct, frozen=True):
    """A measure as its objective or approach section shows it: number, where, citations."""

    node: Node
    number: str
    """As the reader sees it: 2.2.2.1.3, 2.3.3.5."""
    source: str
    citations: tuple[Cited, ...]


class Block(Struct, frozen=True):
    """A section or objective of a topic page, with its measures, citations and subsections."""

    node: Node
    level: int
    source: str
    """Where it is written: plan file and line."""
    citations: tuple[Cited, ...]
    children: tuple[Block, ...] = ()
    measures: tuple[MeasureBlock, ...] = ()
    subtopics: tuple[Node, ...] = ()
    """The themes or phenomena numbered under it (2.2.1 … under 2.2), listed there."""


class Served(Struct, frozen=True):
    """A topic serving a KIV dimension or NVS interest: the mapping, both ends."""

    topic: Node
    mapping: Node
    target: Node

    @property
    def stated(self) -> bool:
        return bool(self.mapping.obj.basis.value == "stated")


class Footnote(Struct, frozen=True):
    node: Node
    citations: tuple[Cited, ...]


class TopicContext(Struct, frozen=True):
    """A chapter, theme or phenomenon with everything its page shows."""

    node: Node
    source: str
    edit_url: str | None
    citations: tuple[Cited, ...]
    blocks: tuple[Block, ...]
    """Its sections, or a theme's strategic objectives."""
    figures: tuple[Node, ...]
    targets: tuple[Node, ...]
    periods: bool
    """Whether any figure has a period: otherwise the column is left out."""
    series: tuple[tuple[str, Node], ...]
    """Its charts: series key and the series' first figure (label and unit)."""
    mappings: tuple[Served, ...]
    footnotes: tuple[Footnote, ...]
    subtopics: tuple[Node, ...] = ()
    """For chapter 2: its themes and phenomena that no section of it lists."""


def in_plan(site: d.SiteData, node: Node) -> str:
    """An object's file, relative to the plan directory."""
    return PurePath(node.file.path).relative_to(site.plan.root).as_posix()


def source_of(site: d.SiteData, node: Node) -> str:
    """The plan file and line an object is written at, as a reader of the repository finds it:
    plan/cycles/nvp-2022-2025/phenomena/03-drugs.yaml:12."""
    line = node.location().line
    return f"{PurePath(site.plan.root).name}/{in_plan(site, node)}:{line}"


def edit_url(site: d.SiteData, node: Node) -> str | None:
    base = site.provenance.edit_url
    if not base:
        return None
    return base.rstrip("/") + "/" + in_plan(site, node)


def cited(site: d.SiteData, node: Node) -> tuple[Cited, ...]:
    found = []
    for citation in site.children(node, "citation"):
        instrument = site.plan.index.get(
            object_key(REFERENCE, "legal-instrument", citation.obj.instrument)
        )
        if instrument is not None:
            found.append(Cited(citation, instrument))
    return tuple(found)


def _measures(site: d.SiteData, node: Node) -> tuple[MeasureBlock, ...]:
    return tuple(
        MeasureBlock(
            measure,
            measure_number(site.plan, measure),
            source_of(site, measure),
            cited(site, measure),
        )
        for measure in site.children(node, "measure")
    )


def _blocks(site: d.SiteData, node: Node, kind: str, level: int) -> tuple[Block, ...]:
    return tuple(
        Block(
            child,
            level,
            source_of(site, child),
            cited(site, child),
            _blocks(site, child, "section", level + 1),
            measures=_measures(site, child),
            subtopics=_numbered_under(site, getattr(child.obj, "number", None)),
        )
        for child in site.children(node, kind)
    )


def _numbered_under(site: d.SiteData, number: str | None) -> tuple[Node, ...]:
    """The themes and phenomena whose number continues a section's: 2.2.1 under 2.2."""
    if not number:
        return ()
    return tuple(t for t in site.topics if str(t.obj.number).rpartition(".")[0] == number)


def _placed(blocks: tuple[Block, ...]) -> set[str]:
    """The topics some section lists already."""
    found: set[str] = set()
    for block in blocks:
        found |= {t.key for t in block.subtopics} | _placed(block.children)
    return found


def framework_target(site: d.SiteData, target_id: str) -> Node | None:
    """The KIV dimension or NVS interest a mapping names."""
    for kind in d.FRAMEWORK_PAGES:
        found = site.plan.index.get(object_key(REFERENCE, kind, target_id))
        if found is not None:
            return found
    return None


def mappings_of(site: d.SiteData, topic: Node) -> tuple[Served, ...]:
    found = []
    for mapping in site.children(topic, "mapping"):
        target = framework_target(site, mapping.obj.target)
        if target is not None and target.key in site.targets:
            found.append(Served(topic, mapping, target))
    return tuple(found)


def topic_context(site: d.SiteData, node: Node) -> TopicContext:
    kind = "objective" if node.kind == "theme" else "section"
    figures = tuple(site.file_nodes(node.file, "figure"))
    notes = sorted(site.file_nodes(node.file, "footnote"), key=lambda n: n.obj.number)
    blocks = _blocks(site, node, kind, 2)
    placed = _placed(blocks)
    return TopicContext(
        node=node,
        source=source_of(site, node),
        edit_url=edit_url(site, node),
        citations=cited(site, node),
        blocks=blocks,
        figures=figures,
        targets=tuple(site.file_nodes(node.file, "target")),
        periods=any(f.obj.period for f in figures),
        series=tuple((key, nodes[0]) for key, nodes in d.series_in(site, node.file).items()),
        mappings=mappings_of(site, node) if node.kind != "chapter" else (),
        footnotes=tuple(Footnote(n, cited(site, n)) for n in notes),
        subtopics=tuple(t for t in site.topics if t.key not in placed)
        if node.kind == "chapter" and node.obj.number == "2"
        else (),
    )


class HomeContext(Struct, frozen=True):
    cycle: Node
    chapters: tuple[Node, ...]
    themes: tuple[Node, ...]
    phenomena: tuple[Node, ...]
    provenance: d.Provenance
    structure: bool
    """Whether the home page shows the structure picture (see `shows_structure`)."""
    missing: tuple[str, ...]
    """What a plan still being written lacks, to say so: topics, kiv, nvs, events."""


def shows_structure(site: d.SiteData) -> bool:
    """The structure picture draws NVS interests, topics and KIV dimensions and the links
    between them: only a plan that has all three and links some is drawn."""
    frameworks = {n.key for kind in d.FRAMEWORK_PAGES for n in site.framework(kind)}
    linked = any(
        f"reference:{mapping.obj.target}" in frameworks
        for topic in site.topics
        for mapping in site.children(topic, "mapping")
    )
    return linked and all(site.framework(kind) for kind in d.FRAMEWORK_PAGES)


def home_context(site: d.SiteData) -> HomeContext:
    missing = (
        *(("topics",) if not site.topics else ()),
        *(name for kind, name in d.FRAMEWORK_PAGES.items() if not site.framework(kind)),
        *(("events",) if not site.cycle.obj.events else ()),
    )
    return HomeContext(
        site.cycle,
        site.chapters,
        site.themes,
        site.phenomena,
        site.provenance,
        shows_structure(site),
        missing,
    )


class Row(Struct, frozen=True):
    topic: Node
    cells: tuple[Served | None, ...]

    @property
    def count(self) -> int:
        return sum(cell is not None for cell in self.cells)


class MatrixContext(Struct, frozen=True):
    """Topics (rows) against the dimensions or interests of one framework (columns)."""

    name: str
    """kiv or nvs: the interface texts' prefix."""
    framework: Node
    columns: tuple[Node, ...]
    rows: tuple[Row, ...]
    stated: int
    editorial: int

    def column_count(self, index: int) -> int:
        return sum(row.cells[index] is not None for row in self.rows)

    @property
    def unserved_topics(self) -> int:
        return sum(row.count == 0 for row in self.rows)


def matrix_context(site: d.SiteData, kind: str, name: str) -> MatrixContext:
    columns = tuple(site.framework(kind))
    rows = []
    for topic in site.topics:
        by_target = {s.target.key: s for s in mappings_of(site, topic)}
        rows.append(Row(topic, tuple(by_target.get(c.key) for c in columns)))
    cells = [cell for row in rows for cell in row.cells if cell is not None]
    stated = sum(cell.stated for cell in cells)
    framework = site.plan.index[columns[0].parent_key or ""]
    return MatrixContext(name, framework, columns, tuple(rows), stated, len(cells) - stated)


class FrameworkContext(Struct, frozen=True):
    """One KIV dimension or NVS interest and everything in the plan that serves it."""

    name: str
    node: Node
    framework: Node
    served: tuple[Served, ...]
    topics: int
    """How many themes and phenomena the plan has."""
    progress: ProgressContext | None = None
    """The follow-up of what serves it, where there is something to follow."""


def framework_context(site: d.SiteData, node: Node, matrix: MatrixContext) -> FrameworkContext:
    index = matrix.columns.index(node)
    served = tuple(cell for row in matrix.rows if (cell := row.cells[index]) is not None)
    return FrameworkContext(matrix.name, node, matrix.framework, served, len(matrix.rows))


class Citing(Struct, frozen=True):
    """A citation of an instrument and the object whose text makes it."""

    citation: Node
    owner: Node


class Instrument(Struct, frozen=True):
    node: Node
    citations: tuple[Citing, ...]


class LegalContext(Struct, frozen=True):
    instruments: tuple[Instrument, ...]


def legal_context(site: d.SiteData, lang: Language) -> LegalContext:
    """The register in the order of its displayed titles, in the page's language."""
    nodes = sorted(
        site.reference("legal-instrument"), key=lambda n: lang.sort_key(lang.words(n.obj.title))
    )
    return LegalContext(tuple(Instrument(n, _citing(site, n)) for n in nodes))


def _citing(site: d.SiteData, instrument: Node) -> tuple[Citing, ...]:
    return tuple(
        Citing(c, site.plan.index[c.parent_key or ""]) for c in d.citations_of(site, instrument)
    )


class Term(Struct, frozen=True):
    node: Node
    shown: str
    """The term as this language writes it."""
    other: tuple[tuple[str, str], ...]
    """The term in the other languages, where it differs: (language, term), so that the
    page marks each in its language (a screen reader says it so)."""
    used_in: tuple[Node, ...]
    """The topics whose text uses it."""
    expansion_basis: str | None = None
    """Where the expansion comes from: stated, reference or editorial."""
    definition_basis: str | None = None
    """Where the definition comes from."""


def _term_basis(term: Any, part: str) -> str | None:
    """The basis of a term's expansion or definition: its own (expansion_basis, a Grounds),
    else the term's single older basis, for the part the term has."""
    if getattr(term, part, None) is None:
        return None
    own = getattr(term, f"{part}_basis", None)
    basis = own.basis if own is not None else getattr(term, "basis", None)
    return None if basis is None else str(getattr(basis, "value", basis))


class GlossaryContext(Struct, frozen=True):
    terms: tuple[Term, ...]
    letters: tuple[tuple[str, str], ...] = ()
    """Each initial letter of the terms, in order, and the id of its first term: the page's
    index (some two hundred terms make a long page on a phone)."""


def glossary_context(site: d.SiteData, lang: Language) -> GlossaryContext:
    used = site.term_uses
    terms = []
    for node in site.reference("term"):
        shown = lang.words(node.obj.term)
        other: dict[str, str] = {}  # By term: a word two languages share is shown once.
        for code in site.plan.config.languages:
            word = node.obj.term.get(code)
            if code != lang.code and word and word != shown:
                other.setdefault(word, code)
        terms.append(
            Term(
                node,
                shown,
                tuple((code, word) for word, code in sorted(other.items())),
                _topics_using(site, node, used),
                _term_basis(node.obj, "expansion"),
                _term_basis(node.obj, "definition"),
            )
        )
    terms.sort(key=lambda t: lang.sort_key(t.shown))
    letters: dict[str, str] = {}
    for term in terms:
        letters.setdefault(_initial(term.shown), term.node.id)
    return GlossaryContext(tuple(terms), tuple(letters.items()))


def _initial(text: str) -> str:
    """A term's letter in the glossary's index: its first letter without accent, in capitals
    (quotes and brackets before it aside, as the order has them); "#" for a digit or sign."""
    first = unicodedata.normalize("NFKD", text.strip().lstrip("'’\"“("))[:1].upper()
    return first if first.isalpha() else "#"


def _topics_using(
    site: d.SiteData, term: Node, used: dict[str, tuple[Node, ...]]
) -> tuple[Node, ...]:
    """The topics of the site's cycle whose objects use the term, in plan order."""
    found = []
    for node in used.get(term.key, ()):
        if node.scope == site.cycle.scope:
            topic = site.topic_of(node)
            if topic is not None and topic not in found:
                found.append(topic)
    return tuple(found)


class FigureGroup(Struct, frozen=True):
    topic: Node
    figures: tuple[Node, ...]
    targets: tuple[Node, ...]


class FiguresContext(Struct, frozen=True):
    groups: tuple[FigureGroup, ...]


def figures_context(site: d.SiteData) -> FiguresContext:
    groups = []
    for topic in reading_order(site):
        figures = tuple(site.file_nodes(topic.file, "figure"))
        targets = tuple(site.file_nodes(topic.file, "target"))
        if figures or targets:
            groups.append(FigureGroup(topic, figures, targets))
    return FiguresContext(tuple(groups))


class RulesContext(Struct, frozen=True):
    table: tuple[CatalogueEntry, ...]


def rules_context() -> RulesContext:
    return RulesContext(catalogue())


class PrintContext(Struct, frozen=True):
    cycle: Node
    provenance: d.Provenance
    topics: tuple[TopicContext, ...]


def reading_order(site: d.SiteData) -> tuple[Node, ...]:
    """The chapters and topics in the plan's order: the themes and phenomena are the
    sections of chapter 2 (2.2, 2.3), between it and chapter 3; after the chapters in a
    plan without a chapter 2."""
    order = []
    for chapter in site.chapters:
        order.append(chapter)
        if chapter.obj.number == "2":
            order.extend(site.topics)
    if not any(chapter.obj.number == "2" for chapter in site.chapters):
        order.extend(site.topics)
    return tuple(order)


def print_context(site: d.SiteData) -> PrintContext:
    topics = tuple(topic_context(site, n) for n in reading_order(site))
    return PrintContext(site.cycle, site.provenance, topics)


def node_in(site: d.SiteData, scope: str, kind: str, object_id: str | None) -> Node | None:
    """The object of a kind and id in a scope (a cycle, or the reference data), if any."""
    if object_id is None:
        return None
    return site.plan.index.get(object_key(scope, kind, object_id))
