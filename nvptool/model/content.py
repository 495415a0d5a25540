"""The content of a plan cycle: chapters, sections, themes, objectives, phenomena.

Everything a policy writer edits lives here. Prose is Markdown in a
:class:`Text`; footnotes are referenced from the prose as ``[^fn-12]``;
citations, figures, targets and mappings hang from the object whose text
states them, so that one pull request about one phenomenon touches one file.
"""

from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import Field, StrictBool, StrictFloat, StrictInt, model_validator

from nvptool.model.base import (
    CHAPTER_NUMBER_PATTERN,
    FIGURE_PERIOD_PATTERN,
    FINGERPRINT_PATTERN,
    NUMBER_PATTERN,
    Id,
    PartialDate,
    StrictModel,
    WrongValue,
)
from nvptool.model.text import Text


class Waiver(StrictModel):
    """A decision that a rule does not apply here, with the reason why."""

    rule: str = Field(
        description="Rule code, name or group to waive.", examples=["MP01", "kiv-mapped"]
    )
    reason: str = Field(min_length=10, description="Why the rule does not apply here.")


Waivers = Annotated[
    tuple[Waiver, ...],
    Field(description="Rules that do not apply to this object, each with the reason why."),
]


class Citation(StrictModel):
    """A reference from this object's text to an instrument of the legal register."""

    instrument: Id = Field(description="Id of the legal instrument.", examples=["wgp"])
    pinpoint: str | None = Field(
        default=None,
        description="Where in the instrument: articles, paragraphs, titles or chapters.",
        examples=["art. 433quinquies", "art. 46sexies, §1", "art. 4, 36, 37, 37bis", "titel VIII"],
    )
    quote: str | None = Field(
        default=None,
        description="The words of the source-language text that make the citation.",
        examples=["artikel 77bis van de vreemdelingenwet"],
    )
    waivers: Waivers = ()


class Footnote(StrictModel):
    """A footnote, referenced from prose in the same file as ``[^id]``."""

    id: Id = Field(examples=["fn-12"])
    number: StrictInt = Field(ge=1, description="The footnote's number in the published plan.")
    text: Text = Field(description="The footnote's text, Markdown.")
    citations: tuple[Citation, ...] = Field(
        default=(), description="Legal instruments the footnote cites."
    )
    waivers: Waivers = ()


class Basis(StrEnum):
    """Where a mapping comes from."""

    stated = "stated"
    editorial = "editorial"


class Review(StrictModel):
    """A person's check of what no rule can check: a label or a reason against the text.

    The review records the fingerprint of the words it approved, so that an edit of
    the label or reason afterwards shows (rule RV01) until someone reviews it again.
    """

    by: str = Field(min_length=2, description="Who reviewed.")
    date: PartialDate = Field(description="When.")
    against: str = Field(
        min_length=10,
        description="What the claim was compared with: where the text says it, in its words.",
        examples=["nvp-2022-2025.nl.txt line 1977: “ongelijkheid en concurrentievervalsing”"],
    )
    fingerprint: str = Field(
        pattern=FINGERPRINT_PATTERN,
        description="Fingerprint of the source-language label or reason that was reviewed.",
    )


class Mapping(StrictModel):
    """This object serves a KIV security dimension or an NVS vital interest."""

    target: Id = Field(
        description="Id of a KIV dimension or NVS interest.", examples=["digitale-veiligheid"]
    )
    basis: Basis = Field(
        description="stated: the plan text says so; editorial: a judgement of the editors."
    )
    reason: Text = Field(description="One line, grounded in the text, saying why.")
    reviewed: Review | None = Field(
        default=None, description="Who checked the reason against the text, when, against what."
    )
    waivers: Waivers = ()


class Qualifier(StrEnum):
    """How exactly the text states a figure, in its own words."""

    exact = "exact"
    about = "about"
    nearly = "nearly"
    at_least = "at-least"
    more_than = "more-than"
    range = "range"


class Figure(StrictModel):
    """A statistic quoted by the text."""

    id: Id
    label: Text = Field(description="What is counted, in the text's own words: nothing inferred.")
    qualifier: Qualifier = Field(
        default=Qualifier.exact,
        description=(
            'How the text states the number: exact ("646"), about ("ongeveer 5 600"), '
            'nearly ("bijna 48 000"), at-least ("minstens"), more-than ("meer dan"), '
            'or range ("tussen 1 000 en 1 200": give low and high instead of value).'
        ),
    )
    value: StrictFloat | None = Field(
        default=None,
        allow_inf_nan=False,
        description="The number as printed (37 457 is 37457); for a range, low and high instead.",
    )
    low: StrictFloat | None = Field(
        default=None, allow_inf_nan=False, description="The lower bound of a range."
    )
    high: StrictFloat | None = Field(
        default=None, allow_inf_nan=False, description="The upper bound of a range."
    )
    unit: Text = Field(description="Unit of the value: persons, facts, percent …")
    change: StrictBool = Field(
        default=False,
        description=(
            "The value is a change, an increase or a decrease, that the text writes with "
            'its sign ("+4 %", "- 18 %"): shown with its sign. For a label that names an '
            "evolution, not a rise or a fall."
        ),
    )
    period: str | None = Field(
        default=None,
        pattern=FIGURE_PERIOD_PATTERN,
        description=(
            "Year or interval the value refers to: 2020, or 2016/2019. "
            "Left out when the text does not say."
        ),
        examples=["2020", "2016/2019"],
    )
    series: Id | None = Field(
        default=None, description="Figures with the same series id form a time series."
    )
    source: Text | None = Field(default=None, description="Who produced the figure.")
    note: Text | None = Field(
        default=None,
        description="An editor's remark on what the quote leaves open (shown as editorial).",
    )
    quote: str = Field(description="The words of the source text that state the figure.")
    reviewed: Review | None = Field(
        default=None, description="Who checked the label against the text, when, against what."
    )
    waivers: Waivers = ()

    @model_validator(mode="after")
    def _value_or_range(self) -> Self:
        if self.qualifier == Qualifier.range:
            if self.low is None or self.high is None or self.value is not None:
                raise WrongValue(
                    "a range gives 'low' and 'high', and no 'value'",
                    "write the range's two ends as 'low' and 'high', without 'value'",
                )
            if self.high < self.low:
                raise WrongValue(
                    f"the range ends ({self.high}) below its start ({self.low})",
                    "swap 'low' and 'high'",
                )
        elif self.value is None or self.low is not None or self.high is not None:
            raise WrongValue(
                f"a figure stated as '{self.qualifier}' gives 'value', and no 'low' or 'high'",
                "write the figure as 'value'; a range has 'qualifier: range'",
            )
        return self


class Target(StrictModel):
    """A commitment with a measurable aim."""

    id: Id
    label: Text = Field(description="What is aimed at.")
    value: StrictFloat | None = Field(
        default=None, allow_inf_nan=False, description="The number aimed at, if any."
    )
    unit: Text | None = Field(default=None, description="Unit of the value.")
    period: str | None = Field(
        default=None, description="When the aim holds.", examples=["yearly", "2022/2025"]
    )
    quote: str = Field(description="The words of the source text that state the target.")
    waivers: Waivers = ()


class SectionKind(StrEnum):
    """What a section is, as the plan names it."""

    section = "section"
    description = "description"
    situation = "situation"
    approach = "approach"
    measures_taken = "measures-taken"
    subphenomenon = "subphenomenon"
    building_block = "building-block"


class Annotated_(StrictModel):
    """Fields shared by every object that carries text."""

    citations: tuple[Citation, ...] = Field(
        default=(), description="Legal instruments this object's text cites."
    )
    figures: tuple[Figure, ...] = Field(
        default=(), description="Statistics this object's text quotes."
    )
    targets: tuple[Target, ...] = Field(
        default=(), description="Measurable commitments this object's text makes."
    )
    waivers: Waivers = ()


class Measure(Annotated_):
    """One measure of a strategic objective or of a phenomenon's police approach.

    The plan prints a measure as a list item, sometimes introduced by a line of its own
    ("Hiertoe zal onder meer:") and sometimes followed by paragraphs that explain it. The
    measure keeps all three, so its text reads in the plan's order: lead, text, details.
    Its id is stable: follow-up data, diffs and the next cycle refer to it.
    """

    id: Id = Field(examples=["georganiseerde-criminaliteit-sd1-m3"])
    number: StrictInt = Field(
        ge=1,
        description="Its number within its objective, or within its phenomenon for the "
        "measures of the police approach: 1, 2, 3 …",
    )
    lead: Text | None = Field(
        default=None,
        description="Paragraphs printed before the measure that introduce it and the ones "
        "after it, e.g. “Hiertoe zal onder meer:”.",
    )
    text: Text = Field(
        description="The list item as printed, without its bullet; nested items stay in it."
    )
    details: Text | None = Field(
        default=None, description="Paragraphs printed after the item that explain it."
    )
    succeeds: tuple[Id, ...] = Field(
        default=(), description="Ids of the measures of the previous cycle this one continues."
    )


MEASURES = "Its measures, in the order printed; see the measure's lead, text and details."
CLOSING = "Text printed after its last measure."


class Section(Annotated_):
    """A titled piece of prose, possibly with subsections."""

    id: Id
    number: str | None = Field(
        default=None, pattern=NUMBER_PATTERN, description="Number as printed, e.g. 1.3."
    )
    kind: SectionKind = Field(
        default=SectionKind.section,
        description="What the section is: description, situation, approach, measures-taken, "
        "subphenomenon, building-block, or a plain section.",
    )
    title: Text | None = Field(default=None, description="Heading as printed, in sentence case.")
    body: Text | None = Field(
        default=None, description="Markdown prose of the section, before its first measure."
    )
    measures: tuple[Measure, ...] = Field(default=(), description=MEASURES)
    closing: Text | None = Field(default=None, description=CLOSING)
    sections: tuple["Section", ...] = Field(default=(), description="Subsections, in order.")


class Objective(Annotated_):
    """A strategic objective of a transversal theme, and the measures it lists."""

    id: Id
    number: StrictInt = Field(ge=1, description="Its number within the theme: 1, 2, 3 …")
    title: Text = Field(description="The objective as printed, in sentence case.")
    body: Text = Field(description="Its text before its first measure.")
    measures: tuple[Measure, ...] = Field(default=(), description=MEASURES)
    closing: Text | None = Field(default=None, description=CLOSING)


FOOTNOTES = "Footnotes referenced from this file's text as [^id]."
SUCCEEDS = "The themes or phenomena of the previous cycle this one continues."


class Succession(StrictModel):
    """Which objects of the previous cycle this one continues, and on what basis."""

    predecessors: tuple[Id, ...] = Field(
        min_length=1, description="Ids of themes or phenomena in the previous cycle."
    )
    basis: Basis = Field(description="stated: the plan says so; editorial: the editors judge so.")
    reason: Text = Field(description="One line saying why.")
    reviewed: Review | None = Field(
        default=None, description="Who checked the reason against the text, when, against what."
    )


class Mapped(Annotated_):
    """An object that serves KIV dimensions and NVS interests."""

    mappings: tuple[Mapping, ...] = Field(
        default=(), description="The KIV dimensions and NVS interests it serves, and why."
    )


class Theme(Mapped):
    """A transversal theme (2.2.x), tackled as a programme."""

    kind: Literal["theme"] = Field(description="The kind of file: theme.")
    id: Id
    number: str = Field(
        pattern=NUMBER_PATTERN, description="Number as printed.", examples=["2.2.1"]
    )
    title: Text = Field(description="The theme's title as printed.")
    context: Text | None = Field(
        default=None, description="The CONTEXT text; left out when it is not known."
    )
    general_objective: Text | None = Field(
        default=None, description="The ALGEMENE DOELSTELLING text, where the plan prints one."
    )
    objectives: tuple[Objective, ...] = Field(
        default=(), description="Its strategic objectives, in order."
    )
    footnotes: tuple[Footnote, ...] = Field(default=(), description=FOOTNOTES)
    succeeds: Succession | None = Field(default=None, description=SUCCEEDS)


class Phenomenon(Mapped):
    """A security phenomenon (2.3.x)."""

    kind: Literal["phenomenon"] = Field(description="The kind of file: phenomenon.")
    id: Id
    number: str = Field(
        pattern=NUMBER_PATTERN, description="Number as printed.", examples=["2.3.3"]
    )
    title: Text = Field(description="The phenomenon's title as printed.")
    body: Text | None = Field(default=None, description="Prose before the first section.")
    sections: tuple[Section, ...] = Field(
        default=(), description="Typed sections: description, situation, approach …"
    )
    footnotes: tuple[Footnote, ...] = Field(default=(), description=FOOTNOTES)
    succeeds: Succession | None = Field(default=None, description=SUCCEEDS)


class Chapter(Annotated_):
    """A chapter of the plan, or its foreword."""

    kind: Literal["chapter"] = Field(description="The kind of file: chapter.")
    id: Id
    number: str | None = Field(
        default=None,
        pattern=CHAPTER_NUMBER_PATTERN,
        description="Chapter number; none for the foreword.",
    )
    title: Text | None = Field(
        default=None, description="Left out when the published plan prints no title."
    )
    body: Text | None = Field(default=None, description="Prose before the first section.")
    sections: tuple[Section, ...] = Field(default=(), description="Its sections, in order.")
    footnotes: tuple[Footnote, ...] = Field(default=(), description=FOOTNOTES)
