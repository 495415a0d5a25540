"""Writing generated files into an output directory without following links out of it.

`export --out` and `schema --out` write tables and schemas into a directory a
user names, which may hold anything a contributor committed. Each file is
written as a new file beside its target and renamed over it, through a handle
on the directory itself: a symbolic link, a FIFO or a directory in the target's
place is refused, and a hard link to a file elsewhere (a plan file, say) is
replaced, never written through. Every file is written before any is renamed, so
a refusal or a failure leaves the directory as it was.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
DIRECTORY = getattr(os, "O_DIRECTORY", 0)


class OutputError(Exception):
    """Files could not be written safely; none of them was (see write_binary_files)."""


Protected = Iterable[tuple[Path, str]]
"""Paths nothing may be written into, with what each is (publish.protected_paths)."""


def refuse_inside(out: Path, protected: Protected) -> None:
    """A written file may not stand in the plan or the git directory: there it would
    replace a plan file, or be read as one."""
    _refuse_location(out, protected)
    if out.is_symlink() or (out.exists() and not out.is_file()):
        raise OutputError(f"{out} is not a regular file; nvptool replaces only regular files")


def _refuse_location(out: Path, protected: Protected) -> None:
    real = out.resolve()
    for path, what in protected:
        if real == path or real.is_relative_to(path):
            raise OutputError(f"{out} lies inside {what} ({path}); write it elsewhere")


def write_files(
    directory: Path, files: Mapping[str, str], encoding: str = "utf-8", protected: Protected = ()
) -> list[str]:
    """Write each name (a plain file name) with its text into directory, line ends as
    they are in the text; returns the names (write_binary_files)."""
    encoded = {name: text.encode(encoding) for name, text in files.items()}
    return write_binary_files(directory, encoded, protected)


def write_binary_files(
    directory: Path, files: Mapping[str, bytes], protected: Protected = ()
) -> list[str]:
    """Write each name (a plain file name) with its bytes into directory; returns the names.

    All or none: every target is looked at, and every file written beside its target,
    before the first is renamed over its target. A target that is a link or not a
    regular file, or a file that cannot be written (a full disk, a read-only folder),
    leaves the directory as it was.
    """
    _refuse_location(directory, protected)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"{directory}: cannot make the directory: {error.strerror}") from None
    with _open_directory(directory) as handle:
        for name in files:
            _refuse_special(handle, directory, name)
        written: dict[str, str] = {}
        try:
            for name, data in files.items():
                written[name] = _beside(handle, name, data)
        except BaseException as error:
            for temporary in written.values():
                with contextlib.suppress(OSError):
                    os.unlink(temporary, dir_fd=handle)
            if not isinstance(error, OSError):
                raise
            raise OutputError(
                f"{directory / name}: cannot write it: {error.strerror}; nothing was written"
            ) from None
        for name, temporary in written.items():
            os.replace(temporary, name, src_dir_fd=handle, dst_dir_fd=handle)
    return list(files)


@contextlib.contextmanager
def _open_directory(directory: Path) -> Iterator[int]:
    if directory.is_symlink():
        raise OutputError(
            f"{directory} is a symbolic link; give the directory it points to, if that is meant"
        )
    try:
        handle = os.open(directory, os.O_RDONLY | DIRECTORY | NO_FOLLOW)
    except OSError as error:
        raise OutputError(f"{directory}: cannot open the directory: {error.strerror}") from None
    try:
        yield handle
    finally:
        os.close(handle)


def _refuse_special(handle: int, directory: Path, name: str) -> None:
    """A name whose place holds a link or anything but a regular file is refused."""
    if not name or "/" in name or name in {".", ".."} or name.startswith("."):
        raise OutputError(f"{name!r} is not a plain file name")  # pragma: no cover - a bug
    try:
        found = os.stat(name, dir_fd=handle, follow_symlinks=False)
    except FileNotFoundError:
        return
    if not stat.S_ISREG(found.st_mode):
        what = "a symbolic link" if stat.S_ISLNK(found.st_mode) else "not a regular file"
        raise OutputError(
            f"{directory / name} is {what}; nvptool writes only regular files there: "
            "remove it, or choose another directory; nothing was written"
        )


def _beside(handle: int, name: str, data: bytes) -> str:
    """The data in a new file beside name, to be renamed over it; its name."""
    temporary = f".{name}.{secrets.token_hex(6)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | NO_FOLLOW
    descriptor = os.open(temporary, flags, 0o644, dir_fd=handle)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary, dir_fd=handle)
        raise
    return temporary
