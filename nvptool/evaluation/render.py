"""The evaluation as GitHub-flavoured Markdown, and as a PDF printed from that Markdown.

Every value a template shows is escaped for Markdown (`finalize`), as the diff's
Markdown escapes plan text: a note that holds HTML, a link, emphasis, a table's
bar, an @mention or a #reference stays words. Only what this module builds as
Markdown itself (an evidence link to an https address) passes as it is. The PDF
renders that Markdown with markdown-it-py, raw HTML off, into a page of its own
and prints it with the site's headless Chromium.
"""

from __future__ import annotations

import tempfile
import urllib.parse
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from msgspec import Struct

from nvptool.blocks import FOOTNOTE_REF
from nvptool.diff.formats import escape_markdown
from nvptool.evaluation.model import Evaluation
from nvptool.model.text import Text
from nvptool.site.language import Language
from nvptool.urls import is_https_address

SHORT_TEXT = 160
"""How many characters of a measure's text a table shows."""
URL_SAFE = "/:?#[]@!$&'*+,;=%-._~"
"""What an evidence address keeps as written; parentheses, brackets' neighbours and spaces are
percent-encoded so that the address cannot close the Markdown link around it."""


def finalize(value: object) -> object:
    """Every value as Markdown text: escaped, unless this module built it as Markdown."""
    if isinstance(value, Markup):
        return value
    return escape_markdown(str(value))


class Words(Struct, frozen=True):
    """Plan text and values written for the report in one language."""

    lang: Language

    @property
    def ui(self) -> Any:
        return self.lang.ui

    def text(self, text: Text | None) -> str:
        """The words of a plan text on one line, without footnote references; a text the
        report's language lacks is shown in the source's, and says so ("(néerlandais)")."""
        return self._words(text) + self._in_source(text)

    def short(self, text: Text | None) -> str:
        words = self._words(text)
        if len(words) > SHORT_TEXT:
            words = words[: SHORT_TEXT - 1].rsplit(" ", 1)[0] + " …"
        return words + self._in_source(text)

    def _words(self, text: Text | None) -> str:
        words = FOOTNOTE_REF.sub("", self.lang.words(text)) if text is not None else ""
        return " ".join(words.split())

    def _in_source(self, text: Text | None) -> str:
        if text is None or self.lang.is_source or text.get(self.lang.code) is not None:
            return ""
        if not text.get(self.lang.source):
            return ""
        name = self.ui["language_names"].get(self.lang.source, self.lang.source)
        return f" ({name})"

    def quantity(self, value: float | None, unit: Text, short: bool = False) -> str:
        """A value as the language writes it; short: without the unit's words."""
        return "" if value is None else self.lang.quantity(value, self.text(unit), short)

    def date(self, value: str) -> str:
        """A date in the language's words: "7 décembre 2026"."""
        return self.lang.date(value)

    def years(self, years: tuple[int, ...] | list[int]) -> str:
        shown = [str(year) for year in years]
        if len(shown) < 2:
            return "".join(shown)
        return ", ".join(shown[:-1]) + str(self.ui["progress"]["and"]) + shown[-1]

    def link(self, address: str, label: str) -> Markup:
        """An evidence link: https only, its address made safe; anything else as words."""
        if not is_https_address(address):
            return Markup(escape_markdown(address))
        target = urllib.parse.quote(address, safe=URL_SAFE).replace("(", "%28")
        target = target.replace(")", "%29").replace("[", "%5B").replace("]", "%5D")
        return Markup(f"[{escape_markdown(label)}]({target})")


def environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates / "evaluation"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown: every value is escaped by finalize instead.
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["fmt"] = lambda phrase, **values: Markup(
        escape_markdown(str(phrase)).format(**{k: finalize(v) for k, v in values.items()})
    )
    env.filters["plural"] = _plural
    return env


def _plural(forms: Any, n: int) -> str:
    from nvptool.diff.render import plural

    return plural(forms, n)


def parts(evaluation: Evaluation, lang: Language, templates: Path) -> tuple[str, str]:
    """The report's cover and body, as Markdown."""
    env = environment(templates)
    context = {"e": evaluation, "w": Words(lang), "t": lang.ui["evaluation"]}
    context["p"] = lang.ui["progress"]
    cover = env.get_template("cover.md.j2").render(context)
    body = env.get_template("body.md.j2").render(context)
    return cover, body


def markdown(evaluation: Evaluation, lang: Language, templates: Path) -> str:
    cover, body = parts(evaluation, lang, templates)
    return _tidy(cover + "\n" + body)


def _tidy(text: str) -> str:
    import re

    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def html(evaluation: Evaluation, lang: Language, templates: Path) -> str:
    """The report as one HTML page for printing: its Markdown, rendered without raw HTML."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable("table").enable("strikethrough")
    cover, body = parts(evaluation, lang, templates)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates / "evaluation"),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
    )
    return env.get_template("report.html.j2").render(
        lang=lang.code,
        title=_title(evaluation, lang),
        cover=Markup(md.render(_tidy(cover))),
        body=Markup(md.render(_tidy(body))),
    )


def _title(evaluation: Evaluation, lang: Language) -> str:
    key = "final" if evaluation.final else "mid_term"
    return str(lang.ui["evaluation"][key]).format(year=evaluation.year.year)


def pdf(evaluation: Evaluation, lang: Language, templates: Path) -> bytes:
    """The report printed by headless Chromium, as the site's PDF is."""
    from nvptool.site.pdf import print_pdfs

    with tempfile.TemporaryDirectory(prefix="nvptool-report-") as folder:
        page = Path(folder, "report.html")
        target = Path(folder, "report.pdf")
        page.write_text(html(evaluation, lang, templates), encoding="utf-8")
        print_pdfs({lang.code: page}, {lang.code: target})
        return target.read_bytes()
