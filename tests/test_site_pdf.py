"""nvptool build --pdf: the real plan printed by Chromium, read back with pdftotext."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from browsing import require_chromium
from conftest import ROOT

from nvptool.load.plan import load_plan
from nvptool.site.build import build_site

require_chromium()
if shutil.which("pdftotext") is None:
    if os.environ.get("CI"):
        raise RuntimeError("CI needs pdftotext (poppler-utils) to read the PDF back")
    pytest.skip(
        "PDF test skipped: pdftotext is not installed (apt-get install poppler-utils)",
        allow_module_level=True,
    )


def words(text: str) -> str:
    """Text as pdftotext gives it back: Markdown marks and footnote references gone,
    one space between words."""
    text = re.sub(r"\[\^[^\]]*\]|[<>]", "", text)
    return " ".join(re.sub(r"[*_`\[\]]", " ", text).split())


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("pdf") / "site"
    build_site(ROOT / "plan", out, pdf=True)
    found = {}
    for lang in ("nl", "fr"):
        pdf = out / lang / f"nvp-2022-2025-{lang}.pdf"
        assert pdf.is_file()
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout
        found[lang] = words(text)
    return found


def test_the_pdf_has_a_cover_and_contents(printed: dict[str, str]) -> None:
    nl, fr = printed["nl"], printed["fr"]
    assert nl.startswith("Nationaal Veiligheidsplan 2022-2025")
    cover = nl[:400]
    assert "Periode: 2022–2025" in cover and "nvp-2022-2025" in cover
    assert "Status: goedgekeurd" in cover and "Gebouwd uit revisie" in cover
    assert "Statut: approuvé" in fr
    assert "Inhoud" in nl and "Table des matières" in fr


def test_the_pdf_holds_every_phenomenon_and_footnote(printed: dict[str, str]) -> None:
    plan = load_plan(ROOT / "plan").plan
    phenomena = [n for n in plan.of_kind("phenomenon") if n.scope.endswith("nvp-2022-2025")]
    footnotes = [n for n in plan.of_kind("footnote") if n.scope.endswith("nvp-2022-2025")]
    assert len(phenomena) == 15 and len(footnotes) == 53
    for lang, text in printed.items():
        for node in phenomena:
            assert words(f"{node.obj.number} {node.obj.title.get(lang)}") in text, node.id
        # A long address wraps at any character, a hyphen at a line's end is lost:
        # compare without white space and hyphens.
        tight = "".join(text.split()).replace("-", "")
        for note in footnotes:
            start = "".join(words(note.obj.text.get(lang) or "").split()[:3]).replace("-", "")
            assert f"{note.obj.number}{start}" in tight, (lang, note.obj.number, start)
