"""Shared building blocks of the plan model."""

import re
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from nvptool.urls import INVISIBLE_IN_URLS, WEB_ADDRESS, WEB_ADDRESS_WORDS, is_web_address

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
MAX_ID_LENGTH = 80
# The other forms of text the models accept; the loader says each in words when a value
# misses it (load.schema_errors.PATTERN_WORDS).
DATE_PATTERN = r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$"
FIGURE_PERIOD_PATTERN = r"^\d{4}(?:-\d{2})?(?:/\d{4}(?:-\d{2})?)?$"
NUMBER_PATTERN = r"^\d+(?:\.\d+)*$"
CHAPTER_NUMBER_PATTERN = r"^\d+$"
FINGERPRINT_PATTERN = r"^[0-9a-f]{12}$"
LANGUAGE_PATTERN = r"^[a-z]{2}$"
Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=MAX_ID_LENGTH),
    Field(
        description="Stable, readable identifier: lower-case words joined by hyphens.",
        examples=["drugs", "drugs-politieaanpak"],
    ),
]
"""A stable, readable identifier: lower-case words joined by hyphens."""


class WrongValue(ValueError):
    """A value that a model's own check refuses: what is wrong, and what to do (the loader
    says both, as it does for pydantic's own refusals)."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _real_date(value: str) -> str:
    year, month, day = PARTIAL_DATE.fullmatch(value).groups()  # type: ignore[union-attr]
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise WrongValue(
            f"{value!r} is not a date in the calendar", "write a date that exists: 2022-02-28"
        ) from None
    return value


def _web_address(value: str) -> str:
    if not value.isprintable() or INVISIBLE_IN_URLS.search(value):
        raise WrongValue(
            "the address holds characters that are not seen or not printed",
            "type the address again, without copying it from a formatted document",
        )
    if not is_web_address(value):
        raise WrongValue(
            WEB_ADDRESS_WORDS, "write it as a browser shows it: https://example.org/plan/"
        )
    return value


WEB_ADDRESS_PATTERN = f"^{WEB_ADDRESS.pattern}$"
WebAddress = Annotated[
    str,
    StringConstraints(pattern=WEB_ADDRESS_PATTERN),
    AfterValidator(_web_address),
    Field(examples=["https://example.gitlab.io/plan/"]),
]
"""A full http(s) address, as a setting that the site links to must be (urls.is_web_address)."""


PartialDate = Annotated[
    str,
    StringConstraints(pattern=DATE_PATTERN),
    AfterValidator(_real_date),
    Field(examples=["2022-03-10", "2022-03", "2022"]),
]
"""A date known to the day, the month or the year: ``2022-03-10``, ``2022-03`` or ``2022``."""


def share_fields_set(model: BaseModel) -> None:
    """Give a frozen model the one set of field names shared by every model given the same.

    pydantic keeps, in each instance, the set of the fields its input gave (216 bytes and
    more): a plan of 10,000 measures and four years of follow-up held 115,000 such sets,
    a fifth of its memory, nearly all alike. Only a frozen model may share it: pydantic
    adds to the set when a field is assigned, which a frozen model refuses, and it copies
    the set before changing a copy (model_copy).
    """
    given = model.__pydantic_fields_set__
    shared = _FIELD_SETS.setdefault(frozenset(given), given)
    if shared is not given:
        object.__setattr__(model, "__pydantic_fields_set__", shared)


_FIELD_SETS: dict[frozenset[str], set[str]] = {}
"""The shared sets, by their names: a few dozen in a plan."""


class StrictModel(BaseModel):
    """Every model of the plan: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def model_post_init(self, context: Any, /) -> None:
        share_fields_set(self)
