"""GitLab's code-quality report: findings shown on the merge request's diff.

The format is a JSON array of issues (description, check_name, fingerprint, severity,
location.path, location.lines.begin). GitLab compares the fingerprints of the merge
request with those of its target branch, so a fingerprint leaves the line out: a
finding that only moved is not new. The description is shown to reviewers: its line
breaks and characters that reorder or hide text are written as escapes, as in every
report read by people.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter

from nvptool.findings import Finding, Severity, printable
from nvptool.report.base import Report, with_hint

_SEVERITIES = {Severity.error: "major", Severity.warning: "minor"}


def _identity(finding: Finding) -> str:
    parts = (finding.code, finding.location.file, finding.object_id or "", finding.message)
    return "\x1f".join(parts)


def as_gitlab(report: Report) -> str:
    seen: Counter[str] = Counter()
    issues = []
    for f in report.result.findings:
        identity = _identity(f)
        seen[identity] += 1  # Two equal findings in one file still get fingerprints of their own.
        fingerprint = hashlib.sha256(f"{identity}\x1f{seen[identity]}".encode()).hexdigest()
        issues.append(
            {
                "type": "issue",
                "description": f"{f.code} {printable(with_hint(f))}",
                "check_name": f"{f.code} {f.name}",
                "fingerprint": fingerprint,
                "severity": _SEVERITIES[f.severity],
                "location": {"path": f.location.file, "lines": {"begin": f.location.line}},
            }
        )
    return json.dumps(issues, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
