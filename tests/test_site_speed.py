"""A faster build writes exactly what the plain one writes: languages built side by side,
and a language's previous site kept only when nothing it is made from changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import MINI, in_fresh_interpreter, make_plan
from test_site_build import tree_digest

from nvptool.parallel import can_fork, workers
from nvptool.site.build import build_site
from nvptool.site.reuse import RECORD


def _build(plan: Path, out: Path, jobs: int = 1) -> list[str]:
    said: list[str] = []
    build_site(plan, out, jobs=jobs, progress=said.append)
    return [line for line in said if line.endswith("site is unchanged: kept")]


def test_languages_built_side_by_side_write_the_same_bytes(tmp_path: Path) -> None:
    in_fresh_interpreter("test_site_speed", "languages_side_by_side", str(tmp_path))


def languages_side_by_side(work: str) -> None:
    assert can_fork()
    _build(MINI, Path(work, "one"), jobs=1)
    _build(MINI, Path(work, "two"), jobs=2)
    assert tree_digest(Path(work, "one")) == tree_digest(Path(work, "two"))
    assert Path(work, "two", "fr", "index.html").is_file()


def test_an_unchanged_language_is_kept_and_equals_a_clean_build(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    out = tmp_path / "site"
    assert _build(plan, out) == []
    assert _build(plan, out) == ["the nl site is unchanged: kept", "the fr site is unchanged: kept"]
    _build(plan, tmp_path / "clean")
    assert tree_digest(out) == tree_digest(tmp_path / "clean")
    assert (out / RECORD).read_text("utf-8").count("\n") == 2


def test_after_an_edit_the_site_equals_a_clean_build(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    out = tmp_path / "site"
    _build(plan, out, jobs=2)
    path = plan / "cycles" / "demo" / "phenomena" / "1.yaml"
    text = path.read_text("utf-8")
    assert "nl: Verkeersveiligheid\n" in text
    path.write_text(text.replace("nl: Verkeersveiligheid\n", "nl: Wegen\n", 1), "utf-8")
    _build(plan, out, jobs=2)
    _build(plan, tmp_path / "clean")
    assert tree_digest(out) == tree_digest(tmp_path / "clean")
    assert "Wegen" in (out / "nl" / "index.html").read_text("utf-8")


@pytest.mark.parametrize("change", ["edit", "add", "remove", "link"])
def test_a_changed_previous_site_is_built_again(tmp_path: Path, change: str) -> None:
    """What is kept is checked against what the previous build wrote, byte for byte."""
    plan = make_plan(tmp_path)
    out = tmp_path / "site"
    _build(plan, out)
    page = out / "nl" / "index.html"
    if change == "edit":
        page.write_text(page.read_text("utf-8").replace("</body>", "<script></script></body>"))
    elif change == "add":
        (out / "nl" / "extra.html").write_text("<p>not built</p>", "utf-8")
    elif change == "remove":
        page.unlink()
    else:
        page.unlink()
        page.symlink_to(tmp_path / "elsewhere.html")
    assert _build(plan, out) == ["the fr site is unchanged: kept"]
    _build(plan, tmp_path / "clean")
    assert tree_digest(out) == tree_digest(tmp_path / "clean")


def test_work_in_a_worker_gives_its_result_or_its_failure_back() -> None:
    in_fresh_interpreter("test_site_speed", "work_in_a_worker")


def work_in_a_worker() -> None:
    assert can_fork()
    with workers(2) as pool:
        pool.run(os.getpid)
        pool.run(os.getpid)
        first, second = pool.wait()
    assert first != os.getpid() and second == os.getpid()  # The last runs in the build itself.
    with pytest.raises(ZeroDivisionError), workers(2) as pool:
        pool.run(lambda: 1 // 0)
        pool.run(lambda: None)


def test_beside_another_thread_the_work_runs_in_process() -> None:
    """A fork may copy a lock another thread holds: with a thread, nothing is forked."""
    import threading

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with workers(2) as pool:
            pool.run(os.getpid)
            pool.run(os.getpid)
            assert pool.wait() == [os.getpid(), os.getpid()]
    finally:
        stop.set()
        other.join()
