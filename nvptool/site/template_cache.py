"""The compiled code of the site's templates, kept between builds as Python keeps bytecode.

Each language's process compiles the theme's templates (about forty, 0.1 s)
and nvptool's own before it draws a page; every build compiled them again.
jinja2's file system bytecode cache keeps the compiled code of each template
beside a checksum of its source, in a folder of the system's temporary
directory that only its user may read or write (jinja2 refuses any other):
a template whose source changed, or a cache written by another jinja2 or
Python, is compiled again. The cache only saves time: a cache that cannot be
read or written is left aside, and the site is the same with it or without.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from nvptool.load.sources import read_regular_file
from nvptool.load.yamlsource import Limits

NO_CACHE = "NVPTOOL_NO_BUILD_CACHE"
"""When set (not empty), a build keeps nothing for the next: every template is compiled
and every page converted (site.page_cache) in each build."""
PATTERN = "nvptool-%s.jinja2"
"""The cache's file names, apart from other jinja2 applications' in the same folder."""


class TemplateCache(jinja2.FileSystemBytecodeCache):
    """jinja2's cache, which never fails a build: what it cannot read is compiled again,
    what it cannot write is not kept. A template's code is kept by its name and the
    environment that compiled it (settings, extensions, jinja2's version): jinja2 tells
    apart the sources only, and a change of those settings kept the old code."""

    def __init__(self, environment: jinja2.Environment, directory: str | None = None) -> None:
        super().__init__(directory, PATTERN)
        self.flavour = compiled_by(environment)

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        key = f"{super().get_cache_key(name, filename)}\0{self.flavour}"
        return hashlib.sha1(key.encode("utf-8")).hexdigest()

    def load_bytecode(self, bucket: Bucket) -> None:
        kept = read_kept(Path(self._get_cache_filename(bucket)))
        if kept is None:
            return
        try:
            bucket.load_bytecode(io.BytesIO(kept))
        except Exception:  # A damaged file (pickle or marshal refused it): compile again.
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):  # A full or vanished temporary directory.
            super().dump_bytecode(bucket)


KEPT_FILES = Limits("files kept between builds", 64 * 1024 * 1024, 0, 0, "remove it")
"""The most a file kept in the folder is read for (the largest compiled template is about
100 KB, the largest converted page of the real plan 0.5 MB); a larger one, or one that is
not a regular file (a pipe, a device), is left aside. Kept files are not YAML: the limits
on what YAML expands to do not apply."""


def read_kept(path: Path) -> bytes | None:
    """A file kept in the cache's folder, or None when it is not one to read."""
    return read_regular_file(path, KEPT_FILES)[0]


def compiled_by(environment: jinja2.Environment) -> str:
    """What, besides a template's source, decides the code jinja2 compiles it to."""
    lexer = [getattr(environment, name) for name in _LEXER_SETTINGS]
    features: list[object] = [environment.optimized, environment.is_async]
    features += [environment.autoescape, environment.finalize, *sorted(environment.extensions)]
    named = [getattr(value, "__qualname__", value) for value in features]
    return repr((jinja2.__version__, lexer, named))


_LEXER_SETTINGS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
)
"""The environment's settings that jinja2's lexer reads (jinja2.lexer.get_lexer)."""


def template_cache(environment: jinja2.Environment) -> jinja2.BytecodeCache | None:
    """The cache of compiled templates; None when it is turned off or has no safe folder."""
    if os.environ.get(NO_CACHE):
        return None
    try:
        return TemplateCache(environment)
    except (OSError, RuntimeError):  # RuntimeError: jinja2 found no folder only we can use.
        return None


def cache_folder() -> Path | None:
    """jinja2's folder of this user in the temporary directory, which it creates readable
    and writable by the user alone; None where it finds none it can trust."""
    try:
        return Path(jinja2.FileSystemBytecodeCache().directory)
    except (OSError, RuntimeError):
        return None


def use_template_cache(env: jinja2.Environment) -> jinja2.Environment:
    """env, keeping its compiled templates between builds (see the module)."""
    env.bytecode_cache = template_cache(env)
    return env
