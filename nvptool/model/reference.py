"""Reference data shared by cycles: KIV, NVS, the legal register and the glossary."""

from enum import StrEnum
from typing import Literal, Self

from pydantic import Field, StrictBool, StrictInt, model_validator

from nvptool.model.base import Id, PartialDate, StrictModel, WrongValue
from nvptool.model.content import Basis, Waivers
from nvptool.model.cycle import Period, Source
from nvptool.model.text import LanguageCode, Text


class Dimension(StrictModel):
    """A security dimension of the KIV, or a vital interest of the NVS."""

    id: Id
    number: StrictInt = Field(ge=1, description="Its number in the KIV or NVS.")
    title: Text = Field(description="Its name as the KIV or NVS gives it.")
    waivers: Waivers = ()


class Kiv(StrictModel):
    """A Kadernota Integrale Veiligheid and its security dimensions."""

    kind: Literal["kiv"] = Field(description="The kind of file: kiv.")
    id: Id = Field(examples=["kiv-2022-2025"])
    title: Text
    period: Period
    dimensions: tuple[Dimension, ...] = Field(description="Its security dimensions.")


class Nvs(StrictModel):
    """A Nationale Veiligheidsstrategie and its vital interests."""

    kind: Literal["nvs"] = Field(description="The kind of file: nvs.")
    id: Id = Field(examples=["nvs-2021"])
    title: Text
    date: PartialDate = Field(description="The date the strategy was approved.")
    interests: tuple[Dimension, ...] = Field(description="Its vital interests.")


class InstrumentType(StrEnum):
    """The kind of instrument; ``circular`` when the text does not say who issued it."""

    law = "law"
    code = "code"
    royal_decree = "royal-decree"
    ministerial_decree = "ministerial-decree"
    ministerial_circular = "ministerial-circular"
    circular = "circular"
    col_circular = "col-circular"
    eu_regulation = "eu-regulation"
    eu_directive = "eu-directive"
    treaty = "treaty"
    cooperation_agreement = "cooperation-agreement"


class Identifiers(StrictModel):
    """Official identifiers of an instrument, and whether they were verified."""

    numac: str | None = Field(
        default=None, description="Belgian Official Gazette number: 10 digits, year first."
    )
    eli: str | None = Field(
        default=None,
        description="European Legislation Identifier (http://www.ejustice.just.fgov.be/eli/...).",
    )
    gazette: PartialDate | None = Field(
        default=None, description="Publication date in the Belgisch Staatsblad."
    )
    verified: StrictBool = Field(
        description="False when the identifiers come from no primary source."
    )
    seen_at: str = Field(description="Where the identifiers were seen.")


class ClaimBasis(StrEnum):
    """Where a claim comes from: an instrument's title or type, a term's expansion or definition."""

    stated = "stated"
    reference = "reference"
    editorial = "editorial"


class Grounds(StrictModel):
    """The basis of a claim (an instrument's title or type, a term's expansion or definition),
    and where it was seen."""

    basis: ClaimBasis = Field(
        description=(
            "stated: in the plan's words (say where in seen_at); reference: from the "
            "project's reference facts (say where in seen_at); editorial: the editors' words, "
            "from what the text says or from general facts (say which in note)."
        )
    )
    seen_at: str | None = Field(
        default=None,
        min_length=3,
        description="Where the words were seen: a footnote, a section, a reference fact.",
        examples=[
            "footnote 14",
            "reference-facts.md, Legal references",
            "3.1, nvp-2022-2025.nl.txt, line 3026: “De kruispuntbank moet een efficiënt systeem”",
        ],
    )
    note: str | None = Field(
        default=None, description="What the editors add or infer beyond the words seen."
    )

    @model_validator(mode="after")
    def _reference_says_where(self) -> Self:
        if self.basis == ClaimBasis.reference and not self.seen_at:
            raise WrongValue(
                "a basis 'reference' says where it was seen in 'seen_at'",
                "add seen_at: the source and the place in it (reference-facts.md, …)",
            )
        return self


class Instrument(StrictModel):
    """A law, decree, circular, regulation or treaty."""

    id: Id
    type: InstrumentType = Field(
        description="law, code, royal-decree, ministerial-circular, circular (issuer not named), "
        "col-circular, eu-regulation, eu-directive, treaty, cooperation-agreement …"
    )
    date: PartialDate | None = Field(default=None, description="Date of the instrument.")
    title: Text = Field(description="Its title (without its date, where the date is known).")
    title_basis: Grounds | None = Field(
        default=None,
        description="Where the title comes from: the plan's words, the reference facts, or "
        "editors (rule LG06 requires it; optional here so that older revisions still load).",
    )
    type_basis: Grounds | None = Field(
        default=None,
        description="Where the type comes from: the plan's words, the reference facts, or "
        "editors (rule LG06 requires it).",
    )
    abbreviation: Text | None = Field(
        default=None, description="Its usual abbreviation.", examples=[{"nl": "WGP", "fr": "LPI"}]
    )
    number: str | None = Field(
        default=None, description="Its number, for circulars.", examples=["COL 15/2020", "OOP 41"]
    )
    revised: PartialDate | None = Field(default=None, description="Date of the cited revision.")
    identifiers: Identifiers | None = Field(
        default=None, description="numac and ELI, only where seen in a source; never guessed."
    )
    source: Source = Field(
        default=Source.text, description="text: named in the plan; external: seen elsewhere."
    )
    waivers: Waivers = ()


class LegalRegister(StrictModel):
    kind: Literal["legal-register"] = Field(description="The kind of file: legal-register.")
    instruments: tuple[Instrument, ...] = Field(description="Every instrument the plan cites.")


class TermKind(StrEnum):
    abbreviation = "abbreviation"
    organisation = "organisation"
    programme = "programme"
    term = "term"


class Term(StrictModel):
    """An abbreviation, organisation, programme or term used in the plan."""

    id: Id
    type: TermKind = Field(description="abbreviation, organisation, programme or term.")
    term: Text = Field(description="The term or abbreviation as written in each language.")
    expansion: Text | None = Field(default=None, description="What the abbreviation stands for.")
    expansion_basis: Grounds | None = Field(
        default=None,
        description="Where the expansion comes from: the plan's words (seen_at where), the "
        "reference facts (seen_at where), or the editors (rule GL01 requires it).",
    )
    definition: Text | None = Field(
        default=None, description="What it is: an organisation, a programme, a notion."
    )
    definition_basis: Grounds | None = Field(
        default=None,
        description="Where the definition comes from: the plan's words (seen_at where), the "
        "reference facts (seen_at where), or the editors, with a note on what they rest on "
        "(rule GL01 requires it).",
    )
    basis: Basis | None = Field(
        default=None,
        description="The older, single basis of a term, read in earlier revisions; write "
        "expansion_basis and definition_basis instead (rule GL01).",
        json_schema_extra={"deprecated": True},
    )
    avoid: dict[LanguageCode, tuple[str, ...]] = Field(
        default={},
        description="Wordings a translation must not use where the source uses this term "
        "(rule TR03), e.g. fr: [trafiquants d’êtres humains] for mensenhandelaars.",
        examples=[{"fr": ["trafic d’êtres humains"]}],
    )
    waivers: Waivers = ()


class Glossary(StrictModel):
    kind: Literal["glossary"] = Field(description="The kind of file: glossary.")
    terms: tuple[Term, ...] = Field(description="Abbreviations, organisations, programmes, terms.")
