"""Geometry of the pictures the site draws at build time: series charts, the structure diagram.

Only numbers and labels are computed here; the SVG markup is in
templates/chart.svg.j2 and templates/structure.svg.j2.
"""

from __future__ import annotations

from collections.abc import Callable

from msgspec import Struct

from nvptool.plan import Node
from nvptool.site.data import SiteData

CHART_WIDTH = 340
BAR_AREA = 180
ROW = 22
FONT = 13
CHAR_WIDTH = 7.2
"""A generous average width of a character at FONT px in a sans-serif font."""
BOLD_CHAR_WIDTH = 8.2
LINE = 17


class Bar(Struct, frozen=True):
    label: str
    value: float
    shown: str
    x: float
    y: float
    width: float
    height: float
    css: str = "bar"
    """How it is drawn: bar; base (a baseline); bar provisional (a value still to be revised)."""
    above: float | None = None
    """Where its value is written, when not just above the bar (above a target's mark)."""

    @property
    def value_y(self) -> float:
        return (self.y if self.above is None else self.above) - 5


class Mark(Struct, frozen=True):
    """A target: a line across a period's place at the height of the value aimed at."""

    label: str
    shown: str
    x1: float
    x2: float
    y: float


class Key(Struct, frozen=True):
    """One entry of a chart's legend: a swatch drawn as its kind is, and its words."""

    css: str
    words: str
    x: float
    y: float


class Chart(Struct, frozen=True):
    """A bar chart: its title wrapped above the bars, each value above its bar."""

    width: int
    height: int
    title: tuple[str, ...]
    """The title's lines."""
    axis: float
    """Where the bars stand."""
    bars: tuple[Bar, ...]
    marks: tuple[Mark, ...] = ()
    legend: tuple[Key, ...] = ()


def wrap(text: str, width: float, char: float = CHAR_WIDTH) -> tuple[str, ...]:
    """Words into lines no wider than width px at FONT px: an SVG text does not wrap itself."""
    import textwrap

    return tuple(textwrap.wrap(text, max(int(width / char), 10))) or ("",)


def chart(title: str, points: list[Node], shown: Callable[[float], str]) -> Chart:
    """Vertical bars, one per period, scaled to the largest value, under a wrapped title."""
    lines = wrap(title, CHART_WIDTH - 20, BOLD_CHAR_WIDTH)
    top = 10 + LINE * len(lines) + 12 + LINE  # The title, a gap, the tallest bar's value.
    largest = max((abs(p.obj.value) for p in points), default=1.0) or 1.0
    step = (CHART_WIDTH - 20) / max(len(points), 1)
    bars = []
    for index, point in enumerate(points):
        height = BAR_AREA * abs(point.obj.value) / largest
        bars.append(
            Bar(
                label=(point.obj.period or "").replace("/", "–"),
                value=point.obj.value,
                shown=shown(point.obj.value),
                x=10 + index * step + step * 0.15,
                y=top + BAR_AREA - height,
                width=step * 0.7,
                height=height,
            )
        )
    axis = top + BAR_AREA
    return Chart(CHART_WIDTH, int(axis + 10 + LINE), lines, axis, tuple(bars))


class Box(Struct, frozen=True):
    key: str
    lines: tuple[str, ...]
    """The label, wrapped to the box's width."""
    href: str
    x: float
    y: float
    width: float
    height: float

    @property
    def middle(self) -> float:
        return self.y + self.height / 2


class Edge(Struct, frozen=True):
    x1: float
    y1: float
    x2: float
    y2: float
    editorial: bool


class Structure(Struct, frozen=True):
    width: int
    height: int
    columns: tuple[tuple[str, float, tuple[Box, ...]], ...]
    """Each column: its name, where its heading starts, its boxes."""
    edges: tuple[Edge, ...]
    legend_y: float


STRUCTURE_COLUMN = 196
STRUCTURE_GAP = 36
BOX_GAP = 6
TOP = 34


def _stack(
    nodes: list[Node] | tuple[Node, ...],
    x: float,
    labels: dict[str, str],
    hrefs: dict[str, str],
    height: float | None = None,
) -> tuple[Box, ...]:
    """Boxes one under the other; given a height, spread evenly over it."""
    wrapped = [wrap(labels[n.key], STRUCTURE_COLUMN - 10) for n in nodes]
    heights = [LINE * len(lines) + 6 for lines in wrapped]
    gap = float(BOX_GAP)
    if height is not None and len(nodes) > 1:
        gap = max(BOX_GAP, (height - sum(heights)) / (len(nodes) - 1))
    boxes: list[Box] = []
    y = float(TOP)
    for node, lines, box_height in zip(nodes, wrapped, heights, strict=True):
        boxes.append(Box(node.key, lines, hrefs[node.key], x, y, STRUCTURE_COLUMN, box_height))
        y += box_height + gap
    return tuple(boxes)


def structure(site: SiteData, labels: dict[str, str], hrefs: dict[str, str]) -> Structure:
    """Three columns: NVS interests, the plan's themes and phenomena, KIV dimensions.

    Drawn at the width of a page's text column, so that its text is read at its
    own size: labels wrap inside their boxes instead of being cut.
    """
    xs = [10 + i * (STRUCTURE_COLUMN + STRUCTURE_GAP) for i in range(3)]
    middle = _stack(site.topics, xs[1], labels, hrefs)
    height = (middle[-1].y + middle[-1].height - TOP) if middle else 0.0
    left = _stack(site.framework("nvs-interest"), xs[0], labels, hrefs, height)
    right = _stack(site.framework("kiv-dimension"), xs[2], labels, hrefs, height)
    at = {box.key: box for box in (*left, *right)}
    edges = []
    for topic, box in zip(site.topics, middle, strict=True):
        for mapping in site.children(topic, "mapping"):
            target = at.get(f"reference:{mapping.obj.target}")
            if target is None:
                continue
            editorial = mapping.obj.basis.value == "editorial"
            if target.x < box.x:
                edges.append(
                    Edge(target.x + target.width, target.middle, box.x, box.middle, editorial)
                )
            else:
                edges.append(
                    Edge(box.x + box.width, box.middle, target.x, target.middle, editorial)
                )
    bottom = max((b.y + b.height for b in (*left, *middle, *right)), default=TOP)
    columns = (("nvs", xs[0], left), ("plan", xs[1], middle), ("kiv", xs[2], right))
    width = xs[2] + STRUCTURE_COLUMN + 10
    return Structure(width, int(bottom + 44), columns, tuple(edges), bottom + 26)


class IndicatorSeries(Struct, frozen=True):
    """What an indicator chart shows: words already in the page's language."""

    title: str
    baseline: tuple[str, float] | None
    """Its label (the year) and value."""
    values: tuple[tuple[str, float, bool], ...]
    """Period, value, provisional; in the order of the periods."""
    targets: tuple[tuple[str, float], ...]
    """Year and value aimed at."""
    legend: dict[str, str]
    """The words of the legend by kind: base, bar, provisional, target."""


LEGEND_COLUMN = 160


def indicator_chart(series: IndicatorSeries, shown: Callable[[float], str]) -> Chart:
    """A baseline bar, a bar per measured period (provisional ones drawn apart and starred),
    and a mark at the height of each year's target, under a wrapped title."""
    lines = wrap(series.title, CHART_WIDTH - 20, BOLD_CHAR_WIDTH)
    top = 10 + LINE * len(lines) + 12 + LINE
    periods = sorted({p for p, _, _ in series.values} | {y for y, _ in series.targets})
    places = ([series.baseline[0]] if series.baseline else []) + periods
    numbers = [v for _, v, _ in series.values] + [v for _, v in series.targets]
    numbers += [series.baseline[1]] if series.baseline else []
    largest = max((abs(n) for n in numbers), default=1.0) or 1.0
    step = (CHART_WIDTH - 20) / max(len(places), 1)

    def x(index: int) -> float:
        return 10 + index * step + step * 0.15

    def height(value: float) -> float:
        return BAR_AREA * abs(value) / largest

    offset = 1 if series.baseline else 0
    target_at = {year: value for year, value in series.targets}
    marks = tuple(
        Mark(
            year,
            shown(value),
            x(offset + periods.index(year)) - step * 0.08,
            x(offset + periods.index(year)) + step * 0.78,
            top + BAR_AREA - height(value),
        )
        for year, value in series.targets
    )
    bars = []
    if series.baseline:
        label, value = series.baseline
        bars.append(_bar(label, value, shown(value), x(0), step, top, height(value), "base"))
    for period, value, provisional in series.values:
        target = target_at.get(period)
        above = top + BAR_AREA - max(height(value), height(target)) if target is not None else None
        css = "bar provisional" if provisional else "bar"
        words = shown(value) + ("*" if provisional else "")
        index = offset + periods.index(period)
        bars.append(_bar(period, value, words, x(index), step, top, height(value), css, above))
    axis = top + BAR_AREA
    used = ["base"] if series.baseline else []
    used += ["bar"] if any(not p for _, _, p in series.values) else []
    used += ["provisional"] if any(p for _, _, p in series.values) else []
    used += ["target"] if series.targets else []
    keys = _legend([(kind, series.legend[kind]) for kind in used], axis + 10 + LINE + 8)
    bottom = max((key.y for key in keys), default=axis + 10 + LINE - 4) + 8
    return Chart(CHART_WIDTH, int(bottom), lines, axis, tuple(bars), marks, keys)


def _bar(
    label: str,
    value: float,
    shown: str,
    x: float,
    step: float,
    top: float,
    height: float,
    css: str,
    above: float | None = None,
) -> Bar:
    return Bar(label, value, shown, x, top + BAR_AREA - height, step * 0.7, height, css, above)


def _legend(entries: list[tuple[str, str]], y: float) -> tuple[Key, ...]:
    """Two entries a line where they fit in half the width, else one a line."""
    widest = max((len(words) * CHAR_WIDTH + 22 for _, words in entries), default=0)
    per_line = 2 if widest <= LEGEND_COLUMN else 1
    return tuple(
        Key(css, words, 10 + (n % per_line) * LEGEND_COLUMN, y + LINE * (n // per_line) + LINE)
        for n, (css, words) in enumerate(entries)
    )
