"""French sets a no-break space before : ; ? ! » and after «, in the text of every page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nvptool.site.typography import spaced

NBSP = "\u00a0"

CASES = {
    "<p>Période : 2022</p>": f"<p>Période{NBSP}: 2022</p>",
    "<p>Exemple qui passe:</p>": f"<p>Exemple qui passe{NBSP}:</p>",
    "Quoi? Oui! Ainsi; fin": f"Quoi{NBSP}? Oui{NBSP}! Ainsi{NBSP}; fin",
    "<p>« veiligheid » et «x»</p>": f"<p>«{NBSP}veiligheid{NBSP}» et «{NBSP}x{NBSP}»</p>",
}
UNCHANGED = (
    f"déjà{NBSP}: fait",  # Already so.
    # Never in a tag, an entity, code, a script, nor between digits or in an address.
    '<a href="https://x.be/a:b" title="a : b">l</a>',
    "et &amp; puis &#233; ok",
    "<code>kind: theme</code>",
    "<pre>a : b\nc:d</pre>",
    '<script>a = {"x": 1}; b ? c : d;</script>',
    "10:30, https://e.be/x, art.: 5",
)


@pytest.mark.parametrize("html", [*CASES, *UNCHANGED])
def test_the_space_goes_before_punctuation_in_text_only(html: str) -> None:
    assert spaced(html, NBSP) == CASES.get(html, html)
    assert spaced(html, "") == html  # A language without the space: as it is.


def _text(page: str) -> str:
    page = re.sub(r"<(pre|code|script|style)\b.*?</\1\s*>", "", page, flags=re.S)
    return re.sub(r"&#?\w+;", "&", re.sub(r"<[^>]*>", "\n", page))


def test_every_french_page_of_the_real_plan_has_the_space(real_site: Path) -> None:
    pages = sorted((real_site / "fr").rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        text = _text(path.read_text(encoding="utf-8"))
        assert not re.search(r"[ \t][;:!?»]|[^\W\d_][;:!?»](?=\s|$)|«[ \t]", text), path
    # The interface's own words, the menu and the machine-made French alike.
    rules = (real_site / "fr" / "rules.html").read_text(encoding="utf-8")
    assert f"Exemple qui passe{NBSP}:" in rules
    chapter = (real_site / "fr" / "chapters" / "hoofdstuk-2.html").read_text(encoding="utf-8")
    assert f"<title>Chapitre 2{NBSP}: " in chapter
    dutch = (real_site / "nl" / "rules.html").read_text(encoding="utf-8")
    assert NBSP + ":" not in _text(dutch)
