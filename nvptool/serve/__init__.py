"""`nvptool serve`: a live preview of the site for writers, on this machine only.

The plan, its pages and the site engine stay loaded (`state.py`, `engine.py`);
the plan directory is watched (`watch.py`); a saved file re-checks the plan and
makes again only the pages it touches, and the open browser tab reloads
(`livereload.py`, `http.py`). Everything is made in a temporary directory,
removed on exit: nothing is written into the plan directory.
"""

from __future__ import annotations

import errno
import os
import signal
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from types import FrameType

from nvptool.findings import printable
from nvptool.load.sources import YAML_SUFFIXES
from nvptool.report.base import plural
from nvptool.serve.http import PreviewServer, page_of
from nvptool.serve.livereload import Hub
from nvptool.serve.state import Preview, Update
from nvptool.serve.watch import watch_plan

Say = Callable[[str], None]

RELOAD_FIRST_SECONDS = 0.15
"""After an edit, the open tabs reload before the other pages are made again."""


def serve(
    plan_dir: Path, templates: Path, port: int, say: Say, cycle_id: str | None = None
) -> None:
    """Serve the plan's site until SIGINT (Ctrl-C) or SIGTERM: the cycle cycle_id names,
    else the newest."""
    stop = threading.Event()
    previous = {sig: signal.signal(sig, _setter(stop)) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with tempfile.TemporaryDirectory(prefix="nvptool-serve-") as work:
            hub = Hub()
            server = _bound(port, hub)
            say(f"reading {plan_dir}")
            preview = server.preview = Preview(plan_dir, Path(work), templates, cycle_id)
            preview.tell = hub.publish
            if preview.missing_cycle is not None:  # Only starting again can change it.
                server.server_close()
                raise ServeError(preview.missing_cycle)
            _tell_problems(preview, say)
            serving = threading.Thread(
                target=server.serve_forever, kwargs={"poll_interval": 0.1}, name="nvptool-http"
            )
            serving.start()
            catching_up = CatchUp(preview, hub, say)
            watcher = watch_plan(plan_dir, _on_change(preview, hub, say, catching_up), stop)
            languages = ", ".join(f"{server.url}{code}/" for code in preview.languages)
            say(f"serving {plan_dir} at {server.url} ({languages or 'the plan has errors'})")
            say("press Ctrl-C to stop")
            while not stop.wait(0.2):
                pass
            server.stopping.set()
            hub.close()
            server.shutdown()
            server.server_close()
            serving.join(timeout=5)
            watcher.join(timeout=5)
            catching_up.halt()
            preview.close()  # A browser's request still in a thread of the server makes nothing.
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    say("stopped")


class ServeError(Exception):
    """The preview cannot start: the message says why and what to do."""


def _bound(port: int, hub: Hub) -> PreviewServer:
    try:
        return PreviewServer(port, hub)
    except OSError as error:
        if error.errno != errno.EADDRINUSE:
            raise
        raise ServeError(
            f"port {port} of 127.0.0.1 is in use (another preview?): choose another "
            "with --port, or --port 0 for any free port"
        ) from None


def _setter(stop: threading.Event) -> Callable[[int, FrameType | None], None]:
    def handler(signum: int, frame: FrameType | None) -> None:
        stop.set()

    return handler


def _on_change(
    preview: Preview, hub: Hub, say: Say, catching_up: CatchUp
) -> Callable[[set[Path]], None]:
    def changed(paths: set[Path]) -> None:
        viewed = [found for page in hub.viewed() if (found := page_of(page)) is not None]
        verb = "saved" if all(path.name.endswith(YAML_SUFFIXES) for path in paths) else "changed"
        try:
            # A folder is told by its name alone when it is moved, renamed or copied in.
            touched = preview.touched(paths)
            if not touched:
                return  # Nothing the plan is read from.
            catching_up.halt()  # This save goes first; the pages left are made after it.
            names = ", ".join(sorted(PurePosixPath(rel).name for rel in touched))
            hub.publish(preview.apply(paths, viewed))
            _tell_problems(preview, say, f"{verb} {names}")
        except Exception as error:  # A bug: say so, and keep serving the last good pages.
            _internal(error, say)
        catching_up.start()

    return changed


class CatchUp:
    """The pages an edit did not make at once, made in a thread of their own after the open
    tabs reloaded: a save made meanwhile stops it, goes first, and starts it again (the
    pages left stay to be made). A save waited for every page: seconds after a glossary
    edit."""

    def __init__(self, preview: Preview, hub: Hub, say: Say) -> None:
        self.preview, self.hub, self.say = preview, hub, say
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        self.halt()
        self.stop.clear()
        self.thread = threading.Thread(target=self._run, name="nvptool-catch-up", daemon=True)
        self.thread.start()

    def halt(self) -> None:
        """Stop making pages (at the end of the page being made), and wait for it."""
        if self.thread is not None:
            self.stop.set()
            self.thread.join()
            self.thread = None

    def _run(self) -> None:
        if self.stop.wait(RELOAD_FIRST_SECONDS):
            return
        try:
            before = self.preview.shown()
            made = self.preview.catch_up(self.stop.is_set)
            # The links to anchors are checked once every page is made: what they say is
            # told to the tabs and the terminal then.
            told = self.preview.shown() != before
            self.hub.publish(Update(frozenset(made), problems=told))
            if told:
                _tell_problems(self.preview, self.say, "the other pages made")
        except Exception as error:
            _internal(error, self.say)


def _internal(error: Exception, say: Say) -> None:
    """A bug: say so, and keep serving the last good pages."""
    if os.environ.get("NVPTOOL_DEBUG"):
        raise error
    say(f"internal error: {type(error).__name__}: {error}; please report this")


def _tell_problems(preview: Preview, say: Say, what: str = "") -> None:
    shown = preview.shown()
    for problem in shown:
        code = f" {problem.code}" if problem.code else ""
        kind = "warning" if problem.warning else "error"
        where = f"{problem.where}: {kind}{code} " if problem.where else ""
        say(printable(f"{where}{problem.message}"))
    if what:
        say(f"{what}: {_summary(preview.count(), preview.warnings())}")


def _summary(errors: int, warnings: int) -> str:
    """What the terminal says of an edit: the plan's errors keep the pages as they were;
    mkdocs' warnings do not (the pages show the edit), and a build refuses them."""
    warned = f"{plural(warnings, 'warning')} of mkdocs"
    if errors:
        return f"{plural(errors, 'error')}, pages kept as they were" + (
            f" ({warned} too)" if warnings else ""
        )
    if warnings:
        return f"{warned}, which 'nvptool build' refuses; the pages show the edit"
    return "ok"
