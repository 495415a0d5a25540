"""The follow-up of a plan cycle: what was done about each measure, year by year.

Chapter 4 of the plan asks for qualitative and quantitative monitoring, a mid-term
evaluation and a final one. The follow-up lives in the cycle's ``follow-up/``
directory, apart from the plan text, so a directorate's yearly report is a pull
request that touches one small file and never the plan's words:

- ``indicators.yaml`` (kind ``indicators``): what is measured, how, from which
  baseline and towards which targets; written once and rarely changed;
- ``<year>.yaml`` (kind ``follow-up``): one reporting year, with the status of each
  measure and the values measured in that year.
"""

from enum import StrEnum
from typing import Literal

from pydantic import Field, StrictBool, StrictFloat, StrictInt

from nvptool.model.base import Id, StrictModel
from nvptool.model.content import Waivers
from nvptool.model.text import Text

YEAR = Field(ge=1990, le=2100, description="A calendar year.", examples=[2023])
PERIOD_PATTERN = r"^\d{4}(?:-(?:Q[1-4]|S[12]|(?:0[1-9]|1[0-2])))?$"


class Status(StrEnum):
    """Where a measure stands at the end of a reporting year."""

    planned = "planned"
    in_progress = "in-progress"
    done = "done"
    delayed = "delayed"
    dropped = "dropped"


class Reporting(StrEnum):
    """How far the reporting of a year has come."""

    not_started = "not-started"
    open = "open"
    closed = "closed"


class Direction(StrEnum):
    """Which way an indicator should move."""

    increase = "increase"
    decrease = "decrease"
    maintain = "maintain"


class Baseline(StrictModel):
    """The value an indicator starts from."""

    value: StrictFloat = Field(allow_inf_nan=False, description="The value measured.")
    year: StrictInt = YEAR


class YearTarget(StrictModel):
    """The value an indicator should reach in a year."""

    year: StrictInt = YEAR
    value: StrictFloat = Field(allow_inf_nan=False, description="The value aimed at.")


class Indicator(StrictModel):
    """Something measured to follow the plan, with its baseline and yearly targets."""

    id: Id = Field(examples=["drugs-inbeslagnames-cocaine"])
    label: Text = Field(description="What is measured, in a few words.")
    unit: Text = Field(description="The unit of its values, e.g. aantal, %, ton.")
    direction: Direction = Field(description="increase, decrease or maintain.")
    method: Text = Field(description="How it is measured or counted.")
    source: Text = Field(description="Where the values come from, e.g. the police statistics.")
    minimum: StrictFloat | None = Field(
        default=None, allow_inf_nan=False, description="The lowest value that can occur."
    )
    maximum: StrictFloat | None = Field(
        default=None, allow_inf_nan=False, description="The highest value that can occur."
    )
    baseline: Baseline | None = Field(default=None, description="The value it starts from.")
    targets: tuple[YearTarget, ...] = Field(
        default=(), description="The values aimed at, per year."
    )
    follows: tuple[Id, ...] = Field(
        default=(), description="Ids of the measures or objectives whose progress it shows."
    )
    plan_target: Id | None = Field(
        default=None, description="Id of the plan's own target (in the plan text) it measures."
    )
    series: Id | None = Field(
        default=None, description="Id of the plan's figure whose series it continues."
    )
    waivers: Waivers = ()


class MeasureStatus(StrictModel):
    """What was done about one measure in one reporting year."""

    measure: Id = Field(description="Id of the measure (or of an objective without measures).")
    status: Status = Field(description="planned, in-progress, done, delayed or dropped.")
    owner: Id | None = Field(
        default=None, description="Id of the glossary organisation that reports on it."
    )
    note: Text | None = Field(default=None, description="What happened, in a few sentences.")
    reason: Text | None = Field(default=None, description="Why the measure was delayed or dropped.")
    evidence: tuple[str, ...] = Field(
        default=(), description="Links to what shows it (https addresses)."
    )
    waivers: Waivers = ()


class IndicatorValue(StrictModel):
    """A value of an indicator measured for a period of the reporting year."""

    indicator: Id = Field(description="Id of the indicator.")
    period: str = Field(
        pattern=PERIOD_PATTERN,
        description="The year, or a quarter, half or month of it.",
        examples=["2023", "2023-Q2", "2023-S1", "2023-06"],
    )
    value: StrictFloat = Field(allow_inf_nan=False, description="The value measured.")
    provisional: StrictBool = Field(
        default=False, description="True while the value may still be revised."
    )
    note: Text | None = Field(default=None, description="What a reader should know of it.")
    waivers: Waivers = ()


class Indicators(StrictModel):
    """The indicators of a cycle's follow-up."""

    kind: Literal["indicators"] = Field(description="The kind of file: indicators.")
    indicators: tuple[Indicator, ...] = Field(default=(), description="The indicators.")


class FollowUp(StrictModel):
    """One reporting year of a cycle's follow-up."""

    kind: Literal["follow-up"] = Field(description="The kind of file: follow-up.")
    year: StrictInt = YEAR
    reporting: Reporting = Field(
        description="not-started: nothing reported yet; open: reports coming in; closed: final."
    )
    statuses: tuple[MeasureStatus, ...] = Field(
        default=(), description="The status of each measure at the end of the year."
    )
    values: tuple[IndicatorValue, ...] = Field(
        default=(), description="The values of the indicators measured in the year."
    )
