"""A figure's value, or its range, is a number its quote states.

The quote is read in the source language's notation: Dutch writes "1 000" or
"48.000" for a thousand and forty-eight thousand, "0,25" and "26,6 %" for
decimals, "één op vier" for a quarter. A value that none of the quote's numbers
gives (a typo, a zero too many, a number from another sentence) is reported, so
that exports and the site never show a number the text does not state. A
negative value needs a minus sign in the quote or a word of decrease ("daling",
"gedaald"); a quote that writes a minus sign needs a negative value.

Passing example::

    figures:
      - id: cannabisplantages
        qualifier: range
        low: 1000
        high: 1200
        quote: tussen 1 000 en 1 200 plantages

Failing example::

    figures:
      - id: cannabisplantages
        qualifier: range
        low: 10000                                  # FG02: the quote says 1 000
        high: 1200
        quote: tussen 1 000 en 1 200 plantages
"""

from __future__ import annotations

from collections.abc import Iterator

from nvptool.findings import Problem
from nvptool.plan import Node, Plan
from nvptool.quoted_numbers import LANGUAGES, Stated, Words, same, says_decrease, stated_numbers
from nvptool.rules.base import problem

CODE = "FG02"
NAME = "figure-value-in-quote"
GROUPS = ("core", "figures")
SEVERITY = "error"
WHOLE_PLAN = False


def check(plan: Plan) -> Iterator[Problem]:
    words = LANGUAGES.get(plan.config.source_language)
    if words is None:
        return  # No notation known for this source language: nothing can be read.
    for node in plan.of_kind("figure"):
        figure = node.obj
        stated = stated_numbers(figure.quote, words)
        if figure.value is not None:
            yield from _value(node, "value", figure.value, stated, words)
        for bound in ("low", "high"):
            value = getattr(figure, bound)
            if value is not None:
                yield from _value(node, bound, value, stated, words)


def _value(
    node: Node, field: str, value: float, stated: tuple[Stated, ...], words: Words
) -> Iterator[Problem]:
    quote = node.obj.quote
    matches = [s for s in stated if same(s.value, abs(value))]
    if not matches:
        numbers = ", ".join(_shown(s.value) for s in stated) or "no number"
        hint = (
            "copy the number from the quote ('1 000' is 1000, '26,6' is 26.6), "
            "or quote the words that state it"
        )
        grouped = next((s for s in stated if same(s.value, abs(value) * 1000)), None)
        if grouped is not None:  # 5.600 for 5 600: a point groups digits in Dutch.
            hint = (
                f"in YAML a point is the decimal point, so {_shown(value)} is not "
                f"{_shown(grouped.value)}: write {field}: {_shown(grouped.value)}, without a point"
            )
        yield problem(
            node,
            f"the {field} {_shown(value)} of figure '{node.id}' is not a number its quote "
            f"states (the quote gives {numbers})",
            field,
            hint=hint,
        )
        return
    if value < 0 and not any(s.sign == "-" for s in matches) and not says_decrease(quote, words):
        yield problem(
            node,
            f"the {field} of figure '{node.id}' is negative, but its quote writes neither a "
            "minus sign nor a fall",
            field,
            hint="make the value positive, or quote the words that say it fell",
        )
    if value > 0 and all(s.sign == "-" for s in matches):
        yield problem(
            node,
            f"the quote of figure '{node.id}' writes a minus sign, but its {field} is positive",
            field,
            hint=f"write {field}: -{_shown(value)}",
        )


def _shown(value: float) -> str:
    return f"{value:g}"
