"""GitHub workflow commands: one annotation per finding, and a notice when GitHub caps them."""

from __future__ import annotations

from nvptool.findings import Severity, printable
from nvptool.report.base import Report, plural, summary, with_hint
from nvptool.report.plain import MARKDOWN_ROWS

ANNOTATIONS_SHOWN = 10
"""GitHub shows at most this many error and this many warning annotations per step."""


def _escape(value: str, property_value: bool = False) -> str:
    # https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def as_github(report: Report) -> str:
    lines = []
    for f in report.result.findings:
        level = "error" if f.severity == Severity.error else "warning"
        lines.append(
            f"::{level} file={_escape(printable(f.location.file), True)},line={f.location.line},"
            f"col={f.location.column},title={_escape(f'{f.code} {f.name}', True)}::"
            f"{_escape(printable(with_hint(f)))}"
        )
    if report.errors > ANNOTATIONS_SHOWN or report.warnings > ANNOTATIONS_SHOWN:
        listed = (
            "and the job summary"
            if len(report.result.findings) <= MARKDOWN_ROWS
            else f"(the job summary lists the first {MARKDOWN_ROWS})"
        )
        lines.append(
            f"::notice title=nvptool check::{summary(report)}. GitHub shows "
            f"{plural(ANNOTATIONS_SHOWN, 'annotation')} of each kind per step; "
            f"every finding is in this log {listed}."
        )
    lines.append(summary(report))
    return "\n".join(lines) + "\n"
