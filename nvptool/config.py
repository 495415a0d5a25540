"""The tool's configuration, read from ``nvptool.yaml`` at the root of a plan directory."""

from typing import Literal

from pydantic import Field

from nvptool.findings import Severity
from nvptool.model.base import StrictModel, WebAddress
from nvptool.model.text import LanguageCode


class RuleSettings(StrictModel):
    """Which rules run and how severe their findings are.

    Rules are named by code (``XR02``), name (``reference-resolves``) or group
    (``references``).
    """

    select: tuple[str, ...] = Field(default=(), description="Run only these; empty runs all.")
    ignore: tuple[str, ...] = Field(default=(), description="Never run these.")
    severity: dict[str, Severity] = Field(
        default_factory=dict, description="Severity overrides by code, name or group."
    )


DEFAULT_SOURCE_LANGUAGE = "nl"
"""The source language of a plan whose nvptool.yaml names none (or that cannot be read)."""


class Config(StrictModel):
    """Settings of a plan directory."""

    kind: Literal["config"] = Field(default="config", description="The kind of file: config.")
    source_language: LanguageCode = Field(
        default=DEFAULT_SOURCE_LANGUAGE, description="Language of the source text."
    )
    languages: tuple[LanguageCode, ...] = Field(
        default=("nl", "fr"), description="Every language the plan is published in."
    )
    rules: RuleSettings = Field(
        default=RuleSettings(), description="Which rules run, and how severe their findings are."
    )
    edit_url: WebAddress | None = Field(
        default=None,
        description="Where a plan file is edited, followed by its path in the plan directory "
        "(e.g. https://github.com/org/repo/edit/main/plan/): the site links each page to it.",
        examples=["https://github.com/org/repo/edit/main/plan/"],
    )
    site_url: WebAddress | None = Field(
        default=None,
        description="The address the site is published at: the folder that holds each "
        "language's site (nl/, fr/). Needed when the site is not at the root of its domain "
        "(GitLab or GitHub Pages of a project), for the page of an unknown address and the "
        "links between the languages; `nvptool build --site-url` overrides it.",
        examples=["https://example.gitlab.io/veiligheidsplan/"],
    )
    profiles: dict[str, RuleSettings] = Field(
        default_factory=dict,
        description="Named rule settings applied on top of `rules` with --profile NAME.",
    )


DEFAULT_CONFIG = Config()
