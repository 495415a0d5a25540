"""A language of the site as one value: its interface texts, its guide, how it writes numbers.

Read once at the edge of the build (`load_language`), then passed to every page.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from msgspec import Struct

from nvptool.interface import read_interface
from nvptool.model.text import Text
from nvptool.site import collation
from nvptool.site.markup import inline

DATE = re.compile(r"(\d{4})-(0[1-9]|1[0-2])(?:-(\d{2}))?")
"""A date to the day or to the month, as the plan writes it (model.base.PartialDate)."""


class Language(Struct, frozen=True):
    """One published language of the site."""

    code: str
    source: str
    """The plan's source language, shown where a text lacks this language."""
    ui: Mapping[str, Any]
    guide: str
    guide_translated: bool
    """False when the guide is the source language's, shown with a notice."""

    @property
    def is_source(self) -> bool:
        return self.code == self.source

    def words(self, text: Text | None) -> str:
        """A text in this language, or in the source language when it has none."""
        if text is None:
            return ""
        found = text.get(self.code) or text.get(self.source)
        if found is None:  # Written in another language only: shown so, and flagged.
            found = next((text.get(code) for code in text.languages if text.get(code)), None)
        return found or ""

    def shown_in(self, text: Text | None) -> str | None:
        """The language whose words `words` shows: this one, else the source, else the
        first that has the text."""
        if text is None:
            return None
        for code in (self.code, self.source, *text.languages):
            if text.get(code):
                return code
        return None

    def has(self, text: Text) -> bool:
        """Whether the text exists in this language or in the source language."""
        return text.get(self.code) is not None or text.get(self.source) is not None

    def plain(self, text: Text | None) -> str:
        """A text as one safe line: for a menu, a label, a table cell."""
        return inline(self.words(text))

    def pinpoint(self, pinpoint: str) -> str:
        """Where in an instrument, in this language's words ("titel VIII": "titre VIII",
        "tweede lid": "alinéa 2"), its subdivisions' words kept with their numbers by a
        no-break space. Both are the language's interface texts (pinpoint_words,
        pinpoint_no_break)."""
        words: Mapping[str, str] = self.ui["pinpoint_words"]
        if words:
            pinpoint = _phrases(tuple(words)).sub(lambda m: words[m.group(0)], pinpoint)
        return _no_break(tuple(self.ui["pinpoint_no_break"])).sub("\\1\u00a0", pinpoint)

    def number(self, value: float) -> str:
        """A number as this language writes it: 37 457, 26,6, 0,0004.

        Two decimals, or as many as show a small number's first two digits; the digits
        of the number as written (its shortest form), never those of its binary
        approximation (1e30 is not 1 000 000 000 000 000 019 884 624 838 656)."""
        exact = Decimal(repr(float(value)))
        if exact == exact.to_integral_value():
            whole = f"{exact:,.0f}"
        else:
            places = max(2, 1 - math.floor(math.log10(abs(value))))
            whole = f"{exact:,.{places}f}".rstrip("0").rstrip(".")
        return (
            whole.replace(",", "\x00")
            .replace(".", str(self.ui["decimal_separator"]))
            .replace("\x00", str(self.ui["thousands_separator"]))
        )

    def date(self, value: str | None) -> str:
        """A date as this language writes it: "7 december 1998", "1er janvier 2020"; a date
        known to the month, "april 2020"; anything else (a year) as it is."""
        found = DATE.fullmatch(value or "")
        if found is None:
            return value or ""
        year, month, day = found.groups()
        months = self.ui["months"]
        named = f"{months[int(month) - 1]} {year}"
        if day is None:
            return named
        first = str(self.ui["first_of_month"])
        return f"{first if int(day) == 1 else int(day)} {named}"

    def unit_parts(self, unit: str) -> tuple[Callable[[float], str], str]:
        """How the values of a unit are written, and the unit's words that follow them.

        "%" is written after the number: 86 %. A unit that starts with the
        language's word for a share (aandeel, part) holds a fraction: 0.25 is
        written 25 %, followed by the rest of the unit ("van de deelnemers").
        """
        if unit == "%":
            return (lambda value: f"{self.number(value)}\u00a0%"), ""
        for word, of in self.ui["share_words"].items():
            if unit.casefold().startswith(word.casefold() + " "):
                rest = unit[len(word) :].strip()
                rest = rest.removeprefix(of).strip() if of and rest.startswith(of) else rest
                words = " ".join(part for part in (of, rest) if part)
                return (lambda value: f"{self.number(round(value * 100, 1))}\u00a0%"), words
        return self.number, unit

    def quantity(self, value: float, unit: str, short: bool = False) -> str:
        """A value and its unit as a reader expects them: 37 457 feiten, 86 %, 25 % van ...

        Short: the number alone, for a chart whose title names the unit.
        """
        write, words = self.unit_parts(unit)
        return write(value) if short else " ".join(p for p in (write(value), words) if p)

    def sort_key(self, text: str) -> tuple[int, ...]:
        """The collation key of a displayed text: accents and case after the letters.

        The Unicode Collation Algorithm orders Dutch and French alike (é with e,
        ij as i + j, case second), so one collator serves both.
        """
        return collation.sort_key(text.strip().lstrip("'’\"“("))


@functools.cache
def _phrases(words: tuple[str, ...]) -> re.Pattern[str]:
    """Any of the words, longest first, as whole words."""
    longest = sorted(words, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, longest)) + r")(?!\w)")


@functools.cache
def _no_break(words: tuple[str, ...]) -> re.Pattern[str]:
    """One of the words, then a space before a word or number: the space to keep."""
    return re.compile(r"((?<!\w)(?:" + "|".join(map(re.escape, words)) + r")) (?=\w)")


def load_language(templates: Path, lang: str, source: str) -> Language:
    """Everything the site says in one language, read from the templates once.

    Raises InterfaceError when its interface texts are not those of the source language.
    """
    guides = templates / "guide"
    own = guides / f"{lang}.md"
    guide = own if own.is_file() else guides / f"{source}.md"
    return Language(
        code=lang,
        source=source,
        ui=read_interface(templates, lang, source),
        guide=guide.read_text(encoding="utf-8"),
        guide_translated=own.is_file(),
    )
