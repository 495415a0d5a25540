"""The plan as the site sees it: one cycle, its objects in reading order, where each is shown.

Everything here is a pure function of the plan. The page paths are the same in
every language, so that the language switch lands on the same page.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Iterator
from functools import cached_property
from typing import TYPE_CHECKING

from msgspec import Struct, field

from nvptool.followup.history import Histories
from nvptool.model.cycle import Cycle, CycleStatus
from nvptool.plan import REFERENCE, Node, Plan, SourceFile
from nvptool.progress import Progress, progress
from nvptool.terms import term_uses

if TYPE_CHECKING:
    from nvptool.site.render import Abbreviations

TOPIC_DIRS = {"chapter": "chapters", "theme": "themes", "phenomenon": "phenomena"}
FRAMEWORK_FIELDS = {"kiv-dimension": "kiv", "nvs-interest": "nvs"}
"""The field of a cycle's frameworks that names the document these objects belong to."""
FRAMEWORK_PAGES = {"kiv-dimension": "kiv", "nvs-interest": "nvs"}
"""The folder of the pages of each KIV dimension and NVS interest."""


class Provenance(Struct, frozen=True):
    """Where the site was built from: the revision of the plan and its date, when known."""

    revision: str | None = None
    date: str | None = None
    edit_url: str | None = None
    """Where a file of the plan is edited: this address followed by its path in the plan."""
    site_url: str | None = None
    """Where the site is published (the folder of the languages' sites), ending in "/"."""


class Since(Struct, frozen=True):
    """The plan as it was at an earlier revision or tag: the site shows what changed since."""

    revision: str
    """As the writer named it (a tag, a branch, HEAD~3)."""
    commit: str
    plan: Plan


class SiteData(Struct, frozen=True, dict=True):
    """The plan as the site sees it: one cycle, its objects in reading order, lookups."""

    plan: Plan
    cycle: Node
    chapters: tuple[Node, ...]
    themes: tuple[Node, ...]
    phenomena: tuple[Node, ...]
    provenance: Provenance = Provenance()
    since: Since | None = None
    targets: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Object key -> (page path, anchor)."""

    @property
    def topics(self) -> tuple[Node, ...]:
        """Themes, then phenomena: the rows of the KIV and NVS matrices."""
        return (*self.themes, *self.phenomena)

    def nodes(self, kind: str, scope: str | None = None) -> list[Node]:
        wanted = scope or self.cycle.scope
        return [n for n in self.plan.of_kind(kind) if n.scope == wanted]

    def reference(self, kind: str) -> list[Node]:
        return self.nodes(kind, REFERENCE)

    def framework(self, kind: str) -> list[Node]:
        """The KIV dimensions or NVS interests of the framework the cycle names, by number.

        The register holds every KIV and NVS the plans refer to; the site's cycle
        serves only its own.
        """
        field = FRAMEWORK_FIELDS[kind]
        framework_id = getattr(self.cycle.obj.frameworks, field)
        found = [n for n in self.reference(kind) if n.parent == framework_id]
        return sorted(found, key=lambda n: n.obj.number)

    def children(self, node: Node, kind: str) -> list[Node]:
        return [n for n in self.plan.children(node) if n.kind == kind]

    def file_nodes(self, file: SourceFile, kind: str) -> list[Node]:
        return [n for n in self.plan.in_file(file) if n.kind == kind]

    def footnotes(self, file: SourceFile) -> dict[str, int]:
        return {n.id: n.obj.number for n in self.file_nodes(file, "footnote")}

    @cached_property
    def abbreviations(self) -> dict[str, Abbreviations]:
        """The glossary's abbreviations by language code, made when a language's pages ask."""
        return {}

    @cached_property
    def figure_series(self) -> dict[str, list[Node]]:
        """Figures that form a time series (two or more values), by series id; once per site."""
        found: dict[str, list[Node]] = {}
        for node in self.nodes("figure"):
            if node.obj.series and node.obj.value is not None:  # A range is no bar (FG01).
                found.setdefault(node.obj.series, []).append(node)
        return {
            key: sorted(nodes, key=lambda n: n.obj.period or "")
            for key, nodes in sorted(found.items())
            if len(nodes) > 1
        }

    @cached_property
    def term_uses(self) -> dict[str, tuple[Node, ...]]:
        """For each glossary term (by key), the objects whose text uses it; once per site."""
        return term_uses(self.plan)

    @cached_property
    def progress(self) -> Progress:
        """The follow-up of the site's cycle; once per site."""
        return progress(self.plan, self.cycle)

    @cached_property
    def histories(self) -> Histories:
        """Which measures continue which, across cycles; once per site."""
        return Histories(self.plan)

    @cached_property
    def _topic_by_file(self) -> dict[str, Node]:
        return {n.file.path: n for n in (*self.chapters, *self.topics)}

    def topic_of(self, node: Node) -> Node | None:
        """The chapter, theme or phenomenon whose page shows the object."""
        return self._topic_by_file.get(node.file.path)

    def href(self, from_page: str, key: str) -> str:
        path, anchor = self.targets[key]
        relative = relative_path(path, from_page)
        return f"{relative}#{anchor}" if anchor else relative


def relative_path(path: str, from_page: str) -> str:
    """A page's path as a link from another page of the site."""
    return _relative(path, posixpath.dirname(from_page) or ".")


@functools.lru_cache(maxsize=4096)
def _relative(path: str, folder: str) -> str:
    """A page's path from a folder of the site: asked for again and again (a page links to
    a few pages many times), and each answer asks the system for the working directory."""
    return posixpath.relpath(path, folder)


def _number_key(node: Node) -> tuple[int, ...]:
    number = getattr(node.obj, "number", None)
    return tuple(int(p) for p in str(number).split(".")) if number else (0,)


def latest_cycle(plan: Plan) -> Node | None:
    """The newest cycle the plan holds whole (a draft too: what its writers preview)."""
    return _newest(_whole_cycles(plan))


def published_cycle(plan: Plan, chosen: str | None = None) -> Node | None:
    """The cycle a published site shows: the one chosen by id, else the newest that is no
    draft (the next plan, still being written, does not replace the plan in force), else
    the newest (a plan's first cycle, written before it is adopted)."""
    if chosen is not None:
        return next((n for n in plan.of_kind("cycle") if n.id == chosen), None)
    whole = _whole_cycles(plan)
    return _newest([n for n in whole if n.obj.status != CycleStatus.draft] or whole)


def _whole_cycles(plan: Plan) -> list[Node]:
    """The cycles the plan holds whole (all of them, when it holds none whole)."""
    cycles = [n for n in plan.of_kind("cycle") if isinstance(n.obj, Cycle)]
    return [n for n in cycles if not n.obj.partial] or cycles


def _newest(cycles: list[Node]) -> Node | None:
    return max(cycles, key=lambda n: n.obj.period.start, default=None)


def predecessor(plan: Plan, cycle: Node) -> Node | None:
    """The previous cycle, when the plan holds it."""
    wanted = cycle.obj.predecessor
    return next((n for n in plan.of_kind("cycle") if n.id == wanted), None) if wanted else None


def site_data(
    plan: Plan, cycle: Node, provenance: Provenance = Provenance(), since: Since | None = None
) -> SiteData:
    def topics(kind: str) -> tuple[Node, ...]:
        found = [n for n in plan.of_kind(kind) if n.scope == cycle.scope]
        return tuple(sorted(found, key=_number_key))

    chapters, themes, phenomena = topics("chapter"), topics("theme"), topics("phenomenon")
    site = SiteData(plan, cycle, chapters, themes, phenomena, provenance, since)
    site.targets.update(_targets(site))
    return site


def topic_path(node: Node) -> str:
    return f"{TOPIC_DIRS[node.kind]}/{node.id}.md"


def framework_path(node: Node) -> str:
    """The page of one KIV dimension or NVS interest."""
    return f"{FRAMEWORK_PAGES[node.kind]}/{node.id}.md"


def _targets(site: SiteData) -> Iterator[tuple[str, tuple[str, str]]]:
    """Where every object is shown: its topic page and an anchor on it."""
    topic_pages = {n.file.path: topic_path(n) for n in (*site.chapters, *site.topics)}
    for node in site.plan.nodes:
        if node.scope == site.cycle.scope:
            page = topic_pages.get(node.file.path)
            if page is None:
                continue
            anchor = "" if node.kind in TOPIC_DIRS else _anchor(node, site)
            yield node.key, (page, anchor)
    for kind, page in (("legal-instrument", "legal.md"), ("term", "glossary.md")):
        for node in site.reference(kind):
            yield node.key, (page, node.id)
    for kind in FRAMEWORK_PAGES:
        for node in site.framework(kind):
            yield node.key, (framework_path(node), "")


def _anchor(node: Node, site: SiteData) -> str:
    if node.kind == "mapping":
        return f"map-{node.obj.target}"
    if node.kind == "footnote":
        return f"fn-{node.obj.number}"
    if node.kind == "citation":
        owner = site.plan.index[node.parent_key or ""]
        # A footnote shows its citations in its own text; other objects list them.
        return f"fn-{owner.obj.number}" if owner.kind == "footnote" else f"cite-{node.parent}"
    return node.id


def served(site: SiteData, topic: Node, target_kind: str) -> dict[str, Node]:
    """The mappings of a theme or phenomenon, by target, for targets of one kind."""
    targets = {n.id for n in site.reference(target_kind)}
    return {m.obj.target: m for m in site.children(topic, "mapping") if m.obj.target in targets}


def citations_of(site: SiteData, instrument: Node) -> list[Node]:
    return [
        n
        for n in site.nodes("citation")
        if n.obj.instrument == instrument.id and n.key in site.targets
    ]


def series_in(site: SiteData, file: SourceFile) -> dict[str, list[Node]]:
    """The time series whose figures stand in one file (one topic page)."""
    return {key: nodes for key, nodes in site.figure_series.items() if nodes[0].file is file}
