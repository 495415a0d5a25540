"""Geometry of the pictures the site draws at build time: series charts, the structure diagram.

Only numbers and labels are computed here; the SVG markup is in
templates/chart.svg.j2 and templates/structure.svg.j2.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nvptool.plan import Node
from nvptool.site.pages import SiteData

CHART_WIDTH = 480
BAR_AREA = 200
ROW = 22


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str
    x: float
    y: float
    width: float
    height: float


def chart_bars(points: list[Node], number: Callable[[float], str]) -> list[Bar]:
    """Vertical bars, one per period, scaled to the largest value."""
    top = max((abs(p.obj.value) for p in points), default=1.0) or 1.0
    step = (CHART_WIDTH - 60) / max(len(points), 1)
    bars = []
    for index, point in enumerate(points):
        height = BAR_AREA * abs(point.obj.value) / top
        value = point.obj.value
        shown = number(value)
        bars.append(
            Bar(
                label=(point.obj.period or "").replace("/", "–"),
                value=value,
                shown=shown,
                x=40 + index * step + step * 0.15,
                y=30 + BAR_AREA - height,
                width=step * 0.7,
                height=height,
            )
        )
    return bars


@dataclass(frozen=True)
class Box:
    key: str
    label: str
    href: str
    x: float
    y: float
    width: float


@dataclass(frozen=True)
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    editorial: bool


@dataclass(frozen=True)
class Structure:
    width: int
    height: int
    columns: tuple[tuple[str, tuple[Box, ...]], ...]
    edges: tuple[Edge, ...]


def structure(site: SiteData, labels: dict[str, str], hrefs: dict[str, str]) -> Structure:
    """Three columns: NVS interests, the plan's themes and phenomena, KIV dimensions."""
    interests = site.framework("nvs-interest")
    dimensions = site.framework("kiv-dimension")
    widths = (300, 330, 300)
    gap = 70
    xs = (10, 10 + widths[0] + gap, 10 + widths[0] + widths[1] + 2 * gap)
    rows = max(len(interests), len(site.topics), len(dimensions))
    height = 40 + rows * ROW + 20

    def column(nodes: list[Node] | tuple[Node, ...], col: int) -> tuple[Box, ...]:
        spread = (rows * ROW) / max(len(nodes), 1)
        return tuple(
            Box(n.key, labels[n.key], hrefs[n.key], xs[col], 40 + i * spread, widths[col])
            for i, n in enumerate(nodes)
        )

    left, middle, right = column(interests, 0), column(site.topics, 1), column(dimensions, 2)
    at = {box.key: box for box in (*left, *middle, *right)}
    edges = []
    for topic, box in zip(site.topics, middle, strict=True):
        for mapping in site.children(topic, "mapping"):
            target = at.get(f"reference:{mapping.obj.target}")
            if target is None:
                continue
            editorial = mapping.obj.basis.value == "editorial"
            if target.x < box.x:
                edges.append(
                    Edge(target.x + target.width, target.y + 8, box.x, box.y + 8, editorial)
                )
            else:
                edges.append(Edge(box.x + box.width, box.y + 8, target.x, target.y + 8, editorial))
    width = xs[2] + widths[2] + 10
    columns = (("nvs", left), ("plan", middle), ("kiv", right))
    return Structure(width, int(height), columns, tuple(edges))
