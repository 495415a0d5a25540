"""JUnit XML, as CI servers read it: one test case per file checked.

A file with errors fails, with one failure that lists them all (viewers keep only one
failure per case); warnings do not fail a case: they are its output (system-out) and
counted in its properties, so a green run shows no failed test.
"""

from __future__ import annotations

from junitparser import Failure, JUnitXml, TestCase, TestSuite

from nvptool.findings import Finding, Severity, printable
from nvptool.report.base import Report, plural


def _line(finding: Finding) -> str:
    # printable(): XML 1.0 cannot hold control characters at all.
    text = f"{printable(str(finding.location))}: {finding.severity.value} {finding.code} "
    text += printable(finding.message)
    return text + (f" (hint: {printable(finding.hint)})" if finding.hint else "")


def _case(name: str, findings: list[Finding]) -> TestCase:
    case = TestCase(printable(name), classname="nvptool.check")
    errors = [f for f in findings if f.severity == Severity.error]
    warnings = [f for f in findings if f.severity == Severity.warning]
    if errors:
        codes = ", ".join(sorted({f.code for f in errors}))
        failure = Failure(f"{plural(len(errors), 'error')}: {codes}", type_=errors[0].code)
        failure.text = "\n".join(_line(f) for f in errors)
        case.result = [failure]
    if warnings:
        case.system_out = "\n".join(_line(f) for f in warnings)
    return case


def as_junit(report: Report) -> str:
    suite = TestSuite("nvptool check")
    suite.add_property("nvptool.errors", str(report.errors))
    suite.add_property("nvptool.warnings", str(report.warnings))
    for name, findings in report.by_file().items():
        suite.add_testcase(_case(name, findings))
    suite.update_statistics()  # type: ignore[no-untyped-call]
    xml = JUnitXml("nvptool")
    xml.add_testsuite(suite)
    xml.update_statistics()  # type: ignore[no-untyped-call]
    body: bytes = xml.tostring()  # type: ignore[no-untyped-call]
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body.decode("utf-8") + "\n"
