"""nvptool: the Belgian National Security Plan as data, checked, published and compared."""

from pathlib import Path

__version__ = "0.2.0"
"""The one place of the version: pyproject.toml reads it, releases tag it as v<version>."""


def templates_dir() -> Path:
    """The jinja2 templates of the sites and the diffs (a link to the project's templates/)."""
    return Path(__file__).parent / "templates"
