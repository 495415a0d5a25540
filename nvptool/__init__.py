"""nvptool: the Belgian National Security Plan as data, checked, published and compared."""

from pathlib import Path

__version__ = "0.1.0"


def templates_dir() -> Path:
    """The jinja2 templates of the sites and the diffs (a link to the project's templates/)."""
    return Path(__file__).parent / "templates"
