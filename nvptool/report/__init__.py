"""Findings in every format nvptool writes, from one registry the command line reads.

Adding a format: one module with a function of a Report, and one entry below.
Each format's module is imported only when the format is written, so that
`nvptool check` does not load SARIF's models, JUnit's XML or rich for JSON.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from msgspec import Struct

if TYPE_CHECKING:
    from nvptool.report.base import Report

__all__ = ["FORMATS", "ReportFormat", "render"]


class ReportFormat(Struct, frozen=True):
    name: str
    summary: str
    module: str
    function: str

    def write(self, report: Report) -> str:
        module = importlib.import_module(f"nvptool.report.{self.module}")
        return getattr(module, self.function)(report)  # type: ignore[no-any-return]


FORMATS: dict[str, ReportFormat] = {
    f.name: f
    for f in (
        ReportFormat("text", "file:line:col severity CODE message [name]", "plain", "as_text"),
        ReportFormat("json", "every finding with its fields", "plain", "as_json"),
        ReportFormat("markdown", "a table for a CI job summary or comment", "plain", "as_markdown"),
        ReportFormat("github", "GitHub workflow annotations", "github", "as_github"),
        ReportFormat("gitlab", "GitLab code-quality report", "gitlab", "as_gitlab"),
        ReportFormat("sarif", "SARIF 2.1.0 for code scanning", "sarif", "as_sarif"),
        ReportFormat("junit", "JUnit XML: errors fail, warnings are output", "junit", "as_junit"),
    )
}


def render(report: Report, fmt: str) -> str:
    return FORMATS[fmt].write(report)
