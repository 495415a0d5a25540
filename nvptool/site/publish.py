"""Putting a built site in place without ever leaving a reader (or a plan) without one.

The output directory stays a plain directory, so a site opens from the disk and
uploads as it always did. A build works in one staging directory beside it,
`.<out>.new-<random>/`, which holds the new site (`site/`) and mkdocs' working
files (`work/`) and is marked as nvptool's by a file in it. When the site is
complete it is exchanged with the output directory in one step:
renameat2(RENAME_EXCHANGE) on Linux, renamex_np(RENAME_SWAP) on macOS. At every
instant the output path holds either the whole previous site or the whole new
one. Where the platform or filesystem has no exchange, two renames are done, and
a build killed between them is repaired by the next one, which puts the previous
site back before anything else.

A killed build leaves at most its staging directory; the next build removes
every staging directory of the same output that carries nvptool's mark, and
nothing else. A lock on the parent directory keeps two builds of the same
directory from cleaning up each other's work.

The output may never be, contain or lie inside the plan, the templates or the
repository's git directory, whatever marker file is there: a swap would
remove them.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

MARKER = ".nvptool-site"
"""Marks a directory as a site nvptool built, so that a rebuild may replace it."""

STAGING_MARK = ".nvptool-staging"
"""Marks a staging directory as nvptool's, so that the next build may remove it."""


class PublishError(Exception):
    """The output directory cannot be written safely; nothing was changed."""


def staging_prefix(out: Path) -> str:
    return f".{out.name}.new-"


def protected_paths(plan_dir: Path, templates: Path) -> list[tuple[Path, str]]:
    """What a site may never overwrite: (resolved path, what it is, for the message)."""
    plan = plan_dir.resolve()
    found = [(plan, "the plan directory"), (templates.resolve(), "the templates directory")]
    found += [(path, "the repository's git directory") for path in git_dirs(plan)]
    return found


def git_dirs(start: Path) -> list[Path]:
    """Every git directory of the repository start is in: .git, the directory a
    worktree's .git file names, and that one's common directory."""
    found: list[Path] = []
    for folder in (start, *start.parents):
        dot_git = folder / ".git"
        if dot_git.is_dir():
            found.append(dot_git.resolve())
        elif dot_git.is_file():
            found.append(dot_git.resolve())
            found += _linked_git_dirs(dot_git)
        if found:
            return found
    return found


def _linked_git_dirs(dot_git_file: Path) -> list[Path]:
    try:
        first = dot_git_file.read_text(encoding="utf-8", errors="replace").splitlines()[:1]
    except OSError:
        return []
    if not first or not first[0].startswith("gitdir:"):
        return []
    gitdir = (dot_git_file.parent / first[0].removeprefix("gitdir:").strip()).resolve()
    found = [gitdir]
    with contextlib.suppress(OSError):
        common = (gitdir / "commondir").read_text(encoding="utf-8").strip()
        found.append((gitdir / common).resolve())
    return found


def check_target(out: Path, protected: Iterable[tuple[Path, str]]) -> Path:
    """The resolved output directory, or a PublishError saying why it may not be one."""
    real = out.resolve()
    for path, what in protected:
        if real == path or real.is_relative_to(path) or path.is_relative_to(real):
            relation = (
                "is" if real == path else "lies inside" if real.is_relative_to(path) else "contains"
            )
            raise PublishError(
                f"{out} {relation} {what} ({path}); a build replaces its output "
                "directory as a whole: choose a directory of its own, e.g. 'site'"
            )
    for folder in (real, *real.parents):
        if folder.name == ".git" or _looks_like_git_dir(folder):
            raise PublishError(f"{out} lies inside a git directory ({folder}); choose another")
    if real.exists() and not real.is_dir():
        raise PublishError(f"{out} exists and is not a directory")
    if real.is_dir() and any(real.iterdir()) and not (real / MARKER).is_file():
        raise PublishError(
            f"{out} holds files that nvptool did not build; choose an empty or new directory"
        )
    return real


def _looks_like_git_dir(folder: Path) -> bool:
    return (folder / "HEAD").is_file() and (folder / "objects").is_dir()


@contextlib.contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A staging directory for a new site at out (resolved, checked); on a clean exit
    its `site/` replaces out in one step. `work/` inside it is for scratch files."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with _locked(out.parent, out):
        _recover(out)
        area = Path(tempfile.mkdtemp(prefix=staging_prefix(out), dir=out.parent))
        try:
            (area / STAGING_MARK).write_text("a build of nvptool works here\n", encoding="utf-8")
            (area / "site").mkdir()
            (area / "work").mkdir()
            yield area
            site = area / "site"
            site.chmod(0o755)
            _swap(site, out, area / "old")
        finally:
            _remove(area)


@contextlib.contextmanager
def _locked(folder: Path, out: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no concurrent builds expected
        yield
        return
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishError(  # One folder's lock: a site of its own may be another's.
                f"another build is writing beside {out} (one build at a time writes in "
                f"{folder}); wait for it to finish, or build into another folder"
            ) from None
        yield
    finally:
        os.close(handle)


def _recover(out: Path) -> None:
    """Undo what a killed build left: put a previous site back if the output is
    missing, then remove the staging directories nvptool made, and nothing else."""
    stale = [path for path in _leftovers(out) if _made_by_nvptool(path)]
    for area in stale:
        for previous in (area / "old", area):  # area itself: as earlier versions left it
            if not out.exists() and (previous / MARKER).is_file():
                previous.rename(out)
    for area in stale:
        if area.exists():
            _remove(area)


def _remove(area: Path) -> None:
    """Remove a staging directory, its mark last: a kill while removing leaves it
    marked, so that the next build still knows it as its own."""
    with contextlib.suppress(OSError):
        (area / STAGING_MARK).touch()  # As earlier versions' directories were not marked.
    for child in area.iterdir():
        if child.name == STAGING_MARK:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
    (area / STAGING_MARK).unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        area.rmdir()


def _leftovers(out: Path) -> list[Path]:
    """Directories beside out named like a staging or a set-aside previous site."""
    names = (staging_prefix(out), f".{out.name}.old-")
    return sorted(
        path
        for path in out.parent.iterdir()
        if path.name.startswith(names) and path.is_dir() and not path.is_symlink()
    )


def _made_by_nvptool(path: Path) -> bool:
    """Marked as a staging directory or as a built site, or left empty by a kill
    right after it was made."""
    return (path / STAGING_MARK).is_file() or (path / MARKER).is_file() or not any(path.iterdir())


def _swap(new: Path, out: Path, aside: Path) -> None:
    """Put new at out; the previous content of out ends at new's place (or aside)."""
    try:
        if not out.exists():
            new.rename(out)
        elif not exchange(new, out):
            out.rename(aside)  # No exchange here: a kill now is repaired by _recover.
            new.rename(out)
    except OSError as error:
        if error.errno not in {errno.EXDEV, errno.EBUSY}:
            raise
        raise PublishError(
            f"cannot replace {out}: it is a mount point, or on another filesystem than "
            "the directory it is in; build into a directory inside it"
        ) from None


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically, where the system can; False where it cannot."""
    function, flag, here = _exchange_call()
    if function is None:
        return False
    result = function(here, os.fsencode(first), here, os.fsencode(second), flag)
    if result == 0:
        return True
    error = ctypes.get_errno()
    if error in {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP}:
        return False  # The filesystem cannot exchange: fall back to two renames.
    raise OSError(error, os.strerror(error), str(second))


def _exchange_call() -> tuple[Any, int, int]:
    """The C function that exchanges two paths, its flag, and its "current directory"."""
    if not sys.platform.startswith(("linux", "darwin")):
        return None, 0, 0
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    except OSError:  # pragma: no cover - no C library to call
        return None, 0, 0
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        return libc.renameat2, 2, -100  # RENAME_EXCHANGE, AT_FDCWD
    if sys.platform == "darwin" and hasattr(libc, "renameatx_np"):  # pragma: no cover
        return libc.renameatx_np, 2, -2  # RENAME_SWAP, AT_FDCWD
    return None, 0, 0
