"""A plan cycle: its identity, period, status, events and signatories."""

from enum import StrEnum
from typing import Literal, Self

from pydantic import Field, StrictBool, StrictInt, model_validator

from nvptool.model.base import Id, PartialDate, StrictModel, WrongValue
from nvptool.model.content import Waivers
from nvptool.model.text import Text


class CycleStatus(StrEnum):
    draft = "draft"
    adopted = "adopted"
    in_force = "in-force"
    ended = "ended"


class EventKind(StrEnum):
    advice = "advice"
    validation = "validation"
    approval = "approval"
    alignment = "alignment"
    presentation = "presentation"
    extension = "extension"


class Source(StrEnum):
    """Where a fact was seen."""

    text = "text"
    external = "external"


class Event(StrictModel):
    """An advice, validation or approval of the plan by a body."""

    kind: EventKind = Field(description="advice, validation, approval, alignment, presentation …")
    date: PartialDate = Field(description="The date, to the day, month or year as known.")
    body: Text | None = Field(
        default=None, description="The body that acted, e.g. Ministerraad; left out when unknown."
    )
    note: Text | None = Field(default=None, description="What else the plan says of it.")
    source: Source = Field(description="text: stated in the plan; external: seen elsewhere.")
    seen_at: str | None = Field(
        default=None, description="Where an external fact was seen.", examples=["police.be"]
    )


class Signatory(StrictModel):
    """A minister who signs the plan."""

    name: str = Field(description="Name as printed.")
    role: Text = Field(description="Office as printed, e.g. Minister van Justitie.")


class Period(StrictModel):
    """The years a plan covers."""

    start: StrictInt = Field(ge=1990, le=2100, description="First year.")
    end: StrictInt = Field(ge=1990, le=2100, description="Last year.")

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end < self.start:
            raise WrongValue(
                f"the period ends ({self.end}) before it starts ({self.start})",
                "swap 'start' and 'end'",
            )
        return self


class Frameworks(StrictModel):
    """The policy documents a cycle is aligned with."""

    kiv: Id | None = Field(default=None, description="Id of the Kadernota Integrale Veiligheid.")
    nvs: Id | None = Field(default=None, description="Id of the Nationale Veiligheidsstrategie.")


class Cycle(StrictModel):
    """One National Security Plan, e.g. nvp-2022-2025."""

    kind: Literal["cycle"] = Field(description="The kind of file: cycle.")
    id: Id = Field(
        description="The cycle's id; its directory bears the same name.",
        examples=["nvp-2022-2025"],
    )
    title: Text = Field(description="The plan's title as printed.")
    short_title: Text | None = Field(
        default=None, description="The plan's usual name.", examples=[{"nl": "NVP 2022-2025"}]
    )
    period: Period = Field(description="The years the plan covers.")
    status: CycleStatus = Field(description="draft, adopted, in-force or ended.")
    extended_until: PartialDate | None = Field(
        default=None, description="When the plan was extended beyond its period: until when."
    )
    partial: StrictBool = Field(
        default=False, description="True when only part of the plan's content is encoded."
    )
    predecessor: Id | None = Field(default=None, description="Id of the previous cycle.")
    frameworks: Frameworks = Field(
        default=Frameworks(), description="The KIV and NVS the plan is aligned with."
    )
    events: tuple[Event, ...] = Field(
        default=(), description="Advice, validations and approvals, with their dates."
    )
    signatories: tuple[Signatory, ...] = Field(default=(), description="Who signs the plan.")
    waivers: Waivers = ()
