"""The registry of rules: one module per rule, listed here explicitly.

tests/test_registry.py fails when a rule module is not listed, or has no test cases.
"""

from __future__ import annotations

from nvptool.rules import (
    cycle_directory,
    event_date,
    footnote_resolves,
    footnote_used,
    id_unique,
    identifier_format,
    kiv_mapped,
    kiv_served,
    language_known,
    numbering,
    nvs_mapped,
    pinpoint_format,
    quote_in_text,
    raw_html,
    reference_resolves,
    series_period,
    source_text,
    terminology,
    translation_missing,
    translation_stale,
    waiver_unused,
)
from nvptool.rules.base import Rule

MODULES = (
    id_unique,
    reference_resolves,
    footnote_resolves,
    footnote_used,
    cycle_directory,
    numbering,
    kiv_mapped,
    kiv_served,
    nvs_mapped,
    pinpoint_format,
    identifier_format,
    quote_in_text,
    series_period,
    event_date,
    source_text,
    language_known,
    raw_html,
    translation_missing,
    translation_stale,
    terminology,
    waiver_unused,
)

RULES: tuple[Rule, ...] = tuple(Rule.from_module(module) for module in MODULES)
RULES_BY_CODE = {rule.code: rule for rule in RULES}
