"""Writes that cannot destroy: the build's output never covers the plan, the
templates or .git; a killed build leaves the previous site whole and nothing that
troubles the next; export and schema never write through a link.

Each case asserts the exit code, the message, and that no byte changed outside
the intended output.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, make_plan
from conftest import run_nvptool as nvptool

from nvptool.site.publish import MARKER, STAGING_MARK, exchange


def digest(root: Path) -> dict[str, str]:
    found = {}
    for path in sorted(root.rglob("*")):
        key = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[key] = "link:" + os.readlink(path)
        elif path.is_file():
            found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A plan repository: plan/ in a git work tree."""
    make_plan(tmp_path)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    return tmp_path


# --out values around the plan and .git, relative to the project; each refused.
AROUND = {
    "the plan": ("plan", "is the plan directory"),
    "inside the plan": ("plan/site", "lies inside the plan directory"),
    "deep inside the plan": ("plan/cycles/demo/site", "lies inside the plan directory"),
    "the project": (".", "contains the plan directory"),
    "the project, spelled with ..": ("plan/..", "contains the plan directory"),
    ".git": (".git", "is the repository's git directory"),
    "inside .git": (".git/site", "lies inside the repository's git directory"),
    "a link to the plan": ("link-to-plan", "is the plan directory"),
    "a link to the project": ("link-to-project", "contains the plan directory"),
    "inside a link to .git": ("link-to-git/site", "lies inside the repository's git directory"),
}


@pytest.mark.parametrize("case", sorted(AROUND))
@pytest.mark.parametrize("marked", [False, True], ids=["unmarked", "with a marker file"])
def test_build_refuses_an_output_around_the_plan_or_git(
    project: Path, case: str, marked: bool
) -> None:
    out, says = AROUND[case]
    (project / "link-to-plan").symlink_to("plan")
    (project / "link-to-project").symlink_to(".")
    (project / "link-to-git").symlink_to(".git")
    if marked:  # Whatever marker a hostile commit puts there.
        for folder in (project, project / "plan", project / ".git"):
            (folder / MARKER).write_text("built by nvptool\n", "utf-8")
    before = digest(project)
    done = nvptool("build", "plan", "--out", out, cwd=project)
    assert done.returncode == 2
    assert f"error: {out} {says}" in done.stderr
    assert "Traceback" not in done.stderr
    assert digest(project) == before


def test_build_refuses_the_git_directory_a_worktree_points_at(tmp_path: Path) -> None:
    """In a linked worktree .git is a file naming the real git directory elsewhere."""
    project = tmp_path / "worktree"
    make_plan(project)
    gitdir = tmp_path / "main.git" / "worktrees" / "w"
    gitdir.mkdir(parents=True)
    (gitdir / "commondir").write_text("../..\n", "utf-8")
    (project / ".git").write_text(f"gitdir: {gitdir}\n", "utf-8")
    for out in (gitdir, gitdir / "site", tmp_path / "main.git", tmp_path / "main.git" / "x"):
        done = nvptool("build", "plan", "--out", out, cwd=project)
        assert done.returncode == 2
        assert "git directory" in done.stderr


def test_build_refuses_a_bare_repository_and_the_templates(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    bare = tmp_path / "bare"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    done = nvptool("build", plan, "--out", bare / "site")
    assert done.returncode == 2 and "lies inside a git directory" in done.stderr
    done = nvptool("build", plan, "--out", ROOT / "templates")
    assert done.returncode == 2 and "is the templates directory" in done.stderr


def test_build_refuses_a_directory_it_did_not_build(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    out = tmp_path / "site"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", "utf-8")
    done = nvptool("build", plan, "--out", out)
    assert done.returncode == 2 and "did not build" in done.stderr
    assert (out / "notes.txt").read_text("utf-8") == "keep me"


# A killed build, at each step of writing. The driver runs nvptool's CLI in a
# process that kills itself with SIGKILL at the named point, as a machine that
# loses power or a CI job that times out would.
DRIVER = """
import os, signal, sys, pathlib
import nvptool.site.build as build
import nvptool.site.publish as publish

point = sys.argv.pop(1)

def die():
    os.kill(os.getpid(), signal.SIGKILL)

if point == "mkdocs":
    real_mkdocs, calls = build._mkdocs, []
    def mkdocs(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            die()
        return real_mkdocs(*args, **kwargs)
    build._mkdocs = mkdocs
elif point == "before-swap":
    publish._swap = lambda *args: die()
elif point == "after-exchange":
    real_exchange = publish.exchange
    def exchange(first, second):
        assert real_exchange(first, second)
        die()
    publish.exchange = exchange
elif point == "between-renames":
    publish.exchange = lambda first, second: False
    real_rename = pathlib.Path.rename
    def rename(self, target):
        done = real_rename(self, target)
        if pathlib.Path(target).name == "old":
            die()
        return done
    pathlib.Path.rename = rename
elif point == "cleanup":
    real_rmtree = publish.shutil.rmtree
    def rmtree(path, *args, **kwargs):
        if pathlib.Path(path).name in {"site", "old"}:  # The previous site, being removed.
            real_rmtree(pathlib.Path(path) / "nl")
            die()
        return real_rmtree(path, *args, **kwargs)
    publish.shutil.rmtree = rmtree

from nvptool.cli import main
main()
"""

KILL_POINTS = ["mkdocs", "before-swap", "after-exchange", "between-renames", "cleanup"]


def site_state(out: Path) -> dict[str, str]:
    state = digest(out)
    assert MARKER in state and "index.html" in state
    assert "nl/index.html" in state and "fr/index.html" in state
    return state


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".site."))


def edit_title(plan: Path) -> None:
    """The phenomenon's Dutch title becomes Wegen, then Wegen 2, Wegen 3 …"""
    path = plan / "cycles" / "demo" / "phenomena" / "1.yaml"
    text = path.read_text("utf-8")
    found = re.search(r"nl: (Verkeersveiligheid|Wegen(?: (\d+))?)\n", text)
    assert found is not None
    count = int(found.group(2) or 1) + 1 if found.group(1).startswith("Wegen") else 0
    title = f"Wegen {count}" if count else "Wegen"
    path.write_text(text.replace(found.group(0), f"nl: {title}\n", 1), "utf-8")


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_killed_build_leaves_a_whole_site_and_the_next_build_works(
    tmp_path: Path, point: str
) -> None:
    plan = make_plan(tmp_path)
    out = tmp_path / "site"
    assert nvptool("build", plan, "--out", out).returncode == 0
    old = site_state(out)
    edit_title(plan)
    plan_before = digest(plan)
    killed = subprocess.run(
        [sys.executable, "-c", DRIVER, point, "build", str(plan), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=300,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    if point == "between-renames":
        # Without an exchange (not this platform's way) a kill between the two
        # renames leaves the previous site aside, whole, for the next build to put back.
        assert not out.exists()
        [aside] = tmp_path.glob(".site.new-*/old")
        assert site_state(aside) == old
    else:
        now = site_state(out)  # A whole site at the output path, as a reader finds it:
        assert (now == old) == (point in {"mkdocs", "before-swap"})  # the new once complete.
    assert digest(plan) == plan_before
    done = nvptool("build", plan, "--out", out)
    assert done.returncode == 0, done.stderr
    new = site_state(out)
    assert new != old and "Wegen" in (out / "nl" / "index.html").read_text("utf-8")
    assert leftovers(tmp_path) == []


def test_the_next_build_puts_back_a_site_left_aside_by_an_earlier_version(
    tmp_path: Path,
) -> None:
    """Earlier versions renamed the site to .site.old-* and the new one into place:
    a kill between left no site. The next build puts the old one back first."""
    plan = make_plan(tmp_path)
    out = tmp_path / "site"
    assert nvptool("build", plan, "--out", out).returncode == 0
    old = site_state(out)
    out.rename(tmp_path / ".site.old-abc123")
    (tmp_path / ".site.new-abc123").mkdir()  # Killed right after it was made: empty.
    edit_title(plan)
    from nvptool.site.build import BuildError, build_site

    with pytest.raises(BuildError, match="mkdocs"), pytest.MonkeyPatch.context() as patch:
        patch.setattr("nvptool.site.build._mkdocs", _raise_build_error)
        build_site(plan, out)  # Fails after the old site was put back, before a swap.
    assert site_state(out) == old
    assert leftovers(tmp_path) == []


def _raise_build_error(*args: object) -> None:
    from nvptool.site.build import BuildError

    raise BuildError("mkdocs stopped")


def test_cleaning_up_removes_only_what_nvptool_made(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    out = tmp_path / "site"
    ours = tmp_path / ".site.new-killed"
    ours.mkdir()
    (ours / STAGING_MARK).write_text("", "utf-8")
    (ours / "site").mkdir()
    theirs = tmp_path / ".site.new-notes"  # Named alike, not marked: a user's.
    theirs.mkdir()
    (theirs / "notes.txt").write_text("keep me", "utf-8")
    other = tmp_path / ".other.new-x"
    other.mkdir()
    (other / STAGING_MARK).write_text("", "utf-8")  # Another output's: not this build's.
    link = tmp_path / ".site.new-link"
    link.symlink_to(plan)
    assert nvptool("build", plan, "--out", out).returncode == 0
    assert leftovers(tmp_path) == [".site.new-link", ".site.new-notes"]
    assert (theirs / "notes.txt").read_text("utf-8") == "keep me"
    assert other.is_dir() and (plan / "nvptool.yaml").is_file()


def test_two_builds_of_one_directory_at_once_refuse_rather_than_mix(tmp_path: Path) -> None:
    import fcntl

    plan = make_plan(tmp_path)
    handle = os.open(tmp_path, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        done = nvptool("build", plan, "--out", tmp_path / "site")
    finally:
        os.close(handle)
    assert done.returncode == 1 and "another build is writing" in done.stderr
    assert not (tmp_path / "site").exists() and leftovers(tmp_path) == []


def watch(path: Path, stop: threading.Event, misses: list[int]) -> Callable[[], None]:
    def run() -> None:
        while not stop.is_set():
            if not path.is_file():
                misses.append(1)

    return run


def test_the_exchange_leaves_no_instant_without_a_site(tmp_path: Path) -> None:
    """A reader looking all the time never finds the output missing."""
    out, new = tmp_path / "site", tmp_path / "new"
    for folder in (out, new):
        folder.mkdir()
        (folder / MARKER).write_text(folder.name, "utf-8")
    stop, misses = threading.Event(), []
    reader = threading.Thread(target=watch(out / MARKER, stop, misses))
    reader.start()
    try:
        for _ in range(3000):
            if not exchange(new, out):
                pytest.skip("this filesystem cannot exchange two paths")
    finally:
        stop.set()
        reader.join()
    assert misses == []
    assert (out / MARKER).read_text("utf-8") in {"site", "new"}


def test_export_never_writes_through_a_link(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    out = tmp_path / "tables"
    out.mkdir()
    victim = plan / "cycles" / "demo" / "phenomena" / "1.yaml"
    (out / "phenomenon.csv").symlink_to(victim)
    before = digest(tmp_path)
    done = nvptool("export", plan, "--format", "csv", "--out", out)
    assert done.returncode == 2
    assert "phenomenon.csv is a symbolic link" in done.stderr
    assert "nothing was written" in done.stderr
    assert digest(tmp_path) == before  # Not even the tables it could have written.
    assert (out / "phenomenon.csv").is_symlink()


def test_files_written_together_are_all_written_or_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure partway (a full disk) leaves a directory of tables, or the plan files a
    translation edits, as they were; the error names the file asked for."""
    from nvptool import outdir, roundtrip

    out = tmp_path / "tables"
    out.mkdir()
    (out / "b.csv").write_text("old b", encoding="utf-8")
    written = {"a.csv": b"new a", "b.csv": b"new b", "c.csv": b"new c"}
    real_beside = outdir._beside

    def full_disk_at_c(handle: int, name: str, data: bytes) -> str:
        if name == "c.csv":
            raise OSError(28, "No space left on device")
        return real_beside(handle, name, data)

    monkeypatch.setattr(outdir, "_beside", full_disk_at_c)
    with pytest.raises(outdir.OutputError, match=r"c\.csv: cannot write it: No space .*nothing"):
        outdir.write_binary_files(out, written)
    assert sorted(p.name for p in out.iterdir()) == ["b.csv"]
    assert (out / "b.csv").read_text("utf-8") == "old b"

    files = {tmp_path / f"{name}.yaml": b"new" for name in ("one", "two", "three")}
    for path in files:
        path.write_bytes(b"old")
    real_mkstemp = roundtrip.tempfile.mkstemp

    def full_disk_at_three(prefix: str, dir: Path) -> tuple[int, str]:
        if prefix.startswith(".three"):
            raise OSError(28, "No space left on device", str(dir / prefix))
        return real_mkstemp(prefix=prefix, dir=dir)

    monkeypatch.setattr(roundtrip.tempfile, "mkstemp", full_disk_at_three)
    with pytest.raises(OSError) as raised:
        roundtrip.replace_all(files)
    assert raised.value.filename == str(tmp_path / "three.yaml")
    assert "none of the 3 files was changed" in str(raised.value.strerror)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "one.yaml",
        "tables",
        "three.yaml",
        "two.yaml",
    ]
    assert all(path.read_bytes() == b"old" for path in files)


def test_tables_and_templates_are_not_written_into_the_plan(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    before = digest(plan)
    for args in (
        ("export", plan, "--format", "csv", "--out", plan / "tables"),
        ("follow-up", "export", "--year", "2024", "--plan", plan, "--out", plan),
    ):
        done = nvptool(*args)
        assert done.returncode == 2 and "lies inside the plan directory" in done.stderr, args
    assert digest(plan) == before


def test_export_refuses_an_out_it_would_not_write(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    for args in (("--out", tmp_path / "x"), ("--dictionary", "--out", tmp_path / "x")):
        done = nvptool("export", plan, *args)
        assert done.returncode == 2 and "goes to standard output" in done.stderr, args
        assert done.stdout == "" and not (tmp_path / "x").exists()


def test_export_replaces_a_hard_link_instead_of_writing_through_it(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    out = tmp_path / "tables"
    out.mkdir()
    victim = plan / "cycles" / "demo" / "phenomena" / "1.yaml"
    os.link(victim, out / "phenomenon.csv")
    before = victim.read_bytes()
    done = nvptool("export", plan, "--format", "csv", "--out", out)
    assert done.returncode == 0, done.stderr
    assert victim.read_bytes() == before
    assert (out / "phenomenon.csv").read_text("utf-8").startswith("key,id,kind")


@pytest.mark.parametrize("command", ["export", "schema"])
def test_an_output_directory_that_is_a_link_or_holds_special_files_is_refused(
    tmp_path: Path, command: str
) -> None:
    plan = make_plan(tmp_path)
    args = ["export", plan, "--format", "csv"] if command == "export" else ["schema"]
    target = tmp_path / "elsewhere"
    target.mkdir()
    (tmp_path / "out").symlink_to(target)
    done = nvptool(*args, "--out", tmp_path / "out")
    assert done.returncode == 2 and "is a symbolic link" in done.stderr
    assert list(target.iterdir()) == []
    real = tmp_path / "real"
    real.mkdir()
    name = "phenomenon.csv" if command == "export" else "phenomenon.schema.json"
    os.mkfifo(real / name)
    done = nvptool(*args, "--out", real)
    assert done.returncode == 2 and "is not a regular file" in done.stderr


def test_every_writing_command_says_what_it_writes() -> None:
    for command in (
        ["build"],
        ["export"],
        ["schema"],
        ["i18n", "confirm"],
        ["i18n", "apply"],
        ["i18n", "extract"],
        ["i18n", "tm"],
        ["cycle", "new"],
        ["init"],
        ["serve"],
    ):
        done = nvptool(*command, "--help")
        assert done.returncode == 0
        assert "Writes:" in done.stdout, command


def test_a_build_into_a_new_nested_directory_and_a_rebuild(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    out = tmp_path / "public" / "nvp"
    for _ in range(2):
        done = nvptool("build", plan, "--out", out)
        assert done.returncode == 0, done.stderr
    assert site_state(out)
    assert oct(out.stat().st_mode & 0o777) == "0o755"
    assert sorted(p.name for p in out.parent.iterdir()) == ["nvp"]
    shutil.rmtree(out)


def test_an_output_that_cannot_be_exchanged_is_refused_and_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mount point (a container's volume, say) cannot be renamed: said plainly."""
    import errno

    from nvptool.site.build import BuildError, build_site

    plan = make_plan(tmp_path)
    out = tmp_path / "site"
    build_site(plan, out)
    old = site_state(out)

    def cross_device(first: Path, second: Path) -> bool:
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV), str(second))

    monkeypatch.setattr("nvptool.site.publish.exchange", cross_device)
    with pytest.raises(BuildError, match="mount point"):
        build_site(plan, out)
    assert site_state(out) == old
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("command", [["i18n", "extract"], ["i18n", "tm"]])
def test_a_single_output_file_never_lands_in_the_plan_or_git(
    project: Path, command: list[str]
) -> None:
    (project / "link").symlink_to("plan/reference")
    before = digest(project)
    for out in ("plan/reference/glossary.yaml", "plan/new.yaml", ".git/x", "link/x.yaml"):
        done = nvptool(*command, "plan", "--out", out, cwd=project)
        assert done.returncode == 2, (out, done.stderr)
        assert f"error: {out} lies inside" in done.stderr
    os.mkfifo(project / "fifo")
    done = nvptool(*command, "plan", "--out", "fifo", cwd=project)
    assert done.returncode == 2 and "not a regular file" in done.stderr
    os.unlink(project / "fifo")
    assert digest(project) == before
    done = nvptool(*command, "plan", "--out", "work.out", cwd=project)
    assert done.returncode == 0, done.stderr
    assert (project / "work.out").stat().st_size > 0


def test_builds_killed_at_arbitrary_instants_always_leave_a_whole_site(tmp_path: Path) -> None:
    """Not only at the named steps: a kill at any moment of a build."""
    import time

    plan = make_plan(tmp_path)
    out = tmp_path / "site"
    started = time.monotonic()
    assert nvptool("build", plan, "--out", out).returncode == 0
    duration = time.monotonic() - started
    sites = [site_state(out)]
    for fraction in (0.2, 0.5, 0.8, 0.95):
        edit_title(plan)  # Each build differs from the one before.
        process = subprocess.Popen(
            [sys.executable, "-m", "nvptool", "build", str(plan), "--out", str(out)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        state = site_state(out)  # Whole, whichever build it is: every file there.
        assert set(state) == set(sites[0])
        sites.append(state)
    done = nvptool("build", plan, "--out", out)
    assert done.returncode == 0, done.stderr
    site_state(out)
    assert leftovers(tmp_path) == []


def test_init_never_writes_through_a_link_and_checks_its_cycle_id(tmp_path: Path) -> None:
    target = tmp_path / "repo"
    (target / "plan").mkdir(parents=True)
    outside = tmp_path / "outside.yaml"
    (target / "plan" / "nvptool.yaml").symlink_to(outside)  # Dangling: writing would create it.
    done = nvptool("init", target, "--force")
    assert done.returncode == 0, done.stderr
    assert not outside.exists()
    assert "kept" in done.stderr and "nvptool.yaml" in done.stderr
    for cycle in ("plan-2026-2029\n", "x" * 81, "../up"):
        done = nvptool("init", tmp_path / "other", "--cycle", cycle)
        assert done.returncode == 2 and "a cycle id is" in done.stderr
        assert not (tmp_path / "other").exists()


def test_init_takes_only_a_repository_address_it_can_write_into_yaml_and_shell(
    tmp_path: Path,
) -> None:
    """--source is written into the CI files, the hooks and the README: text that YAML or a
    shell would read as syntax (a line break, a quote, a space) is refused, as is a password."""
    for source, says in (
        ('https://x/y"\nevil_job:\n  script: [rm -rf /]\n#', "give the address of nvptool's"),
        ("not a url", "give the address of nvptool's"),
        ("https://x/nvptool'; touch pwned; '", "give the address of nvptool's"),
        ("https://user:token@git.example.org/nvptool", "holds a password"),
    ):
        done = nvptool("init", tmp_path / "office", "--source", source)
        assert done.returncode == 2 and says in done.stderr, source
        assert not (tmp_path / "office").exists()
    for source in ("ssh://git@git.example.org/tools/nvptool", "https://github.com/o/nvptool.git"):
        repo = tmp_path / source.rsplit("/", 2)[-2]
        done = nvptool("init", repo, "--source", source)
        assert done.returncode == 0, done.stderr
        hooks = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
        assert hooks["repos"][0]["repo"] == source


def test_init_s_next_step_can_be_copied_into_a_shell(tmp_path: Path) -> None:
    import shlex

    target = tmp_path / "plan with 'quotes' and spaces"
    done = nvptool("init", target)
    assert done.returncode == 0, done.stderr
    command = done.stdout.split("next: ", 1)[1].splitlines()[0]
    assert shlex.split(command)[:2] == ["cd", str(target)]
