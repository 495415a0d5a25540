"""Round-trip edits of a year's file: every layout a writer may use keeps its bytes."""

from __future__ import annotations

import pytest

from nvptool.followup.edit import EditError, edited_text
from nvptool.followup.imports import Report, apply_report
from nvptool.load.yamlsource import read_yaml


def edit(
    text: str,
    statuses: dict[str, dict[str, object]],
    values: dict[tuple[str, str], dict[str, object]] | None = None,
) -> str:
    data = read_yaml(text.encode(), "y.yaml").data
    report = Report(statuses=statuses, values=values or {})
    return edited_text(text, "y.yaml", apply_report(data, report, "nl"))


def test_comments_flow_entries_and_quoting_stay_as_written() -> None:
    text = (
        "# Jaarverslag\nkind: follow-up   # the kind\nyear: 2024\nreporting: 'open'\n"
        "statuses:\n  # Directie 1\n  - {measure: m1, status: planned}  # te bevestigen\n"
        '  - measure: m2\n    status: "in-progress"\n    note:\n      nl: Oud.\n'
    )
    after = edit(text, {"m1": {"status": "done"}, "m2": {"note.nl": "Nieuw: fase 2."}})
    assert after == text.replace("status: planned}", "status: done}").replace(
        "nl: Oud.", 'nl: "Nieuw: fase 2."'
    )


def test_a_new_key_goes_into_a_flow_entry_and_a_block_entry() -> None:
    text = (
        "kind: follow-up\nyear: 2024\nreporting: open\nstatuses:\n  - {measure: m1, status: done}\n"
    )
    after = edit(text, {"m1": {"evidence": ["https://a.example/x"], "owner": "dgj"}})
    assert after.endswith(
        "  - {measure: m1, status: done, owner: dgj, evidence: [https://a.example/x]}\n"
    )


def test_a_new_entry_follows_the_last_one_in_its_indentation() -> None:
    text = "kind: follow-up\nyear: 2024\nreporting: open\nstatuses:\n  - measure: m1\n"
    text += "    status: planned\n"
    after = edit(text, {"m1": {"status": "done"}, "m2": {"status": "planned"}})
    assert after == (
        "kind: follow-up\nyear: 2024\nreporting: open\nstatuses:\n  - measure: m1\n"
        "    status: done\n  - measure: m2\n    status: planned\n"
    )


def test_an_empty_flow_list_becomes_a_block_of_entries() -> None:
    text = "kind: follow-up\nyear: 2024\nreporting: not-started\nstatuses: []\n"
    after = edit(text, {"m1": {"status": "planned", "owner": "dgj"}})
    assert after == (
        "kind: follow-up\nyear: 2024\nreporting: open\nstatuses:\n"
        "  - measure: m1\n    status: planned\n    owner: dgj\n"
    )


def test_values_keep_their_numbers_and_flags() -> None:
    text = (
        "kind: follow-up\nyear: 2024\nreporting: open\nvalues:\n"
        "  - {indicator: i, period: '2024', value: 140}\n"
    )
    same = edit(text, {}, {("i", "2024"): {"value": 140.0, "provisional": False}})
    assert same == text
    after = edit(text, {}, {("i", "2024"): {"value": 141.5}, ("i", "2024-Q1"): {"value": 3.0}})
    assert after == text.replace("value: 140}", "value: 141.5}") + (
        "  - indicator: i\n    period: 2024-Q1\n    value: 3\n"
    )


def test_an_anchor_shared_by_two_entries_is_refused() -> None:
    text = (
        "kind: follow-up\nyear: 2024\nreporting: open\nstatuses:\n"
        "  - &first {measure: m1, status: planned}\n  - *first\n"
    )
    with pytest.raises(EditError):
        edit(text, {"m1": {"status": "done"}})
