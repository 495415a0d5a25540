"""Reference data shared by cycles: KIV, NVS, the legal register and the glossary."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field, StrictBool

from nvptool.model.base import Id, PartialDate, StrictModel
from nvptool.model.content import Basis, Waiver
from nvptool.model.cycle import Period, Source
from nvptool.model.text import Text


class Dimension(StrictModel):
    """A security dimension of the KIV, or a vital interest of the NVS."""

    id: Id
    number: int = Field(ge=1)
    title: Text
    waivers: tuple[Waiver, ...] = ()


class Kiv(StrictModel):
    """A Kadernota Integrale Veiligheid and its security dimensions."""

    kind: Literal["kiv"]
    id: Id = Field(examples=["kiv-2022-2025"])
    title: Text
    period: Period
    dimensions: tuple[Dimension, ...]


class Nvs(StrictModel):
    """A Nationale Veiligheidsstrategie and its vital interests."""

    kind: Literal["nvs"]
    id: Id = Field(examples=["nvs-2021"])
    title: Text
    date: PartialDate
    interests: tuple[Dimension, ...]


class InstrumentType(StrEnum):
    law = "law"
    code = "code"
    royal_decree = "royal-decree"
    ministerial_decree = "ministerial-decree"
    ministerial_circular = "ministerial-circular"
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


class Instrument(StrictModel):
    """A law, decree, circular, regulation or treaty."""

    id: Id
    type: InstrumentType
    date: PartialDate | None = Field(default=None, description="Date of the instrument.")
    title: Text
    abbreviation: Text | None = Field(default=None, examples=[{"nl": "WGP", "fr": "LPI"}])
    number: str | None = Field(default=None, examples=["COL 15/2020", "OOP 41"])
    revised: PartialDate | None = Field(default=None, description="Date of the cited revision.")
    identifiers: Identifiers | None = None
    source: Source = Field(
        default=Source.text, description="text: named in the plan; external: seen elsewhere."
    )
    waivers: tuple[Waiver, ...] = ()


class LegalRegister(StrictModel):
    kind: Literal["legal-register"]
    instruments: tuple[Instrument, ...]


class TermKind(StrEnum):
    abbreviation = "abbreviation"
    organisation = "organisation"
    programme = "programme"
    term = "term"


class Term(StrictModel):
    """An abbreviation, organisation, programme or term used in the plan."""

    id: Id
    type: TermKind
    term: Text = Field(description="The term or abbreviation as written in each language.")
    expansion: Text | None = Field(default=None, description="What the abbreviation stands for.")
    definition: Text | None = None
    basis: Basis = Field(
        description="stated: the expansion is written in the plan; editorial: supplied by editors."
    )
    waivers: tuple[Waiver, ...] = ()


class Glossary(StrictModel):
    kind: Literal["glossary"]
    terms: tuple[Term, ...]
