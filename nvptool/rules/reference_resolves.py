"""Every reference points at an existing object of the right kind.

Mappings point at KIV dimensions or NVS interests, citations at legal
instruments, a cycle at its predecessor and frameworks, and successor links at
themes, phenomena or measures of the cycle's predecessor. The follow-up points
into its own cycle: a status at a measure (or an objective without measures), a
value at an indicator, an indicator at the measures or objectives it follows, the
plan's target it measures and the figure whose series it continues. A reference
that does not resolve gets a "did you mean" among the ids of the right kind.

Passing example::

    mappings:
      - target: digitale-veiligheid
        basis: editorial
        reason: {nl: ...}

Failing example::

    citations:
      - instrument: wgpp   # XR02: no legal instrument 'wgpp'; did you mean 'wgp'?
"""

from __future__ import annotations

from collections.abc import Iterator

from nvptool.findings import Problem
from nvptool.load.schema_errors import did_you_mean
from nvptool.plan import REFERENCE, Node, Plan
from nvptool.rules.base import problem

CODE = "XR02"
NAME = "reference-resolves"
GROUPS = ("core", "references")
SEVERITY = "error"

# (kind of the referring node, field, kinds it may point at, where to look)
REFERENCES: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("mapping", "target", ("kiv-dimension", "nvs-interest"), REFERENCE),
    ("citation", "instrument", ("legal-instrument",), REFERENCE),
    ("cycle", "predecessor", ("cycle",), "any"),
    ("theme", "succeeds", ("theme", "phenomenon"), "predecessor"),
    ("phenomenon", "succeeds", ("theme", "phenomenon"), "predecessor"),
    ("measure", "succeeds", ("measure",), "predecessor"),
    ("measure-status", "measure", ("measure", "objective"), "same"),
    ("indicator-value", "indicator", ("indicator",), "same"),
    ("indicator", "follows", ("measure", "objective"), "same"),
    ("indicator", "plan_target", ("target",), "same"),
    ("indicator", "series", ("figure",), "same"),
)


def check(plan: Plan) -> Iterator[Problem]:
    predecessors = {n.scope: n.obj.predecessor for n in plan.of_kind("cycle") if n.obj.predecessor}
    cycles = {n.id for n in plan.of_kind("cycle")}
    for kind, field, targets, scope in REFERENCES:
        known: dict[str | None, set[str]] = {}
        for node in plan.of_kind(kind):
            where = _where(node, scope, predecessors)
            if scope == "predecessor" and where is None:
                yield from _no_predecessor(node, field)
                continue
            if scope == "predecessor" and where not in cycles:
                continue  # The cycle's predecessor names no cycle: told there, once.
            if where not in known:
                known[where] = {
                    n.id for n in plan.of_kind(*targets) if where == "any" or n.scope == where
                }
            ids = known[where]
            of = f" of {where}" if scope == "predecessor" else ""
            for at, target in _values(node, field):
                if target not in ids:
                    yield _unresolved(node, at, target, targets, sorted(ids), of)
    yield from _frameworks(plan)


def _no_predecessor(node: Node, field: str) -> Iterator[Problem]:
    """A successor link in a cycle that names no predecessor: there is nothing to succeed."""
    for at, _ in _values(node, field)[:1]:
        yield problem(
            node,
            f"'{field}' links to the cycle before, and this cycle names none",
            *at,
            hint="add 'predecessor:' with that cycle's id to this cycle's cycle.yaml, "
            f"or remove '{field}'",
        )


def _where(node: Node, scope: str, predecessors: dict[str, str]) -> str | None:
    """The scope a reference looks in: its own, its cycle's predecessor's, or a fixed one."""
    if scope == "predecessor":
        return predecessors.get(node.scope)
    return node.scope if scope == "same" else scope


def _values(node: Node, field: str) -> list[tuple[tuple[str | int, ...], str]]:
    value = getattr(node.obj, field)
    if value is None:
        return []
    if isinstance(value, tuple):  # A list of ids (a measure's predecessors, what is followed).
        return [((field, i), v) for i, v in enumerate(value)]
    if field == "succeeds":
        return [((field, "predecessors", i), v) for i, v in enumerate(value.predecessors)]
    return [((field,), value)]


def _frameworks(plan: Plan) -> Iterator[Problem]:
    for node in plan.of_kind("cycle"):
        for field, kind in (("kiv", "kiv"), ("nvs", "nvs")):
            target = getattr(node.obj.frameworks, field)
            ids = sorted(n.id for n in plan.of_kind(kind))
            if target is not None and target not in ids:
                yield _unresolved(node, ("frameworks", field), target, (kind,), ids)


def _unresolved(
    node: Node,
    at: tuple[str | int, ...],
    target: str,
    kinds: tuple[str, ...],
    ids: list[str],
    of: str = "",
) -> Problem:
    """An id that names nothing; of: where it was looked for (" of nvp-2016-2019")."""
    suggestion = did_you_mean(target, ids)
    wanted = " or ".join(k.replace("-", " ") for k in kinds)
    if suggestion:
        hint = f"did you mean '{suggestion}'?"
    elif not ids:
        hint = f"the plan has no {wanted}{of} yet: add it, or remove this reference"
    elif len(ids) <= SHOWN_IDS:
        hint = "use one of: " + ", ".join(ids)
    else:
        hint = f"use the id of a {wanted} of the plan, or add one with this id"
    return problem(node, f"no {wanted}{of} has the id '{target}'", *at, hint=hint)


SHOWN_IDS = 8
"""Up to this many ids are listed in the hint; more would hide the line."""
