"""Plan text is Markdown without raw HTML.

Text is written by many hands and published on a site: raw HTML tags (and
above all scripts) are never rendered, so a tag in the text is either a
mistake or an attempt to inject markup. Use Markdown instead.

Passing example::

    body: {nl: "Zie **artikel 37** WGP."}

Failing example::

    body: {nl: "Zie <b>artikel 37</b> WGP."}   # TX03
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from nvptool.findings import Problem
from nvptool.plan import Plan
from nvptool.rules.base import problem

CODE = "TX03"
NAME = "no-raw-html"
GROUPS = ("core", "i18n", "security")
SEVERITY = "error"
WHOLE_PLAN = False

TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--|<!\[CDATA\[")
AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^<>\s]+>")


def check(plan: Plan) -> Iterator[Problem]:
    for node in plan.nodes:
        for path, text in plan.texts(node):
            for lang in text.languages:
                value = AUTOLINK.sub("", text.get(lang) or "")
                match = TAG.search(value)
                if match:
                    yield problem(
                        node,
                        f"the {lang} text contains raw HTML '{match.group(0)[:40]}'",
                        *path,
                        lang,
                        hint="use Markdown: **bold**, *italic*, [link](https://…)",
                    )
