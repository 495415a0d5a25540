"""nvptool report: the mid-term and final evaluation as GitHub-flavoured Markdown and as PDF."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, run_nvptool
from followupplans import followed_plan, make_hostile, real_followed_plan
from markdown_it import MarkdownIt

GFM = MarkdownIt("gfm-like", {"linkify": False})
"""How GitHub reads the report: tables, and raw HTML where the text holds some."""


def tokens(markdown: str) -> list[str]:
    return [token.type for token in GFM.parse(markdown)]


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2022 and 2023 closed, 2024 open, 2025 not reported."""
    return followed_plan(tmp_path_factory.mktemp("report"), reported=3)


def report(plan: Path, *args: str) -> str:
    done = run_nvptool("report", "--plan", plan, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_mid_term_report_in_dutch(plan: Path) -> None:
    text = report(plan, "--year", "2023")
    assert text.startswith("# Tussentijdse evaluatie 2023\n")
    for line in (
        "- Plancyclus: Een demonstratieplan (2022–2025)",
        "- Verslagjaar: 2023",
        "- Stand van de rapportering: afgesloten",
        "- Status van het plan: goedgekeurd",
        "## Samenvatting",
        "| Stand | 2022 | 2023 |",
        "## De maatregelen in 2023, per thema en fenomeen",
        "### 2.2.1 Internet",
        "### 2.3.1 Verkeersveiligheid",
        "| Nr. | Maatregel | Stand | Verantwoordelijke | Toelichting |",
        "## Indicatoren",
        "## Wat niet gerapporteerd is",
        "Alles is gerapporteerd.",
    ):
        assert line in text, line
    assert "2024" not in text.split("## Indicatoren")[0]  # Nothing after the year evaluated.
    kinds = tokens(text)
    assert kinds.count("table_open") == 4  # The summary, two topics, the indicators.
    assert "html_block" not in kinds and "html_inline" not in kinds


def test_a_final_report_in_french_says_what_was_not_reported(plan: Path) -> None:
    text = report(plan, "--year", "2025", "--lang", "fr")
    assert text.startswith("# Évaluation finale 2025\n")
    assert "Aucun suivi n’a encore été rapporté pour 2025\u00a0: ce rapport" in text
    assert "## Les mesures en" not in text  # No empty tables for a year nobody reported.
    assert "- Années sans rapportage\u00a0: 2025" in text
    assert "- 2 indicateurs" not in text
    assert "Indicateurs sans valeur mesurée en 2025\u00a0:" in text


def test_a_note_written_in_dutch_only_says_so_in_the_french_report(tmp_path: Path) -> None:
    """A follow-up note typed in Dutch stood unmarked among French words."""
    plan = followed_plan(tmp_path, reported=3)
    path = plan / "cycles" / "demo" / "follow-up" / "2023.yaml"
    text = path.read_text(encoding="utf-8")
    french = (
        "    fr:\n      text: La mise en œuvre a pris du retard.\n"
        "      state: machine\n      source: 1e4e9387d009\n"
    )
    assert french in text
    path.write_text(text.replace(french, "", 1), encoding="utf-8")
    report_fr = report(plan, "--year", "2023", "--lang", "fr")
    assert "De uitvoering loopt vertraging op. (néerlandais)" in report_fr
    assert "(néerlandais)" not in report(plan, "--year", "2023")  # Nor in the Dutch one.
    assert "(néerlandais)" not in report_fr.replace(
        "De uitvoering loopt vertraging op. (néerlandais)", ""
    )


def test_the_open_year_lists_the_measures_without_a_status(plan: Path) -> None:
    text = report(plan, "--year", "2024")
    assert "| Stand | 2022 | 2023 | 2024 |" in text
    assert "maatregel" in text.split("## Wat niet gerapporteerd is")[1]
    assert "(voorlopig)" in text
    missing = text.split("## Wat niet gerapporteerd is")[1]
    assert missing.count("\n  - 2.") >= 1


def test_hostile_notes_stay_words_in_the_markdown(tmp_path: Path) -> None:
    plan = followed_plan(tmp_path, reported=2)
    make_hostile(plan, 2023)
    text = report(plan, "--year", "2023")
    html = GFM.render(text)
    assert "<script" not in html and "<img" not in html
    assert 'href="javascript' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<strong>vet</strong>" not in html and "<h1>kop" not in html
    assert "@\u200diemand" in text and "#\u200d12" in text  # No mention, no issue link.
    hostile = next(row for row in html.split("<tr>") if "alert(1)" in row)
    hrefs = [part.split('"')[0] for part in hostile.split('href="')[1:]]
    assert hrefs == ["https://example.org/ok"]  # The other addresses are not https or not plain.
    row = next(line for line in text.splitlines() if "alert(1)" in line)
    assert row.count(" | ") == 4  # The note's bars stay inside its cell.


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--year", "2030"), "--year 2030 lies outside the cycle: demo (2022-2025)"),
        (
            ("--year", "2023", "--cycle", "dmeo"),
            "--cycle dmeo: the plan has no such cycle; did you mean 'demo'?",
        ),
        (("--year", "2023", "--lang", "de"), "--lang de: the plan's languages are nl, fr"),
        (("--year", "2023", "--format", "pdf"), "--format pdf writes a file"),
        (("--year", "2023", "--format", "docx"), "'docx' is not one of: md, pdf"),
    ],
)
def test_mistakes_are_told_plainly(plan: Path, args: tuple[str, ...], message: str) -> None:
    done = run_nvptool("report", "--plan", plan, *args)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_a_language_without_its_interface_texts_is_said_so(plan: Path, tmp_path: Path) -> None:
    """A third language in the plan, its texts not yet written: the report said that the
    plan's languages were nl, fr, de, refusing de."""
    third = tmp_path / "plan"
    shutil.copytree(plan, third)
    config = third / "nvptool.yaml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("languages: [nl, fr]", "languages: [nl, fr, de]"), "utf-8")
    assert "languages: [nl, fr, de]" in config.read_text("utf-8")
    done = run_nvptool("report", "--plan", third, "--year", "2023", "--lang", "de")
    assert done.returncode == 2
    assert done.stderr.startswith("error: --lang de: the interface texts of de cannot be used:")
    assert "de.yaml" in done.stderr and "the plan's languages are" not in done.stderr


def test_a_plan_with_errors_is_refused(tmp_path: Path) -> None:
    plan = followed_plan(tmp_path, reported=2)
    path = plan / "cycles" / "demo" / "follow-up" / "2022.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "surprise: 1\n", encoding="utf-8")
    done = run_nvptool("report", "--plan", plan, "--year", "2022")
    assert done.returncode == 1
    assert "the plan has 1 error; run 'nvptool check'" in done.stderr


def test_the_real_plan_reports_that_nothing_was_reported() -> None:
    text = report(ROOT / "plan", "--year", "2023")
    assert "Er is nog geen opvolging gerapporteerd voor 2022 en 2023." in text
    assert "Voor 2023 is nog geen opvolging gerapporteerd" in text
    assert "table_open" not in tokens(text)
    assert "- Revisie van de gegevens: " in text and "onbekend" not in text.split("## ")[0]
    # The revision's date in the report's words, as the site writes dates.
    day = subprocess.run(
        ["git", "log", "-1", "--format=%cs", "--", "."],
        cwd=ROOT / "plan",
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    year, month, date = (int(part) for part in day.split("-"))
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août"]
    months += ["septembre", "octobre", "novembre", "décembre"]
    french = report(ROOT / "plan", "--year", "2023", "--lang", "fr")
    written = f"{'1er' if date == 1 else date} {months[month - 1]} {year}"
    assert f"- Date\u00a0: {written}\n" in french, french.split("## ")[0]


def test_a_new_cycle_in_draft_leaves_the_running_one_to_evaluate(tmp_path: Path) -> None:
    """Once the next cycle was started, the report took it and refused every year of the
    running cycle: its mid-term and final evaluations could no longer be made."""
    plan = tmp_path / "plan"
    shutil.copytree(ROOT / "plan", plan)
    made = run_nvptool("cycle", "new", "nvp-2026-2029", "--from", "nvp-2022-2025", "--plan", plan)
    assert made.returncode == 0, made.stderr
    text = report(plan, "--year", "2023")
    assert text.startswith("# Tussentijdse evaluatie 2023")
    assert "Nationaal Veiligheidsplan 2022-2025 (2022–2025)" in text
    assert report(plan, "--year", "2025").startswith("# Eindevaluatie 2025")
    done = run_nvptool("report", "--plan", plan, "--year", "2023", "--cycle", "nvp-2026-2029")
    assert done.returncode == 2
    assert "--year 2023 lies outside the cycle: nvp-2026-2029 (2026-2029)" in done.stderr


def test_the_report_is_written_to_a_file(plan: Path, tmp_path: Path) -> None:
    target = tmp_path / "verslag.md"
    done = run_nvptool("report", "--plan", plan, "--year", "2023", "--out", target)
    assert done.returncode == 0 and f"wrote {target}" in done.stderr
    assert target.read_text(encoding="utf-8") == report(plan, "--year", "2023")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("nl", ("Tussentijdse evaluatie 2024", "Samenvatting", "2.2.1.2.1", "voorlopig")),
        ("fr", ("Évaluation intermédiaire 2024", "Synthèse", "2.3.1.3", "provisoire")),
    ],
)
def test_the_pdf_reads_as_the_report(
    plan: Path, tmp_path: Path, lang: str, words: tuple[str, ...]
) -> None:
    pytest.importorskip("playwright.sync_api", reason="the PDF needs Playwright")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("the PDF needs Debian's chromium")
    target = tmp_path / f"report-{lang}.pdf"
    done = run_nvptool(
        "report",
        "--plan",
        plan,
        "--year",
        "2024",
        "--lang",
        lang,
        "--format",
        "pdf",
        "--out",
        target,
    )
    assert done.returncode == 0, done.stderr
    assert target.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    for word in words:
        assert word in text, word
    first = text.split("\f")[0]
    assert words[0] in first and "2022–2025" in first  # The cover stands alone.
    assert words[1] not in first


def test_the_real_plan_with_generated_follow_up_reports_every_measure(tmp_path: Path) -> None:
    plan = real_followed_plan(tmp_path, reported=2)
    text = report(plan, "--year", "2023", "--lang", "fr")
    assert text.startswith("# Évaluation intermédiaire 2023\n")
    rows = [line for line in text.splitlines() if line.startswith("| 2.")]
    measures = [row for row in rows if row.split(" | ")[0].count(".") >= 3]
    assert len(measures) >= 98  # Every measure, and the objectives without measures.
    assert "### 2.3.3 Drogues" in text
    kinds = tokens(text)
    assert "html_block" not in kinds and "html_inline" not in kinds
    assert kinds.count("table_open") == 2 + text.count("\n### ")  # Summary, indicators, topics.
