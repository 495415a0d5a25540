"""SARIF 2.1.0, for code scanning: every rule described from its documentation."""

from __future__ import annotations

from urllib.parse import quote

from sarif_pydantic import (
    ArtifactLocation,
    Invocation,
    Level,
    Location,
    Message,
    PhysicalLocation,
    Region,
    ReportingConfiguration,
    ReportingDescriptor,
    Result,
    Run,
    Sarif,
    Tool,
    ToolDriver,
)

from nvptool.findings import Finding, Severity, printable
from nvptool.provenance import installed_source
from nvptool.report.base import Report, with_hint
from nvptool.rules import CatalogueEntry

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)

_LEVELS = {Severity.error: Level.ERROR, Severity.warning: Level.WARNING}

MOST_RESULTS = 25_000
"""The most results of a run that GitHub's code scanning takes: it refuses a larger one
(and shows the first 5,000, errors first)."""


def uri(path: str) -> str:
    """A file path as a relative URI reference: spaces, % and é percent-encoded."""
    return quote(path.replace("\\", "/"), safe="/")


def _descriptor(entry: CatalogueEntry) -> ReportingDescriptor:
    doc = entry.rule.doc.strip() if entry.rule else entry.summary
    return ReportingDescriptor(
        id=entry.code,
        name=entry.name,
        short_description=Message(text=entry.summary),
        full_description=Message(text=doc),
        help=Message(text=doc, markdown=doc.replace("::\n", ":\n")),
        default_configuration=ReportingConfiguration(level=_LEVELS[Severity(entry.severity)].value),
    )


def _result(finding: Finding, index: dict[str, int]) -> Result:
    where = finding.location
    return Result(
        rule_id=finding.code,
        rule_index=index.get(finding.code),
        level=_LEVELS[finding.severity],
        # Shown to reviewers by code scanning: control and direction characters as escapes.
        message=Message(text=printable(with_hint(finding))),
        locations=[
            Location(
                physical_location=PhysicalLocation(
                    artifact_location=ArtifactLocation(uri=uri(where.file)),
                    region=Region(start_line=where.line, start_column=where.column),
                )
            )
        ],
    )


def as_sarif(report: Report) -> str:
    index = {entry.code: position for position, entry in enumerate(report.rules)}
    driver = ToolDriver(
        name="nvptool",
        version=report.version or None,
        semantic_version=report.version or None,
        information_uri=installed_source(),
        rules=[_descriptor(entry) for entry in report.rules],
    )
    findings, left_out = _most(report.result.findings)
    log = Sarif(
        schema_uri=SARIF_SCHEMA,
        runs=[
            Run(
                tool=Tool(driver=driver),
                invocations=_told(left_out, len(report.result.findings)),
                results=[_result(f, index) for f in findings],
            )
        ],
    )
    text: str = log.model_dump_json(by_alias=True, exclude_none=True, indent=2)
    return text + "\n"


def _most(findings: tuple[Finding, ...]) -> tuple[list[Finding], int]:
    """The findings a run can hold, errors before warnings, in their order; how many not."""
    if len(findings) <= MOST_RESULTS:
        return list(findings), 0
    ranked = sorted(range(len(findings)), key=lambda n: findings[n].severity != Severity.error)
    return [findings[n] for n in sorted(ranked[:MOST_RESULTS])], len(findings) - MOST_RESULTS


def _told(left_out: int, count: int) -> list[Invocation] | None:
    """The run's invocation, with a notification of the findings left out, if any."""
    if not left_out:
        return None
    words = (
        f"{left_out:,} of {count:,} findings are left out, warnings first: code scanning "
        f"takes at most {MOST_RESULTS:,} results a run. 'nvptool check' lists them all."
    )
    notification = {"level": "warning", "message": {"text": words}}
    # sarif-pydantic has no model of a notification: the invocation takes it as it is.
    return [Invocation(execution_successful=True, toolExecutionNotifications=[notification])]
