"""A plan's files parsed by forked processes while the command that reads them starts up.

Before `nvptool check` reads a file it imports pydantic and builds the plan's
models, which on the real plan costs as much as parsing every file. Neither
needs the other: so the command first reads the files' bytes, forks readers
that parse them with libyaml (`read_yaml`, as ever), and imports meanwhile. A
reader sends each file's outcome back through a pipe in marshal's format, which
carries exactly the values a plan file is made of (mappings, lists, text,
numbers, true/false, null). The loader then takes each file's outcome from here
instead of parsing it again: the same values, or the same located YamlError.

Whatever a reader cannot deliver (no fork on this system, a reader that died, a
value marshal cannot carry, an unexpected exception) is simply parsed in this
process when the loader asks for it, so the outcome never depends on the readers.
Readers are only forked from a process without other threads and with a second
core, and a small plan is read in process: below READ_AHEAD_BYTES a fork costs
more than it saves.
"""

from __future__ import annotations

import contextlib
import gc
import marshal
import os
import signal
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from msgspec import Struct, field

from nvptool.findings import Location
from nvptool.load.sources import DirectorySource, RawFile
from nvptool.load.yamlsource import (
    Marks,
    SourceMap,
    YamlDocument,
    YamlError,
    read_yaml,
)
from nvptool.parallel import can_fork, cores, die_with

READ_AHEAD_BYTES = 64 * 1024
"""Plan bytes worth a reader's fork (the real plan has 880 KiB). Measured on two cores:
a plan of 290 KiB (500 objects) parsed by a reader is checked in 0.85 of the time it
takes parsed by the command (built in 0.95), one of 37 KiB in the same time."""
EXTRA_READER_BYTES = 2 * 1024 * 1024
"""Plan bytes worth each further reader. One reader takes the core the command's
start-up leaves free; a second takes time from that start-up, and pays only when
one reader would still be parsing long after it."""
MAX_READERS = 8
_LENGTH = 8
"""Bytes of the length that precedes each file's outcome in a reader's pipe."""

Outcome = tuple[Any, ...]
"""(0, data, digest, commented, marks) for a file parsed (the digest of its bytes, to read
them again: sources.Reread; whether a comment follows something on a line, and where its
values stand as far as the marks asked for recorded them: SourceMap), (1, code, message,
line, column, hint) for a YamlError."""


class PrereadSource(Struct, frozen=True):
    """A plan directory whose files were read once, before the readers were forked."""

    label: str
    raws: list[RawFile]

    def files(self, only: set[str] | None = None) -> Iterator[RawFile]:
        """The files, handed over once: the loader lets each file's bytes go once it has
        read its values, and nothing here keeps them."""
        assert only is None, "a read-ahead reads the whole plan"
        raws = self.raws[:]
        self.raws.clear()
        yield from raws


class _Reader(Struct):
    """A forked reader: the files it parses, whose outcomes it sends in their order."""

    pid: int
    pipe: BinaryIO | None
    files: tuple[str, ...]
    """The files it parses, by their relative paths."""
    sent: int = 0
    """How many outcomes were taken from its pipe."""

    def next(self) -> tuple[str, Outcome] | None:
        """The next file's outcome, or None once the reader has sent all it will."""
        outcome = None if self.pipe is None else _receive(self.pipe)
        if outcome is None:
            self.end()
            return None
        self.sent += 1
        return self.files[self.sent - 1], outcome

    def end(self, kill: bool = False) -> None:
        if self.pipe is None:
            return
        if kill:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
        self.pipe.close()
        self.pipe = None
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


class ReadAhead(Struct):
    """The files of one plan directory, and the readers parsing them."""

    source: PrereadSource
    marks: Marks | None = None
    """Where the values stand that the readers record (yamlsource.Marks), as load_plan's
    marks."""
    size: int = 0
    """The bytes of the files read."""
    readers: list[_Reader] = field(default_factory=list)
    owners: dict[str, _Reader] = field(default_factory=dict)
    """The reader of each file, by its relative path."""
    early: dict[str, Outcome] = field(default_factory=dict)
    """Outcomes received before the loader asked for them (it asks in the readers' order,
    so this stays empty: each file's values are made only when it is loaded)."""

    def parse(self, raw: RawFile) -> YamlDocument:
        """What read_yaml gives for the file: its document, or its YamlError raised."""
        assert raw.data is not None
        outcome = self._outcome(raw.relative)
        if outcome is None:
            return read_yaml(raw.data, raw.display, self.marks, reread=raw.reread())
        if outcome[0] == 0:
            reread = raw.reread(outcome[2])
            content = raw.data if reread is None else reread
            source = SourceMap(raw.display, content, outcome[4], outcome[3])
            return YamlDocument(outcome[1], source)
        _, code, message, line, column, hint = outcome
        raise YamlError(code, message, Location(raw.display, line, column), hint)

    def _outcome(self, relative: str) -> Outcome | None:
        if relative in self.early:
            return self.early.pop(relative)
        reader = self.owners.pop(relative, None)
        while reader is not None:
            sent = reader.next()
            if sent is None:
                return None
            name, outcome = sent
            if name == relative:
                return outcome
            self.early[name] = outcome
        return None

    def close(self) -> None:
        """End the readers (at once, when the command stopped before it read their files)."""
        for reader in self.readers:
            reader.end(kill=True)
        self.readers.clear()


@contextlib.contextmanager
def read_ahead(
    plan_dir: Path,
    first: int = READ_AHEAD_BYTES,
    extra: int = EXTRA_READER_BYTES,
    marks: Marks | None = None,
) -> Iterator[ReadAhead]:
    """The plan's files read, and their parsing started in readers (one from `first`
    bytes of plan, one more for each `extra` bytes, one a core at most), until the block
    ends; with marks, the readers record where the values stand (load_plan's marks)."""
    source = DirectorySource(plan_dir)
    ahead = ReadAhead(PrereadSource(source.label, list(source.files())), marks)
    try:
        _start_readers(ahead, first, extra)
        yield ahead
    finally:
        ahead.close()


@contextlib.contextmanager
def plan_read_ahead(plan_dir: Path, marks: Marks | None = None) -> Iterator[ReadAhead | None]:
    """read_ahead of a plan directory, or None for a path that is not one (the command
    refuses it afterwards, in its own words, before anything is read)."""
    from nvptool.load.sources import not_a_plan

    if not plan_dir.is_dir() or not_a_plan(plan_dir) is not None:
        yield None
        return
    with read_ahead(plan_dir, marks=marks) as ahead:
        yield ahead


def _start_readers(ahead: ReadAhead, first: int, extra: int) -> None:
    """Fork the readers the plan is worth, each with a share of its files (the files'
    bytes stay with the source alone, so that they go once loaded)."""
    parsed = [raw for raw in ahead.source.raws if raw.data is not None]
    ahead.size = sum(len(raw.data or b"") for raw in parsed)
    for files in _shares(parsed, _readers_for(ahead.size, first, extra)):
        reader = _fork(files, ahead.marks)
        if reader is None:
            return
        ahead.readers.append(reader)
        ahead.owners.update((name, reader) for name in reader.files)


def _readers_for(size: int, first: int, extra: int) -> int:
    """How many readers the plan's size is worth; none where a fork is unsafe."""
    if size < first or cores() < 2 or not can_fork():
        return 0  # On one core a reader would only take turns with the start-up.
    return min(MAX_READERS, cores(), 1 + (size - first) // extra)


def _shares(files: list[RawFile], count: int) -> list[tuple[RawFile, ...]]:
    """The files in `count` runs of about equal bytes, in their order."""
    if count < 1:
        return []
    total = sum(len(raw.data or b"") for raw in files)
    shares: list[list[RawFile]] = [[] for _ in range(count)]
    done = 0
    for raw in files:
        shares[min(count - 1, done * count // max(total, 1))].append(raw)
        done += len(raw.data or b"")
    return [tuple(share) for share in shares if share]


def _fork(files: tuple[RawFile, ...], marks: Marks | None) -> _Reader | None:
    try:
        read, write = os.pipe()
    except OSError:
        return None
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:  # Out of processes: this process parses them all.
        os.close(read)
        os.close(write)
        return None
    if pid == 0:  # pragma: no cover - the reader; what it sends is tested.
        os.close(read)
        _reader(files, write, parent, marks)
    os.close(write)
    return _Reader(pid, os.fdopen(read, "rb"), tuple(raw.relative for raw in files))


def _reader(  # pragma: no cover - in a reader
    files: tuple[RawFile, ...], pipe: int, parent: int, marks: Marks | None
) -> None:
    """Parse the files and send their outcomes in order; stop at the first one that cannot go.

    The pipe holds 64 KiB: an outcome waits here until the loader takes the ones before
    it, so that the reader never waits for the loader (which takes the readers' files in
    turn, and nothing while it imports).
    """
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends a reader at once,
        die_with(parent)  # and so does the end of the command, however it ends.
        gc.disable()  # Parsing makes no cycles; see nvptool.load.plan.no_cyclic_gc.
        waiting = _Outbox(pipe)
        for raw in files:
            blob = _outcome(raw, marks)
            if blob is None:
                break
            waiting.send(len(blob).to_bytes(_LENGTH, "little") + blob)
        waiting.finish()
    except BaseException:  # Nothing a reader meets is reported by it: the loader reads again.
        code = 1
    finally:
        os._exit(code)


class _Outbox:  # pragma: no cover - in a reader
    """Bytes written to a pipe as far as it takes them now; the rest waits, in order."""

    def __init__(self, pipe: int) -> None:
        self.pipe = pipe
        self.waiting: deque[memoryview] = deque()
        os.set_blocking(pipe, False)

    def send(self, data: bytes) -> None:
        self.waiting.append(memoryview(data))
        with contextlib.suppress(BlockingIOError):
            while self.waiting:
                self._write()

    def finish(self) -> None:
        os.set_blocking(self.pipe, True)
        while self.waiting:
            self._write()
        os.close(self.pipe)

    def _write(self) -> None:
        written = os.write(self.pipe, self.waiting[0])
        if written == len(self.waiting[0]):
            self.waiting.popleft()
        else:
            self.waiting[0] = self.waiting[0][written:]


def _outcome(raw: RawFile, marks: Marks | None) -> bytes | None:  # pragma: no cover - reader
    assert raw.data is not None
    try:
        document = read_yaml(raw.data, raw.display, marks, reread=raw.reread())
    except YamlError as error:
        where = error.location
        return marshal.dumps((1, error.code, error.message, where.line, where.column, error.hint))
    except Exception:
        return None
    content = document.source.content
    digest = None if content is None or isinstance(content, bytes) else content.digest
    found = document.source.marks
    found = None if found is None else dict(found)  # A plain dict: what marshal carries.
    try:
        return marshal.dumps(
            (0, document.data, digest, document.source.comments_after_values, found)
        )
    except ValueError:  # Not a plain value: none of a plan file's, but the loader decides.
        return None


def _receive(pipe: BinaryIO) -> Outcome | None:
    head = pipe.read(_LENGTH)
    if len(head) < _LENGTH:
        return None
    size = int.from_bytes(head, "little")
    blob = pipe.read(size)
    if len(blob) < size:
        return None
    outcome: Outcome = marshal.loads(blob)  # Written by our own forked reader.
    return outcome
