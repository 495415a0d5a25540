"""The follow-up of a measure across cycles: what was reported on it, year by year, in
the cycle it was written in and in the cycles that continued it.

A measure of a new cycle names the measure it continues (``succeeds``); following
those links backwards and forwards gives its lineage, and the statuses reported on
each measure of the lineage are its history. The pages show it on a measure's page.
"""

from __future__ import annotations

from collections.abc import Callable

from msgspec import Struct

from nvptool.followup.data import cycle_node, file_year, number_of, year_model
from nvptool.model.followup import MeasureStatus, Reporting
from nvptool.plan import Node, Plan, object_key


class Reported(Struct, frozen=True):
    """One year's status of a measure, in the cycle it was reported in."""

    cycle: str
    year: int
    measure: Node
    """The measure as the cycle of that year has it (its id and number may differ)."""
    number: str
    status: MeasureStatus
    node: Node
    """The status itself: where it stands in its year's file."""
    reporting: Reporting
    """How far the reporting of that year had come."""


class Histories:
    """The histories of a plan's measures, with the indexes they need built once (a site
    shows thousands of measure pages)."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self._successors: dict[tuple[str, str], list[Node]] = {}
        for node in plan.of_kind("measure"):
            before = _predecessor_scope(plan, node)
            for old_id in node.obj.succeeds:
                if before is not None:
                    self._successors.setdefault((before, old_id), []).append(node)
        self._statuses: dict[tuple[str, str], list[Node]] = {}
        for node in plan.of_kind("measure-status"):
            self._statuses.setdefault((node.scope, node.obj.measure), []).append(node)

    def lineage(self, measure: Node) -> tuple[Node, ...]:
        """The measure and those it continues or that continue it, the oldest first."""
        earlier = self._walk(measure, self._predecessors)
        later = self._walk(measure, lambda node: self._successors.get((node.scope, node.id), []))
        return (*reversed(earlier), measure, *later)

    def of(self, measure: Node) -> tuple[Reported, ...]:
        """Every status reported on the measure's lineage, in time order."""
        found = []
        for owner in self.lineage(measure):
            for node in self._statuses.get((owner.scope, owner.id), ()):
                found.append(
                    Reported(
                        node.scope,
                        file_year(node.file),
                        owner,
                        number_of(self.plan, owner),
                        node.obj,
                        node,
                        year_model(node.file).reporting,
                    )
                )
        return tuple(sorted(found, key=lambda r: (r.year, r.cycle)))

    def _predecessors(self, node: Node) -> list[Node]:
        before = _predecessor_scope(self.plan, node)
        if before is None or node.kind != "measure":  # An objective continues none.
            return []
        found = (self.plan.index.get(object_key(before, "measure", i)) for i in node.obj.succeeds)
        return [n for n in found if n is not None]

    @staticmethod
    def _walk(start: Node, step: Callable[[Node], list[Node]]) -> list[Node]:
        """The nodes reached step by step from start, nearest first, each once."""
        seen = {start.key}
        reached: list[Node] = []
        current = [start]
        while current:
            current = [n for node in current for n in step(node) if n.key not in seen]
            seen.update(n.key for n in current)
            reached += current
        return reached


def lineage(plan: Plan, measure: Node) -> tuple[Node, ...]:
    """The measure and those it continues or that continue it, the oldest first."""
    return Histories(plan).lineage(measure)


def history(plan: Plan, measure: Node) -> tuple[Reported, ...]:
    """Every status reported on the measure's lineage (see Histories for many measures)."""
    return Histories(plan).of(measure)


def _predecessor_scope(plan: Plan, node: Node) -> str | None:
    cycle = cycle_node(plan, node.scope)
    return cycle.obj.predecessor if cycle is not None else None
