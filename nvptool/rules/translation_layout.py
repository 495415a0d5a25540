"""A translation is laid out as its source is.

A translation says what its source says, in the same headings, lists, quotations,
tables and code: the page shows it so. A line of the translation that starts with
four spaces becomes a block of code, a `#` a heading, a `>` a quotation, a `|` a
table, where the source has a paragraph; a translator, a translation tool or a
hostile hand may add them, and `i18n apply` refuses them too. It refers to the
same footnotes (`[^fn-14]`): one left out is a note the translated page does not
show. Paragraphs are the translation's own: a language may split or join sentences
as it reads best.

Passing example::

    body:
      nl: |-
        - de productie van synthetische drugs;
        - de invoer van cocaïne.
      fr:
        text: |-
          - la production de drogues synthétiques ;
          - l’importation de cocaïne.
        state: machine

Failing example::

    body:
      nl: Meer gericht, meer efficiënt.
      fr: {text: "    Plus ciblée, plus efficace.", state: machine}   # TR05: a block of code
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from nvptool.blocks import FOOTNOTE_REF, layout_change
from nvptool.findings import Problem
from nvptool.plan import Plan
from nvptool.rules.base import TextReader, problem
from nvptool.texts import TextRef, translation_languages

CODE = "TR05"
NAME = "translation-layout"
GROUPS = ("i18n",)
SEVERITY = "warning"
WHOLE_PLAN = False


class Reader(TextReader):
    def __init__(self, plan: Plan) -> None:
        super().__init__(plan)
        self.source = plan.config.source_language
        self.languages = translation_languages(plan)

    def read(self, ref: TextRef) -> Iterator[Problem]:
        source = ref.text.get(self.source)
        if source is None:
            return
        for lang in self.languages:
            translation = ref.text.translation(lang)
            if translation is None:
                continue
            change = layout_change(source, translation.text)
            notes = _notes_unlike(source, translation.text)
            found = (
                (f"is laid out unlike its source: {change}", LAYOUT) if change else None,
                (notes, NOTES) if notes else None,
            )
            for unlike, hint in filter(None, found):
                yield problem(
                    ref.node,
                    f"the '{lang}' translation {unlike}",
                    *ref.field,
                    lang,
                    hint=hint,
                    related=(ref.node.value_place(*ref.field, self.source),),
                )


LAYOUT = (
    "lay it out as the source: the same lists, headings and quotations; start no line "
    "with four spaces, '#', '>' or '|' where the source does not"
)
NOTES = "refer to the same footnotes as the source, where it does"


def _notes_unlike(source: str, translation: str) -> str | None:
    """How the translation's footnote references differ from its source's, if they do."""
    if "[^" not in source and "[^" not in translation:
        return None  # Most texts: no note at all.
    theirs = Counter(FOOTNOTE_REF.findall(source))
    ours = Counter(FOOTNOTE_REF.findall(translation))
    lacks = sorted((theirs - ours).elements())
    adds = sorted((ours - theirs).elements())
    said = []
    if lacks:
        said.append("lacks " + ", ".join(f"[^{label}]" for label in lacks) + " of its source")
    if adds:
        said.append(
            "refers to "
            + ", ".join(f"[^{label}]" for label in adds)
            + ", which its source does not"
        )
    return " and ".join(said) or None
