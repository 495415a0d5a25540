"""Translation coverage per language and per kind of object."""

from __future__ import annotations

from collections import Counter

from msgspec import Struct, field

from nvptool.model.text import Availability
from nvptool.plan import Plan
from nvptool.texts import text_refs, translation_languages

COLUMNS = (
    Availability.official,
    Availability.reviewed,
    Availability.machine,
    Availability.stale,
    Availability.missing,
)


class Coverage(Struct, frozen=True):
    language: str
    by_kind: dict[str, Counter[Availability]] = field(default_factory=dict)

    @property
    def total(self) -> Counter[Availability]:
        summed: Counter[Availability] = Counter()
        for counts in self.by_kind.values():
            summed.update(counts)
        return summed


def coverage(plan: Plan) -> list[Coverage]:
    source = plan.config.source_language
    result = []
    for lang in translation_languages(plan):
        by_kind: dict[str, Counter[Availability]] = {}
        for ref in text_refs(plan):
            by_kind.setdefault(ref.node.kind, Counter())[ref.state(lang, source)] += 1
        result.append(Coverage(lang, dict(sorted(by_kind.items()))))
    return result


def translated(counts: Counter[Availability]) -> int:
    """Texts that have a translation that is not stale."""
    return sum(counts[state] for state in COLUMNS[:3])


def as_table(report: list[Coverage]) -> str:
    header = f"{'kind':<18}{'texts':>7}{'translated':>12}" + "".join(
        f"{state.value:>10}" for state in COLUMNS
    )
    lines = []
    for cov in report:
        lines.append(f"language {cov.language}")
        lines.append(header)
        rows = [*cov.by_kind.items(), ("all", cov.total)]
        for kind, counts in rows:
            total = sum(counts.values())
            share = 100.0 * translated(counts) / total if total else 100.0
            lines.append(
                f"{kind:<18}{total:>7}{share:>11.1f}%"
                + "".join(f"{counts[state]:>10}" for state in COLUMNS)
            )
        lines.append("")
    return "\n".join(lines)


def as_dict(report: list[Coverage]) -> dict[str, object]:
    return {
        cov.language: {
            kind: {state.value: counts[state] for state in COLUMNS}
            | {"texts": sum(counts.values())}
            for kind, counts in [*cov.by_kind.items(), ("all", cov.total)]
        }
        for cov in report
    }
