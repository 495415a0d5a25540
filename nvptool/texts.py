"""Every translatable text of the plan, with where it stands."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from nvptool.load.yamlsource import YamlPath
from nvptool.model.text import Availability, Text, availability
from nvptool.plan import Node, Plan


@dataclass(frozen=True, slots=True)
class TextRef:
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


def text_refs(plan: Plan) -> Iterator[TextRef]:
    for node in plan.nodes:
        for field, text in plan.texts(node):
            yield TextRef(node, field, text)


def translation_languages(plan: Plan) -> tuple[str, ...]:
    source = plan.config.source_language
    return tuple(lang for lang in plan.config.languages if lang != source)
