"""The diff's output formats, in one registry from which the command line takes its choices.

Light on purpose (no templates, no YAML): the command line reads it at start-up.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from msgspec import Struct

GITHUB_LIMIT = 65_536
"""The most characters a GitHub comment may have."""
MARKDOWN_BUDGET = 60_000
"""The default size of a Markdown diff: under GitHub's limit, with room for a header."""


class FormatError(ValueError):
    pass


# Markdown: every character that could open emphasis, a link, code, HTML, an entity, a
# table cell, strikethrough or math is backslash-escaped (CommonMark honours a backslash before any
# ASCII punctuation). What GitHub and GitLab link after rendering (@user, #12, !12, ~label,
# %milestone, &epic, $snippet, :emoji:, and the addresses GitHub-flavoured Markdown links
# by itself: www.…, https://…, name@host) gets a zero-width joiner after its sign, so it
# reads the same and links nothing, as on the site. Plan text never starts a line, so
# line-start syntax (headings, lists) cannot arise from it.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$])")
_REFERENCE = re.compile(
    r"(?<![\w])([@#!~%&$:])(?=[\w\"+-])|(?<=\w)(#)(?=\d)|(?<=\w)(@)(?=\w)|\b(GH)(?=-\d)"
    r"|\b(www)(?=\.)|\b(https?|ftp)(?=:)",
    re.UNICODE | re.IGNORECASE,
)
"""A sign that GitHub or GitLab links: before a word (@user, #12, !3, :+1:), a number's #
after a repository's name (org/repo#5), an address's @, GH-7, and what starts an address
that GitHub-flavoured Markdown links by itself (www., https:)."""
_LINE_BREAK = re.compile(r"\s*\n\s*")
JOINER = "\u200d"


def escape_markdown(text: str) -> str:
    """Plan text as literal Markdown: no markup, no mention, no issue link."""
    text = _LINE_BREAK.sub(" ¶ ", text)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", unlinked(text))


def unlinked(text: str) -> str:
    """Text in which GitHub and GitLab find no mention or reference to link (@user, #12)."""
    return _REFERENCE.sub(lambda found: found.group() + JOINER, text)


def _plain(text: str) -> str:
    return text


class Format(Struct, frozen=True):
    """One output format: its templates, how plan text is escaped, its default size budget."""

    name: str
    page: str | None
    entry: str | None
    escape: Callable[[str], str]
    budget: int = 0
    """The default --max-chars (0: no budget)."""


FORMATS: Mapping[str, Format] = {
    "text": Format("text", "diff.txt.j2", "entry.txt.j2", _plain),
    "markdown": Format("markdown", "diff.md.j2", "entry.md.j2", escape_markdown, MARKDOWN_BUDGET),
    "json": Format("json", None, None, _plain),
}


def check_format(name: str) -> str:
    """A format's name, or a FormatError naming the formats there are."""
    if name not in FORMATS:
        raise FormatError(f"unknown diff format '{name}'; formats: {', '.join(FORMATS)}")
    return name
