"""Plans with measures and generated follow-up, for the tests of progress pages and reports.

`with_measures` adds to a copy of the mini fixture an objective with measures, one
without, a police approach of three measures, and
organisations to the glossary, so that every kind of followed item and owner occurs. Follow-up
comes from `bench/followup.py`, the generator the benchmark uses too.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml
from conftest import MINI, ROOT

from nvptool.roundtrip import dump_yaml

sys.path.insert(0, str(ROOT / "bench"))
from followup import generate, text

THEME = "cycles/demo/themes/1.yaml"
PHENOMENON = "cycles/demo/phenomena/1.yaml"
GLOSSARY = "reference/glossary.yaml"
ITEM = re.compile(r"^- (.+)$", re.MULTILINE)

ORGANISATIONS = (
    ("fgp", "FGP", "PJF", "Federale gerechtelijke politie", "Police judiciaire fédérale"),
    ("dgr", "DGR", "DGR", "Directie van de operaties", "Direction des opérations"),
    ("vast-comite-i", "Comité I", "Comité R", "Vast Comité I", "Comité permanent R"),
)
MEASURES = (
    ("Een meldpunt voor online fraude oprichten.", "Créer un point de signalement de la fraude."),
    ("De opleiding van de rechercheurs versterken.", "Renforcer la formation des enquêteurs."),
    ("Een gezamenlijk actieplan met de parketten opstellen.", "Établir un plan d’action."),
)


def _read(plan: Path, name: str) -> Any:
    return yaml.safe_load((plan / name).read_text(encoding="utf-8"))


def _write(plan: Path, name: str, data: Any) -> None:
    (plan / name).write_text(dump_yaml(data), encoding="utf-8")


def _measures(prefix: str, texts: list[tuple[str, str]]) -> list[dict[str, Any]]:
    return [
        {"id": f"{prefix}-m{n}", "number": n, "text": text(nl, fr)}
        for n, (nl, fr) in enumerate(texts, start=1)
    ]


def _split(body: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """An objective's body as its introduction and its list items (Dutch, French)."""
    nl, fr = body["nl"], body["fr"]["text"]
    intro_nl, intro_fr = ITEM.split(nl)[0].strip(), ITEM.split(fr)[0].strip()
    items = list(zip(ITEM.findall(nl), ITEM.findall(fr), strict=True))
    return text(intro_nl, intro_fr), items


def with_measures(plan: Path) -> Path:
    """The plan's objectives with measures as objects, one more objective, a police approach
    with measures, and organisations in the glossary; a plan that has measures is left so."""
    theme = _read(plan, THEME)
    if any(o["id"] == f"{theme['id']}-sd2" for o in theme["objectives"]):
        return plan
    for objective in theme["objectives"]:
        if not objective.get("measures"):
            intro, items = _split(objective["body"])
            objective["body"] = intro
            objective["measures"] = _measures(objective["id"], items)
    theme["objectives"].append(
        {
            "id": f"{theme['id']}-sd2",
            "number": len(theme["objectives"]) + 1,
            "title": text("Aanpak van online fraude", "Lutte contre la fraude en ligne"),
            "body": text("Hiertoe zal onder meer:", "À cette fin, notamment :"),
            "measures": _measures(f"{theme['id']}-sd2", list(MEASURES)),
        }
    )
    theme["objectives"].append(
        {
            "id": f"{theme['id']}-sd3",
            "number": len(theme["objectives"]) + 1,
            "title": text("Internationale samenwerking", "Coopération internationale"),
            "body": text(
                "De samenwerking met de buurlanden wordt versterkt.",
                "La coopération avec les pays voisins est renforcée.",
            ),
        }
    )
    _write(plan, THEME, theme)
    phenomenon = _read(plan, PHENOMENON)
    approach = next((s for s in phenomenon["sections"] if s.get("measures")), None)
    if approach is not None:  # Three measures in the police approach, as in the real plan's.
        number = len(approach["measures"]) + 1
        nl, fr = MEASURES[0]
        approach["measures"].append(
            {"id": f"{phenomenon['id']}-m{number}", "number": number, "text": text(nl, fr)}
        )
        _write(plan, PHENOMENON, phenomenon)
    else:
        phenomenon["sections"].append(
            {
                "id": f"{phenomenon['id']}-aanpak",
                "kind": "approach",
                "title": text("Politionele aanpak", "Approche policière"),
                "body": text("De politie zal:", "La police va :"),
                "measures": _measures(f"{phenomenon['id']}-aanpak", list(MEASURES)),
            }
        )
        _write(plan, PHENOMENON, phenomenon)
    glossary = _read(plan, GLOSSARY)
    for ident, nl, fr, long_nl, long_fr in ORGANISATIONS:
        glossary["terms"].append(
            {
                "id": ident,
                "type": "organisation",
                "term": text(nl, fr),
                "expansion": text(long_nl, long_fr),
                "expansion_basis": {"basis": "editorial"},
            }
        )
    _write(plan, GLOSSARY, glossary)
    return plan


def followed_plan(tmp_path: Path, reported: int | None = None, seed: int = 1) -> Path:
    """A copy of the mini plan with measures and generated follow-up."""
    plan = tmp_path / "plan"
    shutil.copytree(MINI, plan)
    with_measures(plan)
    generate(plan, seed=seed, reported=reported)
    return plan


def real_followed_plan(tmp_path: Path, reported: int | None = None, seed: int = 1) -> Path:
    """A copy of the real plan with generated follow-up (its own has none)."""
    plan = tmp_path / "plan"
    shutil.copytree(ROOT / "plan", plan)
    generate(plan, seed=seed, reported=reported)
    return plan


HOSTILE_NOTE = (
    "<script>alert(1)</script> **vet** [klik](javascript:alert(1)) @iemand #12 | cel | "
    "<img src=x onerror=alert(2)> `code` ![b](https://evil.example/x.png)\n\n# kop"
)
HOSTILE_EVIDENCE = (
    "javascript:alert(3)",
    "http://example.org/plain",
    "https://example.org/a b)<x>",
)


def make_hostile(plan: Path, year: int) -> str:
    """Hostile words in the notes, reasons and evidence of one year; returns a measure id."""
    name = next((plan / "cycles").glob(f"*/follow-up/{year}.yaml"))
    data = yaml.safe_load(name.read_text(encoding="utf-8"))
    first = data["statuses"][0]
    first["note"] = text(HOSTILE_NOTE, HOSTILE_NOTE)
    first["reason"] = text(HOSTILE_NOTE, HOSTILE_NOTE)
    first["evidence"] = [*HOSTILE_EVIDENCE, "https://example.org/ok"]
    # As the hostile plan of the safety tests does: the check's own finding is set aside,
    # so that the pages show what the other two layers make of the words.
    first["waivers"] = [
        {"rule": rule, "reason": "Test van wat de site van deze tekst maakt."}
        for rule in ("TX03", "FU05")  # Raw HTML in the words; links that are not https.
    ]
    name.write_text(dump_yaml(data), encoding="utf-8")
    return str(first["measure"])
