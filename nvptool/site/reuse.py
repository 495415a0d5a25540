"""A language's site kept from the previous build when nothing it is made from changed.

The site engine (mkdocs) is most of a build's time. A language's site is a
function of its rendered sources (every page and picture), its mkdocs
configuration, the theme overrides and the software that builds it; when all
of those are the same as in the previous build, and the previous site of that
language is still exactly what that build wrote, its files are copied instead
of built again. The copy is checked against the recorded digest after it is
made, so what is published is always byte for byte what a clean build writes.

The site's root holds the record (RECORD): for each language, the digest of
its inputs and of the files built from them. A clean build writes the same.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from collections.abc import Mapping
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import nvptool

RECORD = ".nvptool-languages"
"""In the site's root: one line per language, `<lang> <inputs digest> <site digest>`."""
ENGINE = (
    *("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "markupsafe"),
    *("nh3", "pyyaml", "backrefs"),
)
"""The packages that turn a language's rendered pages into its site (mkdocs reads its
configuration with PyYAML, the search plugin splits words with backrefs): their versions,
and Python's, are part of every language's inputs."""


@cache
def engine_digest(templates: Path) -> str:
    """What builds every site: nvptool's own code, the templates, the engine's versions."""
    digest = hashlib.sha256()
    package = Path(nvptool.__file__).parent
    for folder, pattern in ((package, "*.py"), (templates, "*")):
        for path in sorted(folder.rglob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(f"{path.relative_to(folder).as_posix()}\0".encode())
                digest.update(path.read_bytes())
    digest.update(f"python {sys.version}\0".encode())  # html.parser, json, unicodedata.
    for name in ENGINE:
        try:
            digest.update(f"{name} {version(name)}\0".encode())
        except PackageNotFoundError:
            digest.update(f"{name} -\0".encode())
    return digest.hexdigest()


def inputs_digest(engine: str, files: Mapping[str, str], config: str) -> str:
    """A language's inputs: the engine, its sources by path, its mkdocs configuration
    (written without the staging directory's random name)."""
    digest = hashlib.sha256(engine.encode())
    digest.update(config.encode("utf-8"))
    for path in sorted(files):
        digest.update(f"\0{path}\0".encode())
        digest.update(files[path].encode("utf-8"))
    return digest.hexdigest()


def tree_digest(folder: Path) -> str | None:
    """Every file under folder, by path and bytes; None when it holds anything but
    directories and regular files (a link is never copied into a site)."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not (path.is_dir() or path.is_file()):
            return None
        if path.is_file():
            digest.update(f"\0{path.relative_to(folder).as_posix()}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def previous_record(out: Path) -> dict[str, tuple[str, str]]:
    """The record of the site at out: language -> (inputs digest, site digest)."""
    try:
        text = (out / RECORD).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    found = {}
    for line in text.splitlines():
        words = line.split()
        if len(words) == 3:
            found[words[0]] = (words[1], words[2])
    return found


def record_text(entries: Mapping[str, tuple[str, str]]) -> str:
    return "".join(f"{lang} {inputs} {site}\n" for lang, (inputs, site) in entries.items())


def keep(old: Path, new: Path, site_digest: str) -> bool:
    """Copy the previous language site old to new when it is still what was recorded."""
    if not old.is_dir() or old.is_symlink():
        return False
    try:
        shutil.copytree(old, new, symlinks=True)
    except (OSError, shutil.Error):
        shutil.rmtree(new, ignore_errors=True)
        return False
    if tree_digest(new) == site_digest:
        return True
    shutil.rmtree(new)  # Changed since it was built: build it again.
    return False


def without_folder(text: str, folder: str) -> str:
    """A configuration's text without a folder's name, as it is written and as the
    template's `tojson` writes it (which escapes &, <, > and ' in it)."""
    from jinja2.utils import htmlsafe_json_dumps

    return text.replace(folder, "").replace(htmlsafe_json_dumps(folder)[1:-1], "")
