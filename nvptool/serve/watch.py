"""Watching the plan directory for saved files (watchfiles: the system's notifications)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import watchfiles

from nvptool.load.sources import YAML_SUFFIXES

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
        if any(part.startswith(".") for part in parts) or not super().__call__(change, path):
            return False
        if path.endswith(YAML_SUFFIXES):
            return True
        # A removed path cannot say whether it was a folder: the preview looks for the files
        # it had there (serve.reload.PlanReader.touched).
        return change == watchfiles.Change.deleted or (
            change == watchfiles.Change.added and Path(path).is_dir()
        )


def watch_plan(
    plan_dir: Path, on_change: Callable[[set[Path]], None], stop: threading.Event
) -> threading.Thread:
    """A thread that calls on_change with the files saved, until stop is set."""

    def run() -> None:
        for changes in watchfiles.watch(
            plan_dir,
            watch_filter=PlanFilter(plan_dir),
            debounce=DEBOUNCE_MS,
            step=STEP_MS,
            stop_event=stop,
            rust_timeout=200,  # How soon a stop is noticed.
            raise_interrupt=False,
        ):
            on_change({Path(path) for _, path in changes})

    thread = threading.Thread(target=run, name="nvptool-watch", daemon=True)
    thread.start()
    return thread
