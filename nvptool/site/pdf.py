"""One PDF per language, printed from the site's print page by headless Chromium.

The print page holds the whole plan: a cover (title, period, status, the
revision and date built from), a table of contents, every chapter, theme and
phenomenon with its footnotes. Chromium prints it as a browser would, with
page numbers; the PDF is written into the language's site, beside the page.

The table of contents gives the page of each entry. The page is printed
twice: first with a placeholder as wide as a page number after each entry,
to learn from that PDF's named destinations (one per id, which Chromium
writes) on which page each entry's heading landed (pypdf); then with the
numbers in place of the placeholders, so nothing moves between the two.

Chromium is driven through Playwright (`pip install 'nvptool[pdf]'`). Debian's
chromium is used when it is installed, else Playwright's own
(`playwright install chromium`); NVPTOOL_CHROMIUM names another.
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path
from typing import Any

SYSTEM_CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
FOOTER = (
    '<div style="font-size:8px;width:100%;text-align:center;color:#555">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)


SLOT = "888"
"""A page number's placeholder: as wide as any number of up to three digits."""
CONTENTS = '.nvp-print-toc a[href^="#"]'
RESERVE = """([entries, slot]) => {
  for (const a of document.querySelectorAll(entries)) {
    const number = document.createElement('span');
    number.className = 'nvp-page';
    number.textContent = slot;
    a.after(number);
  }
}"""
FILL = """([entries, numbers]) => {
  for (const a of document.querySelectorAll(entries)) {
    const id = decodeURIComponent(a.getAttribute('href').slice(1));
    a.nextElementSibling.textContent = numbers[id] ?? '';
  }
}"""


class PdfError(Exception):
    """The PDF could not be made; the message says what to install."""


def pdf_name(cycle_id: str, lang: str) -> str:
    return f"{cycle_id}-{lang}.pdf"


def _executable() -> str | None:
    named = os.environ.get("NVPTOOL_CHROMIUM")
    if named:
        return named
    return next((found for name in SYSTEM_CHROMIUM if (found := shutil.which(name))), None)


def print_pdfs(pages: dict[str, Path], targets: dict[str, Path]) -> None:
    """Print each language's print page (by language) into its target PDF."""
    try:
        import pypdf  # noqa: F401  (reads where the contents' entries landed)
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        raise PdfError(
            "the PDF needs Playwright and Chromium: pip install 'nvptool[pdf]', "
            "then apt-get install chromium (or: playwright install chromium)"
        ) from None
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=_executable(), args=["--no-sandbox", "--disable-gpu"]
            )
            try:
                for lang, page in pages.items():
                    _print(browser, page, targets[lang])
            finally:
                browser.close()
    except Error as error:
        raise PdfError(f"Chromium could not print the plan: {error.message}") from None


def _print(browser: Any, page: Path, target: Path) -> None:
    context = browser.new_context()
    # The page is read from the disk; nothing may be fetched from elsewhere.
    context.route("**/*", lambda route: _local_only(route))
    tab = context.new_page()
    tab.goto(page.as_uri(), wait_until="load")
    tab.emulate_media(media="print")
    tab.evaluate(RESERVE, [CONTENTS, SLOT])
    numbers = page_numbers(_pdf(tab))
    tab.evaluate(FILL, [CONTENTS, {name: str(number) for name, number in numbers.items()}])
    target.write_bytes(_pdf(tab))
    context.close()


def _pdf(tab: Any) -> bytes:
    return bytes(
        tab.pdf(
            format="A4",
            print_background=True,
            margin={"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
            display_header_footer=True,
            header_template="<div></div>",
            footer_template=FOOTER,
            outline=True,
            tagged=True,
        )
    )


def page_numbers(pdf: bytes) -> dict[str, int]:
    """The page (counted from 1, as the footer counts) of each id the PDF names."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    found = {}
    for name, destination in reader.named_destinations.items():
        number = reader.get_destination_page_number(destination)
        if number is not None and number >= 0:
            found[str(name).removeprefix("/")] = number + 1
    return found


def _local_only(route: Any) -> None:
    if route.request.url.startswith(("file:", "data:", "blob:")):
        route.continue_()
    else:
        route.abort()
