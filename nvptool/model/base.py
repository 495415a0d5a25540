"""Shared building blocks of the plan model."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
MAX_ID_LENGTH = 80
Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=MAX_ID_LENGTH),
    Field(
        description="Stable, readable identifier: lower-case words joined by hyphens.",
        examples=["drugs", "drugs-politieaanpak"],
    ),
]
"""A stable, readable identifier: lower-case words joined by hyphens."""

PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _real_date(value: str) -> str:
    year, month, day = PARTIAL_DATE.fullmatch(value).groups()  # type: ignore[union-attr]
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise ValueError(f"{value!r} is not a date in the calendar") from None
    return value


PartialDate = Annotated[
    str,
    StringConstraints(pattern=r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$"),
    AfterValidator(_real_date),
    Field(examples=["2022-03-10", "2022-03", "2022"]),
]
"""A date known to the day, the month or the year: ``2022-03-10``, ``2022-03`` or ``2022``."""


class StrictModel(BaseModel):
    """Every model of the plan: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
