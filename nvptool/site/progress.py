"""What the follow-up pages show: progress overall, per theme and phenomenon, per measure.

Small immutable values over the cycle's follow-up (`nvptool.progress`), resolved
before rendering, as the other contexts are. A page over years that nobody has
reported on yet holds no counts, tables or charts: only which years those are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from msgspec import Struct

from nvptool.measures import measure_number
from nvptool.model.followup import Baseline
from nvptool.plan import Node
from nvptool.progress import (
    Followed,
    HistoryYear,
    Progress,
    Summary,
    measure_history,
    organisation,
    progress,
    summary,
)
from nvptool.site import data as d
from nvptool.site.contexts import source_of
from nvptool.site.language import Language
from nvptool.site.pictures import Chart, IndicatorSeries, indicator_chart
from nvptool.urls import is_https_address

PROGRESS_DIR = "progress"
CHART_DIR = "assets/indicators"


def progress_path(topic: Node | None = None) -> str:
    """The progress page of the plan, or of one theme or phenomenon."""
    if topic is None:
        return f"{PROGRESS_DIR}/index.md"
    return f"{PROGRESS_DIR}/{d.TOPIC_DIRS[topic.kind]}/{topic.id}.md"


def measure_path(node: Node) -> str:
    """The follow-up page of a measure, or of an objective followed itself (it has none)."""
    folder = "measures" if node.kind == "measure" else "objectives"
    return f"{PROGRESS_DIR}/{folder}/{node.id}.md"


def chart_path(indicator: Node) -> str:
    return f"{CHART_DIR}/{indicator.id}.svg"


class Cell(Struct, frozen=True):
    year: int
    state: str
    """A key of STATUS_KEYS."""


class Row(Struct, frozen=True):
    """A followed item in a status table: its number, its page, its state each year, its owner."""

    item: Followed
    path: str | None
    """Its page; an objective followed itself has none of its own."""
    cells: tuple[Cell, ...]
    owner: Node | None


class Table(Struct, frozen=True):
    """The followed items of one objective or approach section."""

    group: Node
    rows: tuple[Row, ...]


def row(site: d.SiteData, item: Followed) -> Row:
    state = site.progress
    cells = tuple(Cell(y.year, state.state(item, y.year)) for y in state.reported)
    latest = state.latest(item)
    owner = organisation(site.plan, latest.obj.owner) if latest is not None else None
    return Row(item, page_of(item), cells, owner)


def page_of(item: Followed) -> str | None:
    """The page of a followed measure or objective: its statuses' notes and evidence."""
    return measure_path(item.node)


def tables(site: d.SiteData, items: tuple[Followed, ...]) -> tuple[Table, ...]:
    groups: dict[str, list[Followed]] = {}
    heads: dict[str, Node] = {}
    for item in items:
        groups.setdefault(item.group.key, []).append(item)
        heads[item.group.key] = item.group
    return tuple(
        Table(heads[key], tuple(row(site, item) for item in found)) for key, found in groups.items()
    )


class YearValues(Struct, frozen=True):
    """An indicator in one year: the value aimed at and the values measured."""

    year: str
    target: float | None
    values: tuple[Node, ...]


class Indicator(Struct, frozen=True):
    node: Node
    chart: str
    """The path of its chart."""
    baseline: Baseline | None
    years: tuple[YearValues, ...]
    follows: tuple[tuple[Followed, str | None], ...]
    """What it follows, with the page of each (see page_of)."""
    page: str
    """The progress page that shows it: its topic's, or the plan's."""

    @property
    def provisional(self) -> bool:
        return any(v.obj.provisional for y in self.years for v in y.values)


def indicator(state: Progress, node: Node) -> Indicator:
    values = state.values.get(node.id, ())
    targets = {str(t.year): t.value for t in node.obj.targets}
    years = sorted({v.obj.period[:4] for v in values} | set(targets))
    shown = tuple(
        YearValues(year, targets.get(year), tuple(v for v in values if v.obj.period[:4] == year))
        for year in years
    )
    follows = tuple(f for ident in node.obj.follows if (f := state.item(ident)) is not None)
    topics = {f.topic.key: f.topic for f in follows}
    page = progress_path(next(iter(topics.values())) if len(topics) == 1 else None)
    pages = tuple((f, page_of(f)) for f in follows)
    return Indicator(node, chart_path(node), node.obj.baseline, shown, pages, page)


def measured(state: Progress, nodes: tuple[Node, ...]) -> tuple[Indicator, ...]:
    """The indicators that have something to draw: a value, or a baseline and a target."""
    found = (indicator(state, node) for node in nodes)
    return tuple(i for i in found if any(y.values for y in i.years) or (i.baseline and i.years))


class TopicLine(Struct, frozen=True):
    """A theme or phenomenon on the overall page: its counts in the last reported year."""

    topic: Node
    path: str
    summary: Summary


class ProgressContext(Struct, frozen=True):
    """The progress of the plan (topic None), or of one theme or phenomenon."""

    topic: Node | None
    summary: Summary
    tables: tuple[Table, ...]
    topics: tuple[TopicLine, ...]
    """On the overall page: every theme and phenomenon with something to follow."""
    indicators: tuple[Indicator, ...]


def progress_context(site: d.SiteData, topic: Node | None) -> ProgressContext:
    state = site.progress
    items = state.followed if topic is None else state.of_topic(topic)
    reported = bool(state.reported)
    lines: tuple[TopicLine, ...] = ()
    if topic is None:
        lines = tuple(
            TopicLine(t, progress_path(t), summary(state, found))
            for t in site.topics
            if (found := state.of_topic(t))
        )
    nodes = state.indicators if topic is None else state.indicators_of(items)
    return ProgressContext(
        topic,
        summary(state, items),
        tables(site, items) if topic is not None else (),
        lines,
        measured(state, nodes) if reported else (),
    )


def served_progress(site: d.SiteData, topics: tuple[Node, ...]) -> ProgressContext | None:
    """The progress of what serves a KIV dimension or NVS interest: the measures of the
    themes and phenomena that serve it; None when they have nothing to follow."""
    state = site.progress
    found = tuple(item for topic in topics for item in state.of_topic(topic))
    if not found:
        return None
    lines = tuple(
        TopicLine(t, progress_path(t), summary(state, items))
        for t in topics
        if (items := state.of_topic(t))
    )
    return ProgressContext(None, summary(state, found), (), lines, ())


def followed_topics(site: d.SiteData) -> Iterator[Node]:
    """The themes and phenomena that have something to follow, in the site's order."""
    for topic in site.topics:
        if site.progress.of_topic(topic):
            yield topic


class Evidence(Struct, frozen=True):
    """A link that shows what was done: https links are followed, others shown as words."""

    address: str
    linked: bool


class HistoryEntry(Struct, frozen=True):
    """A measure in one year of a cycle, with its owner and evidence resolved."""

    at: HistoryYear
    number: str
    """The number of the measure in its own cycle."""
    owner: Node | None
    evidence: tuple[Evidence, ...]

    @property
    def year(self) -> int:
        return self.at.year.year

    @property
    def reported(self) -> bool:
        return self.at.year.reported

    @property
    def open(self) -> bool:
        return self.at.year.reporting.value == "open"

    @property
    def cycle(self) -> Node:
        return self.at.cycle

    @property
    def measure(self) -> Node:
        return self.at.measure

    @property
    def status(self) -> Node | None:
        return self.at.status


class MeasureContext(Struct, frozen=True):
    """One measure: where it stands, its text, its follow-up year by year and across cycles."""

    item: Followed
    source: str
    progress_page: str
    """The progress page of its theme or phenomenon."""
    history: tuple[HistoryEntry, ...]
    """In this cycle's years."""
    earlier: tuple[HistoryEntry, ...]
    """In earlier cycles, through the measures it continues."""
    indicators: tuple[Indicator, ...]


def evidence(address: str) -> Evidence:
    """Followed only when it is https and a plain address: anything else is shown as words."""
    return Evidence(address, is_https_address(address))


def measure_context(site: d.SiteData, item: Followed) -> MeasureContext:
    state = site.progress
    history = measure_history(site.plan, item.node, _reader(site), site.histories)
    entries = tuple(
        HistoryEntry(
            h,
            measure_number(site.plan, h.measure),
            organisation(site.plan, h.status.obj.owner) if h.status is not None else None,
            tuple(evidence(e) for e in h.status.obj.evidence) if h.status is not None else (),
        )
        for h in history
    )
    mine = tuple(e for e in entries if e.cycle.key == site.cycle.key)
    earlier = tuple(e for e in entries if e.cycle.key != site.cycle.key)
    own = measured(state, state.indicators_of((item,))) if state.reported else ()
    source = source_of(site, item.node)
    return MeasureContext(item, source, progress_path(item.topic), mine, earlier, own)


def _reader(site: d.SiteData) -> Callable[[Node], Progress]:
    def read(cycle: Node) -> Progress:
        return site.progress if cycle.key == site.cycle.key else progress(site.plan, cycle)

    return read


def indicator_series(lang: Language, item: Indicator) -> IndicatorSeries:
    """An indicator's chart in a language: its title with its unit, its legend's words."""
    ui = lang.ui["progress"]
    obj = item.node.obj
    unit = lang.words(obj.unit)
    title = lang.words(obj.label)
    values = tuple(
        (v.obj.period, v.obj.value, v.obj.provisional) for y in item.years for v in y.values
    )
    targets = tuple((y.year, y.target) for y in item.years if y.target is not None)
    baseline = (str(obj.baseline.year), obj.baseline.value) if obj.baseline else None
    legend = {key: str(ui["legend"][key]) for key in ("base", "bar", "provisional", "target")}
    return IndicatorSeries(
        f"{title} ({unit})" if unit and unit != "%" else title, baseline, values, targets, legend
    )


def indicator_charts(site: d.SiteData, lang: Language) -> Iterator[tuple[Indicator, Chart]]:
    """Every indicator chart of the site in one language."""
    state = site.progress
    if not state.reported:
        return
    for found in measured(state, state.indicators):
        unit = lang.words(found.node.obj.unit)

        def shown(value: float, unit: str = unit) -> str:
            return lang.quantity(value, unit, short=True)

        yield found, indicator_chart(indicator_series(lang, found), shown)
