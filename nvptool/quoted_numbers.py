"""The numbers a quote states, read the way the source language writes them.

Dutch writes thousands with a space or a dot and decimals with a comma
("1 000", "48.000", "0,25", "25 %"), signs as "+4 %" or "(- 18 %)", and
qualifies a number with the words before it ("bijna 48 000", "ongeveer
5 600", "tussen 1 000 en 1 200"). The figure rules compare a figure's value,
range and qualifier with what its quote says; the words are data per language,
so a plan in another source language adds a table here, not a rule.
"""

from __future__ import annotations

import re
from functools import lru_cache

from msgspec import Struct

THOUSANDS = "[ \u00a0\u202f.]"
NUMBER = re.compile(
    rf"(?<![\d,.])(?:(?<![\w])(?P<sign>[-−+–]\s?))?"
    rf"(?P<digits>\d{{1,3}}(?:{THOUSANDS}\d{{3}})+(?:,\d+)?|\d+(?:,\d+)?)(?![\d])"
    rf"(?P<percent>\s?%)?"
)


class Words(Struct, frozen=True, eq=False):  # Hashed as itself: caches are kept per language.
    """The words of one language that qualify, count or turn a number."""

    qualifiers: dict[str, tuple[str, ...]]
    """Qualifier -> the words that say it, written just before the number."""
    range_between: tuple[tuple[str, str], ...]
    """(before the low number, between the two numbers): "tussen … en …"."""
    range_to: tuple[str, ...]
    """Words between two numbers that make them a range: "50 % tot 70 %"."""
    small_numbers: dict[str, int]
    """Number words of fractions such as "één op vier"."""
    fraction: str
    """The word of "één op vier"."""
    decrease: tuple[str, ...]
    """Words that make a number a fall, for a negative value without a minus sign."""


DUTCH = Words(
    qualifiers={
        "about": ("ongeveer", "circa", "ca.", "zo'n", "rond de", "om en bij", "naar schatting"),
        "nearly": ("bijna", "nagenoeg", "bijkans"),
        "at-least": ("minstens", "ten minste", "tenminste", "minimaal", "op zijn minst"),
        "more-than": ("meer dan", "méér dan", "ruim", "boven de"),
    },
    range_between=(("tussen", "en"), ("van", "tot")),
    range_to=("tot", "à"),
    small_numbers={
        "één": 1,
        "eén": 1,
        "een": 1,
        "twee": 2,
        "drie": 3,
        "vier": 4,
        "vijf": 5,
        "zes": 6,
        "zeven": 7,
        "acht": 8,
        "negen": 9,
        "tien": 10,
    },
    fraction="op",
    decrease=("daling", "gedaald", "daalde", "afname", "afgenomen", "vermindering", "minder"),
)

LANGUAGES: dict[str, Words] = {"nl": DUTCH}
"""The languages whose quotes the figure rules can read."""


class Stated(Struct, frozen=True):
    """One number in a quote, with what the words around it say of it."""

    value: float
    sign: str
    """'-' or '+' when the quote writes a sign, else ''."""
    before: str
    """The quote's words before the number, lower case, white space made single."""
    after: str


def _number(digits: str) -> float:
    return float(re.sub(THOUSANDS, "", digits).replace(",", "."))


@lru_cache(maxsize=1024)
def stated_numbers(quote: str, words: Words = DUTCH) -> tuple[Stated, ...]:
    """Every number the quote writes in digits or as a fraction ("één op vier").

    Kept for the last quotes read: each figure rule reads the quote of every figure.
    """
    flat = " ".join(quote.split())
    found = []
    for match in NUMBER.finditer(flat):
        sign = (match.group("sign") or "").strip()
        found.append(
            Stated(
                _number(match.group("digits")),
                "-" if sign in {"-", "−", "–"} else sign,
                flat[: match.start()].lower(),
                flat[match.end() :].lower(),
            )
        )
    for match in _fraction(words).finditer(flat):
        top, bottom = (words.small_numbers.get(g.lower()) or int(g) for g in match.groups())
        if bottom:
            found.append(
                Stated(top / bottom, "", flat[: match.start()].lower(), flat[match.end() :].lower())
            )
    return tuple(found)


@lru_cache
def _fraction(words: Words) -> re.Pattern[str]:
    names = "|".join(re.escape(w) for w in words.small_numbers)
    return re.compile(rf"\b({names}) {words.fraction} ({names}|\d+)\b", re.IGNORECASE)


def same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def qualifier_before(stated: Stated, words: Words = DUTCH) -> str | None:
    """The qualifier the words just before a number give it, if any."""
    for qualifier, phrases in words.qualifiers.items():
        if any(_ends_with_word(stated.before, phrase) for phrase in phrases):
            return qualifier
    return None  # A range takes two numbers: see is_range.


def _ends_with_word(text: str, phrase: str) -> bool:
    """Whether the text ends with the phrase (then only white space), as a word of its own."""
    text = text.rstrip()  # str.isspace and the \s of a pattern are the same characters.
    if not text.endswith(phrase):
        return False
    before = text[: len(text) - len(phrase)][-1:]
    return before == "" or before == "(" or before.isspace()


def is_range(low: Stated, high: Stated, words: Words = DUTCH) -> bool:
    """Whether two numbers of a quote are written as a range: "tussen 1 000 en 1 200"."""
    gap = high.before[len(low.before) :]
    middle = re.sub(r"^[\d\s.,\u00a0\u202f%+−–-]+", "", gap).strip()
    if middle in words.range_to or middle in {"-", "–"}:
        return True
    return any(
        _ends_with_word(low.before, start) and middle == between
        for start, between in words.range_between
    )


def says_decrease(quote: str, words: Words = DUTCH) -> bool:
    lowered = quote.lower()
    return any(re.search(rf"\b{re.escape(word)}\b", lowered) for word in words.decrease)


def says_qualifier(quote: str, qualifier: str, words: Words = DUTCH) -> bool:
    """Whether the quote anywhere uses a word of the qualifier (it may stand before
    the first of two numbers it qualifies: "ongeveer 5 600 diersoorten en 30 000 …")."""
    lowered = " ".join(quote.lower().split())
    phrases = words.qualifiers.get(qualifier, ())
    return any(re.search(rf"(?:^|[\s(]){re.escape(p)}(?=\s)", lowered) for p in phrases)
