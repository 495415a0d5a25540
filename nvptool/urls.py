"""Which addresses plan text may link to: shared by the rules, the imports and the site.

Light on purpose (no Markdown, no HTML cleaner), so that `nvptool check` does
not load the site's machinery to judge a link.
"""

from __future__ import annotations

import re

URL_SCHEMES = frozenset({"https", "http", "mailto"})
"""Besides relative URLs (a page, an anchor, a picture of the site)."""

SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
INVISIBLE_IN_URLS = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\ufeff]")


def url_scheme(url: str) -> str | None:
    """The scheme a browser would read in a URL (entities decoded, invisible characters
    dropped), lowercased; None for a relative URL."""
    import html  # Only once a link is judged: not on the path of every check.

    bare = INVISIBLE_IN_URLS.sub("", html.unescape(html.unescape(url)))
    found = SCHEME.match(bare)
    return found.group(1).lower() if found else None


ADDRESS = re.compile(r"https://[^\s<>\"'`\\]+", re.IGNORECASE)
"""A full https address that a link may take as it is: nothing that could end an attribute
or a Markdown link, nothing unseen."""


def is_https_address(url: str) -> bool:
    """Whether a link is a full https address with nothing hidden in it, as evidence of what
    was done must be: what rule FU05 and the spreadsheets' import accept is what the site
    and the evaluation report link to."""
    return (
        url_scheme(url) == "https"
        and ADDRESS.fullmatch(url.strip()) is not None
        and not INVISIBLE_IN_URLS.search(url.strip())
        and url.isprintable()
    )


WEB_ADDRESS = re.compile(r"https?://[^\s<>" + '"' + r"'`\\]+")  # No escape ECMA refuses (\").
"""A full web address a setting may hold (where the site is published, where a file is
edited): http or https, nothing that could end an attribute, nothing unseen."""


WEB_ADDRESS_WORDS = (
    "an address is written in full, starting with https:// (or http://) and a host name, "
    "without spaces, quotes, angle brackets, a password, '?' or '#'"
)


def is_web_address(url: str) -> bool:
    """Whether a setting's address is a full http(s) address with nothing hidden in it: any
    other scheme (javascript:, data:) would reach every page of the site as a link. A host
    is named; no password (it would be published), no query or fragment (the site's pages
    follow the address)."""
    if WEB_ADDRESS.fullmatch(url) is None or INVISIBLE_IN_URLS.search(url):
        return False
    if not url.isprintable() or "?" in url or "#" in url:
        return False
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - a port that is no number raises here.
    except ValueError:
        return False
    return bool(parts.hostname) and "@" not in parts.netloc
