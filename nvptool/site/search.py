"""Search that folds accents: "cocaine" finds "cocaïne", while exact matches still rank first.

mkdocs-material's search indexes the fields that its index's configuration
names. After the build, each entry of the index gets one more field, "folded":
the words of its title and text that carry accents, written without them, as
often as the text has them. The field's boost is a tenth of the text's, so that
a page with the word as typed ranks above a page that only matches once the
accents are folded away: lunr scores a field by BM25, which credits one word at
most about six times more in a short section than in a long one, and keeping
every occurrence lets the folded field be as long, for its length's sake, as
the accented part of the text it comes from.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

FOLDED_BOOST = 0.1
"""A tenth of the text's 1.0: an exact match ranks first (see above)."""
TAG = re.compile(r"<[^>]*>")
WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """The text without its accents: é → e, ï → i, ç → c; œ and æ as two letters."""
    decomposed = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("æ", "ae"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def folded_words(text: str, known: dict[str, str] | None = None) -> str:
    """The accented words of a text, folded, each as often as the text has it; `known`
    holds what each word folded to so far (a word is folded once an index, not each time:
    half the folding of a French index)."""
    known = {} if known is None else known
    words = WORD.findall(TAG.sub(" ", text))
    # A word of ASCII letters has nothing to fold: most words of a Dutch or French text.
    return " ".join(p for w in words if not w.isascii() and (p := _folded(w, known)))


def _folded(word: str, known: dict[str, str]) -> str:
    """The word folded, or "" when folding leaves it as it is."""
    found = known.get(word)
    if found is None:
        folded = fold(word)
        found = known[word] = folded if folded != word else ""
    return found


def with_folded_field(index: dict[str, Any]) -> dict[str, Any]:
    """The search index with the folded field configured and filled in each entry."""
    config = {**index["config"]}
    config["fields"] = {**config["fields"], "folded": {"boost": FOLDED_BOOST}}
    docs = []
    known: dict[str, str] = {}
    for doc in index["docs"]:
        words = folded_words(f"{doc.get('title', '')} {doc.get('text', '')}", known)
        docs.append({**doc, "folded": words} if words else doc)
    return {**index, "config": config, "docs": docs}


def fold_search_index(site: Path) -> None:
    """Rewrite the built site's search index (and its copy for offline use) with folding."""
    folder = site / "search"
    path = folder / "search_index.json"
    if not path.is_file():
        return
    index = with_folded_field(json.loads(path.read_text(encoding="utf-8")))
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")
    script = folder / "search_index.js"
    if script.is_file():  # The offline plugin's copy, read by a page opened from the disk.
        script.write_text(f"var __index = {text}", encoding="utf-8")


def search_plugin(config: Any) -> Any:
    """The theme's search plugin of a site's configuration, when it has it enabled; else
    None."""
    from material.plugins.search.plugin import SearchPlugin

    for plugin in config.plugins.values():
        if isinstance(plugin, SearchPlugin) and plugin.config.enabled:
            return plugin
    return None
