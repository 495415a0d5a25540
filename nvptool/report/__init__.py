"""Findings in every format nvptool writes, from one registry the command line reads.

Adding a format: one module with a function of a Report, and one entry below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nvptool.report.base import Report, summary
from nvptool.report.github import as_github
from nvptool.report.gitlab import as_gitlab
from nvptool.report.junit import as_junit
from nvptool.report.plain import as_json, as_markdown, as_text
from nvptool.report.sarif import as_sarif

__all__ = ["FORMATS", "Report", "ReportFormat", "render", "summary"]


@dataclass(frozen=True)
class ReportFormat:
    name: str
    summary: str
    write: Callable[[Report], str]


FORMATS: dict[str, ReportFormat] = {
    f.name: f
    for f in (
        ReportFormat("text", "file:line:col severity CODE message [name]", as_text),
        ReportFormat("json", "every finding with its fields", as_json),
        ReportFormat("markdown", "a table for a CI job summary or comment", as_markdown),
        ReportFormat("github", "GitHub workflow annotations", as_github),
        ReportFormat("gitlab", "GitLab code-quality report", as_gitlab),
        ReportFormat("sarif", "SARIF 2.1.0 for code scanning", as_sarif),
        ReportFormat("junit", "JUnit XML: errors fail, warnings are output", as_junit),
    )
}


def render(report: Report, fmt: str) -> str:
    return FORMATS[fmt].write(report)
