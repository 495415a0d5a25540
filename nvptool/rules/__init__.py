"""The registry of rules: one module per rule, listed here explicitly.

tests/test_registry.py fails when a rule module is not listed, or has no test cases.
"""

from __future__ import annotations

from msgspec import Struct

from nvptool.load.codes import LOADER_CODES
from nvptool.rules import (
    comment_in_text,
    control_characters,
    cycle_directory,
    cycle_succession,
    event_date,
    figure_qualifier,
    figure_value,
    footnote_resolves,
    footnote_used,
    id_unique,
    identifier_format,
    instrument_basis,
    kiv_mapped,
    kiv_served,
    language_known,
    numbering,
    nvs_mapped,
    official_provenance,
    pinpoint_complete,
    pinpoint_format,
    quote_in_text,
    raw_html,
    reference_resolves,
    review_current,
    series_period,
    source_text,
    term_explained,
    terminology,
    translation_layout,
    translation_missing,
    translation_stale,
    waiver_unused,
)
from nvptool.rules.base import Rule

# The follow-up of a cycle (group follow-up).
from nvptool.rules import (  # isort: skip
    evidence_https,
    followup_period,
    owner_organisation,
    status_once,
    status_reason,
    status_regression,
    status_reported,
    target_baseline,
    value_bounds,
)

MODULES = (
    id_unique,
    reference_resolves,
    footnote_resolves,
    footnote_used,
    cycle_directory,
    cycle_succession,
    numbering,
    kiv_mapped,
    kiv_served,
    nvs_mapped,
    pinpoint_format,
    pinpoint_complete,
    identifier_format,
    instrument_basis,
    term_explained,
    quote_in_text,
    series_period,
    figure_value,
    figure_qualifier,
    event_date,
    source_text,
    language_known,
    raw_html,
    control_characters,
    comment_in_text,
    translation_missing,
    translation_stale,
    translation_layout,
    official_provenance,
    terminology,
    review_current,
    waiver_unused,
    # The follow-up of a cycle.
    target_baseline,
    status_reported,
    value_bounds,
    status_regression,
    evidence_https,
    status_reason,
    owner_organisation,
    followup_period,
    status_once,
)

RULES: tuple[Rule, ...] = tuple(Rule.from_module(module) for module in MODULES)


class CatalogueEntry(Struct, frozen=True):
    code: str
    name: str
    severity: str
    summary: str
    rule: Rule | None
    """None for the loader's codes, which are not rules (nothing can be checked unread)."""


def catalogue() -> tuple[CatalogueEntry, ...]:
    """Every code nvptool can report: the loader's first, then the rules'."""
    loader = [
        CatalogueEntry(code, name, "error", summary, None)
        for code, (name, summary) in LOADER_CODES.items()
    ]
    rules = [CatalogueEntry(r.code, r.name, r.severity.value, r.summary, r) for r in RULES]
    return (*loader, *rules)


def selectors(rules: tuple[Rule, ...] = RULES) -> frozenset[str]:
    """Every word that may name rules in a selection: their codes, names and groups."""
    return frozenset(word for r in rules for word in (r.code, r.name, *r.groups))
