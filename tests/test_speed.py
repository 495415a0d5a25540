"""What keeps `nvptool check` fast, asserted as behaviour: what it loads, and that the
faster ways of finding things find exactly what the plain ways found."""

from __future__ import annotations

import re
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from conftest import MINI, ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from nvptool.findings import Location
from nvptool.load.plan import LoadResult
from nvptool.rules.terminology import _Finder
from nvptool.urls import URL_SCHEMES, url_scheme

CHECK_MODULES = """
import sys
from nvptool import entry
entry.leave = sys.exit  # Not at once: the modules are listed after.
sys.argv = ["nvptool", "check", "plan", "--format", "json"]
try:
    entry.main()
except SystemExit:
    pass
print("\\n".join(sorted(sys.modules)), file=sys.stderr)
"""

# The command line takes the choices of --format from these registries when it
# starts; they are small and import nothing of their area.
REGISTRIES = {
    "nvptool.formats",  # What every registry's entries are: no model, no format's module.
    *("nvptool.diff", "nvptool.diff.formats", "nvptool.i18n", "nvptool.i18n.formats"),
    *("nvptool.evaluation", "nvptool.evaluation.formats"),
}
REGISTRIES |= {"nvptool.followup", "nvptool.followup.cli", "nvptool.followup.formats"}
"""The follow-up's command group and its spreadsheet formats: light, no model."""


def test_check_loads_nothing_of_the_site_the_diff_translations_or_export() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHECK_MODULES], cwd=ROOT, capture_output=True, text=True
    )
    assert '"errors": 0' in done.stdout, done.stderr
    loaded = set(done.stderr.split())
    assert "nvptool.rules.terminology" in loaded  # The check really ran.
    areas = ("nvptool.site", "nvptool.diff", "nvptool.i18n", "nvptool.export")
    needless = {m for m in loaded if m.startswith((*areas, "nvptool.cli"))} - REGISTRIES
    libraries = ("jinja2", "mkdocs", "nh3", "translate", "lxml", "rich", "ruamel", "typer")
    needless |= {m for m in loaded if m.split(".")[0] in libraries}
    # Package metadata (pydantic's plugins, which nvptool turns off) is never read.
    needless |= {m for m in loaded if m.startswith(("importlib.metadata.", "email", "zipfile"))}
    # The readers parse the files; the problems that waivers suppress (the real plan has
    # some) are never located: PyYAML stays out of the check's own process.
    needless |= {m for m in loaded if m.split(".")[0] == "yaml" or m == "nvptool.load.compose"}
    assert not needless


BUILD_MODULES = """
import sys
from nvptool import entry
entry.leave = sys.exit
sys.argv = ["nvptool", "build", sys.argv[1], "--out", sys.argv[2]]
try:
    entry.main()
except SystemExit:
    pass
print("\\n".join(sorted(sys.modules)), file=sys.stderr)
"""


def test_a_plain_build_starts_no_command_line_framework(tmp_path: Path) -> None:
    """`nvptool build` read by the entry point: no typer, click or rich in its process."""
    done = subprocess.run(
        [sys.executable, "-c", BUILD_MODULES, str(MINI), str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.stdout.startswith("built "), done.stderr
    loaded = set(done.stderr.split())
    assert "nvptool.site.build" in loaded and "nvptool.cli" not in loaded
    assert not {m for m in loaded if m.split(".")[0] in ("typer", "rich")}


def test_the_command_line_builds_no_model_before_a_command_runs() -> None:
    """`nvptool --help`, and every command before it starts, pay for no plan model."""
    done = subprocess.run(
        [sys.executable, "-c", "import sys, nvptool.cli; print(' '.join(sys.modules))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = {m for m in done.stdout.split() if m.startswith("nvptool.")}
    assert loaded <= {"nvptool.cli", "nvptool.report", *REGISTRIES}


def test_nvptool_s_values_are_structs_made_without_compiling_methods() -> None:
    """A dataclass compiles its methods as its module is imported: half a millisecond
    each, paid by every command at start-up. nvptool's values are msgspec Structs
    (made in C); an exception, which a Struct cannot be, is the one dataclass left."""
    import dataclasses
    import importlib
    import pkgutil

    import nvptool

    found = set()
    for module in pkgutil.walk_packages(nvptool.__path__, "nvptool."):
        if module.name == "nvptool.__main__":
            continue  # It runs the command.
        for value in vars(importlib.import_module(module.name)).values():
            if isinstance(value, type) and value.__module__ == module.name:
                found.add(value)
    assert len(found) > 200  # Every module was walked.
    made = {c.__qualname__ for c in found if dataclasses.is_dataclass(c)}
    assert made == {"YamlError"}


def test_a_scheme_is_read_as_a_browser_reads_it() -> None:
    """The link rule and the site share nvptool.urls; hidden characters and entities
    cannot disguise a scheme from it."""
    assert {"https", "http", "mailto"} == URL_SCHEMES
    for url, scheme in (
        ("https://x", "https"),
        ("JaVa&#x09;script:x", "javascript"),
        ("java\u200bscript:x", "javascript"),
        ("&amp;#106;avascript:x", "javascript"),
        ("a/b", None),
    ):
        assert url_scheme(url) == scheme, url


class _Alternation:
    """The terminology rule's matcher as it was: one regular expression of every term."""

    def __init__(self, words: list[str]) -> None:
        self.acronyms = {w for w in words if w.isupper()}
        self.folded = {w.casefold(): w for w in words if not w.isupper()}
        self.exact = self._pattern(self.acronyms)
        self.loose = self._pattern(set(self.folded))

    @staticmethod
    def _pattern(words: set[str]) -> re.Pattern[str]:
        body = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"
        return re.compile(rf"(?<![\w-])({body})(?![\w-])")

    def used(self, text: str) -> set[str]:
        found = set(self.exact.findall(text))
        return found | {self.folded[m] for m in self.loose.findall(text.casefold())}


PIECES = st.sampled_from(
    ["a", "b", "A", "B", "-", ".", " ", "'", "é", "ß", "SS", "(", "x-y", "ẞ", "İ", "i̇", "ǅ", "Σ"]
)
"""With characters that casefolding makes two (ß, ẞ, İ), or changes otherwise (ǅ, Σ)."""
TEXTS = st.lists(PIECES, max_size=30).map("".join)
WORDS = st.lists(st.lists(PIECES, min_size=1, max_size=4).map("".join).map(str.strip), max_size=6)


@settings(max_examples=400, deadline=None)
@given(WORDS, st.lists(TEXTS, max_size=10))
def test_the_term_finder_finds_what_the_alternation_found(
    words: list[str], texts: list[str]
) -> None:
    words = list(dict.fromkeys(w for w in words if w)) or ["a"]
    fast, plain = _Finder(words), _Alternation(words)
    for text in texts:
        assert fast.used(text) == plain.used(text)


def test_the_term_finder_on_the_real_glossary_and_plan() -> None:
    from nvptool.load.plan import load_plan
    from nvptool.rules.terminology import _pairs
    from nvptool.texts import text_refs

    plan = load_plan(ROOT / "plan").plan
    words = [word for word, _ in _pairs(plan, "nl", "fr")]
    fast, plain = _Finder(words), _Alternation(words)
    texts = [ref.text.get("nl") or "" for ref in text_refs(plan)]
    assert sum(1 for text in texts if plain.used(text)) > 50  # The plan uses its glossary.
    assert all(fast.used(text) == plain.used(text) for text in texts)


def _held_times_bytes(plan: Path, *, check: bool = False) -> tuple[LoadResult, float]:
    """The plan read (and checked), and what Python holds for it then, in times its YAML."""
    from nvptool.check import effective_settings, run_checks
    from nvptool.load.plan import load_plan

    size = sum(path.stat().st_size for path in plan.rglob("*.yaml"))
    tracemalloc.start()
    try:
        loaded = load_plan(plan)
        if check:
            assert run_checks(loaded, effective_settings(loaded.plan.config)).findings == ()
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert not loaded.problems
    return loaded, held / size


def test_a_read_plan_holds_less_than_ten_times_its_bytes(tmp_path: Path) -> None:
    """libyaml's node trees (twenty times the bytes) are not kept to find locations."""
    sys.path.insert(0, str(ROOT / "bench"))
    from synthetic import generate

    generate(tmp_path, 3000, seed=1)
    loaded, times = _held_times_bytes(tmp_path)
    assert len(loaded.plan.files) > 60
    assert times < 10


def test_locations_are_found_again_in_files_read_long_before(tmp_path: Path) -> None:
    from nvptool.load import compose, yamlsource

    documents = [
        yamlsource.read_yaml(f"id: x{n}\nlist:\n  - a\n  - {{deep: {n}}}\n".encode(), f"{n}.yaml")
        for n in range(50)
    ]
    compose._trees.clear()
    for n, document in enumerate(documents):
        assert document.source.value(("list", 1, "deep")) == Location(f"{n}.yaml", 4, 12)
        assert document.source.key(("list",)) == Location(f"{n}.yaml", 2, 1)


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=4).map("".join), TEXTS)
def test_a_word_is_mentioned_where_a_bounded_pattern_finds_it(word: str, text: str) -> None:
    from nvptool.terms import mentions

    bounded = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])")
    overlapping = any(
        bounded.match(text, at) for at in range(len(text)) if text.startswith(word, at)
    )
    assert mentions(text, word) == overlapping


PHRASE_PIECES = st.sampled_from(["ca.", "en", "(", " ", "\u00a0", "\n", "a", "tot", "ruim"])


@settings(max_examples=400, deadline=None)
@given(st.lists(PHRASE_PIECES, max_size=8).map("".join), st.sampled_from(["ca.", "en", "rond de"]))
def test_a_phrase_ends_a_text_where_the_pattern_found_it(text: str, phrase: str) -> None:
    from nvptool.quoted_numbers import _ends_with_word

    pattern = rf"(?:^|[\s(]){re.escape(phrase)}\s*$"
    assert _ends_with_word(text, phrase) == (re.search(pattern, text) is not None)


def test_a_plan_made_mostly_of_follow_up_holds_less_than_ten_times_its_bytes(
    tmp_path: Path,
) -> None:
    """Read and checked: each set of given fields is shared, short texts are one object each
    (holding 12 times the bytes before, most of it alike)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from synthetic_followup import generate_followup

    generate_followup(tmp_path, 1000, seed=1)
    loaded, times = _held_times_bytes(tmp_path, check=True)
    assert len(list(loaded.plan.of_kind("measure-status"))) > 3000
    assert times < 10


def test_models_given_the_same_fields_share_one_set_of_them() -> None:
    from pydantic import ValidationError

    from nvptool.load.plan import load_plan
    from nvptool.model.text import Translation

    plan = load_plan(ROOT / "plan").plan
    texts = [text for node in plan.nodes for _, text in plan.texts(node)]
    translations = [v for text in texts for v in text.root.values() if isinstance(v, Translation)]
    models = [node.obj for node in plan.nodes] + texts + translations
    sets = {id(model.model_fields_set): model.model_fields_set for model in models}
    assert len(models) > 3000
    assert len(sets) == len({frozenset(fields) for fields in sets.values()}) < 100
    assert {"id", "title"} <= plan.nodes[0].obj.model_fields_set  # Still what was given.
    text = next(text for _, text in plan.texts(plan.nodes[0]))
    with pytest.raises(ValidationError):  # Frozen: nothing can add to a shared set.
        text.root = {"nl": "x"}
    copy = text.model_copy(update={"root": {"nl": "x"}})
    assert copy.model_fields_set is not text.model_fields_set


def test_short_texts_and_keys_are_one_object_wherever_they_stand() -> None:
    from nvptool.load.compose import SHARED_TEXT
    from nvptool.load.yamlsource import read_yaml

    long = "w" * (SHARED_TEXT + 1)
    first = read_yaml(f"owner: directie-1\nnote: {long}\n".encode(), "a.yaml").data
    second = read_yaml(f"owner: directie-1\nnote: {long}\n".encode(), "b.yaml").data
    assert first == second
    assert first["owner"] is second["owner"]
    assert next(iter(first)) is next(iter(second))  # The keys too.
    assert first["note"] is not second["note"]  # Long texts are each their own.


def test_problems_that_waivers_suppress_are_never_located() -> None:
    """Locating reads a file's YAML again: only what is reported is located."""
    from nvptool.check import effective_settings, run_checks
    from nvptool.load import compose
    from nvptool.load.plan import load_plan

    loaded = load_plan(ROOT / "plan")
    waived = [node for node in loaded.plan.nodes if getattr(node.obj, "waivers", ())]
    assert len(waived) > 5
    compose._trees.clear()
    result = run_checks(loaded, effective_settings(loaded.plan.config))
    assert result.findings == ()
    assert not compose._trees


def test_the_models_are_built_from_annotations_not_their_text() -> None:
    """Postponed annotations make pydantic evaluate every field's type from its text."""
    modules = [*sorted((ROOT / "nvptool" / "model").glob("*.py")), ROOT / "nvptool/config.py"]
    future = "from __future__ import annotations"
    postponed = [m.name for m in modules if future in m.read_text().splitlines()]
    assert postponed == []
