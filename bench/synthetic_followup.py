"""Synthetic plans with measures and their follow-up, for benchmarks and tests.

    python bench/synthetic_followup.py DIR --measures 10000 --seed 1

A synthetic plan (bench/synthetic.py) gets transversal themes whose strategic
objectives list measures, organisations in its glossary, indicators that follow
the measures, and a reporting year for each year of the cycle (2022-2025) with
a status for every measure, moving as bench/followup.py moves them (never back
from done), and the indicators' values per year and quarter. Deterministic
from the seed; `nvptool check` finds the plan clean.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import yaml
from followup import status_entry, trajectory
from synthetic import FRENCH, _reviewed, _sentence, _text, _write, generate

from nvptool.roundtrip import dump_yaml

YEARS = (2022, 2023, 2024, 2025)
OBJECTIVES = 5
"""Strategic objectives per theme."""
MEASURES = 10
"""Measures per objective: a theme holds 50."""
ORGANISATIONS = 12
PER_INDICATOR = 20
"""One indicator follows every twentieth measure."""
CYCLE = "synth"


def generate_followup(
    root: Path, measures: int, seed: int = 1, objects: int = 300, reporting: str = "closed"
) -> int:
    """Write a plan with about `measures` measures and four reported years; returns the
    number of measures written."""
    rng = random.Random(seed)
    generate(root, objects, seed)
    _organisations(root)
    cycle = root / "cycles" / CYCLE
    ids: list[str] = []
    themes = max(1, -(-measures // (OBJECTIVES * MEASURES)))
    for number in range(1, themes + 1):
        ids += _theme(cycle, number, rng)
    _indicators(cycle, ids, rng)
    _years(cycle, ids, rng, reporting)
    return len(ids)


def organisation_ids() -> list[str]:
    return [f"directie-{i}" for i in range(1, ORGANISATIONS + 1)]


def _organisations(root: Path) -> None:
    path = root / "reference" / "glossary.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for i, term in enumerate(organisation_ids(), start=1):
        data["terms"].append(
            {
                "id": term,
                "type": "organisation",
                "term": _text(f"QD{i}Y", f"QD{i}Y"),
                "expansion": _text(f"Algemene directie {i}", f"Direction générale {i}"),
                "expansion_basis": {"basis": "editorial"},
            }
        )
    path.write_text(dump_yaml(data), encoding="utf-8")


def _theme(cycle: Path, number: int, rng: random.Random) -> list[str]:
    tid = f"thema-{number}"
    ids = []
    objectives = []
    for o in range(1, OBJECTIVES + 1):
        measures = []
        for m in range(1, MEASURES + 1):
            mid = f"{tid}-sd{o}-m{m}"
            ids.append(mid)
            nl = _sentence(rng, rng.randint(8, 25))
            measures.append({"id": mid, "number": m, "text": _text(nl, _sentence(rng, 10, FRENCH))})
        objectives.append(
            {
                "id": f"{tid}-sd{o}",
                "number": o,
                "title": _text(f"Doelstelling {o}", f"Objectif {o}"),
                "body": _text("De politie zal:", "La police va :"),
                "measures": measures,
            }
        )
    reason = "Synthetische koppeling."
    data = {
        "id": tid,
        "number": f"2.2.{number}",
        "title": _text(f"Thema {number}", f"Thème {number}"),
        "objectives": objectives,
        "mappings": [
            {
                "target": target,
                "basis": "editorial",
                "reason": _text(reason, "Lien synthétique."),
                "reviewed": _reviewed(reason),
            }
            for target in (f"dimensie-{1 + number % 6}", f"belang-{1 + number % 6}")
        ],
    }
    _write(cycle / "themes" / f"{number:05d}.yaml", "theme", data)
    return ids


def _indicators(cycle: Path, ids: list[str], rng: random.Random) -> None:
    indicators = []
    for index, measure in enumerate(ids[::PER_INDICATOR]):
        base = rng.randint(100, 5000)
        percentage = index % 3 == 0
        indicators.append(
            {
                "id": f"indicator-{index + 1}",
                "label": _text(f"Indicator {index + 1}", f"Indicateur {index + 1}"),
                "unit": _text("%", "%") if percentage else _text("feiten", "faits"),
                "direction": "increase" if index % 2 else "decrease",
                "method": _text("Telling van de feiten.", "Comptage des faits."),
                "source": _text("Politiestatistiek", "Statistique policière"),
                "minimum": 0,
                **({"maximum": 100} if percentage else {}),
                "baseline": {"value": 50 if percentage else base, "year": 2021},
                "targets": [{"year": 2025, "value": 60 if percentage else base * 2}],
                "follows": [measure],
            }
        )
    _write(cycle / "follow-up" / "indicators.yaml", "indicators", {"indicators": indicators})


def _years(cycle: Path, ids: list[str], rng: random.Random, reporting: str) -> None:
    orgs = organisation_ids()
    paths = {measure: trajectory(rng, len(YEARS)) for measure in ids}
    indicators = len(ids[::PER_INDICATOR])
    for n, year in enumerate(YEARS):
        statuses = [
            status_entry(measure, year, paths[measure][n], orgs[index % len(orgs)], rng)
            for index, measure in enumerate(ids)
        ]
        values = []
        for i in range(1, indicators + 1):
            percentage = (i - 1) % 3 == 0
            top = 100 if percentage else 10_000
            values.append(
                {"indicator": f"indicator-{i}", "period": str(year), "value": rng.randint(0, top)}
            )
            for quarter in (1, 2, 3, 4):
                values.append(
                    {
                        "indicator": f"indicator-{i}",
                        "period": f"{year}-Q{quarter}",
                        "value": rng.randint(0, top),
                        **({"provisional": True} if year == YEARS[-1] else {}),
                    }
                )
        data = {"year": year, "reporting": reporting, "statuses": statuses, "values": values}
        _write(cycle / "follow-up" / f"{year}.yaml", "follow-up", data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--measures", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    count = generate_followup(args.directory, args.measures, args.seed)
    print(f"wrote a plan with {count} measures and {len(YEARS)} reported years")


if __name__ == "__main__":
    main()
