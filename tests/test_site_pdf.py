"""nvptool build --pdf: the real plan printed by Chromium, read back with pdftotext."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

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


def pdftotext(pdf: Path, *options: str) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *options, str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pdf") / "site"
    build_site(ROOT / "plan", out, pdf=True)
    found = {lang: out / lang / f"nvp-2022-2025-{lang}.pdf" for lang in ("nl", "fr")}
    assert all(pdf.is_file() for pdf in found.values())
    return found


@pytest.fixture(scope="module")
def printed(pdfs: dict[str, Path]) -> dict[str, str]:
    return {lang: words(pdftotext(pdf)) for lang, pdf in pdfs.items()}


CONTENTS_LINE = re.compile(r"^\s*(\S.*?)\s{2,}(\d+)$")


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_the_contents_give_the_page_each_entry_starts_on(pdfs: dict[str, Path], lang: str) -> None:
    """Each entry of the contents with a number, and the heading on that very page."""
    contents = pdftotext(pdfs[lang], "-layout", "-f", "2", "-l", "3")
    entries = [m.groups() for line in contents.splitlines() if (m := CONTENTS_LINE.match(line))]
    assert len(entries) >= 4 + 4 + 15  # chapters, themes, phenomena
    numbers = [int(number) for _, number in entries]
    assert numbers == sorted(numbers) and numbers[0] >= 2
    for title, number in entries:
        page = " ".join(pdftotext(pdfs[lang], "-f", number, "-l", number).split())
        assert " ".join(title.split()) in page, (lang, title, number)
        # The footer counts the pages the same way.
        assert f"{number} / " in page


def test_the_pdf_has_a_cover_and_contents(printed: dict[str, str]) -> None:
    nl, fr = printed["nl"], printed["fr"]
    assert nl.startswith("Nationaal Veiligheidsplan 2022-2025")
    cover = nl[:400]
    assert "Periode: 2022–2025" in cover and "nvp-2022-2025" in cover
    assert "Status: goedgekeurd" in cover and "Gebouwd uit revisie" in cover
    assert "Statut : approuvé" in fr  # French sets a (no-break) space before a colon.
    assert "Inhoud" in nl and "Table des matières" in fr


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_the_printed_plan_holds_the_plan_not_the_web_s_own(
    pdfs: dict[str, Path], printed: dict[str, str], lang: str
) -> None:
    """The contents began alone at the foot of the cover; each section showed its id and
    source file (137 times), and the cover told the reader to print the page."""
    cover = pdftotext(pdfs[lang], "-f", "1", "-l", "1")
    assert ("Inhoud" if lang == "nl" else "Table des matières") not in cover
    assert "plan/cycles/" not in printed[lang] and ".yaml:" not in printed[lang]
    assert ("af te drukken" if lang == "nl" else "à imprimer") not in cover


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
