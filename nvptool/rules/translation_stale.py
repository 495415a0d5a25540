"""A translation translates the current source text.

Each translation records the fingerprint of the exact source text it was made
from (``source:``). When the source text changes, the fingerprint no longer
matches and the translation is stale until someone updates it, or confirms
that it still holds (``nvptool i18n confirm``). A translation that records no
fingerprint cannot be shown to be current and counts as stale too.

Passing example::

    title:
      nl: Drugs
      fr: {text: Drogues, state: reviewed, source: <fingerprint of "Drugs">}

Failing example::

    title:
      nl: Drugs en precursoren        # the Dutch was edited after translation
      fr: {text: Drogues, state: reviewed, source: <fingerprint of "Drugs">}   # TR02
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

from nvptool.findings import Problem
from nvptool.model.text import fingerprint
from nvptool.plan import Plan
from nvptool.rules.base import TextReader, problem
from nvptool.texts import TextRef, translation_languages

CODE = "TR02"
NAME = "translation-stale"
GROUPS = ("i18n",)
SEVERITY = "warning"
WHOLE_PLAN = False


class Reader(TextReader):
    def __init__(self, plan: Plan) -> None:
        super().__init__(plan)
        self.source = plan.config.source_language
        self.languages = translation_languages(plan)

    def _name(self, ref: TextRef) -> str:
        """The object's id, or its key where objects of other cycles share the id: the name
        that `i18n confirm` takes for it."""
        node = ref.node
        return node.key if node.id in self._shared_ids else node.id

    @functools.cached_property
    def _plan_option(self) -> str:
        """The plan directory as the check was given it, when it is not confirm's default:
        the hint's command then works as it is printed."""
        import shlex  # Only once a stale translation is told.

        root = self.plan.root
        return "" if Path(root) == Path("plan") else f" --plan {shlex.quote(root)}"

    @functools.cached_property
    def _shared_ids(self) -> frozenset[str]:
        """The ids that objects of several cycles have (found once, when first needed)."""
        seen: set[str] = set()
        shared: set[str] = set()
        for node in self.plan.nodes:
            (shared if node.id in seen else seen).add(node.id)
        return frozenset(shared)

    def read(self, ref: TextRef) -> Iterator[Problem]:
        source_lang, languages = self.source, self.languages
        source = ref.text.get(source_lang)
        if source is None or all(ref.text.translation(lang) is None for lang in languages):
            return
        current = fingerprint(source)  # Once per text, not once per language.
        for lang in languages:
            translation = ref.text.translation(lang)
            if translation is None or translation.source == current:
                continue
            why = (
                "records no fingerprint of its source"
                if translation.source is None
                else "was made from an earlier version of the source text"
            )
            yield problem(
                ref.node,
                f"the '{lang}' translation {why}",
                *ref.field,
                lang,
                hint=f"update it, or confirm it: nvptool i18n confirm {self._name(ref)} "
                f"--lang {lang}{self._plan_option}",
                related=(ref.node.value_place(*ref.field, source_lang),),
            )
