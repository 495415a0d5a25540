"""A figure's qualifier says what its quote's words say: exact, about, nearly, a range.

"bijna 48 000" is not 48 000: a figure says how the text states its number, so
that the site and exports show "nearly 48 000" and not an exact count. The
qualifier is read from the words just before the number: "ongeveer" (about),
"bijna" (nearly), "minstens" (at-least), "meer dan" (more-than), "tussen … en
…" or "… tot …" (range). A figure marked about, nearly, at-least or more-than
needs such a word somewhere in its quote (it may qualify two numbers at once:
"ongeveer 5 600 diersoorten en 30 000 plantensoorten"); a range needs its two
numbers written as one.

Passing example::

    figures:
      - {id: gewonden, qualifier: nearly, value: 48000,
         quote: jaarlijks bijna 48 000 gewonden, ...}

Failing example::

    figures:
      - {id: gewonden, value: 48000, quote: jaarlijks bijna 48 000 gewonden, ...}  # FG03
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from nvptool.findings import Problem
from nvptool.plan import Node, Plan
from nvptool.quoted_numbers import (
    LANGUAGES,
    Words,
    is_range,
    qualifier_before,
    same,
    says_qualifier,
    stated_numbers,
)
from nvptool.rules.base import problem

CODE = "FG03"
NAME = "figure-qualifier"
GROUPS = ("core", "figures")
SEVERITY = "error"
WHOLE_PLAN = False


def check(plan: Plan) -> Iterator[Problem]:
    words = LANGUAGES.get(plan.config.source_language)
    if words is None:
        return
    for node in plan.of_kind("figure"):
        qualifier = node.obj.qualifier.value
        if qualifier == "range":
            yield from _range(node, words)
        else:
            yield from _single(node, qualifier, words)


def _single(node: Node, qualifier: str, words: Words) -> Iterator[Problem]:
    figure = node.obj
    stated = [s for s in stated_numbers(figure.quote, words) if same(s.value, abs(figure.value))]
    said = {qualifier_before(s, words) for s in stated} - {None}
    everything = stated_numbers(figure.quote, words)
    pairs = pairwise(everything)
    if any(is_range(a, b, words) and (a in stated or b in stated) for a, b in pairs):
        said.add("range")
    if stated and said and qualifier not in said:
        reading = " or ".join(sorted(str(s) for s in said))
        yield problem(
            node,
            f"the quote of figure '{node.id}' states its number as {reading}, but the figure "
            f"says {qualifier}",
            "qualifier" if "qualifier" in figure.model_fields_set else "value",
            hint=f"write qualifier: {reading}"
            + (" with low and high instead of value" if reading == "range" else ""),
        )
    elif qualifier != "exact" and not said and not says_qualifier(figure.quote, qualifier, words):
        phrases = ", ".join(f"'{p}'" for p in words.qualifiers.get(qualifier, ()))
        yield problem(
            node,
            f"figure '{node.id}' says {qualifier}, but its quote has no word that says so "
            f"({phrases})",
            "qualifier",
            hint="quote the words that qualify the number, or make the figure exact",
        )


def _range(node: Node, words: Words) -> Iterator[Problem]:
    figure = node.obj
    stated = stated_numbers(figure.quote, words)
    lows = [s for s in stated if same(s.value, abs(figure.low))]
    highs = [s for s in stated if same(s.value, abs(figure.high))]
    if not any(is_range(low, high, words) for low in lows for high in highs):
        yield problem(
            node,
            f"figure '{node.id}' is a range, but its quote does not write "
            f"{figure.low:g} and {figure.high:g} as one ('tussen … en …', '… tot …')",
            "qualifier",
            hint="quote the words that give the range, or state the figure as one number",
        )
