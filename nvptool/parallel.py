"""Independent pieces of one command's work side by side, in forked processes.

The build gives each language's site engine a process (mkdocs builds one site
at a time); the check shares its rules out to processes that each take the
next rule as they finish one (`shared_out`). A forked process shares everything
the command has read, without copying it through a pipe. Only the outcome comes back: the work's
(small) result, or the exception it raised, raised again in the command. A
worker dies with the command (a killed build leaves no worker writing into
its staging directory), and the command waits for every worker before it
leaves the `with` block, error or not.

Where processes cannot be forked (not on Linux or macOS), beside another thread
(a fork may copy a lock that thread held), or with one job, the work runs in
the command's own process, one after the other.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import cast

from msgspec import Struct, field

Work = Callable[[], object]


def default_jobs(count: int) -> int:
    """As many processes as pieces of work, no more than the machine gives this one cores."""
    return max(1, min(count, cores()))


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether a forked process is safe here: a system that forks, and no other thread."""
    return hasattr(os, "fork") and threading.active_count() == 1


class Workers(Struct):
    jobs: int
    results: list[object] = field(default_factory=list)
    """The result of each piece of work, in the order they were given."""
    running: list[tuple[int, int, int]] = field(default_factory=list)
    """(process id, read end of its pipe, index of its result) of each forked worker."""

    def run(self, work: Work) -> None:
        """Start the work in a worker while one is free; else do it here and now."""
        if len(self.running) + 1 >= self.jobs or not can_fork():
            self.results.append(work())
            return
        read, write = os.pipe()
        parent = os.getpid()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the worker process; its outcome is tested.
            os.close(read)
            _worker(work, write, parent)
        os.close(write)
        self.running.append((pid, read, len(self.results)))
        self.results.append(None)

    def wait(self) -> list[object]:
        """Wait for every worker; the results of all the work, or the first failure raised."""
        failure: BaseException | None = None
        while self.running:
            pid, read, index = self.running.pop(0)
            with os.fdopen(read, "rb") as pipe:
                payload = pipe.read()
            _, status = os.waitpid(pid, 0)
            failed, result = _outcome(payload, status)
            self.results[index] = result
            if failure is None and failed is not None:
                failure = failed
        if failure is not None:
            raise failure
        return self.results

    def stop(self) -> None:
        """End the workers at once (the build failed or was interrupted)."""
        for pid, read, _ in self.running:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)
            with contextlib.suppress(OSError):
                os.close(read)
        self.running.clear()


@contextlib.contextmanager
def workers(jobs: int) -> Iterator[Workers]:
    """Workers for up to `jobs` pieces of work at once; all finished when the block ends."""
    pool = Workers(jobs)
    try:
        yield pool
        pool.wait()
    finally:
        pool.stop()


def shared_out(works: Sequence[Work], jobs: int) -> list[object]:
    """The results of every piece of work, in their order, done by up to `jobs` processes
    that each take the next piece as soon as they finish one.

    For work whose cost is not known before it runs: no process waits while pieces
    remain. The pieces' numbers wait in a pipe, one byte each, and the kernel hands each
    byte to one read only. With one job, or no fork, the pieces run here in their order.
    """
    if jobs < 2 or len(works) < 2 or not can_fork():
        return [work() for work in works]
    if len(works) > 256:
        raise ValueError("at most 256 pieces of work, each numbered by one byte")
    read, write = os.pipe()
    os.write(write, bytes(range(len(works))))  # Far below a pipe's 64 KiB: never blocks.
    os.close(write)

    def take() -> dict[int, object]:
        done: dict[int, object] = {}
        while number := os.read(read, 1):
            done[number[0]] = works[number[0]]()
        return done

    try:
        with workers(jobs) as pool:
            for _ in range(jobs):
                pool.run(take)
            parts = cast(list[dict[int, object]], pool.wait())
    finally:
        os.close(read)
    done = {number: result for part in parts for number, result in part.items()}
    return [done[number] for number in range(len(works))]


def _worker(work: Work, write: int, parent: int) -> None:  # pragma: no cover - in the worker
    code = 0
    try:
        die_with(parent)
        payload = pickle.dumps((None, work()))
    except BaseException as error:  # Every failure goes back to the build.
        code = 1
        try:
            payload = pickle.dumps((error, None))
        except Exception:  # An exception that cannot travel: its words do.
            payload = pickle.dumps((RuntimeError(f"{type(error).__name__}: {error}"), None))
    try:
        sys.stdout.flush()
        sys.stderr.flush()
        with os.fdopen(write, "wb") as pipe:
            pipe.write(payload)
    finally:
        os._exit(code)


def die_with(parent: int) -> None:  # pragma: no cover - in the worker
    """Be killed when the command's process ends, however it ends (Linux's PR_SET_PDEATHSIG)."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    if os.getppid() != parent:  # The build ended before the line above took effect.
        os._exit(1)


def _outcome(payload: bytes, status: int) -> tuple[BaseException | None, object]:
    """(the failure or None, the result) that a worker sent."""
    if payload:
        failure, result = pickle.loads(payload)  # Written by our own forked process.
        return failure, result
    code = os.waitstatus_to_exitcode(status)
    return RuntimeError(f"a build process ended without an answer (exit status {code})"), None
