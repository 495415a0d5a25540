"""A faster build writes exactly what the plain one writes: languages built side by side,
and a language's previous site kept only when nothing it is made from changed."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import pytest
from conftest import (
    MINI,
    ROOT,
    converted_pages,
    drawn_pages,
    in_fresh_interpreter,
    make_plan,
)
from test_site_build import tree_digest

from nvptool import templates_dir
from nvptool.parallel import can_fork, workers
from nvptool.site import reuse
from nvptool.site.build import HOOKS, BuildError, build_site
from nvptool.site.page_cache import DRAWN_PATTERN, SWEPT, WRITING
from nvptool.site.page_cache import PATTERN as PAGE_PATTERN
from nvptool.site.reuse import RECORD
from nvptool.site.template_cache import (
    KEPT_FILES,
    NO_CACHE,
    PATTERN,
    TemplateCache,
    template_cache,
)
from nvptool.site.theme_menu import EntryOnce, folder_of


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


@pytest.fixture
def own_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary directory of the test's own, where jinja2 keeps the compiled templates."""
    import tempfile

    monkeypatch.delenv(NO_CACHE, raising=False)
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _compiled_files(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """The templates read from files that jinja2 compiles from now on (the theme's, ours),
    each with whether its environment keeps compiled templates."""
    import jinja2

    compiled: list[tuple[str, bool]] = []
    compile_source = jinja2.Environment.compile

    def compile(env: jinja2.Environment, source: str, *args: Any, **kwargs: Any) -> Any:
        filename = kwargs.get("filename", args[1] if len(args) > 1 else None)
        if filename is not None:
            compiled.append((filename, env.bytecode_cache is not None))
        return compile_source(env, source, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    return compiled


def test_compiled_templates_are_kept_between_builds_and_change_nothing(
    own_temp: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NO_CACHE, "1")
    _build(MINI, tmp_path / "plain")
    assert list(own_temp.iterdir()) == []
    monkeypatch.delenv(NO_CACHE)
    compiled = _compiled_files(monkeypatch)
    _build(MINI, tmp_path / "first")
    kept = {Path(name).name for name, cached in compiled if cached}
    assert {"main.html", "base.html", "nav-item.html", "topic.md.j2", "mkdocs.yml.j2"} <= kept
    (cache,) = own_temp.iterdir()
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700  # Only its user reads or writes it.
    kept_files = {name for name, cached in compiled if cached}
    assert len(list(cache.glob(PATTERN % "*"))) == len(kept_files)
    compiled.clear()
    _build(MINI, tmp_path / "second")
    # Nothing is compiled again, the search plugin's environments' templates included.
    assert compiled == []
    assert tree_digest(tmp_path / "first") == tree_digest(tmp_path / "plain")
    assert tree_digest(tmp_path / "second") == tree_digest(tmp_path / "plain")


@pytest.mark.parametrize("damage", [b"", b"not jinja2", "magic", "fifo", "huge"])
def test_a_damaged_cache_is_compiled_again(
    own_temp: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes | str
) -> None:
    from jinja2.bccache import bc_magic

    _build(MINI, tmp_path / "first")
    (cache,) = own_temp.iterdir()
    for kept in cache.glob(PATTERN % "*"):  # "magic": jinja2's header, then what pickle refuses.
        if damage in ("fifo", "huge"):  # A build would wait for a writer, or fill the memory.
            _special(kept, damage)
        else:
            kept.write_bytes(bc_magic + b"\x80\x05garbage" if damage == "magic" else damage)
    compiled = _compiled_files(monkeypatch)
    _build(MINI, tmp_path / "second")
    assert [name for name, cached in compiled if cached and name.endswith("main.html")]
    assert tree_digest(tmp_path / "second") == tree_digest(tmp_path / "first")


def test_a_cache_without_a_safe_folder_is_left_aside(
    own_temp: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (own_temp / f"_jinja2-cache-{os.getuid()}").write_text("a file, not a folder only we use")
    assert template_cache(jinja2.Environment()) is None
    _build(MINI, tmp_path / "site")
    assert (tmp_path / "site" / "nl" / "index.html").is_file()
    monkeypatch.setenv(NO_CACHE, "1")
    assert template_cache(jinja2.Environment()) is None


def test_a_cache_that_cannot_be_written_is_not_kept(tmp_path: Path) -> None:
    env = jinja2.Environment(loader=jinja2.DictLoader({"page": "{{ 1 + 1 }}"}))
    env.bytecode_cache = TemplateCache(env, str(tmp_path / "gone"))
    assert env.get_template("page").render() == "2"


def test_code_compiled_with_other_settings_is_not_taken(tmp_path: Path) -> None:
    """The same template compiled by environments that lay it out differently (trim_blocks,
    as nvptool's own sets it) is kept apart for each."""
    source = {"page": "a\n{% if true %}\nb\n{% endif %}\nc"}
    outputs = []
    for trim in (True, False, True):
        env = jinja2.Environment(loader=jinja2.DictLoader(source), trim_blocks=trim)
        env.bytecode_cache = TemplateCache(env, str(tmp_path))
        outputs.append(env.get_template("page").render())
    assert outputs == ["a\nb\nc", "a\n\nb\n\nc", "a\nb\nc"]
    assert len(list(tmp_path.iterdir())) == 2


def test_the_menu_drawn_an_entry_at_a_time_is_the_themes_own_menu(tmp_path: Path) -> None:
    """On the real plan: pages in the menu and outside it (98 measures a language)."""
    theirs = tmp_path / "templates"
    shutil.copytree(templates_dir(), theirs)
    (theirs / "overrides" / "partials" / "nav-item.html").unlink()  # The theme's own menu.
    build_site(ROOT / "plan", tmp_path / "once")
    build_site(ROOT / "plan", tmp_path / "each", templates=theirs)
    once, each = tree_digest(tmp_path / "once"), tree_digest(tmp_path / "each")
    assert once.pop(RECORD) != each.pop(RECORD)  # Built by other templates, so recorded apart.
    assert once == each
    assert len([path for path in once if path.startswith("nl/progress/measures/")]) > 90


class _Item:
    def __init__(self, title: str = "Drugs", active: bool = False) -> None:
        self.active = active
        self.title = title
        self.url = f"{title.lower()}.html"


class _Page:
    def __init__(self, url: str) -> None:
        self.url = url


def test_an_entry_is_drawn_once_a_folder_where_it_does_not_hold_the_page() -> None:
    drawn: list[str] = []
    once = EntryOnce()

    def draw(url: str, item: _Item, path: str = "__nav_1", level: int = 1) -> str:
        def caller() -> str:
            drawn.append(url)
            return f"{item.title} drawn for {url}"

        return once(_Page(url), item, path, level, caller)

    drugs = _Item()
    assert draw("progress/measures/a.html", drugs) == "Drugs drawn for progress/measures/a.html"
    assert draw("progress/measures/b.html", drugs) == "Drugs drawn for progress/measures/a.html"
    assert draw("progress/themes/c.html", drugs) == "Drugs drawn for progress/themes/c.html"
    assert draw("progress/measures/d.html", drugs, path="__nav_2").endswith("/d.html")
    assert draw("progress/measures/e.html", _Item("Drugs en verslaving")).endswith("/e.html")
    holding = _Item(active=True)  # On the way to the page: drawn for every page.
    assert draw("progress/measures/f.html", holding).endswith("/f.html")
    assert draw("progress/measures/g.html", holding).endswith("/g.html")
    assert draw("progress/measures/h.html", drugs, level=2).endswith("/h.html")
    assert once(None, drugs, "__nav_1", 1, lambda: "the 404 page's") == "the 404 page's"
    assert drawn == [f"progress/{p}.html" for p in ["measures/a", "themes/c", "measures/d"]] + [
        f"progress/measures/{p}.html" for p in "efgh"
    ]
    assert folder_of(_Page("index.html")) == ""
    assert folder_of(_Page("progress/measures/")) is None  # A folder's own URL.


@pytest.mark.parametrize("kind", ["converted", "drawn"])
def test_pages_converted_and_drawn_are_kept_between_builds_and_change_nothing(
    own_temp: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """Each page's converted Markdown (site.page_cache) and the page as the theme drew it,
    with its search entries (site.drawn_cache): one entry a page and language, used by
    the next build (and so not removed as unused), made again for another engine."""
    counted, pattern = {
        "converted": (converted_pages, PAGE_PATTERN),
        "drawn": (drawn_pages, DRAWN_PATTERN),
    }[kind]
    monkeypatch.setenv(NO_CACHE, "1")
    _build(MINI, tmp_path / "plain")
    monkeypatch.delenv(NO_CACHE)
    made = counted(monkeypatch)
    _build(MINI, tmp_path / "first")
    (cache,) = own_temp.iterdir()
    kept = list(cache.glob(pattern % "*"))
    assert len(kept) == len(made) > 20  # One entry a page of each language.
    assert {stat.S_IMODE(entry.stat().st_mode) for entry in kept} == {0o600}
    made.clear()
    for entry in kept:
        os.utime(entry, (1, 1))
    _build(MINI, tmp_path / "second")
    assert made == []
    assert min(entry.stat().st_mtime for entry in kept) > 1  # Used: kept another 30 days.
    plain = tree_digest(tmp_path / "plain")
    assert tree_digest(tmp_path / "first") == plain
    assert tree_digest(tmp_path / "second") == plain  # The search index too.
    index = json.loads((tmp_path / "second" / "nl" / "search" / "search_index.json").read_text())
    assert len(index["docs"]) > 20
    monkeypatch.setattr(reuse, "engine_digest", lambda templates: "another nvptool")
    _build(MINI, tmp_path / "third")
    assert len(made) == len(kept)
    assert len(list(cache.glob(pattern % "*"))) == len(kept)  # Builds add no entry.
    third = tree_digest(tmp_path / "third")
    assert third.pop(RECORD) != plain.pop(RECORD)  # Which records the engine's digest.
    assert third == plain


def test_after_an_edit_only_the_pages_it_changed_are_converted(
    own_temp: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = make_plan(tmp_path)
    _build(plan, tmp_path / "first")
    path = plan / "cycles" / "demo" / "phenomena" / "1.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("nl: Verkeersveiligheid\n", "nl: Wegen\n", 1), "utf-8")
    converted = converted_pages(monkeypatch)
    _build(plan, tmp_path / "second")
    assert "print.md" in converted and "index.md" not in converted
    assert len(converted) < 20
    monkeypatch.setenv(NO_CACHE, "1")
    _build(plan, tmp_path / "clean")
    assert tree_digest(tmp_path / "second") == tree_digest(tmp_path / "clean")


PAGE_DAMAGES: list[bytes | str] = [
    b"",
    b"[]",
    b'{"key": 1}',
    "types",  # The right key, the values of the wrong kinds.
    "links",  # The right key, a link to a file the site does not have.
    "looked",  # The right key, a file found when it was converted that the site lacks now.
    "links-list",
    "toc-name",  # A number where the text of an entry of the table of contents is.
    "toc-id",  # No id.
    "toc-markup",  # An id that the theme would write into an address as markup.
    b"[" * 100_000 + b"]" * 100_000,  # Deeper than any parser goes.
    "fifo",  # A build would wait for a writer for ever.
    "link",  # To what never ends.
    "huge",  # Longer than any entry: a build would read it all.
]
DRAWN_DAMAGES: list[bytes | str] = [b"", b"[]", "types", "search", "unknown", "fifo", "huge"]


@pytest.mark.parametrize(
    ("kind", "damage"),
    [
        *(("converted", damage) for damage in PAGE_DAMAGES),
        *(("drawn", damage) for damage in DRAWN_DAMAGES),
    ],
)
def test_a_damaged_entry_is_made_again(
    own_temp: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    damage: bytes | str,
) -> None:
    """A converted page (site.page_cache) or a drawn one (site.drawn_cache) whose entry is
    damaged is converted or drawn again, and the site is the same."""
    counted, pattern, change = {
        "converted": (converted_pages, PAGE_PATTERN, _damaged_page),
        "drawn": (drawn_pages, DRAWN_PATTERN, _damaged_drawing),
    }[kind]
    _build(MINI, tmp_path / "first")
    damaged = _damage_each(own_temp, pattern, damage, change)
    made = counted(monkeypatch)
    _build(MINI, tmp_path / "second")
    assert len(made) == damaged
    assert tree_digest(tmp_path / "second") == tree_digest(tmp_path / "first")


def _damaged_page(kept: dict[str, Any], damage: str) -> None:
    if damage == "types":
        kept.update(content=["<p>"], anchors="a")
    elif damage == "links":
        kept["links"] = {"nowhere.md": {"a": "nowhere.md#a"}}
    elif damage == "looked":
        kept["looked"]["nowhere.md"] = ["nowhere.md", "nowhere.html", "included"]
    elif damage == "links-list":
        kept["links"] = {"index.md": ["a"]}
    elif damage.startswith("toc"):
        assert kept["toc"]  # Every page of the plan has one.
        name, value = {
            "toc-name": ("name", 5),
            "toc-id": ("id", None),
            "toc-markup": ("id", 'x"><img src=x onerror=alert(1)><a href="'),
        }[damage]
        kept["toc"][0][name] = value


SPECIAL = ("fifo", "link", "huge")
"""Damages that make an entry a file of another kind (_special)."""


def _damage_each(
    own_temp: Path, pattern: str, damage: bytes | str, change: Callable[[dict[str, Any], str], None]
) -> int:
    """Every entry of the cache's folder named by pattern damaged: its bytes replaced, made
    a file of another kind, or its JSON changed by change(kept, damage); how many there were."""
    (cache,) = own_temp.iterdir()
    entries = list(cache.glob(pattern % "*"))
    for entry in entries:
        if isinstance(damage, bytes):
            entry.write_bytes(damage)
        elif damage in SPECIAL:
            _special(entry, damage)
        else:
            kept = json.loads(entry.read_bytes())
            change(kept, damage)
            entry.write_bytes(json.dumps(kept).encode())
    return len(entries)


def _special(path: Path, kind: str) -> None:
    """A file the cache's folder should hold turned into one that is not what it seems."""
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "link":
        path.symlink_to("/dev/zero")
    else:
        with path.open("wb") as huge:  # Sparse: takes no room.
            huge.truncate(KEPT_FILES.file_bytes + 1)


def test_an_entry_that_makes_the_build_fail_is_left_aside(
    own_temp: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry the folder's owner could write, with its digest right, that would make a
    link to an anchor fail (a control sequence in its words): the build is made again
    without the cache, as a clean build, in the preview too."""

    from nvptool.serve.state import Preview

    plan = make_plan(tmp_path)
    _build(plan, tmp_path / "first")
    (cache,) = own_temp.iterdir()
    for entry in cache.glob(PAGE_PATTERN % "*"):
        kept = json.loads(entry.read_bytes())
        kept["links"] = {"index.md": {"nope": "#nope\x1b]0;PWNED\x07"}}
        entry.write_text(json.dumps(kept), "utf-8")
    converted = converted_pages(monkeypatch)
    _build(plan, tmp_path / "second")
    assert len(converted) > 40  # Made twice: with the cache, then without.
    assert tree_digest(tmp_path / "second") == tree_digest(tmp_path / "first")
    preview = Preview(plan, tmp_path / "work", templates_dir())
    assert preview.shown() == ()
    built = (tmp_path / "first" / "nl" / "index.html").read_bytes()
    assert preview.page("nl", "index.md") == built


def test_an_entry_larger_than_a_kept_file_may_be_is_not_read(
    own_temp: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry right in every field, but longer than the limit (spaces after it): left
    aside without being read, its page converted again."""
    _build(MINI, tmp_path / "first")
    (cache,) = own_temp.iterdir()
    entry = max(cache.glob(PAGE_PATTERN % "*"), key=lambda path: path.stat().st_size)
    with entry.open("ab") as padded:
        padded.write(b" " * (KEPT_FILES.file_bytes + 1 - entry.stat().st_size))
    converted = converted_pages(monkeypatch)
    _build(MINI, tmp_path / "second")
    assert len(converted) == 1
    assert tree_digest(tmp_path / "second") == tree_digest(tmp_path / "first")


def test_unused_entries_are_removed_and_used_ones_kept(own_temp: Path, tmp_path: Path) -> None:
    _build(MINI, tmp_path / "first")
    (cache,) = own_temp.iterdir()
    foreign = cache / (PAGE_PATTERN % "a-page-renamed-long-ago")
    foreign.write_text("{}", "utf-8")
    kept = list(cache.glob(PAGE_PATTERN % "*"))
    for path in [*kept, cache / SWEPT]:
        os.utime(path, (0, 0))
    _build(MINI, tmp_path / "second")
    assert sorted(cache.glob(PAGE_PATTERN % "*")) == sorted(set(kept) - {foreign})


def test_a_page_entry_still_passes_the_allow_list(
    own_temp: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hooks clean what the cache gives as they clean what Markdown makes."""

    _build(MINI, tmp_path / "first")
    (cache,) = own_temp.iterdir()
    for entry in cache.glob(PAGE_PATTERN % "*"):
        kept = json.loads(entry.read_bytes())
        kept["content"] += '<script>alert(1)</script><p onclick="x()">hostile</p>'
        entry.write_text(json.dumps(kept), "utf-8")
    _build(MINI, tmp_path / "second")
    page = (tmp_path / "second" / "nl" / "index.html").read_text("utf-8")
    assert "<p>hostile</p>" in page
    assert "alert(1)" not in page and "onclick" not in page


def test_a_build_that_fails_keeps_no_page(
    own_temp: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """mkdocs ends a strict build that warned only after every page is made; what it said
    is told with its control characters escaped."""
    import logging

    from mkdocs.commands import build as mkdocs_build
    from mkdocs.exceptions import Abort

    build = mkdocs_build.build

    def warned(config: Any, **kwargs: Any) -> None:
        build(config, **kwargs)
        logging.getLogger("mkdocs").warning("a link to '#x\x1b]0;PWNED\x07'")
        raise Abort("Aborted with 1 warning in strict mode!")

    converted = converted_pages(monkeypatch)
    monkeypatch.setattr(mkdocs_build, "build", warned)
    with pytest.raises(BuildError, match="did not build") as raised:
        _build(MINI, tmp_path / "site")
    assert "\x1b" not in str(raised.value) and "#x\\x1b]0;PWNED" in str(raised.value)
    assert converted
    assert list(own_temp.rglob(PAGE_PATTERN % "*")) == []


def test_a_new_page_leaves_the_others_converted(
    own_temp: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A measure added: its page is new, the site's files change, the other pages' links
    find what they found."""
    plan = make_plan(tmp_path)
    _build(plan, tmp_path / "first")
    path = plan / "cycles" / "demo" / "phenomena" / "1.yaml"
    text = path.read_text("utf-8")
    measure = "      - id: verkeersveiligheid-m3\n        number: 3\n        text:\n"
    measure += "          nl: meer fietspaden.\n"
    path.write_text(text.replace("mappings:\n", measure + "mappings:\n", 1), "utf-8")
    converted = converted_pages(monkeypatch)
    _build(plan, tmp_path / "second")
    assert "progress/measures/verkeersveiligheid-m3.md" in converted
    assert "glossary.md" not in converted and len(converted) < 20
    monkeypatch.setenv(NO_CACHE, "1")
    _build(plan, tmp_path / "clean")
    assert tree_digest(tmp_path / "second") == tree_digest(tmp_path / "clean")


def test_no_page_is_kept_while_mkdocs_logs_what_it_debugs(
    own_temp: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """mkdocs notes a page's links to anchors only above DEBUG: an entry made then would
    let a later build skip their check."""
    import logging

    monkeypatch.setattr(logging.getLogger("mkdocs"), "level", logging.DEBUG)
    _build(MINI, tmp_path / "site")
    assert list(own_temp.rglob(PAGE_PATTERN % "*")) == []


def test_an_entry_a_killed_build_left_half_written_is_removed(
    own_temp: Path, tmp_path: Path
) -> None:
    _build(MINI, tmp_path / "first")
    (cache,) = own_temp.iterdir()
    old, recent = cache / f"{WRITING}old", cache / f"{WRITING}recent"
    for path in (old, recent):
        path.write_text('{"key": "', "utf-8")
    os.utime(old, (0, 0))
    _build(MINI, tmp_path / "second")
    assert old.exists()  # Looked for once a day.
    os.utime(cache / SWEPT, (0, 0))
    _build(MINI, tmp_path / "third")
    assert recent.exists() and not old.exists()  # One may still be written.


@pytest.mark.parametrize("change", ["words", "title", "address"])
def test_after_a_change_the_pages_it_reaches_are_drawn_again(
    own_temp: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    """Words of one phenomenon: its pages (and the print page). Its title: every page (the
    menu shows it). The site's address: every page (their links). Always as a clean build."""
    plan = make_plan(tmp_path)
    _build(plan, tmp_path / "first")
    path = plan / "cycles" / "demo" / "phenomena" / "1.yaml"
    text = path.read_text("utf-8")
    site_url = None
    if change == "words":
        assert "meer controles op snelheid;" in text
        path.write_text(text.replace("meer controles op snelheid;", "andere woorden;", 1), "utf-8")
    elif change == "title":
        path.write_text(text.replace("nl: Verkeersveiligheid\n", "nl: Wegen\n", 1), "utf-8")
    else:
        site_url = "https://example.org/nvp/"
    drawn = drawn_pages(monkeypatch)
    build_site(plan, tmp_path / "second", jobs=1, site_url=site_url)
    nl = drawn[: drawn.index("index.md", 1)] if drawn.count("index.md") > 1 else drawn
    if change == "words":
        assert "print.md" in nl and "index.md" not in nl and len(nl) < 10
    else:
        assert "index.md" in nl and len(nl) > 20
    monkeypatch.setenv(NO_CACHE, "1")
    build_site(plan, tmp_path / "clean", jobs=1, site_url=site_url)
    assert tree_digest(tmp_path / "second") == tree_digest(tmp_path / "clean")


def _damaged_drawing(kept: dict[str, Any], damage: str) -> None:
    if damage == "types":
        kept["html"] = ["<p>"]
    elif damage == "search":
        kept["search"] = [{"location": 1}]
    elif damage == "unknown":  # A field the entries of this version do not have.
        if kept["search"]:
            kept["search"] = [{**found, "more": 1} for found in kept["search"]]
        else:  # A page search leaves out (the print page).
            kept["more"] = 1


def test_a_page_whose_context_holds_more_is_drawn_every_time(
    own_temp: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a plugin adds to a page's context is not in the entry's key: such a page is
    never taken from the cache."""
    from mkdocs.commands import build as mkdocs_build

    get_context = mkdocs_build.get_context

    def more(*args: Any, **kwargs: Any) -> Any:
        context = get_context(*args, **kwargs)
        context["more"] = "x"  # type: ignore[typeddict-unknown-key]
        return context

    _build(MINI, tmp_path / "first")
    monkeypatch.setattr(mkdocs_build, "get_context", more)
    drawn = drawn_pages(monkeypatch)
    _build(MINI, tmp_path / "second")
    assert len(drawn) == len(list(own_temp.glob("*/" + DRAWN_PATTERN % "*"))) > 20


def test_an_output_folder_named_with_markup_characters_still_keeps_what_it_can(
    own_temp: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The configuration writes its folders as JSON for HTML (& as \\u0026): their names
    stayed in what a language's site and its pages were kept by, and nothing was kept."""
    out = tmp_path / "a&b<c>'d"
    _build(MINI, out / "first")
    drawn = drawn_pages(monkeypatch)
    _build(MINI, out / "second")
    assert drawn == []
    assert _build(MINI, out / "second") == [
        "the nl site is unchanged: kept",
        "the fr site is unchanged: kept",
    ]


def test_a_page_whose_metadata_json_cannot_write_is_drawn(
    own_temp: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Front matter with keys of mixed kinds (a number beside words) made a build with the
    cache fail where a clean build did not."""
    from mkdocs.structure.pages import Page

    read_source = Page.read_source

    def mixed(page: Page, *args: Any, **kwargs: Any) -> None:
        read_source(page, *args, **kwargs)
        page.meta[1] = "x"  # type: ignore[index]

    monkeypatch.setattr(Page, "read_source", mixed)
    _build(MINI, tmp_path / "first")
    _build(MINI, tmp_path / "second")
    monkeypatch.setenv(NO_CACHE, "1")
    _build(MINI, tmp_path / "clean")
    assert tree_digest(tmp_path / "second") == tree_digest(tmp_path / "clean")


def test_a_kept_drawn_page_is_kept_finished_and_not_spaced_again(
    own_temp: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A drawn page is kept as the hooks finished it (the French spacing of the whole page,
    the menu button): a build that takes it finishes it no more, and the site is the same."""
    from nvptool.site import typography

    spacing = typography.spaced
    spaced: list[str] = []

    def counted(html: str, space: str, lang: str | None = None) -> str:
        # Called by the hooks' _spaced, for a page (not a theme's page of its own: 404.html).
        if space and sys._getframe(2).f_code.co_name == "on_post_page":
            spaced.append(lang or "")
        return spacing(html, space, lang)

    # The hooks take it as mkdocs loads them, once a process (named by their file).
    monkeypatch.setattr(typography, "spaced", counted)
    hooks = sys.modules.get(str(HOOKS))
    if hooks is not None:
        monkeypatch.setattr(hooks, "spaced", counted)
    _build(MINI, tmp_path / "first")
    assert len(spaced) > 10 and set(spaced) == {"fr"}
    spaced.clear()
    _build(MINI, tmp_path / "second")
    assert spaced == []
    assert tree_digest(tmp_path / "second") == tree_digest(tmp_path / "first")


def test_a_finished_page_is_finished_again_once_anything_changed_it() -> None:
    """The hooks take a kept page as finished only as the cache gave it: once a plugin
    before them changed it, they finish it as any other page."""
    from types import SimpleNamespace

    from nvptool.site import mkdocs_hooks

    config = SimpleNamespace(extra={"punctuation_space": "\u202f"}, theme={"language": "fr"})
    page = SimpleNamespace()
    kept = mkdocs_hooks.finished_already(page, "<p>Période: 2022</p>")
    assert mkdocs_hooks.on_post_page(kept, page=page, config=config) == kept
    changed = "<p>Période: 2022</p>\n"
    assert mkdocs_hooks.on_post_page(changed, page=page, config=config) == (
        "<p>Période\u202f: 2022</p>\n"
    )


def test_what_every_build_makes_the_same_is_made_ahead_and_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The engine's digest and the collation table's first entries, made by a forked
    process while the command imports (site.prefetch): the values the build makes, used
    by it (no table read by the build itself), and the same site."""
    from nvptool.site import collation
    from nvptool.site.prefetch import prefetch

    templates = templates_dir()
    with prefetch(templates) as prefetched:
        made = prefetched.take()
    assert made is not None
    assert made.engine == reuse.engine_digest(templates)
    assert made.collation == collation.read_table(collation.LATIN)

    read = collation.read_table
    reads: list[frozenset[int]] = []

    def counted(characters: frozenset[int] = collation.LATIN) -> collation.Table:
        reads.append(characters)
        return read(characters)

    monkeypatch.setattr(collation, "read_table", counted)
    monkeypatch.setattr(collation, "_read", [])
    build_site(MINI, tmp_path / "plain", jobs=1)
    assert reads  # Without: the build reads the table.
    reads.clear()
    monkeypatch.setattr(collation, "_read", [])
    with prefetch(templates) as prefetched:
        build_site(MINI, tmp_path / "ahead", jobs=1, prefetched=prefetched)
    assert reads == [] or not can_fork()  # Read by the forked process only.
    assert tree_digest(tmp_path / "ahead") == tree_digest(tmp_path / "plain")


@pytest.mark.skipif(not can_fork(), reason="the prefetch is a forked process")
def test_a_prefetch_that_failed_leaves_the_build_to_make_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nvptool.site import prefetch

    def failed(templates: Path) -> prefetch.Prefetched:
        raise OSError("the table cannot be read")

    monkeypatch.setattr(prefetch, "_made", failed)
    with prefetch.prefetch(templates_dir()) as prefetched:
        assert prefetched.take() is None
        assert prefetched.take() is None  # Asked again: the same answer.
    with prefetch.prefetch(templates_dir()) as prefetched:
        build_site(MINI, tmp_path / "site", jobs=1, prefetched=prefetched)
    monkeypatch.undo()
    build_site(MINI, tmp_path / "plain", jobs=1)
    assert tree_digest(tmp_path / "site") == tree_digest(tmp_path / "plain")


def test_a_prefetch_done_here_fails_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where no process forks the work is done at once, in the command's process: without
    the site's extra (pyuca) it makes nothing, and the build says what is missing."""
    import sys

    import nvptool.site
    from nvptool import parallel
    from nvptool.site import prefetch

    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    monkeypatch.delattr(nvptool.site, "collation", raising=False)
    monkeypatch.setitem(sys.modules, "nvptool.site.collation", None)  # Cannot be imported.
    with prefetch.prefetch(templates_dir()) as prefetched:
        assert prefetched.take() is None


def test_a_drawn_page_s_search_entries_are_kept_as_written() -> None:
    from nvptool.site import drawn_cache

    found = {"location": "a.html", "title": "A", "text": "t", "boost": 2}
    entry = {"key": "k", "html": "<p>", "search": [found]}
    kept = drawn_cache._ENTRY.validate_json(json.dumps(entry))
    assert json.dumps(kept) == json.dumps(entry)  # 2, not 2.0
    with pytest.raises(ValueError):  # A field it does not know: not used.
        drawn_cache._ENTRY.validate_json(json.dumps({**entry, "search": [{**found, "x": 1}]}))


def test_the_theme_s_hidden_folders_are_not_listed(tmp_path: Path) -> None:
    """mkdocs lists the theme's files to copy them into the site, and copies none of a
    hidden folder: material's icons (14,000 files in .icons) are not gone through."""
    from mkdocs.config import load_config

    from nvptool.site.mkdocs_hooks import on_config

    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ntheme:\n  name: material\n", "utf-8")
    config = load_config(config_file=str(tmp_path / "mkdocs.yml"))
    plain = config.theme.get_env()
    listed = on_config(config).theme.get_env().list_templates()
    hidden = re.compile(r"(^|/)\.")  # A hidden folder or file.
    assert listed == [name for name in plain.list_templates() if not hidden.search(name)]
    assert 0 < len(listed) < len(plain.list_templates()) / 10
