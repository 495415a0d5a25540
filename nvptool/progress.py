"""The follow-up of one plan cycle as pages and reports read it: what is followed, year by year.

Everything here is a pure function of a loaded plan. What is followed is each
measure of the cycle (and a strategic objective that lists none, which the
follow-up files may report on by its own id); each stands in a group (its
objective, or the police-approach section of its phenomenon) and a topic (its
theme or phenomenon). A year of the cycle is reported once its follow-up file
says its reporting is open or closed; a measure without a status in a reported
year was not reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cached_property
from types import MappingProxyType

from msgspec import Struct

from nvptool.followup.data import cycle_node
from nvptool.followup.history import Histories
from nvptool.measures import measure_number, owner_chain
from nvptool.model.followup import Reporting, Status
from nvptool.plan import REFERENCE, Node, Plan, SourceFile, object_key

NOT_REPORTED = "not-reported"
STATUS_KEYS: tuple[str, ...] = (*(status.value for status in Status), NOT_REPORTED)
"""Every state a followed item can be in for a reported year, in the order pages show them."""

TOPIC_KINDS = ("theme", "phenomenon")


class ReportingYear(Struct, frozen=True):
    """A year of the cycle and how far its reporting has come."""

    year: int
    reporting: Reporting
    file: SourceFile | None
    """Its follow-up file, when the plan has one."""

    @property
    def reported(self) -> bool:
        return self.reporting != Reporting.not_started


class Followed(Struct, frozen=True):
    """A measure (or an objective without measures) and where it stands in the plan."""

    node: Node
    number: str
    """As a reader sees it: 2.2.1.1.3, or 2.2.1.4 for an objective."""
    group: Node
    """The objective or section that lists it (an objective followed itself is its own)."""
    topic: Node
    """Its theme or phenomenon."""


class Progress(Struct, frozen=True, dict=True):
    """The follow-up of one cycle: its years, what it follows, statuses and indicators."""

    cycle: Node
    years: tuple[ReportingYear, ...]
    followed: tuple[Followed, ...]
    statuses: Mapping[tuple[str, int], Node]
    """(followed id, year) -> its measure-status."""
    indicators: tuple[Node, ...]
    values: Mapping[str, tuple[Node, ...]]
    """Indicator id -> its values in every year, in the order of their periods."""

    @property
    def reported(self) -> tuple[ReportingYear, ...]:
        return tuple(year for year in self.years if year.reported)

    @property
    def unreported(self) -> tuple[ReportingYear, ...]:
        return tuple(year for year in self.years if not year.reported)

    def year(self, year: int) -> ReportingYear | None:
        return next((found for found in self.years if found.year == year), None)

    def status(self, item: Followed | Node, year: int) -> Node | None:
        node = item.node if isinstance(item, Followed) else item
        return self.statuses.get((node.id, year))

    def state(self, item: Followed, year: int) -> str:
        """One of STATUS_KEYS for a reported year."""
        found = self.status(item, year)
        return found.obj.status.value if found is not None else NOT_REPORTED

    def latest(self, item: Followed, up_to: int | None = None) -> Node | None:
        """Its status in the last reported year (up to a year) that has one."""
        for year in reversed(self.reported):
            if up_to is not None and year.year > up_to:
                continue
            found = self.status(item, year.year)
            if found is not None:
                return found
        return None

    def counts(self, items: Iterable[Followed], year: int) -> dict[str, int]:
        """How many of the items are in each state in a reported year (every key, zeros too)."""
        counted = dict.fromkeys(STATUS_KEYS, 0)
        for item in items:
            counted[self.state(item, year)] += 1
        return counted

    def of_topic(self, topic: Node) -> tuple[Followed, ...]:
        return tuple(item for item in self.followed if item.topic.key == topic.key)

    @cached_property
    def _by_id(self) -> dict[str, Followed]:
        return {item.node.id: item for item in self.followed}

    def item(self, item_id: str) -> Followed | None:
        return self._by_id.get(item_id)

    def indicators_of(self, items: Iterable[Followed]) -> tuple[Node, ...]:
        """The indicators that follow any of the items, their objectives or their topics."""
        wanted = {n.id for item in items for n in (item.node, item.group, item.topic)}
        return tuple(i for i in self.indicators if wanted & set(i.obj.follows))


class Summary(Struct, frozen=True):
    """How many followed items are in each state, per reported year."""

    total: int
    objectives: int
    """How many of them are objectives without measures, followed themselves."""
    years: tuple[ReportingYear, ...]
    """The reported years: the table's columns."""
    rows: tuple[tuple[str, tuple[int, ...]], ...]
    """A status key and its count in each reported year; statuses nobody is in are left out."""
    unreported: tuple[int, ...]
    """The years of the cycle nobody has reported on yet."""

    @property
    def measures(self) -> int:
        return self.total - self.objectives

    @property
    def latest(self) -> ReportingYear | None:
        return self.years[-1] if self.years else None

    def at_latest(self) -> tuple[tuple[str, int], ...]:
        """The counts of the last reported year, without zeros."""
        return tuple((key, counts[-1]) for key, counts in self.rows if counts[-1])


def summary(state: Progress, items: tuple[Followed, ...], up_to: int | None = None) -> Summary:
    """The counts of some followed items per reported year (up to a year)."""
    years = tuple(y for y in state.reported if up_to is None or y.year <= up_to)
    counted = [state.counts(items, year.year) for year in years]
    rows = tuple(
        (key, tuple(c[key] for c in counted)) for key in STATUS_KEYS if any(c[key] for c in counted)
    )
    return Summary(
        len(items),
        sum(1 for item in items if item.node.kind != "measure"),
        years,
        rows,
        tuple(y.year for y in state.unreported if up_to is None or y.year <= up_to),
    )


def progress(plan: Plan, cycle: Node) -> Progress:
    """The follow-up of a cycle as the plan holds it (empty years when nothing is reported)."""
    scope = cycle.scope
    files = {
        getattr(f.model, "year"): f  # noqa: B009 - a follow-up file has a year
        for f in plan.files
        if f.kind == "follow-up" and f.scope == scope
    }
    period = cycle.obj.period
    years = tuple(
        ReportingYear(
            year,
            getattr(files[year].model, "reporting") if year in files else Reporting.not_started,  # noqa: B009
            files.get(year),
        )
        for year in range(period.start, period.end + 1)
    )
    statuses: dict[tuple[str, int], Node] = {}
    for node in plan.of_kind("measure-status"):
        if node.scope == scope:
            statuses.setdefault((node.obj.measure, getattr(node.file.model, "year")), node)  # noqa: B009
    indicators = tuple(n for n in plan.of_kind("indicator") if n.scope == scope)
    values: dict[str, list[Node]] = {}
    for node in plan.of_kind("indicator-value"):
        if node.scope == scope:
            values.setdefault(node.obj.indicator, []).append(node)
    return Progress(
        cycle,
        years,
        tuple(sorted(followed(plan, scope), key=reading_order)),
        MappingProxyType(statuses),
        indicators,
        MappingProxyType(
            {key: tuple(sorted(found, key=lambda n: n.obj.period)) for key, found in values.items()}
        ),
    )


def reading_order(item: Followed) -> tuple[int, tuple[int, ...]]:
    """Themes before phenomena, each by number (a sort keeps plan order within a topic)."""
    number = tuple(int(part) for part in str(item.topic.obj.number).split(".") if part.isdigit())
    return TOPIC_KINDS.index(item.topic.kind), number


def followed(plan: Plan, scope: str) -> Iterator[Followed]:
    """The measures of a cycle, and its objectives that list none, in plan order."""
    for node in plan.of_kind("measure", "objective"):
        if node.scope != scope:
            continue
        if node.kind == "objective":
            if not any(child.kind == "measure" for child in plan.children(node)):
                topic = plan.index.get(node.parent_key or "")
                if topic is not None:
                    yield Followed(node, f"{topic.obj.number}.{node.obj.number}", node, topic)
            continue
        chain = list(owner_chain(plan, node))
        topic = next((n for n in chain if n.kind in TOPIC_KINDS), None)
        if topic is not None and chain:
            yield Followed(node, measure_number(plan, node), chain[0], topic)


def organisation(plan: Plan, owner: str | None) -> Node | None:
    """The glossary's organisation a status names as its owner."""
    return plan.index.get(object_key(REFERENCE, "term", owner)) if owner else None


class HistoryYear(Struct, frozen=True):
    """A measure in one year of a cycle: the year's reporting and the status, if reported."""

    cycle: Node
    measure: Node
    year: ReportingYear
    status: Node | None


def measure_history(
    plan: Plan,
    measure: Node,
    progress_of: Callable[[Node], Progress] | None = None,
    histories: Histories | None = None,
) -> tuple[HistoryYear, ...]:
    """A measure's follow-up in every year of its cycle, after that of the measures it
    continues in earlier cycles (``Measure.succeeds``), oldest first.

    ``progress_of`` gives a cycle's follow-up and ``histories`` the plan's successions;
    a site that has them already passes them in.
    """
    lineage = (histories or Histories(plan)).lineage(measure)
    known: dict[str, Progress] = {}

    def read(cycle: Node) -> Progress:
        if progress_of is not None:
            return progress_of(cycle)
        if cycle.key not in known:
            known[cycle.key] = progress(plan, cycle)
        return known[cycle.key]

    found = []
    for node in lineage[: lineage.index(measure) + 1]:  # Itself and what it continues.
        cycle = cycle_node(plan, node.scope)
        if cycle is not None:
            state = read(cycle)
            found += [HistoryYear(cycle, node, y, state.status(node, y.year)) for y in state.years]
    return tuple(found)
