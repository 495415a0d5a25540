"""What every report format receives: the check's result and what it was run on."""

from __future__ import annotations

from collections.abc import Sequence

from msgspec import Struct

from nvptool.check import CheckResult
from nvptool.findings import Finding, Severity
from nvptool.rules import CatalogueEntry


class Report(Struct, frozen=True):
    result: CheckResult
    checked: Sequence[str]
    """Every file the check read, whether or not it has findings."""
    rules: Sequence[CatalogueEntry] = ()
    """Every code nvptool can report, for formats that describe their rules."""
    version: str = ""
    colour: bool = False

    @property
    def errors(self) -> int:
        return self.result.count(Severity.error)

    @property
    def warnings(self) -> int:
        return self.result.count(Severity.warning)

    def by_file(self) -> dict[str, list[Finding]]:
        """Every checked file (sorted) with its findings, none for a clean file."""
        files: dict[str, list[Finding]] = {name: [] for name in self.checked}
        for finding in self.result.findings:
            files.setdefault(finding.location.file, []).append(finding)
        return dict(sorted(files.items()))


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


def summary(report: Report) -> str:
    files = len(report.checked)
    return (
        f"{plural(report.errors, 'error')}, {plural(report.warnings, 'warning')} "
        f"in {plural(files, 'file')}"
    )


def with_hint(finding: Finding) -> str:
    return finding.message + (f" ({finding.hint})" if finding.hint else "")
