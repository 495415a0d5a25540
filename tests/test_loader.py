"""Loader errors: every problem says which file, which line and column, and what to do."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINI, ROOT, make_plan
from conftest import run_nvptool as nvptool

from nvptool.load.plan import load_plan
from nvptool.load.sources import Reread
from nvptool.load.yamlsource import YamlError, read_yaml
from nvptool.plan import Plan


def problems(plan: Path) -> list[tuple[str, str, int, int]]:
    loaded = load_plan(plan)
    return [
        (code, Path(p.location.file).name, p.location.line, p.location.column)
        for code, p in loaded.problems
    ]


FOOTNOTE = "footnotes:\n  - id: fn-1\n    number: {}\n    text:\n      nl: Tekst\n"
FIGURE = (
    "sections:\n  - id: drugs-situatie\n    kind: situation\n    body:\n      nl: Tekst 40.\n"
    "    figures:\n      - id: f1\n        label:\n          nl: Aantal\n        {}\n"
    "        period: '2019'\n        quote: '40'\n        basis: stated\n"
)


def phenomenon(extra: str) -> dict[str, str]:
    return {
        "cycles/demo/phenomena/2.yaml": (
            "kind: phenomenon\nid: drugs\nnumber: 2.3.2\ntitle:\n  nl: Drugs\n" + extra
        )
    }


def test_the_mini_plan_loads_cleanly(mini_plan: Path) -> None:
    assert problems(mini_plan) == []


def test_syntax_error_has_its_line(tmp_path: Path) -> None:
    plan = make_plan(tmp_path, phenomenon("body:\n  nl: [open\n"))
    assert problems(plan) == [("LD01", "2.yaml", 7, 7)]  # The '[' left open, not the end.


def test_duplicate_key_points_at_the_second(tmp_path: Path) -> None:
    plan = make_plan(tmp_path, phenomenon("title:\n  nl: Weer\n"))
    loaded = load_plan(plan)
    [(code, problem)] = loaded.problems
    assert (code, problem.location.line) == ("LD02", 6)
    assert "first at line 4" in problem.message


def test_unknown_key_suggests_the_known_one(tmp_path: Path) -> None:
    plan = make_plan(tmp_path, phenomenon("sectons: []\n"))
    [(code, problem)] = load_plan(plan).problems
    assert (code, problem.location.line, problem.location.column) == ("SC01", 6, 1)
    assert problem.hint == "did you mean 'sections'?"


@pytest.mark.parametrize(
    ("head", "extra", "says", "advice"),
    [
        ("number: 2.3", "", "'number': expected text (got 2.3)", "goes in quotes ('2.3')"),
        ("number: 2-3", "", "digits joined by points", "for example: 2.3.3"),
        ("number: 2.3.2", "sections:\n  id: a\n", "expected a list", "starting with '- '"),
        ("number: 2.3.2", "sections:\n  - a\n", "expected a mapping", "'key: value'"),
        ("number: 2.3.2", FOOTNOTE.format("0"), "expected 1 or more (got 0)", "at least 1"),
        ("number: 2.3.2", FOOTNOTE.format("1.5"), "without decimals (got 1.5)", "digits only"),
        ("number: 2.3.2", FOOTNOTE.format("een"), "expected a whole number", "digits only"),
        ("number: 2.3.2", "succeeds:\n  basis: ja\n", "expected one of:", "write one of them"),
        # A word the site shows for a value, in any of its languages, is told as that value.
        (
            "number: 2.3.2",
            "succeeds:\n  basis: redactioneel\n",
            "expected one of:",
            "write editorial",
        ),
        ("number: 2.3.2", "body: Tekst.\n", "a text is written per language", "language code"),
        ("number: 2.3.2", "body:\n  NL: Tekst.\n", "a language is", "did you mean 'nl'?"),
        ("number: 2.3.2", "body:\n  nl: # Tekst\n", "expected text", "'#' starts a comment"),
        # What the editor's schema refuses, check refuses: a number or a truth in quotes.
        ("number: 2.3.2", FOOTNOTE.format('"1"'), "expected a whole number", "without quotes"),
        ("number: 2.3.2", FIGURE.format('value: "40"'), "expected a number", "without quotes"),
        ("number: 2.3.2", FIGURE.format("value: 40\n        change: yes"), "true or false", "true"),
    ],
)
def test_a_wrong_value_is_said_in_plain_words_with_what_to_do(
    tmp_path: Path, head: str, extra: str, says: str, advice: str
) -> None:
    text = f"kind: phenomenon\nid: drugs\n{head}\ntitle:\n  nl: Drugs\n{extra}"
    plan = make_plan(tmp_path, {"cycles/demo/phenomena/2.yaml": text})
    found = [p for code, p in load_plan(plan).problems if code == "SC03"]
    assert found, load_plan(plan).problems
    assert says in found[0].message
    assert found[0].hint is not None and advice in found[0].hint


def test_a_file_of_many_such_mistakes_is_read_again_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each text YAML read as a comment ("nl: # Tekst") is told from its line, and the
    file is read again once for all of them (it was once a mistake: 4,000 took 79 s)."""
    notes = "".join(
        f"  - id: fn-{n}\n    number: {n}\n    text:\n      nl: # Tekst {n}\n" for n in range(1, 41)
    )
    plan = make_plan(tmp_path, phenomenon("footnotes:\n" + notes))
    reads: list[str] = []
    read = Reread.read
    monkeypatch.setattr(Reread, "read", lambda self: reads.append(self.path) or read(self))
    found = [p for code, p in load_plan(plan).problems if code == "SC03"]
    assert len(found) == 40
    assert all("'#' starts a comment" in (p.hint or "") for p in found)
    assert len(reads) <= 2  # Its lines, and its nodes to locate the mistakes.


def test_a_value_the_models_refuse_says_what_to_do(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    cycle = plan / "cycles" / "demo" / "cycle.yaml"
    text = cycle.read_text(encoding="utf-8")
    cycle.write_text(text.replace("start: 2022\n  end: 2025", "start: 2025\n  end: 2022"), "utf-8")
    [(code, problem)] = load_plan(plan).problems
    assert code == "SC03" and "the period ends (2022) before it starts (2025)" in problem.message
    assert problem.hint == "swap 'start' and 'end'"
    # Every refusal of the models' own checks carries what to do (model.base.WrongValue).
    for module in (ROOT / "nvptool" / "model").glob("*.py"):
        assert "raise ValueError(" not in module.read_text(encoding="utf-8"), module.name


def test_every_pattern_of_the_schema_is_said_in_words() -> None:
    from nvptool.config import Config
    from nvptool.load.schema_errors import PATTERN_WORDS
    from nvptool.model.base import ID_PATTERN
    from nvptool.model.files import FILE_KINDS

    def patterns(node: object) -> set[str]:
        if isinstance(node, dict):
            own = {node["pattern"]} if isinstance(node.get("pattern"), str) else set()
            return own.union(*(patterns(value) for value in node.values()))
        if isinstance(node, list):
            return set().union(*(patterns(value) for value in node))
        return set()

    models = [*FILE_KINDS.values(), Config]
    found = set().union(*(patterns(model.model_json_schema()) for model in models))
    assert found - {ID_PATTERN} <= set(PATTERN_WORDS)


def test_wrong_type_deep_inside_a_file(tmp_path: Path) -> None:
    extra = "sections:\n  - id: a\n    body:\n      nl:\n        - not text\n"
    plan = make_plan(tmp_path, phenomenon(extra))
    assert problems(plan) == [("SC03", "2.yaml", 10, 9)]


def test_missing_key_and_bad_enum(tmp_path: Path) -> None:
    extra = "mappings:\n  - target: digitale-veiligheid\n    basis: editoral\n"
    plan = make_plan(tmp_path, phenomenon(extra))
    found = {(code, p.location.line, p.hint) for code, p in load_plan(plan).problems}
    assert found == {
        ("SC02", 7, "add 'reason:'"),
        ("SC03", 8, "did you mean 'editorial'?"),
    }


def test_errors_of_all_files_are_collected(tmp_path: Path) -> None:
    plan = make_plan(
        tmp_path,
        {
            "cycles/demo/phenomena/2.yaml": "kind: phenomenon\nid: [\n",
            "cycles/demo/phenomena/3.yaml": "kind: phenomenom\n",
            "reference/extra.yaml": "- a list\n",
        },
    )
    assert sorted(code for code, *_ in problems(plan)) == ["LD01", "SC03", "SC04"]


def test_unknown_kind_suggests(tmp_path: Path) -> None:
    plan = make_plan(tmp_path, {"cycles/demo/phenomena/3.yaml": "kind: phenomenom\n"})
    [(_, problem)] = load_plan(plan).problems
    assert problem.hint == "did you mean 'phenomenon'?"


def test_content_outside_a_cycle_is_misplaced(tmp_path: Path) -> None:
    plan = make_plan(tmp_path, {"reference/theme.yaml": "kind: theme\nid: x\nnumber: 2.2.9\n"})
    assert problems(plan) == [("LD09", "theme.yaml", 1, 7)]


def test_a_file_in_the_folder_of_another_kind_is_told_so(tmp_path: Path) -> None:
    """A phenomenon file made a theme was read as a theme: "unknown key 'sections' … did
    you mean 'citations'?", with nothing on what was wrong."""
    path = "cycles/demo/phenomena/1.yaml"
    text = (MINI / path).read_text("utf-8").replace("kind: phenomenon", "kind: theme", 1)
    plan = make_plan(tmp_path, {path: text})
    [(code, problem)] = load_plan(plan).problems
    assert code == "LD09"
    assert problem.message == (
        "the file says kind: theme, but stands in phenomena/, the folder of phenomenon files"
    )
    assert (
        problem.hint == "if it is a phenomenon, write kind: phenomenon; if it is a theme, "
        "move it to themes/"
    )


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"", "LD06"),
        (b"   \n# only a comment\n", "LD06"),
        (b"\x00\x01binary", "LD05"),
        (b"a: \xff\xfe", "LD05"),
        (b"a: !!python/object/apply:os.system [echo hi]\n", "LD03"),
        (b"a: !custom 1\n", "LD03"),
        (b"a:\n\tb: 1\n", "LD01"),
        (b"[" * 100 + b"]" * 100, "LD04"),
    ],
)
def test_hostile_input_is_refused(raw: bytes, code: str) -> None:
    with pytest.raises(YamlError) as caught:
        read_yaml(raw, "hostile.yaml")
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("raw", "line", "says", "advice"),
    [
        (b"kind: x\n---\nkind: y\n", 2, "more than one YAML document", "remove the second '---'"),
        (b"a:\n\tb: 1\n", 2, "a tab character", "indent with spaces"),
        (b"a: 1\n   b: 2\n", 2, "a ': ' where no new key can start", "indentation"),
        (b"a: 1\nb 2\nc: 3\n", 2, "has no ': '", "add ': ' after the key"),
        (b"a: 1\n- b\n", 2, "a key ('name: value') was expected", "indentation"),
        (b"a: *nope\n", 1, "'*' starts a YAML alias", "put text that starts with '*' in quotes"),
        # Something left open is located where it opens, not where the file ends.
        (b'a: "open\n', 1, "the quote that opens here is never closed", "close the quote"),
        (b"a: 1\nb: 'open\nc: 2\nd: 3\n", 2, "the file ends inside the quoted", "close"),
        (b"a: 1\nb: [x, y\nc: 3\n", 2, "list that opens here with '['", "']' after the last"),
        (b"a: 1\nb: {x: 1\n", 2, "mapping that opens here with '{'", "'}' after the last"),
        (b"a: @home\n", 1, "a value cannot start with '@'", "in quotes"),
        (b"a: [1,\n", 2, "a value is missing", "brackets"),
        (b"a: b\tc\nd:\n  e: 1\n\tf: 2\n", 4, "a tab character", "spaces"),
        (b"a:\n  - x\n - y\n", 3, "a key ('name: value') was expected", "indentation"),
        (b"a: > citaat\n", 1, "after '>' or '|', a text starts on the next line", "in quotes"),
        (b"a: & co\n", 1, "'&' starts a YAML anchor", "'&' in quotes"),
        # A quote mark inside a quoted text ends it; one left open is told where it opens.
        (b"a: 'Sur la base d'une analyse'\n", 1, "ends at this apostrophe", "twice (d''une)"),
        (b'a: "Het "model" is"\n', 1, "ends at this quote mark", "single quotes"),
        (b'a: 1\nb: "open\nc: d\ne: "x"\n', 2, "closed only on line 4", "where its text ends"),
    ],
)
def test_syntax_errors_are_said_in_plain_words(
    raw: bytes, line: int, says: str, advice: str
) -> None:
    with pytest.raises(YamlError) as caught:
        read_yaml(raw, "broken.yaml")
    error = caught.value
    assert (error.code, error.location.line) == ("LD01", line)
    assert says in error.message
    assert error.hint is not None and advice in error.hint


@pytest.mark.parametrize(
    ("raw", "says", "advice"),
    [
        ("kind: glossary\n".encode("utf-16"), "saved as UTF-16", "save the file as UTF-8"),
        (b"\x00\x01binary", "binary, not YAML text", "saved as UTF-8"),
        ("kind: glossary # é\n".encode("latin-1"), "not valid UTF-8 (byte 0xe9)", "as UTF-8"),
    ],
)
def test_a_file_that_is_not_utf8_text_says_how_to_save_it(
    raw: bytes, says: str, advice: str
) -> None:
    with pytest.raises(YamlError) as caught:
        read_yaml(raw, "saved.yaml")
    assert caught.value.code == "LD05" and says in caught.value.message
    assert caught.value.hint is not None and advice in caught.value.hint


def test_alias_bomb_is_refused_before_it_expands() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    with pytest.raises(YamlError) as caught:
        read_yaml("\n".join(lines).encode(), "bomb.yaml")
    assert caught.value.code == "LD04"


def test_yaml_1_1_surprises_stay_text() -> None:
    data = read_yaml(b"country: no\nanswer: yes\nwhen: 2022-03-10\nzone: 5339\n", "x.yaml").data
    assert data == {"country": "no", "answer": "yes", "when": "2022-03-10", "zone": 5339}


def test_byte_order_mark_is_refused_with_advice() -> None:
    with pytest.raises(YamlError) as caught:
        read_yaml(b"\xef\xbb\xbfa: 1\n", "bom.yaml")
    assert caught.value.code == "LD10"
    assert "without BOM" in (caught.value.hint or "")


def test_impossible_date_is_refused(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    path = plan / "cycles" / "demo" / "cycle.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("2022-02-04", "2022-13-45"))
    line = path.read_text(encoding="utf-8").splitlines().index("    date: 2022-13-45") + 1
    [(code, problem)] = load_plan(plan).problems
    assert (code, problem.location.line) == ("SC03", line)
    assert "not a date in the calendar" in problem.message


def test_a_linked_directory_is_said_not_skipped(tmp_path: Path) -> None:
    plan = make_plan(tmp_path / "project")
    elsewhere = tmp_path / "elsewhere"
    (plan / "reference").rename(elsewhere)
    (plan / "reference").symlink_to(elsewhere)
    assert [(code, path) for code, path, *_ in problems(plan)] == [("LD11", "reference")]
    done = nvptool("check", plan)
    assert (
        done.returncode == 1
        and "reference:1:1: error LD11 this directory is a symbolic link" in done.stdout
    )


def test_symlink_outside_the_plan_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("kind: glossary\nterms: []\n")
    plan = make_plan(tmp_path)
    (plan / "reference" / "link.yaml").symlink_to(outside)
    assert [code for code, *_ in problems(plan)] == ["LD08"]


def test_a_figure_that_mixes_a_value_and_a_range_names_the_list_item(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    figure_file = plan / "cycles" / "demo" / "phenomena" / "1.yaml"
    text = figure_file.read_text(encoding="utf-8")
    figure_file.write_text(text.replace("value: 646\n", "value: 646\n        qualifier: range\n"))
    [problem] = load_plan(plan).problems
    assert "'figures, item 1': a range gives 'low' and 'high', and no 'value'" in str(problem)


def _object_lines(plan_dir: Path, kept: bool) -> list[tuple[str, str, int | None, int | None]]:
    plan = load_plan(plan_dir, marks="objects" if kept else None).plan
    return [(n.key, n.file.path, n.location().line, n.location().column) for n in plan.nodes]


def test_object_lines_kept_at_reading_are_where_the_ids_stand() -> None:
    """The site's lines of every object, kept as the files are read, are the lines found by
    composing each file again (flow style, quotes, comments and aliases included)."""
    text = (
        "id: drugs\nnumber: 3\ntitle: &t\n  nl: Drugs\n"
        "objectives:\n  # a comment\n  - {id: 'o1', title: {nl: Een}}\n"
        '  -\n    title: {nl: Twee}\n    "id": o2\n'
        "more:\n  - {id: o3, title: *t}\n"
    )
    raw = text.encode()
    kept = read_yaml(raw, "x.yaml", marks="objects").source
    found = read_yaml(raw, "x.yaml").source
    for path in [("id",), ("objectives", 0, "id"), ("objectives", 1, "id"), ("more", 0, "id")]:
        assert kept.marks is not None and path in kept.marks and path[:-1] in kept.marks
        assert kept.value(path) == found.value(path)
        assert kept.value(path[:-1]) == found.value(path[:-1])
    assert kept.value(("objectives", 1, "id")).line == 10
    real = Path(__file__).parent.parent / "plan"
    assert _object_lines(real, True) == _object_lines(real, False)


def test_value_marks_kept_at_reading_are_where_every_text_stands() -> None:
    """A translation work file's lines, kept as the files are read, are those found by
    composing each file again, for every text of the real plan."""
    from nvptool.texts import text_refs

    real = Path(__file__).parent.parent / "plan"
    kept = load_plan(real, marks="values").plan
    found = load_plan(real).plan

    def lines(plan: Plan) -> list[tuple[str, int | None, int | None]]:
        return [
            (ref.node.key, (at := ref.node.value_location(*ref.field)).line, at.column)
            for ref in text_refs(plan)
        ]

    assert lines(kept) == lines(found)
    assert len(lines(kept)) > 1000


def test_a_file_that_grows_after_it_was_measured_is_refused_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The limit holds for what is read, not only for the size seen before reading."""
    import os

    from nvptool.load import sources
    from nvptool.load.yamlsource import REPORTING_SHEETS

    grown = tmp_path / "report.xlsx"
    with grown.open("wb") as sparse:
        sparse.truncate(9 * 1024 * 1024)
    measured = os.fstat

    def small_then_true(handle: int) -> os.stat_result:
        found = measured(handle)
        monkeypatch.setattr(sources.os, "fstat", measured)  # Only the first look is small.
        return os.stat_result((found.st_mode, *found[1:6], 100, *found[7:]))

    monkeypatch.setattr(sources.os, "fstat", small_then_true)
    raw, why = sources.read_regular_file(grown, REPORTING_SHEETS)
    assert raw is None
    assert why is not None and why.hint == REPORTING_SHEETS.hint
    assert why[:2] == ("LD07", "the file is 9 MiB; reporting sheets may be at most 8 MiB")


def test_a_place_is_found_where_the_source_map_finds_it() -> None:
    from nvptool.load.yamlsource import Place

    raw = b"kind: x\nitems:\n  - id: a\n    body: |\n      one\n      two\n"
    document = read_yaml(raw, "f.yaml")
    source = document.source
    for path in [("items", 0, "id"), ("items", 0), ("kind",), ("items", 5)]:
        assert Place(path, source).locate() == source.value(path)
        assert Place(path, source, of_key=True).locate() == source.key(path)
    body = ("items", 0, "body")
    assert Place(body, source, line=1).locate() == source.text_line(body, 1)
    assert str(Place(body, source, line=1)) == "f.yaml:6:1"
    assert Place(body, source) == Place(body, read_yaml(raw, "f.yaml").source)
    assert Place(body, source) != Place(body, source, of_key=True)


def _located(plan_dir: Path) -> list[tuple[str, str, int]]:
    from nvptool.check import effective_settings, run_checks

    loaded = load_plan(plan_dir)
    findings = run_checks(loaded, effective_settings(loaded.plan.config)).findings
    return [(f.code, Path(f.location.file).name, f.location.line) for f in findings]


def test_a_plan_directory_keeps_no_file_bytes_and_still_locates_its_problems(
    tmp_path: Path,
) -> None:
    from conftest import WARNINGS_ONLY

    plan_dir = make_plan(tmp_path, WARNINGS_ONLY)
    loaded = load_plan(plan_dir)
    assert loaded.plan.files
    assert all(isinstance(f.source.content, Reread) for f in loaded.plan.files)
    assert ("TR01", "2.yaml", 4) in _located(plan_dir)  # title: {nl: Drugs} on line 4


def test_a_file_changed_after_it_was_read_is_located_at_the_file(tmp_path: Path) -> None:
    """Its lines may be another's now: the problem points at the file, not a wrong line."""
    from conftest import WARNINGS_ONLY

    from nvptool.check import effective_settings, run_checks
    from nvptool.findings import Location

    plan_dir = make_plan(tmp_path, WARNINGS_ONLY)
    loaded = load_plan(plan_dir)
    changed = plan_dir / "cycles/demo/phenomena/2.yaml"
    changed.write_text("# moved down\n" + changed.read_text(encoding="utf-8"), encoding="utf-8")
    findings = run_checks(loaded, effective_settings(loaded.plan.config)).findings
    mine = [f for f in findings if f.location.file.endswith("2.yaml")]
    assert mine
    assert {f.location for f in mine} == {Location(str(changed.as_posix()))}
