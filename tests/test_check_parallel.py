"""A check in several processes finds exactly what it finds in one.

Files parsed by forked readers give the loader what parsing them here gives, and
the rules run in a forked process raise what they raise here.

The scenarios that fork run in a fresh interpreter (conftest.in_fresh_interpreter),
the way `nvptool check` runs.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any, cast

import pytest
from conftest import MINI, ROOT, WARNINGS_ONLY, in_fresh_interpreter, make_plan
from msgspec.structs import replace

from nvptool.check import effective_settings, run_checks
from nvptool.findings import Problem
from nvptool.load.plan import LoadResult, load_plan
from nvptool.load.readahead import ReadAhead, read_ahead
from nvptool.parallel import can_fork, shared_out
from nvptool.rules import RULES
from nvptool.rules.base import TextReader, problem
from nvptool.texts import TextRef, text_refs

BROKEN = {
    "cycles/demo/chapters/8.yaml": "kind: chapter\nid: [x\n",
    "cycles/demo/chapters/9.yaml": "kind: chapter\nid: a\nid: b\n",
    "cycles/demo/chapters/10.yaml": "\ufeffkind: chapter\n",
    "reference/bomb.yaml": "a: &a [x, x, x, x, x, x, x, x, x]\n"
    + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    ),
    "reference/nan.yaml": "kind: glossary\nterms:\n  - id: x\n    number: .nan\n",
    "reference/tag.yaml": "kind: glossary\nterms: !!python/object:os.system {}\n",
    "reference/latin1.yaml": "kind: glossary\n# caf\xe9\n",
}


def _findings(loaded: LoadResult) -> list[str]:
    checked = run_checks(loaded, effective_settings(loaded.plan.config))
    return [f"{f.location} {f.code} {f.message} {f.hint}" for f in checked.findings]


def _same(plan_dir: Path, ahead: ReadAhead, told: str | None = None) -> None:
    alone = load_plan(plan_dir)
    read = load_plan(plan_dir, ahead)
    assert read.plan == alone.plan
    assert read.problems == alone.problems
    assert _findings(read) == _findings(alone)
    if told is not None:  # The case the plan was made for is found both ways.
        assert any(f" {told} " in finding for finding in _findings(read))


def _readers(ahead: ReadAhead) -> list[int]:
    return [reader.pid for reader in ahead.readers]


def _fresh(scenario: str, *args: str) -> None:
    in_fresh_interpreter("test_check_parallel", scenario, *args)


def _plan(kind: str, work: Path) -> Path:
    if kind == "broken":
        plan_dir = make_plan(work, {k: v for k, v in BROKEN.items() if "latin1" not in k})
        (plan_dir / "reference/latin1.yaml").write_bytes(b"kind: glossary\n# caf\xe9\n")
        return plan_dir
    if kind == "warned":
        return make_plan(work, WARNINGS_ONLY)
    if kind == "commented":  # TX05 knows from the reader that a text may end at a comment.
        chapter = 'kind: chapter\nid: hoofdstuk-2\nnumber: "2"\nbody:\n  nl: De #MeToo liep.\n'
        return make_plan(work, {"cycles/demo/chapters/2.yaml": chapter})
    return {"real": ROOT / "plan", "mini": MINI}[kind]


@pytest.mark.parametrize("plan", ["real", "mini", "broken", "commented"])
def test_what_readers_parse_is_what_the_loader_parses(tmp_path: Path, plan: str) -> None:
    _fresh("readers_parse_what_the_loader_parses", plan, str(tmp_path))


def readers_parse_what_the_loader_parses(plan: str, work: str) -> None:
    plan_dir = _plan(plan, Path(work))
    assert threading.active_count() == 1
    with read_ahead(plan_dir, first=1, extra=1) as ahead:
        assert len(_readers(ahead)) == min(len(os.sched_getaffinity(0)), 8)
        readers = list(ahead.readers)
        parsed = [raw for raw in ahead.source.raws if raw.data is not None]
        _same(plan_dir, ahead, told="TX05" if plan == "commented" else None)
        # Every file came from a reader, in the order the loader asked for them.
        assert [r.sent for r in readers] == [len(r.files) for r in readers]
        assert sum(r.sent for r in readers) == len(parsed)
        assert ahead.early == {}
        assert ahead.source.raws == []  # Handed over once: no file's bytes are kept here.


@pytest.mark.parametrize("plan", ["real", "broken"])
def test_readers_record_where_the_objects_stand_as_the_loader_does(
    tmp_path: Path, plan: str
) -> None:
    _fresh("readers_record_marks", plan, str(tmp_path))


def readers_record_marks(plan: str, work: str) -> None:
    plan_dir = _plan(plan, Path(work))
    with read_ahead(plan_dir, first=1, extra=1, marks="objects") as ahead:
        readers = list(ahead.readers)
        assert readers
        read = load_plan(plan_dir, ahead, marks="objects")
        assert sum(r.sent for r in readers) == sum(len(r.files) for r in readers)
    alone = load_plan(plan_dir, marks="objects")
    assert read.plan == alone.plan and read.problems == alone.problems
    marks = {f.path: f.source.marks for f in read.plan.files}
    assert marks == {f.path: f.source.marks for f in alone.plan.files}
    assert all(marks.values())  # Every file's objects were marked, by a reader.


def test_a_read_ahead_without_the_marks_asked_for_is_left_aside() -> None:
    with read_ahead(MINI) as ahead:
        loaded = load_plan(MINI, ahead, marks="objects")
        assert ahead.source.raws  # Not taken: the files were read again, with marks.
    assert all(f.source.marks for f in loaded.plan.files)


def test_a_site_built_from_a_read_ahead_is_the_same(tmp_path: Path) -> None:
    _fresh("site_from_read_ahead", str(tmp_path))


def site_from_read_ahead(work: str) -> None:
    from test_site_build import tree_digest

    from nvptool.site import SITE_MARKS
    from nvptool.site.build import build_site

    plain, ahead_out = Path(work) / "plain", Path(work) / "ahead"
    build_site(MINI, plain, jobs=1)
    with read_ahead(MINI, first=1, extra=1, marks=SITE_MARKS) as ahead:
        assert ahead.readers
        build_site(MINI, ahead_out, jobs=1, ahead=ahead)
        assert sum(r.sent for r in ahead.readers) == sum(len(r.files) for r in ahead.readers)
    assert tree_digest(ahead_out) == tree_digest(plain)


def test_a_reader_that_dies_costs_only_time() -> None:
    _fresh("a_reader_that_dies_costs_only_time")


def a_reader_that_dies_costs_only_time() -> None:
    with read_ahead(ROOT / "plan", first=1, extra=1) as ahead:
        assert _readers(ahead)
        for pid in _readers(ahead):
            os.kill(pid, 9)
        readers = list(ahead.readers)
        _same(ROOT / "plan", ahead)
        # What a reader did not send before it died was parsed here.
        assert all(r.sent < len(r.files) for r in readers)


def test_readers_end_with_the_command() -> None:
    _fresh("readers_end_with_the_command")


def readers_end_with_the_command() -> None:
    with pytest.raises(RuntimeError), read_ahead(MINI, first=1, extra=1) as ahead:
        pids = _readers(ahead)
        assert pids
        raise RuntimeError("the command stops before it reads")
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # Reaped: no process is left behind.


def test_a_small_plan_is_read_here() -> None:
    with read_ahead(MINI) as ahead:
        assert _readers(ahead) == []
        _same(MINI, ahead)


@pytest.mark.skipif(not can_fork(), reason="readers are forked processes")
def test_a_plan_of_a_hundred_kib_is_read_by_a_reader(tmp_path: Path) -> None:
    """for the check, and with the places of its values for the build."""
    from nvptool.site import SITE_MARKS

    plan = make_plan(tmp_path)
    padded = plan / "reference" / "glossary.yaml"
    padded.write_text(padded.read_text("utf-8") + "# padding\n" * 10_000, "utf-8")
    with read_ahead(plan) as ahead:
        assert len(_readers(ahead)) == 1
        _same(plan, ahead)
    with read_ahead(plan, marks=SITE_MARKS) as ahead:
        assert len(_readers(ahead)) == 1
        read = load_plan(plan, ahead, marks=SITE_MARKS)
    alone = load_plan(plan, marks=SITE_MARKS)
    assert read.plan == alone.plan
    assert [f.source.marks for f in read.plan.files] == [f.source.marks for f in alone.plan.files]


def test_no_reader_is_forked_beside_another_thread() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with read_ahead(ROOT / "plan", first=1, extra=1) as ahead:
            assert _readers(ahead) == []
            _same(ROOT / "plan", ahead)
    finally:
        stop.set()
        other.join()


def test_the_broken_plan_breaks_in_every_way_a_reader_reports(tmp_path: Path) -> None:
    plan_dir = make_plan(tmp_path, {k: v for k, v in BROKEN.items() if "latin1" not in k})
    (plan_dir / "reference/latin1.yaml").write_bytes(b"kind: glossary\n# caf\xe9\n")
    codes = {code for code, _ in load_plan(plan_dir).problems}
    assert {"LD01", "LD02", "LD03", "LD04", "LD05", "LD10", "SC03"} <= codes


@pytest.mark.parametrize("plan", ["real", "mini", "warned"])
def test_rules_in_two_processes_find_what_they_find_in_one(tmp_path: Path, plan: str) -> None:
    _fresh("rules_in_two_processes_find_what_they_find_in_one", plan, str(tmp_path))


def rules_in_two_processes_find_what_they_find_in_one(plan: str, work: str) -> None:
    loaded = load_plan(_plan(plan, Path(work)))
    settings = effective_settings(loaded.plan.config)
    assert can_fork()
    alone = run_checks(loaded, settings)
    assert run_checks(loaded, settings, jobs=2) == alone
    assert plan != "warned" or alone.findings


def test_a_rule_that_fails_in_the_forked_process_fails_the_check() -> None:
    _fresh("a_rule_that_fails_in_the_forked_process_fails_the_check")


def a_rule_that_fails_in_the_forked_process_fails_the_check() -> None:
    """Slow rules that fail only where they are not run by the check's own process: the
    forked process takes at least one of them while this one works on another."""

    def failing(plan: Any) -> Any:
        time.sleep(0.1)
        if os.getpid() != parent:
            raise ValueError("a rule's own mistake")
        return iter(())

    parent = os.getpid()
    reading = next(rule for rule in RULES if rule.reader is not None)
    rules = [replace(RULES[0], code=f"ZZ0{n}", check=failing) for n in range(4)]
    loaded = load_plan(MINI)
    assert can_fork()
    with pytest.raises(ValueError, match="a rule's own mistake"):
        run_checks(loaded, effective_settings(loaded.plan.config), [*rules, reading], jobs=2)


def test_work_shared_out_is_taken_by_whichever_process_is_free() -> None:
    _fresh("work_shared_out_is_taken_by_whichever_process_is_free")


def work_shared_out_is_taken_by_whichever_process_is_free() -> None:
    """One long piece of work and six short ones: the process that took the long one takes
    nothing more, the other does all the short ones; the results come in the given order."""

    def piece(number: int) -> tuple[int, int]:
        time.sleep(0.6 if number == 0 else 0.05)
        return number, os.getpid()

    assert can_fork()
    done = cast(list[tuple[int, int]], shared_out([partial(piece, n) for n in range(7)], 2))
    assert [number for number, _ in done] == list(range(7))
    pids = [pid for _, pid in done]
    assert pids[0] not in pids[1:]
    assert len(set(pids[1:])) == 1
    assert os.getpid() in pids
    assert shared_out([partial(piece, n) for n in range(1, 4)], 1) == [
        (n, os.getpid()) for n in range(1, 4)
    ]


def test_the_rules_that_read_texts_are_shared_by_both_processes() -> None:
    _fresh("the_rules_that_read_texts_are_shared_by_both_processes")


def the_rules_that_read_texts_are_shared_by_both_processes() -> None:
    """Eight slow readers dealt alternately into four shares, each read by one process, both
    processes reading; their problems come back in the catalogue's order, as from one."""

    class Where(TextReader):
        def read(self, ref: TextRef) -> Iterator[Problem]:
            return iter(())

        def end(self) -> Iterator[Problem]:
            time.sleep(0.1)
            yield problem(next(iter(self.plan.nodes)), str(os.getpid()))

    template = next(rule for rule in RULES if rule.reader is not None)
    rules = [replace(template, code=f"ZZ{n:02}", reader=Where) for n in range(8)]
    loaded = load_plan(MINI)
    assert can_fork()
    settings = effective_settings(loaded.plan.config)
    found = run_checks(loaded, settings, rules, jobs=2).findings
    ours = [f for f in found if f.code.startswith("ZZ")]
    assert [f.code for f in ours] == [f"ZZ{n:02}" for n in range(8)]
    pids = [f.message for f in ours]
    assert pids[:4] == pids[4:]  # Each share read once, by one process.
    assert str(os.getpid()) in pids
    assert len(set(pids)) == 2


def test_the_texts_are_read_in_parts_by_both_processes() -> None:
    _fresh("the_texts_are_read_in_parts_by_both_processes")


def the_texts_are_read_in_parts_by_both_processes() -> None:
    """A reader that reads a text at a time gets parts of the texts in both processes, and
    tells what it tells in one; a reader that reads every text before it tells all gets
    every text, in one process."""

    class Each(TextReader):
        def read(self, ref: TextRef) -> Iterator[Problem]:
            time.sleep(0.002)  # Long enough for the other process to take a part.
            yield problem(ref.node, f"{ref.path} {os.getpid()}")

    class Counting(TextReader):
        texts = 0

        def read(self, ref: TextRef) -> Iterator[Problem]:
            self.texts += 1
            return iter(())

        def end(self) -> Iterator[Problem]:
            yield problem(next(iter(self.plan.nodes)), str(self.texts))

    template = next(rule for rule in RULES if rule.reader is not None)
    rules = [
        replace(template, code="ZZ01", reader=Each),
        replace(template, code="ZZ02", reader=Counting),
    ]
    loaded = load_plan(MINI)
    assert can_fork()
    settings = effective_settings(loaded.plan.config)

    def told(jobs: int) -> tuple[list[str], set[str], list[str]]:
        found = run_checks(loaded, settings, rules, jobs=jobs).findings
        each = [f.message.rsplit(" ", 1) for f in found if f.code == "ZZ01"]
        counted = [f.message for f in found if f.code == "ZZ02"]
        return [path for path, _ in each], {pid for _, pid in each}, counted

    texts, pids, counted = told(2)
    assert (texts, counted) == told(1)[::2]
    assert len(texts) == len(list(text_refs(loaded.plan))) > 8
    assert str(os.getpid()) in pids and len(pids) == 2  # Both processes read.
    assert counted == [str(len(texts))]


@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="reads /proc (Linux)")
def test_a_killed_check_leaves_no_reader_behind(tmp_path: Path) -> None:
    """Readers die with the command however it ends, here by SIGKILL while they parse."""
    import shutil
    import signal
    import subprocess
    import sys
    import time

    plan_dir = tmp_path / "plan"
    shutil.copytree(ROOT / "plan", plan_dir)
    for copy in range(32):  # About 28 MiB: each reader parses for more than a second.
        shutil.copytree(ROOT / "plan" / "cycles", plan_dir / "cycles" / f"copy{copy}")
    check = subprocess.Popen(
        [sys.executable, "-m", "nvptool", "check", str(plan_dir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 30
    while len(_session(check.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(_session(check.pid)) >= 2, "the readers were not seen"
    check.send_signal(signal.SIGKILL)
    check.wait()
    gone = time.monotonic() + 0.5  # Far less than the readers' work: they were ended.
    while _session(check.pid) and time.monotonic() < gone:
        time.sleep(0.01)
    assert _session(check.pid) == []


def _session(session: int) -> list[int]:
    """The live processes of a session (zombies aside)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z" and int(fields[3]) == session:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.parametrize(
    ("size", "cores", "readers"),
    [
        (40 * 1024, 2, 0),  # a small plan: read in process
        (290 * 1024, 2, 1),  # 500 objects
        (880 * 1024, 2, 1),  # the real plan
        (1200 * 1024, 2, 1),  # a second reader would slow the start-up more than it helps
        (2700 * 1024, 2, 2),  # 5,000 objects
        (50 * 1024 * 1024, 4, 4),  # one a core at most
        (50 * 1024 * 1024, 1, 0),  # one core: a reader would only take turns with the start-up
    ],
)
def test_how_many_readers_a_plan_is_worth(
    monkeypatch: pytest.MonkeyPatch, size: int, cores: int, readers: int
) -> None:
    from nvptool.load import readahead

    monkeypatch.setattr(readahead, "cores", lambda: cores)
    monkeypatch.setattr(readahead, "can_fork", lambda: True)
    first, extra = readahead.READ_AHEAD_BYTES, readahead.EXTRA_READER_BYTES
    assert readahead._readers_for(size, first, extra) == readers
