"""Watching the plan directory for saved files (watchfiles: the system's notifications)."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import watchfiles

from nvptool.load.sources import YAML_SUFFIXES, misnamed

STEP_MS = 30
"""A save is reported once the directory was quiet this long (an editor writes in steps)."""
DEBOUNCE_MS = 400
"""Changes that keep coming are reported in groups at least this often."""


class PlanFilter(watchfiles.DefaultFilter):
    """The files the loader reads: YAML, outside hidden files and directories; and folders
    that come or go, since a folder moved or copied is told as the folder alone."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = root.resolve()

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        try:
            parts = Path(path).resolve().relative_to(self.root).parts
        except ValueError:
            return False
        if any(part.startswith(".") for part in parts):
            return False
        if misnamed(Path(path).name):
            return True  # Named like a plan file, not read: check says so (LD12), as must this.
        if not super().__call__(change, path):
            return False
        if path.endswith(YAML_SUFFIXES):
            return True
        # A removed path cannot say whether it was a folder: the preview looks for the files
        # it had there (serve.reload.PlanReader.touched).
        return change == watchfiles.Change.deleted or (
            change == watchfiles.Change.added and Path(path).is_dir()
        )


READY_SECONDS = 10
"""The longest the preview waits for the system's notifications to be on (a loaded machine
may take seconds to watch every folder)."""
RETURN_SECONDS = 0.2
"""How often a plan folder that went away is looked for."""


def _identity(folder: Path) -> tuple[int, int] | None:
    """The folder as the system knows it (device, inode); None when it is not there. The
    system's notifications follow a folder, not its name: a folder removed and made again
    is watched again."""
    try:
        found = folder.stat()
    except OSError:
        return None
    return (found.st_dev, found.st_ino)


def watch_plan(
    plan_dir: Path, on_change: Callable[[set[Path]], None], stop: threading.Event
) -> threading.Thread:
    """A thread that calls on_change with the files saved, until stop is set; with the
    folder itself when it was removed or replaced and is back."""

    root = os.path.abspath(plan_dir)

    def run() -> None:
        replaced = False
        while not stop.is_set():
            watched = _identity(plan_dir)
            if watched is None:  # The folder is gone: wait for it to come back.
                stop.wait(RETURN_SECONDS)
                continue
            for changes in watchfiles.watch(
                plan_dir,
                watch_filter=PlanFilter(plan_dir),
                debounce=DEBOUNCE_MS,
                step=STEP_MS,
                stop_event=stop,
                rust_timeout=200,  # How soon a stop is noticed.
                yield_on_timeout=True,
                raise_interrupt=False,
            ):
                ready.set()  # The system's notifications are on (the first yield comes after).
                saved = {Path(path) for _, path in changes}
                itself = any(os.path.abspath(path) == root for path in saved)
                if replaced:  # Told once this watch is on: what is saved meanwhile is seen.
                    replaced = False
                    saved.add(plan_dir)
                if saved:
                    on_change(saved)
                if itself or _identity(plan_dir) != watched:
                    break  # Removed (its inode may be reused), or replaced by another folder.
            # The watch ended (its folder was removed), or its folder was replaced: every
            # file may have changed.
            replaced = True

    ready = threading.Event()
    thread = threading.Thread(target=run, name="nvptool-watch", daemon=True)
    thread.start()
    # A save made once the preview says it serves is seen: the watch is on by then.
    ready.wait(READY_SECONDS)
    return thread
