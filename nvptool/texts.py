"""Every translatable text of the plan, with where it stands."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from msgspec import Struct

from nvptool.findings import HIDDEN
from nvptool.load.yamlsource import YamlPath
from nvptool.model.text import Availability, Text, availability
from nvptool.plan import Node, Plan


class TextRef(Struct, frozen=True):
    """One Text of one object: the object, the field path inside it, the text."""

    node: Node
    field: tuple[str | int, ...]
    text: Text

    @property
    def path(self) -> YamlPath:
        """Where the text stands in its file."""
        return (*self.node.path, *self.field)

    @property
    def file(self) -> str:
        return self.node.file.path

    def state(self, lang: str, source: str) -> Availability:
        return availability(self.text, lang, source)


def hidden_character(refs: Iterable[TextRef]) -> str | None:
    """Where the first text stands that holds a character nobody sees (findings.INVISIBLE),
    which a translation file would carry to a translator, or XML cannot hold at all."""
    for ref in refs:
        for lang in ref.text.languages:
            found = HIDDEN.search(ref.text.get(lang) or "")
            if found:
                return (
                    f"{ref.file}: {ref.node.id}: the {lang} text holds "
                    f"U+{ord(found.group()):04X}, which a translation file cannot carry; "
                    "'nvptool check' (TX04) shows where: remove it first"
                )
    return None


def text_refs(plan: Plan) -> Iterator[TextRef]:
    for node in plan.nodes:
        for field, text in plan.texts(node):
            yield TextRef(node, field, text)


def translation_languages(plan: Plan) -> tuple[str, ...]:
    source = plan.config.source_language
    return tuple(lang for lang in plan.config.languages if lang != source)
