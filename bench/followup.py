"""Generated follow-up data for a plan, for tests and benchmarks: never for the real plan.

    python bench/followup.py PLAN_DIR --seed 1 --reported 3

Writes the follow-up files of the plan's latest cycle (``follow-up/<year>.yaml``
and ``indicators.yaml``), replacing those there. Deterministic from the seed and
the plan: the same plan and arguments give the same bytes.

What it makes: a status for every measure (and every objective without measures)
in each reported year, moving as measures do (planned, in progress, done; some
delayed, a few dropped, each with a reason), an owner per measure from the
glossary's organisations, notes in Dutch with their French marked machine-made,
https evidence links for what was done; in the last reported year, which stays
open, some measures are not reported yet. A few indicators follow the measures
of a theme or phenomenon, with a unit, direction, method and source, a baseline
the year before the cycle, targets per year and a value per reported year (the
open year's provisional); where the plan has a figure series, the first
indicator continues it.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from nvptool.load.plan import load_plan
from nvptool.model.text import fingerprint
from nvptool.plan import REFERENCE, Node, Plan
from nvptool.progress import Followed, followed
from nvptool.roundtrip import dump_yaml

NEXT = {
    "planned": (("in-progress", 6), ("planned", 2), ("delayed", 2), ("dropped", 1)),
    "in-progress": (("done", 4), ("in-progress", 4), ("delayed", 2)),
    "delayed": (("in-progress", 5), ("delayed", 3), ("dropped", 1)),
    "done": (("done", 1),),
    "dropped": (("dropped", 1),),
}
"""How a measure's status moves from one year to the next, with weights: never back from done."""

NOTES = {
    "planned": ("De voorbereiding is gepland.", "La préparation est planifiée."),
    "in-progress": (
        "De uitvoering is gestart; een eerste fase is afgerond.",
        "La mise en œuvre a commencé ; une première phase est terminée.",
    ),
    "done": ("De maatregel is uitgevoerd.", "La mesure est réalisée."),
    "delayed": (
        "De uitvoering loopt vertraging op.",
        "La mise en œuvre a pris du retard.",
    ),
    "dropped": ("De maatregel is stopgezet.", "La mesure a été abandonnée."),
}
REASONS = {
    "delayed": (
        "Wachten op de nodige personeelsinzet.",
        "Dans l’attente des effectifs nécessaires.",
    ),
    "dropped": (
        "Opgenomen in een andere maatregel van het plan.",
        "Reprise dans une autre mesure du plan.",
    ),
}
INDICATORS = (
    ("aantal", "Aantal afgeronde onderzoeken", "Nombre d’enquêtes clôturées", "increase"),
    ("%", "Aandeel zones met een actieplan", "Part des zones ayant un plan d’action", "increase"),
    ("aantal", "Aantal geregistreerde feiten", "Nombre de faits enregistrés", "decrease"),
    ("aantal", "Aantal opgeleide medewerkers", "Nombre de collaborateurs formés", "increase"),
)
UNITS = {"aantal": "nombre", "%": "%"}


def text(nl: str, fr: str) -> dict[str, object]:
    """A text in Dutch with its machine-made French, fingerprinted as the plan's are."""
    return {"nl": nl, "fr": {"text": fr, "state": "machine", "source": fingerprint(nl)}}


def latest_cycle(plan: Plan) -> Node:
    cycles = [n for n in plan.of_kind("cycle") if not n.obj.partial]
    if not cycles:
        raise ValueError(f"{plan.root} holds no complete plan cycle")
    return max(cycles, key=lambda n: n.obj.period.start)


def organisations(plan: Plan) -> list[str]:
    """The ids of the glossary's organisations, which own measures."""
    return [
        n.id
        for n in plan.of_kind("term")
        if n.scope == REFERENCE and n.obj.type.value == "organisation"
    ]


def trajectory(rng: random.Random, years: int) -> list[str]:
    """A measure's status in each year: it starts planned or under way and moves on."""
    status = rng.choice(("planned", "planned", "in-progress"))
    found = [status]
    for _ in range(years - 1):
        choices, weights = zip(*NEXT[status], strict=True)
        status = rng.choices(choices, weights)[0]
        found.append(status)
    return found


def status_entry(
    measure: str, year: int, status: str, owner: str | None, rng: random.Random
) -> dict[str, Any]:
    """A measure's status in a year's report: with a note, a reason where the status needs
    one, and evidence for what was done."""
    entry: dict[str, Any] = {"measure": measure, "status": status}
    if owner is not None:
        entry["owner"] = owner
    entry["note"] = text(*NOTES[status])
    if status in REASONS:
        entry["reason"] = text(*REASONS[status])
    if status == "done" or (status == "in-progress" and rng.random() < 0.3):
        entry["evidence"] = [f"https://example.org/nvp/{measure}/{year}"]
    return entry


def indicator_data(
    plan: Plan, items: list[Followed], years: list[int], reported: int, rng: random.Random
) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """The indicators and their values: each follows the measures of one topic."""
    topics: dict[str, list[Followed]] = {}
    for item in items:
        topics.setdefault(item.topic.id, []).append(item)
    # An indicator continues a series by naming the series' latest figure.
    latest: dict[str, Node] = {}
    for figure in plan.of_kind("figure"):
        if figure.obj.series and (figure.obj.period or "") >= (
            getattr(latest.get(figure.obj.series), "obj", figure.obj).period or ""
        ):
            latest[figure.obj.series] = figure
    series = [latest[key].id for key in sorted(latest)]
    for index, (topic, unit_nl, label_nl, label_fr, direction) in enumerate(
        (topic, *INDICATORS[i % len(INDICATORS)])
        for i, topic in enumerate(list(topics)[: len(INDICATORS)])
    ):
        share = unit_nl == "%"
        base = rng.randint(40, 70) if share else rng.randint(300, 5000)
        step = (1 if direction == "increase" else -1) * (rng.randint(3, 6) if share else base // 12)
        ident = f"{topic}-indicator-{index + 1}"
        data: dict[str, Any] = {
            "id": ident,
            "label": text(label_nl, label_fr),
            "unit": text(unit_nl, UNITS[unit_nl]),
            "direction": direction,
            "method": text("Telling per kalenderjaar.", "Comptage par année civile."),
            "source": text("Politiestatistieken", "Statistiques policières"),
            "minimum": 0,
            **({"maximum": 100} if share else {}),
            "baseline": {"value": base, "year": years[0] - 1},
            "targets": [
                {"year": year, "value": base + step * (n + 1)} for n, year in enumerate(years)
            ],
            "follows": [item.node.id for item in topics[topic][:3]],
        }
        if index == 0 and series:
            data["series"] = series[0]
        values = []
        for n, year in enumerate(years[:reported]):
            reached = base + step * (n + 1) * rng.uniform(0.5, 1.2)
            value = round(
                min(max(reached, 0), 100) if share else max(reached, 0), 1 if share else 0
            )
            entry: dict[str, Any] = {"indicator": ident, "period": str(year), "value": value}
            if n == reported - 1:
                entry["provisional"] = True
            values.append(entry)
        yield data, values


def generate(plan_dir: Path, seed: int = 1, reported: int | None = None) -> list[Path]:
    """Write the follow-up of the plan's latest cycle; returns the files written.

    ``reported``: how many years, from the first, have reports (default: all but the
    last); the last of them stays open, with some measures not reported yet.
    """
    plan = load_plan(plan_dir).plan
    cycle = latest_cycle(plan)
    items = list(followed(plan, cycle.scope))
    if not items:
        raise ValueError(f"{plan_dir}: the cycle {cycle.id} has no measures to follow")
    years = list(range(cycle.obj.period.start, cycle.obj.period.end + 1))
    reported = len(years) - 1 if reported is None else max(0, min(reported, len(years)))
    rng = random.Random(f"{seed}:{cycle.id}:{len(items)}")
    owners = organisations(plan)
    paths = {item.node.id: trajectory(rng, len(years)) for item in items}
    owner = {item.node.id: rng.choice(owners) if owners else None for item in items}
    indicators = list(indicator_data(plan, items, years, reported, rng))
    folder = Path(plan_dir) / "cycles" / cycle.scope / "follow-up"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for n, year in enumerate(years):
        is_reported = n < reported
        data: dict[str, Any] = {
            "kind": "follow-up",
            "year": year,
            "reporting": ("open" if n == reported - 1 else "closed")
            if is_reported
            else "not-started",
        }
        if is_reported:
            open_year = n == reported - 1
            data["statuses"] = [
                status_entry(item.node.id, year, paths[item.node.id][n], owner[item.node.id], rng)
                for item in items
                if not (open_year and rng.random() < 0.2)
            ]
            data["values"] = [
                v for _, values in indicators for v in values if v["period"] == str(year)
            ]
        written.append(_write(folder / f"{year}.yaml", data))
    indicator_file = {"kind": "indicators", "indicators": [data for data, _ in indicators]}
    written.append(_write(folder / "indicators.yaml", indicator_file))
    return written


def _write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(dump_yaml(data), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("plan", type=Path, help="a plan directory (a copy: its files change)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reported", type=int, default=None, help="years with reports")
    args = parser.parse_args()
    for path in generate(args.plan, args.seed, args.reported):
        print(path)


if __name__ == "__main__":
    main()
