"""Where plan files come from: a directory on disk, or a git revision.

Both give the loader the same thing: each YAML file's path relative to the plan
root, the path to show users, and its bytes (or why it could not be read).
Revisions are read with git itself (ls-tree and cat-file), without a checkout;
a revision argument never reaches a shell and is validated before use.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from msgspec import Struct

from nvptool.load.yamlsource import PLAN_FILES, Limits, too_large

CONFIG_FILE = "nvptool.yaml"
"""The configuration at the root of a plan directory (read by nvptool.config)."""
YAML_SUFFIXES = (".yaml", ".yml")


def misnamed(name: str) -> bool:
    """A file that looks like a plan file but would not be read: a suffix in capitals
    (.YAML) or with anything after it (.yaml.txt, .yaml~, .yaml-old, a space). Its content
    would be missing from the plan without a word."""
    lower = name.lower()
    return not name.endswith(YAML_SUFFIXES) and any(s in lower for s in YAML_SUFFIXES)


class Unread(NamedTuple):
    """Why a file was not read: the loader's code, what is wrong and what to do."""

    code: str
    message: str
    hint: str


class RawFile(Struct, frozen=True):
    relative: str
    display: str
    data: bytes | None
    error: Unread | None = None
    """Why not, when the file could not be read."""
    origin: Path | None = None
    """Where the file can be read again: the file of a plan directory (not of a revision)."""

    def reread(self, digest: bytes | None = None) -> Reread | None:
        """How to read the file again, when it can be: its bytes need not be kept."""
        if self.origin is None or self.data is None:
            return None
        return Reread(self.origin, digest or digest_of(self.data))


def digest_of(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


class Reread(Struct, frozen=True):
    """A plan file read again, to locate something in it, if it has not changed since.

    The files of a plan directory are not kept in memory once their values are read
    (they are a tenth of what a check holds): the few that hold a reported problem
    are read again. A file that changed meanwhile gives nothing, and its problems
    are located at the file itself rather than at a line that may be another's.
    """

    path: Path
    digest: bytes
    """The digest of the bytes first read (digest_of)."""

    def read(self) -> bytes | None:
        data, _ = read_regular_file(self.path)
        return data if data is not None and digest_of(data) == self.digest else None


class SourceError(Exception):
    """The plan source itself cannot be read (a missing revision, no git)."""


class GitMissing(SourceError):
    """git itself cannot be run: not a question of the repository."""


PLAN_MARKS = ("nvptool.yaml", "cycles", "reference")
"""What a plan directory holds at its top, one at least (as `nvptool init` makes it)."""


def not_a_plan(directory: Path) -> str | None:
    """Why a directory is no plan's, when it holds none of a plan's own files and folders;
    else None. Any folder of YAML files would otherwise be read as a plan: a home or a
    repository's root (its CI files) took long and gave a page of errors, or none."""
    if any((directory / mark).exists() for mark in PLAN_MARKS):
        return None
    inside = directory / "plan"
    hint = f"; did you mean '{inside}'?" if (inside / "nvptool.yaml").is_file() else ""
    return f"'{directory}' is not a plan directory: it holds none of {', '.join(PLAN_MARKS)}{hint}"


class DirectorySource(Struct, frozen=True):
    root: Path

    @property
    def label(self) -> str:
        return self.root.as_posix()

    def _paths(self) -> Iterator[tuple[Path, str]]:
        for directory, subdirs, names in os.walk(self.root):
            subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
            # A linked directory is not walked, but said: its files would silently be missing.
            linked = [d for d in subdirs if os.path.islink(os.path.join(directory, d))]
            read = (n for n in names if n.endswith(YAML_SUFFIXES) or misnamed(n))
            for name in sorted([*linked, *read]):
                if not name.startswith("."):
                    path = Path(directory, name)
                    yield path, path.relative_to(self.root).as_posix()

    def relatives(self) -> list[str]:
        """The files the plan is read from, relative to the root, without reading them."""
        return [relative for _, relative in self._paths()]

    def files(self, only: set[str] | None = None) -> Iterator[RawFile]:
        real_root = self.root.resolve()
        for path, relative in self._paths():
            if only is None or relative in only or relative == CONFIG_FILE:
                yield self._read(path, relative, real_root)

    def fingerprints(self) -> dict[str, str]:
        """Each file's git blob id, computed from its bytes; a file that cannot be read
        gets a mark no blob has, so that the loader reads it and says why not."""
        found = {}
        real_root = self.root.resolve()
        for path, relative in self._paths():
            data = self._read(path, relative, real_root).data
            if data is None:
                found[relative] = f"unreadable:{self.root}/{relative}"
            else:
                found[relative] = hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
        return found

    def _read(self, path: Path, relative: str, real_root: Path) -> RawFile:
        display = path.as_posix()
        if path.is_symlink() and path.is_dir():
            return RawFile(relative, display, None, LINKED_DIRECTORY)
        if misnamed(path.name):
            return RawFile(relative, display, None, MISNAMED)
        try:
            resolved = path.resolve(strict=True)
        except RuntimeError:  # Python before 3.13 says "Symlink loop" so.
            return RawFile(relative, display, None, LOOP)
        except OSError as error:
            if error.errno == errno.ELOOP:
                return RawFile(relative, display, None, LOOP)
            return RawFile(relative, display, None, _cannot_read(error))
        if not resolved.is_relative_to(real_root):
            return RawFile(relative, display, None, LINKED_OUTSIDE)
        data, refused = read_regular_file(resolved)
        return RawFile(relative, display, data, refused, resolved)


class EditedSource(Struct, frozen=True):
    """A plan directory as it would be with some files' new bytes (by relative path): what
    a command checks before it writes them, so that it never writes a plan with errors
    it did not have."""

    base: DirectorySource
    edited: dict[str, bytes]

    @property
    def label(self) -> str:
        return self.base.label

    def files(self, only: set[str] | None = None) -> Iterator[RawFile]:
        seen = set()
        for raw in self.base.files(only):
            seen.add(raw.relative)
            data = self.edited.get(raw.relative)
            yield raw if data is None else RawFile(raw.relative, raw.display, data)
        for relative, data in sorted(self.edited.items()):
            if relative not in seen and (only is None or relative in only):
                yield RawFile(relative, (self.base.root / relative).as_posix(), data)


LOOP = Unread(
    "LD05",
    "the file is a symbolic link that leads back to itself (a loop)",
    "point the link at a file, or remove it",
)
LINKED_DIRECTORY = Unread(
    "LD11",
    "this directory is a symbolic link, and nvptool does not read linked directories (git "
    "keeps only the link, so a diff or a CI checkout would not see its files)",
    "move the files into the plan, or remove the link",
)
MISNAMED = Unread(
    "LD12",
    "the file is not read: plan files are named *.yaml (in small letters, nothing after)",
    "rename the file to end in .yaml, or move it out of the plan",
)
LINKED_OUTSIDE = Unread(
    "LD08",
    "the file links outside the plan",
    "copy the file into the plan instead of linking to it",
)
COMMITTED_LINK = Unread(
    "LD08", "the file is a symbolic link", "commit the file itself, not a link to it"
)


def _cannot_read(error: OSError) -> Unread:
    return Unread(
        "LD05",
        f"cannot read the file: {error.strerror}",
        "check that the file is there and that you may read it",
    )


def _too_large(size: int, limits: Limits) -> Unread:
    return Unread("LD07", too_large(size, limits), limits.hint)


def read_regular_file(
    path: Path, limits: Limits = PLAN_FILES
) -> tuple[bytes | None, Unread | None]:
    """A regular file's bytes, or why not (Unread): never waits on a FIFO or a device,
    never reads more than such a file may hold (a plan file, by default)."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        return None, _cannot_read(error)
    status = os.fstat(handle)
    if not stat.S_ISREG(status.st_mode):  # Before a stream is made: Python refuses a folder's.
        os.close(handle)
        return None, Unread(
            "LD05",
            f"not a regular file but {_kind(status.st_mode)}",
            "put a file of text in its place, or move it out of the plan",
        )
    with os.fdopen(handle, "rb") as stream:
        if status.st_size > limits.file_bytes:
            return None, _too_large(status.st_size, limits)
        try:
            data = stream.read(limits.file_bytes + 1)
        except OSError as error:
            return None, _cannot_read(error)
        if len(data) > limits.file_bytes:  # It grew after it was measured.
            return None, _too_large(max(len(data), os.fstat(handle).st_size), limits)
        return data, None


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a directory" if stat.S_ISDIR(mode) else "a special file"


def run_git(repository: Path, *args: str, data: bytes | None = None) -> bytes:
    """git with fixed arguments, never through a shell; its error as a SourceError."""
    import subprocess  # Not for a plan directory: the check of one does not pay for it.

    try:
        done = subprocess.run(
            ["git", "-C", str(repository), *args], input=data, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise GitMissing(
            "git is not installed (or not on the PATH), and comparing revisions needs it: "
            "install git, or compare two plan directories"
        ) from None
    except OSError as error:
        raise SourceError(f"cannot run git: {error.strerror}") from None
    if done.returncode != 0:
        raise SourceError(done.stderr.decode("utf-8", "replace").strip() or "git failed")
    return done.stdout


def repository_of(directory: Path) -> tuple[Path, str]:
    """The git repository a directory is in, and the directory's path inside it."""
    try:
        top = Path(run_git(directory, "rev-parse", "--show-toplevel").decode().strip())
    except GitMissing:
        raise
    except SourceError:
        raise SourceError(f"{directory} is not inside a git repository") from None
    return top, directory.resolve().relative_to(top.resolve()).as_posix()


SAFE_REVISION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/~^@{}+-]*$")


def validate_revision(revision: str) -> str:
    """Refuse anything that is not plainly a revision name (options, spaces, ranges)."""
    if not SAFE_REVISION.match(revision) or ".." in revision or len(revision) > 200:
        raise SourceError(f"'{revision}' is not a revision name git would accept here")
    return revision


class GitSource(Struct, frozen=True):
    """The plan directory as it was in one revision of a git repository."""

    repository: Path
    revision: str
    subdirectory: str = "plan"

    @property
    def label(self) -> str:
        return f"{self.revision}:{self.subdirectory}"

    def _git(self, *args: str, data: bytes | None = None) -> bytes:
        return run_git(self.repository, *args, data=data)

    def commit(self) -> str:
        validate_revision(self.revision)
        try:
            found = self._git(
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                f"{self.revision}^{{commit}}",
            )
        except SourceError:
            raise SourceError(self._missing_message()) from None
        return found.decode().strip()

    def _missing_message(self) -> str:
        message = f"the revision '{self.revision}' is not in this repository"
        try:
            shallow = self._git("rev-parse", "--is-shallow-repository").decode().strip()
        except SourceError:
            return message
        if shallow == "true":
            message += (
                "; this is a shallow clone: fetch the history it needs, e.g. "
                f"'git fetch --deepen=50 origin' or 'git fetch origin {self.revision}'"
            )
        return message

    def fingerprints(self) -> dict[str, str]:
        """Each file's git blob id, from the tree: nothing is read."""
        return {relative: sha for relative, _, _, sha, _ in self._entries()}

    def files(self, only: set[str] | None = None) -> Iterator[RawFile]:
        entries = [
            entry
            for entry in self._entries()
            if only is None or entry[0] in only or entry[0] == CONFIG_FILE
        ]
        readable = [e for e in entries if e[2] != "120000" and e[4] <= PLAN_FILES.file_bytes]
        contents = self._contents([sha for _, _, _, sha, _ in readable])
        for relative, display, mode, sha, size in sorted(entries):
            if mode == "120000":
                yield RawFile(relative, display, None, COMMITTED_LINK)
            elif size > PLAN_FILES.file_bytes:  # Never read: a revision may hold any blob.
                yield RawFile(relative, display, None, _too_large(size, PLAN_FILES))
            else:
                yield RawFile(relative, display, contents[sha])

    def _entries(self) -> list[tuple[str, str, str, str, int]]:
        """(relative path, display, mode, blob id, size) of each plan file."""
        commit = self.commit()
        listing = self._git(
            "ls-tree", "-r", "-z", "-l", "--full-tree", commit, "--", self.subdirectory
        ).split(b"\0")
        self._require_path(commit)
        entries = []
        for entry in listing:
            if not entry:
                continue
            meta, _, raw_path = entry.partition(b"\t")
            mode, kind, sha, size = meta.decode().split()
            path = raw_path.decode("utf-8", "replace")
            relative = PurePosixPath(path).relative_to(self.subdirectory).as_posix()
            name = PurePosixPath(relative).name
            if kind != "blob" or not name.endswith(YAML_SUFFIXES) or name.startswith("."):
                continue
            if any(part.startswith(".") for part in PurePosixPath(relative).parts):
                continue
            entries.append((relative, f"{self.revision}:{path}", mode, sha, int(size)))
        return entries

    def _require_path(self, commit: str) -> None:
        """A side that names a path absent from its revision is a mistake, not an
        empty plan (which would show the whole plan as added or removed)."""
        try:
            # git names the root's tree "<commit>:"; "<commit>:." is a path it does not know.
            inside = "" if self.subdirectory == "." else self.subdirectory
            kind = self._git("cat-file", "-t", f"{commit}:{inside}").decode().strip()
        except SourceError:
            kind = ""
        if kind != "tree":
            raise SourceError(
                f"the revision '{self.revision}' has no directory '{self.subdirectory}'"
            )

    def _contents(self, shas: list[str]) -> dict[str, bytes]:
        """Every blob in one git process: cat-file --batch."""
        if not shas:
            return {}
        out = self._git("cat-file", "--batch", data="".join(f"{s}\n" for s in shas).encode())
        found: dict[str, bytes] = {}
        position = 0
        while position < len(out):
            header_end = out.index(b"\n", position)
            sha, _, size = out[position:header_end].decode().split()
            start = header_end + 1
            found[sha] = out[start : start + int(size)]
            position = start + int(size) + 1
        return found


def is_config(raw: RawFile) -> bool:
    return raw.relative == CONFIG_FILE
