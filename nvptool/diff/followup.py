"""The follow-up's changes between two sides, as a reader of the yearly report says them.

A status is compared with the same measure's status in the same year on the old
side (a revision) or, for a newly reported year, with the measure's status in the
latest earlier year (so that adding the 2024 report reads "from in progress to done
in 2024"); a new status equal to the earlier one is no change worth a line. Values
are compared per indicator and period, reporting states per year.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from msgspec import Struct

from nvptool.diff.labels import label as object_label
from nvptool.diff.match import Side
from nvptool.diff.model import Change, FieldChange, FollowUpChange
from nvptool.followup.data import file_year, number_of
from nvptool.model.text import Text
from nvptool.plan import Node, Plan, object_key

KINDS = frozenset({"measure-status", "indicator-value"})
"""Node kinds this module describes instead of the object-by-object diff."""
OTHER_FIELDS = ("owner", "note", "reason", "evidence")


class _Status(Struct, frozen=True):
    year: int
    node: Node


def followup_changes(old: Side, new: Side, lang: str) -> tuple[FollowUpChange, ...]:
    """Every change of the follow-up from old to new, in year order."""
    changes = [
        *_statuses(old, new, lang),
        *_values(old, new, lang),
        *_reporting(old.plan, new.plan),
    ]
    order = {"follow-up": 0, "measure-status": 1, "indicator-value": 2}
    return tuple(sorted(changes, key=lambda c: (c.scope, c.year, order[c.kind])))


StatusKey = tuple[str, str, int]
"""(scope, measure, year)."""


class _Statuses(Struct, frozen=True):
    by_key: dict[StatusKey, _Status]
    years: dict[tuple[str, str], list[int]]
    """The years each (scope, measure) has a status in, in order."""

    def earlier(self, scope: str, measure: str, year: int) -> _Status | None:
        years = [y for y in self.years.get((scope, measure), ()) if y < year]
        return self.by_key[(scope, measure, years[-1])] if years else None


def _status_index(side: Side) -> _Statuses:
    found: dict[StatusKey, _Status] = {}
    years: dict[tuple[str, str], list[int]] = {}
    for node in side.nodes.values():
        if node.kind == "measure-status":
            year = file_year(node.file)
            found[(node.scope, node.obj.measure, year)] = _Status(year, node)
            years.setdefault((node.scope, node.obj.measure), []).append(year)
    return _Statuses(found, {key: sorted(found_years) for key, found_years in years.items()})


def _statuses(old: Side, new: Side, lang: str) -> Iterator[FollowUpChange]:
    index_old, index_new = _status_index(old), _status_index(new)
    before, after = index_old.by_key, index_new.by_key
    for key, now in after.items():
        scope, measure, year = key
        was = before.get(key)
        if was is not None:
            fields = tuple(_fields(was.node.obj, now.node.obj, lang))
            status_old, status_new = was.node.obj.status.value, now.node.obj.status.value
            if status_old != status_new or fields:
                yield _status_change(new, now, Change.modified, status_old, None, fields)
            continue
        earlier = index_new.earlier(scope, measure, year) or index_old.earlier(scope, measure, year)
        if earlier is None or earlier.node.obj.status != now.node.obj.status:
            previous = earlier.node.obj.status.value if earlier else None
            year_of = earlier.year if earlier else None
            yield _status_change(new, now, Change.added, previous, year_of, ())
    for key, was in before.items():
        if key not in after:
            yield _status_change(old, was, Change.removed, was.node.obj.status.value, None, ())


def _status_change(
    side: Side,
    status: _Status,
    change: Change,
    old: str | None,
    old_year: int | None,
    fields: tuple[FieldChange, ...],
) -> FollowUpChange:
    obj = status.node.obj
    subject = _measure(side.plan, status.node.scope, obj.measure)
    return FollowUpChange(
        kind="measure-status",
        change=change,
        year=status.year,
        subject=obj.measure,
        label=number_of(side.plan, subject) if subject is not None else obj.measure,
        old=old,
        new=None if change is Change.removed else obj.status.value,
        old_year=old_year,
        fields=fields,
        scope=status.node.scope,
        subject_kind=subject.kind if subject is not None else "measure",
    )


def _measure(plan: Plan, scope: str, measure: str) -> Node | None:
    return plan.index.get(object_key(scope, "measure", measure)) or plan.index.get(
        object_key(scope, "objective", measure)
    )


def _fields(before: Any, after: Any, lang: str) -> Iterator[FieldChange]:
    for name in OTHER_FIELDS:
        was, now = getattr(before, name), getattr(after, name)
        if was == now:
            continue
        if isinstance(was, Text) or isinstance(now, Text):
            yield from _fields_of(name, was, now)
        elif isinstance(was, tuple) or isinstance(now, tuple):
            yield FieldChange(name, " ".join(was or ()) or None, " ".join(now or ()) or None)
        else:
            yield FieldChange(name, was, now)


def _value_index(side: Side) -> dict[tuple[str, str, str], Node]:
    return {
        (n.scope, n.obj.indicator, n.obj.period): n
        for n in side.nodes.values()
        if n.kind == "indicator-value"
    }


def _values(old: Side, new: Side, lang: str) -> Iterator[FollowUpChange]:
    before, after = _value_index(old), _value_index(new)
    for key in sorted(before.keys() | after.keys()):
        was, now = before.get(key), after.get(key)
        if was is not None and now is not None:
            same = was.obj.value == now.obj.value and was.obj.provisional == now.obj.provisional
            if same and was.obj.note == now.obj.note:
                continue
        change = Change.modified if was and now else (Change.added if now else Change.removed)
        node = now or was
        assert node is not None
        side = new if now else old
        indicator = side.plan.index.get(object_key(node.scope, "indicator", node.obj.indicator))
        notes = tuple(_note(was, now))
        yield FollowUpChange(
            kind="indicator-value",
            change=change,
            year=file_year(node.file),
            subject=node.obj.indicator,
            label=object_label(indicator, lang) if indicator else node.obj.indicator,
            old=_number(was.obj.value) if was else None,
            new=_number(now.obj.value) if now else None,
            period=node.obj.period,
            unit=_unit(indicator, lang),
            old_provisional=was.obj.provisional if was else None,
            new_provisional=now.obj.provisional if now else None,
            fields=notes,
            scope=node.scope,
            subject_kind="indicator",
        )


def _note(was: Node | None, now: Node | None) -> Iterator[FieldChange]:
    if was is None or now is None or was.obj.note == now.obj.note:
        return
    yield from _fields_of("note", was.obj.note, now.obj.note)


def _fields_of(name: str, was: Text | None, now: Text | None) -> Iterator[FieldChange]:
    for code in sorted({*(was.languages if was else ()), *(now.languages if now else ())}):
        old_text = was.get(code) if was else None
        new_text = now.get(code) if now else None
        if old_text != new_text:
            yield FieldChange(name, old_text, new_text, (), code)


def _number(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e15 else repr(value)


def _unit(indicator: Node | None, lang: str) -> str | None:
    if indicator is None:
        return None
    unit: Text = indicator.obj.unit
    return unit.get(lang) or next((unit.get(code) for code in unit.languages), None)


def _reporting(old: Plan, new: Plan) -> Iterator[FollowUpChange]:
    def states(plan: Plan) -> dict[tuple[str, int], str]:
        return {
            (f.scope, file_year(f)): getattr(f.model, "reporting").value  # noqa: B009
            for f in plan.files
            if f.kind == "follow-up"
        }

    before, after = states(old), states(new)
    for key in sorted(before.keys() | after.keys()):
        was, now = before.get(key), after.get(key)
        if was == now:
            continue
        change = Change.modified if was and now else (Change.added if now else Change.removed)
        scope, year = key
        yield FollowUpChange(
            "follow-up", change, year, scope, scope, was, now, scope=scope, subject_kind="cycle"
        )
