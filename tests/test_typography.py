"""French sets a no-break space before : ; ? ! » and after «, in the text of every page."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from nvptool.site.typography import spaced

NBSP = "\u00a0"

CASES = {
    "<p>Période : 2022</p>": f"<p>Période{NBSP}: 2022</p>",
    "<p>Exemple qui passe:</p>": f"<p>Exemple qui passe{NBSP}:</p>",
    "Quoi? Oui! Ainsi; fin": f"Quoi{NBSP}? Oui{NBSP}! Ainsi{NBSP}; fin",
    "<p>« veiligheid » et «x»</p>": f"<p>«{NBSP}veiligheid{NBSP}» et «{NBSP}x{NBSP}»</p>",
    # After a number or what closes a group too ("(dans le thème 2.2.2); scindé").
    "en 2020; puis (le thème 2.2.2); scindé": f"en 2020{NBSP}; puis (le thème 2.2.2){NBSP}; scindé",
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


class _Text(HTMLParser):
    """The text of a page in its language: not in code or a script, nor in an element of
    another language (a Dutch quotation keeps its own punctuation)."""

    SKIPPED = frozenset({"pre", "code", "script", "style"})
    VOID = frozenset({"br", "img", "input", "link", "meta", "hr", "source", "wbr"})

    def __init__(self, lang: str) -> None:
        super().__init__(convert_charrefs=False)
        self.lang = lang
        self.open: list[bool] = []  # Per open element: whether its text is left out.
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        lang = dict(attrs).get("lang")
        left_out = tag in self.SKIPPED or (lang is not None and lang != self.lang)
        self.open.append(left_out or (bool(self.open) and self.open[-1]))

    def handle_endtag(self, tag: str) -> None:
        if self.open and tag not in self.VOID:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        self.parts.append("\n" if self.open and self.open[-1] else data)

    def handle_entityref(self, name: str) -> None:
        self.parts.append("&")

    def handle_charref(self, name: str) -> None:
        self.parts.append("&")


def _text(page: str, lang: str = "fr") -> str:
    reader = _Text(lang)
    reader.feed(page)
    return "\n".join(reader.parts)


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
    assert NBSP + ":" not in _text(dutch, "nl") and "Voorbeeld dat slaagt:" in _text(dutch, "nl")


def test_words_of_another_language_keep_their_own_punctuation() -> None:
    """A Dutch quotation on a French page: "aseksueel ; de" was set inside it."""
    html = (
        '<p>Cible : « <span lang="nl">aseksueel; de <span>x: y</span> <code>a</code> z?</span> » et'
        ' <span lang="fr">ceci: oui</span> puis <a hreflang="nl" lang="nl">Vraag?</a> fin!</p>'
    )
    assert spaced(html, NBSP, "fr") == (
        f'<p>Cible{NBSP}: «{NBSP}<span lang="nl">aseksueel; de <span>x: y</span> '
        "<code>a</code> z?</span>"
        f'{NBSP}» et <span lang="fr">ceci{NBSP}: oui</span> puis'
        f' <a hreflang="nl" lang="nl">Vraag?</a> fin{NBSP}!</p>'
    )


def test_a_number_s_groups_of_digits_stay_on_one_line() -> None:
    """ "37 457 feiten" broke as "37" at a line's end and "457 feiten" on the next."""
    from nvptool.site.typography import numbers_kept

    html = (
        '<p>37 457 feiten, 1 834 viols; <a href="/x 123">1 000</a> entre 53 % et 71 %,'
        " een % apart</p><code>1 000 %</code>"
    )
    assert numbers_kept(html) == (
        f'<p>37{NBSP}457 feiten, 1{NBSP}834 viols; <a href="/x 123">1{NBSP}000</a> entre'
        f" 53{NBSP}% et 71{NBSP}%, een % apart</p><code>1 000 %</code>"
    )
