"""The rule registry is complete: every rule module is listed, documented and tested."""

from __future__ import annotations

import inspect
import pkgutil

import yaml
from conftest import RULE_CASES

import nvptool.rules as rules_package
from nvptool.load.codes import LOADER_CODES
from nvptool.rules import MODULES, RULES

NOT_RULES = {"base"}


def test_every_rule_module_is_registered() -> None:
    names = {m.name for m in pkgutil.iter_modules(rules_package.__path__)} - NOT_RULES
    registered = {module.__name__.rsplit(".", 1)[-1] for module in MODULES}
    assert names == registered


def test_codes_and_names_are_unique() -> None:
    codes = [rule.code for rule in RULES] + list(LOADER_CODES)
    names = [rule.name for rule in RULES] + [name for name, _ in LOADER_CODES.values()]
    assert len(codes) == len(set(codes))
    assert len(names) == len(set(names))


def test_every_rule_documents_a_passing_and_a_failing_example() -> None:
    for rule in RULES:
        assert rule.summary.endswith("."), rule.code
        assert "Passing example::" in rule.doc, rule.code
        assert "Failing example::" in rule.doc, rule.code


def test_the_examples_end_every_rule_s_documentation() -> None:
    """The site shows a rule's explanation in the page's language (the interface texts) in
    place of the docstring before its examples, and the examples after it: prose after the
    examples would reach French and Dutch readers in English."""
    for rule in RULES:
        examples = inspect.cleandoc(rule.doc).partition("Passing example::")[2]
        prose = [line for line in examples.splitlines() if line and not line.startswith(" ")]
        assert prose == ["Failing example::"], rule.code


def test_every_rule_has_passing_and_failing_cases() -> None:
    for rule in RULES:
        path = RULE_CASES / f"{rule.code}.yaml"
        assert path.is_file(), f"{rule.code} has no {path.name}"
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert document["rule"] == rule.code
        outcomes = {bool(case["expect"]) for case in document["cases"]}
        assert outcomes == {True, False}, f"{rule.code} needs passing and failing cases"
