"""Reading the plan again after an edit: only the files that changed, the others as they were.

Each file is read on its own (the loader turns one file into one SourceFile or
its problems), so the plan after an edit is the plan before it with the edited
files read again, in the same order: the same plan a full read gives. The
settings (nvptool.yaml) are read every time; a file added or removed makes the
caller read everything (`full`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from nvptool.load.plan import Coded, LoadResult, load_plan, load_source
from nvptool.load.sources import MISNAMED, YAML_SUFFIXES, DirectorySource, misnamed
from nvptool.plan import Plan, SourceFile
from nvptool.site import SITE_MARKS


class PlanReader:
    """The last reading of a plan directory, file by file."""

    def __init__(self, plan_dir: Path) -> None:
        self.plan_dir = plan_dir
        self.order: tuple[str, ...] = ()
        self.files: dict[str, SourceFile | None] = {}
        self.problems: dict[str, tuple[Coded, ...]] = {}
        self.misnamed: frozenset[str] = frozenset()
        """Files named like plan files but not read (LD12), at the last full reading."""
        self.last: LoadResult | None = None

    def full(self) -> LoadResult:
        """Every file read."""
        loaded = load_plan(self.plan_dir, marks=SITE_MARKS)
        self.order = tuple(
            path.relative_to(self.plan_dir).as_posix() for path in _listed(self.plan_dir)
        )
        by_display = {self.display(rel): rel for rel in self.order}
        self.files = dict.fromkeys(self.order)
        for file in loaded.plan.files:
            self.files[by_display[file.path]] = file
        self.problems = _grouped(loaded.problems, by_display)
        self.misnamed = frozenset(
            relative
            for code, problem in loaded.problems
            if code == MISNAMED.code and (relative := self.relative(Path(problem.location.file)))
        )
        self.last = loaded
        return loaded

    def relative(self, path: Path) -> str | None:
        """A changed path as the plan names it, relative to its directory; None outside it."""
        try:
            return path.resolve().relative_to(self.plan_dir.resolve()).as_posix()
        except ValueError:
            return None

    def touched(self, paths: Iterable[Path]) -> set[str]:
        """The plan's files (relative paths) that changes of these paths may have changed.

        A file is itself. When a folder is moved into, out of or within the plan, or
        copied in, the system names only the folder: then every file the plan had under
        it, and every file the loader reads there now (a removed path may have been a
        folder; what is not there any more is told by the file's absence). A file named
        like a plan file but not read counts while it is there, or when it was: an
        editor's copy made to save a file (03-drugs.yaml.tmp1234, 03-drugs.yaml~) and
        gone again is nothing the plan is read from.
        """
        found: set[str] = set()
        for path in paths:
            relative = self.relative(path)
            if relative is None:
                continue
            if misnamed(path.name) and not path.is_dir():
                if path.exists() or relative in self.misnamed:
                    found.add(relative)
                continue
            if relative.endswith(YAML_SUFFIXES) and not path.is_dir():
                found.add(relative)
                continue
            prefix = "" if relative == "." else f"{relative}/"
            found |= {known for known in self.files if known.startswith(prefix)}
            if path.is_dir():
                found |= {prefix + inner for inner in DirectorySource(path).relatives()}
        return found

    def known(self, relative: str) -> bool:
        return relative in self.files

    def again(self, changed: Iterable[str]) -> LoadResult:
        """The plan with the given files (relative paths, all known) read again."""
        wanted = {rel for rel in changed if rel in self.files}
        assert self.last is not None
        fresh = load_source(DirectorySource(self.plan_dir), only=wanted, marks=SITE_MARKS)
        by_display = {self.display(rel): rel for rel in self.order}
        for rel in wanted:
            self.files[rel] = None
            self.problems.pop(rel, None)
        for file in fresh.plan.files:
            self.files[by_display[file.path]] = file
        new_problems = _grouped(fresh.problems, by_display)
        self.problems = {
            **{rel: found for rel, found in self.problems.items() if rel != CONFIG},
            **new_problems,
        }
        files = tuple(f for rel in self.order if (f := self.files[rel]) is not None)
        problems = tuple(p for rel in (CONFIG, *self.order) for p in self.problems.get(rel, ()))
        loaded = LoadResult(
            Plan(fresh.plan.root, fresh.plan.config, files), problems, fresh.config_source
        )
        self.last = loaded
        return loaded

    def display(self, relative: str) -> str:
        return (Path(self.plan_dir) / relative).as_posix()


CONFIG = "nvptool.yaml"


def _listed(plan_dir: Path) -> list[Path]:
    return [plan_dir / rel for rel in DirectorySource(plan_dir).relatives() if rel != CONFIG]


def _grouped(problems: Iterable[Coded], by_display: dict[str, str]) -> dict[str, tuple[Coded, ...]]:
    """Problems by the file they are in (relative path); the settings' under CONFIG."""
    found: dict[str, list[Coded]] = {}
    for coded in problems:
        rel = by_display.get(coded[1].location.file, CONFIG)
        found.setdefault(rel, []).append(coded)
    return {rel: tuple(items) for rel, items in found.items()}
