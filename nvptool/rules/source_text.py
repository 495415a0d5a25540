"""Every text has its source-language version.

The source language (``source_language`` in nvptool.yaml, Dutch for the NVP)
is the text as published; translations are made from it. A text with only a
translation has nothing to be checked against.

Passing example::

    title:
      nl: Drugs
      fr: {text: Drogues, state: machine}

Failing example::

    title:
      fr: {text: Drogues, state: machine}   # TX01: no 'nl' text
"""

from __future__ import annotations

from collections.abc import Iterator

from nvptool.findings import Problem
from nvptool.model.text import Translation
from nvptool.plan import Plan
from nvptool.rules.base import problem

CODE = "TX01"
NAME = "source-text"
GROUPS = ("core", "i18n")
SEVERITY = "error"
WHOLE_PLAN = False


def check(plan: Plan) -> Iterator[Problem]:
    source = plan.config.source_language
    for node in plan.nodes:
        for path, text in plan.texts(node):
            value = text.root.get(source)
            if value is None:
                yield problem(
                    node,
                    f"the text has no '{source}' version (the source language)",
                    *path,
                    hint=f"add '{source}:' with the published text",
                )
            elif isinstance(value, Translation):
                yield problem(
                    node,
                    f"the '{source}' text is the source: write it as plain text, "
                    "not as a translation",
                    *path,
                    source,
                )
            elif not value.strip():
                yield problem(node, f"the '{source}' text is empty", *path, source)
