"""Turn the command line's words into the two sides of a diff.

nvptool diff                      the working tree against HEAD
nvptool diff REV                  the working tree against REV
nvptool diff REV1 REV2            two revisions (REV:path names another plan directory)
nvptool diff DIR1 DIR2            two plan directories
nvptool diff CYCLE1 CYCLE2        two cycles of the working tree's plan
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from msgspec import Struct

from nvptool.diff.compare import Side, side
from nvptool.followup.data import is_follow_up_path
from nvptool.load.plan import CYCLES_DIR, LoadResult, PlanSource, load_source
from nvptool.load.sources import (
    DirectorySource,
    GitSource,
    SourceError,
    not_a_plan,
    repository_of,
    validate_revision,
)
from nvptool.plan import Plan

REFERENCE_DIR = "reference/"
"""Always read: mappings and citations show the titles of what they point at."""


class SideError(Exception):
    pass


class Request(Struct, frozen=True):
    plan_dir: Path
    words: tuple[str, ...]


def _loaded(result: LoadResult, what: str) -> LoadResult:
    if result.problems:
        _, problem = result.problems[0]
        raise SideError(
            f"{what} has files that cannot be read ({len(result.problems)}), "
            f"first: {problem.location}: {problem.message}"
        )
    return result


def _git_source(plan_dir: Path, word: str) -> GitSource:
    revision, _, path = word.partition(":")
    validate_revision(revision)
    repository, subdirectory = repository_of(plan_dir)
    return GitSource(repository, revision, path.strip("/") or subdirectory)


def _sides(old: PlanSource, new: PlanSource) -> tuple[Side, Side]:
    """Both sides, reading only the files that differ (and the reference data).

    A file with the same bytes on both sides holds the same objects, so it can
    change nothing: skipping it makes a diff cost what the change costs.
    """
    try:
        before, after = old.fingerprints(), new.fingerprints()
        same = {
            path
            for path, blob in before.items()
            if after.get(path) == blob and not path.startswith(REFERENCE_DIR)
        }
        same -= _follow_up_context(before.keys() | after.keys(), same)
        old_loaded = _loaded(load_source(old, set(before) - same), old.label)
        new_loaded = _loaded(load_source(new, set(after) - same), new.label)
    except SourceError as error:
        raise SideError(str(error)) from None
    return side(old_loaded.plan, old.label), side(new_loaded.plan, new.label)


def _follow_up_context(paths: set[str], same: set[str]) -> set[str]:
    """A changed report is read with its cycle: a status is told against the year before,
    and a measure is named by its number, which its theme's file gives."""
    changed = {path for path in paths - same if is_follow_up_path(path)}
    cycles = {f"{CYCLES_DIR}/{PurePosixPath(path).parts[1]}/" for path in changed}
    return {path for path in same if path.startswith(tuple(cycles))} if cycles else set()


def _names_cycle(plan_dir: Path, word: str) -> bool:
    """Whether a word can be a cycle of the working tree's plan: a cycle's directory
    bears its id (rule XR05), so two revisions are told apart without reading the plan."""
    return (
        word not in (".", "..")
        and "/" not in word
        and (plan_dir / CYCLES_DIR / word / "cycle.yaml").is_file()
    )


def resolve(request: Request) -> tuple[Side, Side]:
    words = request.words
    if len(words) > 2:
        raise SideError("give at most two revisions, directories or cycles")
    if len(words) == 2 and all(Path(w).is_dir() for w in words):
        for word in words:
            _require_plan_files(Path(word))
        return _sides(DirectorySource(Path(words[0])), DirectorySource(Path(words[1])))
    _require_plan_dir(request.plan_dir)
    if len(words) == 2 and all(_names_cycle(request.plan_dir, w) for w in words):
        working = _loaded(load_source(DirectorySource(request.plan_dir)), str(request.plan_dir))
        cycles = {n.id for n in working.plan.of_kind("cycle")}
        if words[0] in cycles and words[1] in cycles:
            plan = working.plan
            return side(plan, words[0], scope=words[0]), side(plan, words[1], scope=words[1])
    if len(words) == 2:
        try:
            old, new = (_git_source(request.plan_dir, word) for word in words)
            for source in (old, new):  # The one that is missing is the one named.
                source.commit()
            return _sides(old, new)
        except SourceError as error:
            raise SideError(_mixed(request.plan_dir, words) or str(error)) from None
    base = words[0] if words else "HEAD"
    return _sides(_git_source(request.plan_dir, base), DirectorySource(request.plan_dir))


def _mixed(plan_dir: Path, words: tuple[str, ...]) -> str | None:
    """Why two words that are not both revisions cannot be compared, when one of them is a
    directory or a cycle: it is the other word that is wrong."""
    kinds = {
        word: "directory"
        if Path(word).is_dir()
        else "cycle"
        if _names_cycle(plan_dir, word)
        else ""
        for word in words
    }
    known = [word for word in words if kinds[word]]
    if len(known) != 1:
        return None
    other = next(word for word in words if not kinds[word])
    kind = kinds[known[0]]
    what = f"a cycle of {plan_dir}" if kind == "cycle" else "a directory"
    return (
        f"'{known[0]}' is {what}, but '{other}' is neither a {kind} nor a revision of the "
        "repository; compare two cycles, two plan directories or two revisions"
    )


def _require_plan_dir(plan_dir: Path) -> None:
    if not plan_dir.exists():
        raise SideError(f"--plan {plan_dir}: no such directory")
    if not plan_dir.is_dir():
        raise SideError(f"--plan {plan_dir}: not a directory; give the plan directory")
    problem = not_a_plan(plan_dir)
    if problem is not None:
        raise SideError(f"--plan {problem}")


def _require_plan_files(directory: Path) -> None:
    """A directory without plan files is not an empty plan: every object would be 'removed';
    nor is any folder of YAML files a plan (sources.not_a_plan)."""
    problem = not_a_plan(directory)
    if problem is not None:
        raise SideError(problem)
    if not DirectorySource(directory).relatives():
        raise SideError(f"{directory} holds no plan files (*.yaml); nothing to compare")


def revision_plan(plan_dir: Path, revision: str) -> tuple[Plan, str]:
    """The plan directory as it was at a revision or tag of its repository, and the commit.

    Read whole (a site shows every page): for `nvptool build --since REV`.
    """
    try:
        source = _git_source(plan_dir, revision)
        commit = source.commit()
        loaded = _loaded(load_source(source), f"{revision}:{source.subdirectory}")
    except SourceError as error:
        raise SideError(str(error)) from None
    return loaded.plan, commit
