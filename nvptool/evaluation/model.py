"""What the evaluation of a year states, as values.

Chapter 4 of the plan asks for an evaluation after two years and one at the end.
`evaluation()` gathers, as values, what such a report states for a year: the
reporting of each year so far, the status counts, each theme's and phenomenon's
measures with their status, owner and note in that year, the indicators with
baseline, target and the value measured, and what was not reported. The formats
(`nvptool.evaluation.formats`) write it; nothing here reads the disk.
"""

from __future__ import annotations

from msgspec import Struct

from nvptool.model.followup import Baseline
from nvptool.plan import Node, Plan
from nvptool.progress import (
    Followed,
    Progress,
    ReportingYear,
    Summary,
    organisation,
    progress,
    summary,
)


class EvaluationError(ValueError):
    """The evaluation cannot be made as asked: the message says why and what to do."""


class Provenance(Struct, frozen=True):
    """Which revision of the plan the report was made from, and its date, when known."""

    revision: str | None = None
    date: str | None = None


class MeasureLine(Struct, frozen=True):
    """A followed item in the report's year: its status (None: not reported) and owner."""

    item: Followed
    status: Node | None
    owner: Node | None


class TopicSection(Struct, frozen=True):
    topic: Node
    counts: tuple[tuple[str, int], ...]
    """Its status counts in the year, without zeros."""
    lines: tuple[MeasureLine, ...]


class IndicatorLine(Struct, frozen=True):
    """An indicator in the report's year: its baseline, the target and the values measured."""

    node: Node
    baseline: Baseline | None
    target: float | None
    values: tuple[Node, ...]
    """Its values measured in the year (a year, or quarters, halves, months of it)."""


class Evaluation(Struct, frozen=True):
    """Everything the evaluation of one year states."""

    cycle: Node
    year: ReportingYear
    final: bool
    """The evaluation of the cycle's last year; otherwise a mid-term one."""
    provenance: Provenance
    summary: Summary
    """The status counts of every reported year up to the report's."""
    topics: tuple[TopicSection, ...]
    indicators: tuple[IndicatorLine, ...]
    missing: tuple[Followed, ...]
    """What has no status in the report's year."""
    missing_values: tuple[Node, ...]
    """Indicators with no value in the report's year."""


def evaluation(
    plan: Plan, cycle: Node, year: int, provenance: Provenance = Provenance()
) -> Evaluation:
    """The evaluation of a cycle for one of its years."""
    period = cycle.obj.period
    if not period.start <= year <= period.end:
        raise EvaluationError(
            f"{year} is not a year of the cycle {cycle.id}, which runs from {period.start} "
            f"to {period.end}: choose one of those years"
        )
    state = progress(plan, cycle)
    this = state.year(year)
    assert this is not None  # Every year of the period is one of the cycle's years.
    sections = tuple(_section(plan, state, topic, year) for topic in _topics(state))
    lines = tuple(_indicator(state, node, year) for node in state.indicators)
    missing = tuple(i for i in state.followed if this.reported and state.status(i, year) is None)
    return Evaluation(
        cycle=cycle,
        year=this,
        final=year == period.end,
        provenance=provenance,
        summary=summary(state, state.followed, up_to=year),
        topics=sections if this.reported else (),
        indicators=lines,
        missing=missing,
        missing_values=tuple(line.node for line in lines if not line.values),
    )


def _topics(state: Progress) -> list[Node]:
    found: dict[str, Node] = {}
    for item in state.followed:
        found.setdefault(item.topic.key, item.topic)
    return list(found.values())


def _section(plan: Plan, state: Progress, topic: Node, year: int) -> TopicSection:
    items = state.of_topic(topic)
    lines = []
    for item in items:
        status = state.status(item, year)
        owner = organisation(plan, status.obj.owner) if status is not None else None
        lines.append(MeasureLine(item, status, owner))
    counts = tuple((key, n) for key, n in state.counts(items, year).items() if n)
    return TopicSection(topic, counts, tuple(lines))


def _indicator(state: Progress, node: Node, year: int) -> IndicatorLine:
    target = next((t.value for t in node.obj.targets if t.year == year), None)
    values = tuple(v for v in state.values.get(node.id, ()) if v.obj.period[:4] == str(year))
    return IndicatorLine(node, node.obj.baseline, target, values)
