"""Findings for people: a terminal (coloured by rich), JSON, and a Markdown summary."""

from __future__ import annotations

import io

from nvptool.findings import Finding, Severity, printable
from nvptool.report.base import Report, summary, with_hint

_STYLES = {Severity.error: "red", Severity.warning: "yellow"}


def as_text(report: Report) -> str:
    lines: list[list[tuple[str, str]]] = []  # Each line: pieces of text and their style.
    for finding in report.result.findings:
        lines.append(
            [
                (f"{printable(str(finding.location))}: ", ""),
                (finding.severity.value, _STYLES[finding.severity]),
                (f" {finding.code} {printable(finding.message)} [{finding.name}]", ""),
            ]
        )
        if finding.hint:
            lines.append([(f"    hint: {printable(finding.hint)}", "dim")])
    if report.result.skipped:
        count = len(report.result.skipped)
        note = (
            f"note: {count} rules that compare files with each other wait until every file "
            "is well formed (" + ", ".join(report.result.skipped) + "): correct the errors "
            "above, then check again"
        )
        lines.append([(note, "")])
    lines.append([(summary(report), "")])
    if not report.colour:
        return "".join("".join(text for text, _ in line) + "\n" for line in lines)
    return _coloured(lines)


def _coloured(lines: list[list[tuple[str, str]]]) -> str:
    """The lines in a terminal's colours, written by rich (imported only to colour)."""
    from rich.console import Console
    from rich.text import Text

    out = io.StringIO()
    # Told to colour: the caller has already weighed the terminal, NO_COLOR and FORCE_COLOR.
    console = Console(file=out, force_terminal=True, color_system="standard", width=10_000)
    for pieces in lines:
        line = Text()
        for text, style in pieces:
            line.append(text, style=style or None)
        console.print(line, soft_wrap=True, highlight=False)
    return out.getvalue()


def finding_dict(finding: Finding) -> dict[str, object]:
    return {
        "file": finding.location.file,
        "line": finding.location.line,
        "column": finding.location.column,
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "message": finding.message,
        "hint": finding.hint,
        "object": finding.object_id,
        "related": [str(location) for location in finding.related],
    }


def as_json(report: Report) -> str:
    import json  # Only for this format: not on the path of every check.

    document = {
        "findings": [finding_dict(f) for f in report.result.findings],
        "skipped_rules": list(report.result.skipped),
        "summary": {
            "errors": report.errors,
            "warnings": report.warnings,
            "files": len(report.checked),
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


MARKDOWN_ROWS = 200
"""Rows of the Markdown table; a job summary or comment has a size limit."""


def as_markdown(report: Report) -> str:
    """A heading, the counts and a table of findings: for a CI job summary or a comment.

    Plan text may hold anything: every cell is HTML-escaped, so it shows and never runs.
    """
    lines = ["### nvptool check", "", summary(report), ""]
    findings = report.result.findings
    if findings:
        lines += ["| where | severity | rule | problem |", "| --- | --- | --- | --- |"]
        for f in findings[:MARKDOWN_ROWS]:
            cells = (str(f.location), f.severity.value, f"{f.code} {f.name}", with_hint(f))
            lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
        if len(findings) > MARKDOWN_ROWS:
            lines += ["", f"… and {len(findings) - MARKDOWN_ROWS} more; see the job log."]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    import html

    from nvptool.diff.formats import unlinked  # Light: the diff's formats, not the diff.

    # No mention (@octocat) or issue link (#12) where a job summary or comment shows it.
    escaped = html.escape(unlinked(printable(text)), quote=True)
    # Markdown would still read these inside the escaped text: links, emphasis, code, cells.
    for char in "\\`*_[]|~":
        escaped = escaped.replace(char, "&#" + str(ord(char)) + ";")
    return escaped
