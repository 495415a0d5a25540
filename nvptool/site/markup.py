"""Plan text into Markdown that is safe to publish.

Plan text is Markdown written by many hands. Before it reaches a page, raw
HTML is escaped (so that it shows as text and never runs), links with script
schemes lose their target, and footnote references become links that carry
the footnote's number as printed in the plan.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^<>\s]+)>")
UNSAFE_LINK = re.compile(
    r"\[([^\]]*)\]\(\s*<?\s*(?:javascript|vbscript|data|file):(?:[^()]|\([^()]*\))*\)",
    re.IGNORECASE,
)
UNSAFE_REFERENCE = re.compile(
    r"^[ ]{0,3}\[[^\]]+\]:\s*<?\s*(?:javascript|vbscript|data|file):.*$",
    re.IGNORECASE | re.MULTILINE,
)
FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\]")


def escape_html(text: str) -> str:
    """Escape what Markdown would pass through as HTML; keep autolinks as links."""
    links: list[str] = []

    def keep(match: re.Match[str]) -> str:
        links.append(match.group(1))
        return f"\x00{len(links) - 1}\x00"

    text = AUTOLINK.sub(keep, text)
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    text = UNSAFE_LINK.sub(r"\1", text)
    text = UNSAFE_REFERENCE.sub("", text)
    return re.sub(r"\x00(\d+)\x00", lambda m: f"<{links[int(m.group(1))]}>", text)


def safe_markdown(text: str, footnotes: Mapping[str, int], page_anchor: str = "fn") -> str:
    """Plan Markdown ready for a page; footnote references link to the page's notes."""

    def footnote(match: re.Match[str]) -> str:
        label = match.group(1)
        number = footnotes.get(label)
        if number is None:
            return ""
        return (
            f'<sup class="nvp-fnref" id="{page_anchor}ref-{number}">'
            f'<a href="#{page_anchor}-{number}">{number}</a></sup>'
        )

    return FOOTNOTE_REF.sub(footnote, escape_html(text))


def inline(text: str) -> str:
    """A one-line text (a title, a label) safe for a heading or a table cell."""
    flat = " ".join(escape_html(FOOTNOTE_REF.sub("", text)).split())
    return flat.replace("|", "\\|")
