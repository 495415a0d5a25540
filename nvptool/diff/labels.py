"""Objects named as a reader knows them: number and title, in the reader's language."""

from __future__ import annotations

from nvptool.measures import measure_number
from nvptool.model.text import Text
from nvptool.plan import Node, Plan, texts

FIRST_WORDS = 8
"""An object with neither number nor title is named by the first words of its text."""


def label(node: Node, lang: str, plan: Plan | None = None) -> str:
    """Number and title ("2.3.1 Misdrijven …"); a footnote by its number; else its first words.

    A measure is named by the number a reader sees (2.2.2.1.3), given the plan it stands in.
    """
    if node.kind == "measure" and plan is not None:
        return measure_number(plan, node)
    number = getattr(node.obj, "number", None)
    words = _words(_title(node), lang)
    period = getattr(node.obj, "period", None) if node.kind == "figure" else None
    if words and isinstance(period, str):  # Figures of one series share their label.
        words = f"{words} ({period})"
    if number is not None and words:
        return f"{number} {words}"
    if number is not None:
        return str(number)
    if words:
        return words
    for _, text in texts(node.obj):
        start = _words(text, lang).split()
        if start:
            more = " …" if len(start) > FIRST_WORDS else ""
            return "“" + " ".join(start[:FIRST_WORDS]) + more + "”"
    return node.id


def _title(node: Node) -> Text | None:
    for name in ("title", "label", "term"):
        value = getattr(node.obj, name, None)
        if isinstance(value, Text):
            return value
    return None


def _words(text: Text | None, lang: str) -> str:
    if text is None:
        return ""
    shown = text.get(lang) or next((text.get(code) for code in text.languages), "")
    return " ".join((shown or "").split())


def parent_label(node: Node, plan: Plan, lang: str) -> str | None:
    parent = plan.index.get(node.parent_key or "")
    return None if parent is None else label(parent, lang, plan)


TOPICS = frozenset({"chapter", "theme", "phenomenon"})
"""What a reader finds an object by on the site: its chapter, theme or phenomenon."""


def topic(node: Node, plan: Plan) -> Node | None:
    """The chapter, theme or phenomenon an object stands in, when its parent is not one
    (a section's figure, a nested section): named beside the parent, which alone may be
    one of many ("Algemeen")."""
    parent = plan.index.get(node.parent_key or "")
    if parent is None or parent.kind in TOPICS or node.kind in (*TOPICS, "measure"):
        return None  # A measure's number says its theme or phenomenon (2.2.1.1.3).
    found = plan.index.get(parent.parent_key or "")
    while found is not None and found.kind not in TOPICS:
        found = plan.index.get(found.parent_key or "")
    return found


def parent_kind(node: Node, plan: Plan) -> str | None:
    parent = plan.index.get(node.parent_key or "")
    return None if parent is None else parent.kind


def target(node: Node, plan: Plan, lang: str) -> str | None:
    """For a mapping or citation: what it points at, by name."""
    if node.kind == "mapping":
        found = plan.index.get(f"reference:{node.obj.target}")
        return label(found, lang, plan) if found else node.obj.target
    if node.kind == "citation":
        found = plan.index.get(f"reference:legal/{node.obj.instrument}")
        name = label(found, lang, plan) if found else node.obj.instrument
        return f"{name}, {node.obj.pinpoint}" if node.obj.pinpoint else name
    return None
