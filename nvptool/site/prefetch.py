"""What every build makes the same whatever its plan, made by a forked process while the
command imports the site's engine, a fifth of a second in which the machine's second core
has little else to do: the engine's digest (site.reuse: nvptool's code and templates, the
versions of the packages that build a site) and the collation table's entries of the
characters read first (site.collation), which each language's process read for itself.

Each is the very value the build would make itself. Where no process can be forked, the
work is done at once, in the command's process; a process that failed leaves the build
to make them as it always did.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct

from nvptool.parallel import Workers

if TYPE_CHECKING:
    from nvptool.site.collation import Table


class Prefetched(Struct, frozen=True):
    templates: Path
    """The templates the engine's digest is of."""
    engine: str
    collation: Table


class Prefetch:
    """The work started; its outcome taken once, when the build needs it."""

    def __init__(self, pool: Workers) -> None:
        self.pool = pool

    def take(self) -> Prefetched | None:
        """What the forked process made, or None when it failed."""
        try:
            (made,) = self.pool.wait()
        except Exception:  # The build makes them itself, and says what fails in its words.
            return None
        return made if isinstance(made, Prefetched) else None


@contextlib.contextmanager
def prefetch(templates: Path) -> Iterator[Prefetch]:
    """The work started for a build with these templates; no process left when it ends."""
    pool = Workers(2)  # One forked process, where forks are safe; else the work done here.
    try:
        pool.run(functools.partial(_made, templates))
        yield Prefetch(pool)
    finally:
        pool.stop()


def _made(templates: Path) -> Prefetched | None:
    try:  # Done here too where no process forks: nothing of it may fail the command.
        from nvptool.site import collation, reuse  # pyuca comes with the site's extra.

        return Prefetched(templates, reuse.engine_digest(templates), collation.read_table())
    except Exception:  # Made again by the build, which says what fails in its words.
        return None
