"""Synthetic plan repositories, valid for the real schema, for benchmarks and property tests.

    python bench/synthetic.py DIR --objects 10000 --seed 1

Deterministic from the seed: the same arguments give the same bytes. Texts are
made of Dutch-looking words of realistic length, with French translations that
record their source fingerprints, footnotes, citations, figures and mappings,
so that `nvptool check` finds the plan clean.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from nvptool.model.text import fingerprint
from nvptool.roundtrip import dump_yaml

SYLLABLES = (
    "ver",
    "ge",
    "heid",
    "lijk",
    "pol",
    "itie",
    "zone",
    "aan",
    "pak",
    "ketting",
    "be",
    "leid",
    "vei",
    "lig",
    "straf",
    "recht",
    "on",
    "der",
    "zoek",
    "data",
)
FRENCH = ("sé", "cu", "ri", "té", "po", "li", "ce", "ap", "pro", "che", "dé", "lit")
DIMENSIONS = 6
INTERESTS = 6
INSTRUMENTS = 40
SECTIONS = 12
"""Sections per phenomenon; with their citations, figures, mappings and footnotes
a phenomenon file holds about 45 objects."""


def _word(rng: random.Random, syllables: tuple[str, ...] = SYLLABLES) -> str:
    return "".join(rng.choice(syllables) for _ in range(rng.randint(1, 4)))


def _sentence(rng: random.Random, words: int, syllables: tuple[str, ...] = SYLLABLES) -> str:
    text = " ".join(_word(rng, syllables) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _text(nl: str, fr: str) -> dict[str, object]:
    return {"nl": nl, "fr": {"text": fr, "state": "machine", "source": fingerprint(nl)}}


def _reviewed(nl: str) -> dict[str, object]:
    """A review record of a label or reason, as an editor records it (rule RV01)."""
    return {
        "by": "synthetic",
        "date": "2026-01-01",
        "against": "line 1: synthetic",
        "fingerprint": fingerprint(nl),
    }


def _write(path: Path, kind: str, data: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_yaml({"kind": kind, **data}), encoding="utf-8")


def generate(root: Path, objects: int, seed: int = 1) -> int:
    """Write a plan of about `objects` objects to root; returns the number of files."""
    rng = random.Random(seed)
    _write(root / "nvptool.yaml", "config", {"source_language": "nl", "languages": ["nl", "fr"]})
    _reference(root)
    cycle = root / "cycles" / "synth"
    _write(
        cycle / "cycle.yaml",
        "cycle",
        {
            "id": "synth",
            "title": _text("Synthetisch plan", "Plan synthétique"),
            "period": {"start": 2022, "end": 2025},
            "status": "draft",
            "frameworks": {"kiv": "kiv-synth", "nvs": "nvs-synth"},
        },
    )
    per_file = 1 + SECTIONS * 3 + 3 + 4
    phenomena = max(1, objects // per_file)
    footnote = 0
    for number in range(1, phenomena + 1):
        footnote = _phenomenon(cycle, number, footnote, rng)
    return phenomena + 5


def _reference(root: Path) -> None:
    ref = root / "reference"
    _write(
        ref / "kiv.yaml",
        "kiv",
        {
            "id": "kiv-synth",
            "title": _text("Kadernota", "Note-cadre"),
            "period": {"start": 2022, "end": 2025},
            "dimensions": [
                {
                    "id": f"dimensie-{i}",
                    "number": i,
                    "title": _text(f"Dimensie {i}", f"Dimension {i}"),
                }
                for i in range(1, DIMENSIONS + 1)
            ],
        },
    )
    _write(
        ref / "nvs.yaml",
        "nvs",
        {
            "id": "nvs-synth",
            "title": _text("Strategie", "Stratégie"),
            "date": "2021-12-01",
            "interests": [
                {"id": f"belang-{i}", "number": i, "title": _text(f"Belang {i}", f"Intérêt {i}")}
                for i in range(1, INTERESTS + 1)
            ],
        },
    )
    _write(
        ref / "legal.yaml",
        "legal-register",
        {
            "instruments": [
                {
                    "id": f"wet-{i}",
                    "type": "law",
                    "date": f"{1990 + i % 30}-0{1 + i % 9}-1{i % 9}",
                    "title": _text(f"Wet nummer {i}", f"Loi numéro {i}"),
                    "title_basis": {"basis": "stated"},
                    "type_basis": {"basis": "stated"},
                }
                for i in range(1, INSTRUMENTS + 1)
            ]
        },
    )
    _write(
        ref / "glossary.yaml",
        "glossary",
        {
            "terms": [
                {
                    "id": f"term-{i}",
                    "type": "abbreviation",
                    "term": _text(f"QX{i}Z", f"QX{i}Z"),
                    "expansion": _text(f"Afkorting {i}", f"Abréviation {i}"),
                    "expansion_basis": {"basis": "editorial"},
                }
                for i in range(1, 21)
            ]
        },
    )


def _phenomenon(cycle: Path, number: int, footnote: int, rng: random.Random) -> int:
    pid = f"fenomeen-{number}"
    sections = []
    notes = []
    for s in range(1, SECTIONS + 1):
        footnote += 1 if s % 3 == 0 else 0
        value = rng.randint(10, 99999)
        stated = f"In 2020 waren er {value} feiten"
        body_nl = f"{_sentence(rng, rng.randint(25, 70))} {stated} en artikel {s} van de wet."
        body_fr = f"{_sentence(rng, rng.randint(25, 70), FRENCH)} En 2020, {value} faits."
        if s % 3 == 0:
            body_nl += f" Zie de nota[^fn-{footnote}]."
            body_fr += f" Voir la note[^fn-{footnote}]."
            notes.append(
                {
                    "id": f"fn-{footnote}",
                    "number": footnote,
                    "text": _text(_sentence(rng, 12), _sentence(rng, 12, FRENCH)),
                }
            )
        sections.append(
            {
                "id": f"{pid}-sectie-{s}",
                "kind": "situation" if s % 2 else "approach",
                "title": _text(f"Sectie {s}", f"Section {s}"),
                "body": _text(body_nl, body_fr),
                "citations": [
                    {
                        "instrument": f"wet-{1 + (number + s) % INSTRUMENTS}",
                        "pinpoint": f"art. {s}",
                        "quote": f"artikel {s} van de wet",
                    }
                ],
                "figures": [
                    {
                        "id": f"{pid}-cijfer-{s}",
                        "label": _text("Feiten", "Faits"),
                        "reviewed": _reviewed("Feiten"),
                        "value": value,
                        "unit": _text("feiten", "faits"),
                        "period": "2020",
                        "quote": stated,
                    }
                ],
            }
        )
    dimensions = (
        range(1, DIMENSIONS + 1)
        if number == 1
        else (1 + number % DIMENSIONS, 1 + (number + 1) % DIMENSIONS)
    )  # The first phenomenon serves every dimension, so that each is served.
    data = {
        "id": pid,
        "number": f"2.3.{number}",
        "title": _text(f"Fenomeen {number}", f"Phénomène {number}"),
        "sections": sections,
        "footnotes": notes,
        "mappings": [
            *(
                {
                    "target": f"dimensie-{d}",
                    "basis": "editorial",
                    "reason": _text("Synthetische koppeling.", "Lien synthétique."),
                    "reviewed": _reviewed("Synthetische koppeling."),
                }
                for d in dimensions
            ),
            {
                "target": f"belang-{1 + number % INTERESTS}",
                "basis": "editorial",
                "reason": _text("Synthetische koppeling.", "Lien synthétique."),
                "reviewed": _reviewed("Synthetische koppeling."),
            },
        ],
    }
    _write(cycle / "phenomena" / f"{number:05d}.yaml", "phenomenon", data)
    return footnote


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--objects", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    files = generate(args.directory, args.objects, args.seed)
    print(f"wrote {files} files to {args.directory}")


if __name__ == "__main__":
    main()
