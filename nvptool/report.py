"""Findings as text, JSON or GitHub workflow annotations. Plain functions of values."""

from __future__ import annotations

import json
from collections.abc import Sequence

from nvptool.check import CheckResult
from nvptool.config import Severity
from nvptool.findings import Finding, printable
from nvptool.rules import CatalogueEntry

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

_COLOURS = {Severity.error: "\033[31m", Severity.warning: "\033[33m"}
_DIM = "\033[2m"
_RESET = "\033[0m"


def summary(result: CheckResult, files: int) -> str:
    errors = result.count(Severity.error)
    warnings = result.count(Severity.warning)
    words = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    return f"{words} in {files} file{'s' * (files != 1)}"


def as_text(result: CheckResult, files: int, colour: bool = False) -> str:
    lines = []
    for finding in result.findings:
        severity = finding.severity.value
        if colour:
            severity = f"{_COLOURS[finding.severity]}{severity}{_RESET}"
        lines.append(
            f"{printable(str(finding.location))}: {severity} {finding.code} "
            f"{printable(finding.message)} [{finding.name}]"
        )
        if finding.hint:
            hint = f"    hint: {printable(finding.hint)}"
            lines.append(f"{_DIM}{hint}{_RESET}" if colour else hint)
    if result.skipped:
        lines.append(
            "note: rules that need every file did not run, because some files could not be "
            "read: " + ", ".join(result.skipped)
        )
    lines.append(summary(result, files))
    return "\n".join(lines) + "\n"


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


def as_json(result: CheckResult, files: int) -> str:
    document = {
        "findings": [finding_dict(f) for f in result.findings],
        "skipped_rules": list(result.skipped),
        "summary": {
            "errors": result.count(Severity.error),
            "warnings": result.count(Severity.warning),
            "files": files,
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _escape(value: str, property_value: bool = False) -> str:
    # https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def as_github(result: CheckResult, files: int) -> str:
    lines = []
    for f in result.findings:
        level = "error" if f.severity == Severity.error else "warning"
        message = printable(f.message + (f" ({f.hint})" if f.hint else ""))
        lines.append(
            f"::{level} file={_escape(printable(f.location.file), True)},line={f.location.line},"
            f"col={f.location.column},title={_escape(f'{f.code} {f.name}', True)}::"
            f"{_escape(message)}"
        )
    lines.append(summary(result, files))
    return "\n".join(lines) + "\n"


def as_sarif(result: CheckResult, rules: Sequence[CatalogueEntry]) -> str:
    """SARIF 2.1.0, for code scanning; rules: every code nvptool can report."""
    index = {entry.code: position for position, entry in enumerate(rules)}
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "nvptool",
                        "rules": [
                            {
                                "id": entry.code,
                                "name": entry.name,
                                "shortDescription": {"text": entry.summary},
                            }
                            for entry in rules
                        ],
                    }
                },
                "results": [_sarif_result(f, index) for f in result.findings],
            }
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _sarif_result(finding: Finding, index: dict[str, int]) -> dict[str, object]:
    message = finding.message + (f" ({finding.hint})" if finding.hint else "")
    return {
        "ruleId": finding.code,
        "ruleIndex": index.get(finding.code, 0),
        "level": "error" if finding.severity == Severity.error else "warning",
        "message": {"text": message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": finding.location.file},
                    "region": {
                        "startLine": finding.location.line,
                        "startColumn": finding.location.column,
                    },
                }
            }
        ],
    }


def as_junit(result: CheckResult, checked: Sequence[str]) -> str:
    """JUnit XML: one test case per file checked, failing with that file's findings."""
    from xml.sax.saxutils import quoteattr

    by_file: dict[str, list[Finding]] = {name: [] for name in checked}
    for finding in result.findings:
        by_file.setdefault(finding.location.file, []).append(finding)
    failures = sum(1 for findings in by_file.values() if findings)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="nvptool" tests="{len(by_file)}" failures="{failures}">',
        f'<testsuite name="nvptool check" tests="{len(by_file)}" failures="{failures}">',
    ]
    for name, findings in sorted(by_file.items()):
        lines.append(f'<testcase classname="nvptool.check" name={quoteattr(printable(name))}>')
        for f in findings:
            message = printable(f.message)  # XML 1.0 cannot hold control characters at all.
            text = f"{printable(str(f.location))}: {f.severity.value} {f.code} {message}"
            lines.append(
                f"<failure type={quoteattr(f.code)} message={quoteattr(message)}>"
                f"{_xml_text(text)}</failure>"
            )
        lines.append("</testcase>")
    lines += ["</testsuite>", "</testsuites>"]
    return "\n".join(lines) + "\n"


def _xml_text(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(text)


def render(
    result: CheckResult,
    files: int,
    fmt: str,
    colour: bool = False,
    rules: Sequence[CatalogueEntry] = (),
    checked: Sequence[str] = (),
) -> str:
    if fmt == "json":
        return as_json(result, files)
    if fmt == "github":
        return as_github(result, files)
    if fmt == "sarif":
        return as_sarif(result, rules)
    if fmt == "junit":
        return as_junit(result, checked)
    return as_text(result, files, colour)
