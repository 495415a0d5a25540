"""Which plan files a page is made from, so that an edit re-renders only the pages it touches.

A page's context holds the plan objects it shows, resolved (pages.py): a topic
page holds the objects of its file and those they cite or map to. Such a
context is *closed*: the page changes only when one of the files of its objects
changes, since every link, footnote number and label it writes comes from them.
Other contexts were made by scanning the whole plan (the glossary finds where
each term is used, the register where each instrument is cited, the changes
page compares two cycles): they depend on every file. A context type not named
here counts as such, so a new page is right before it is quick.

Every page also shows the glossary's abbreviations, and the site's settings
(`nvptool.yaml`) and cycle reach every page through the mkdocs configuration:
those files are inputs of every page (the preview starts again when the
settings or the cycle change).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from msgspec import Struct

from nvptool.plan import Node
from nvptool.site import data as d
from nvptool.site.contexts import RulesContext, TopicContext
from nvptool.site.pages import Page

CLOSED_CONTEXTS = (TopicContext, RulesContext, str)
"""Contexts that hold every object their page shows (str: the writers' guide)."""

Inputs = frozenset[str] | None
"""The plan files (as the plan names them) a page is made from; None: every file."""


def page_inputs(site: d.SiteData, page: Page) -> Inputs:
    if not isinstance(page.context, CLOSED_CONTEXTS):
        return None
    files = {node.file.path for node in _nodes(page.context)}
    files.update(term.file.path for term in site.reference("term"))
    return frozenset(files)


def affected(inputs: Inputs, changed: frozenset[str]) -> bool:
    return inputs is None or not inputs.isdisjoint(changed)


def _nodes(value: Any) -> Iterator[Node]:
    """Every plan object a context holds, at any depth."""
    if isinstance(value, Node):
        yield value
    elif isinstance(value, Struct):
        for name in value.__struct_fields__:
            yield from _nodes(getattr(value, name))
    elif isinstance(value, tuple | list | set | frozenset):
        for item in value:
            yield from _nodes(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _nodes(item)
