"""Bilingual (multilingual) Markdown text.

Languages are configuration, not code: a text is a mapping from language code
to its text in that language. The source language (Dutch for the NVP) holds a
plain string; every other language holds a :class:`Translation`, which records
how the translation was made and which source text it translates, so that a
change of the source can be seen to make the translation stale.
"""

import hashlib
import unicodedata
from enum import StrEnum
from typing import Annotated, Any

from pydantic import ConfigDict, Field, RootModel, StringConstraints

from nvptool.model.base import (
    FINGERPRINT_PATTERN,
    LANGUAGE_PATTERN,
    StrictModel,
    share_fields_set,
)

LanguageCode = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]


class TranslationState(StrEnum):
    """How a translation came to be."""

    machine = "machine"
    reviewed = "reviewed"
    official = "official"


class Translation(StrictModel):
    """Text in a language other than the source language."""

    text: str = Field(description="The translated Markdown text.")
    state: TranslationState = Field(
        description=(
            "machine: made without human review; reviewed: checked by a person; "
            "official: an official published wording (say where in seen_at)."
        )
    )
    seen_at: str | None = Field(
        default=None,
        min_length=3,
        description="Where an official wording was seen: publication, page or address.",
        examples=["Belgisch Staatsblad 05/01/1999 (French title of the law)"],
    )
    source: str | None = Field(
        default=None,
        pattern=FINGERPRINT_PATTERN,
        description="Fingerprint of the exact source text this translation translates.",
        examples=["3fa2c19b0d7e"],
    )


class Text(RootModel[dict[LanguageCode, str | Translation]]):
    """Markdown text by language code, e.g. ``{nl: "...", fr: {text: "...", state: machine}}``."""

    model_config = ConfigDict(frozen=True)  # Its texts are read, never assigned.

    def model_post_init(self, context: Any, /) -> None:
        share_fields_set(self)

    def get(self, lang: str) -> str | None:
        value = self.root.get(lang)
        if value is None:
            return None
        return value if isinstance(value, str) else value.text

    def translation(self, lang: str) -> Translation | None:
        value = self.root.get(lang)
        return value if isinstance(value, Translation) else None

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.root)


def fingerprint(text: str) -> str:
    """A short, stable fingerprint of a text, insensitive to white space layout.

    Re-wrapping a paragraph must not make its translations stale; changing a
    word must.
    """
    normal = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:12]


class Availability(StrEnum):
    """How a text stands in one language, for display and for coverage counts."""

    source = "source"
    official = "official"
    reviewed = "reviewed"
    machine = "machine"
    stale = "stale"
    missing = "missing"


def availability(text: Text, lang: str, source_lang: str) -> Availability:
    """Whether a text is there in lang, and how far it can be trusted.

    A translation is stale when it records the fingerprint of another source
    text than the current one: the source changed after it was translated.
    """
    if lang == source_lang:
        return Availability.source
    translation = text.translation(lang)
    if translation is None:
        return Availability.missing
    source = text.get(source_lang)
    recorded = translation.source
    if recorded is not None and source is not None and recorded != fingerprint(source):
        return Availability.stale
    return Availability(translation.state.value)
