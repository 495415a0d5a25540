r"""Plan text holds no control characters and no bidirectional overrides.

YAML's escapes ("\e", "\x07", "\u202e") let a text carry characters nobody
can see: terminal escape sequences that repaint a reviewer's screen when a
diff is printed, characters that make a published page or an XML report
invalid, and the bidirectional overrides of "Trojan source" attacks, which
show words in another order than they are stored. Line breaks and tabs are
ordinary text and pass.

Passing example::

    title: {nl: Verkeersveiligheid}

Failing example::

    title: {nl: "Verkeers\e[2Jveiligheid"}   # TX04: an escape character
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from nvptool.findings import HIDDEN, Problem
from nvptool.rules.base import TextReader, problem
from nvptool.texts import TextRef

CODE = "TX04"
NAME = "no-control-characters"
GROUPS = ("core", "security")
SEVERITY = "error"
WHOLE_PLAN = False


class Reader(TextReader):
    def read(self, ref: TextRef) -> Iterator[Problem]:
        text = ref.text
        for lang in text.languages:
            found = HIDDEN.search(text.get(lang) or "")
            if found:
                character = found.group()
                name = unicodedata.name(character, "a control character")
                yield problem(
                    ref.node,
                    f"the {lang} text contains U+{ord(character):04X} ({name.lower()}), "
                    "which nobody sees",
                    *ref.field,
                    lang,
                    hint="remove it: retype the text around it, or delete the escape",
                )
