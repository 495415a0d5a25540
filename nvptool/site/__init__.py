"""The Dutch and French (and any configured language's) static sites."""

from __future__ import annotations

from typing import Final, Literal

SITE_MARKS: Final[Literal["objects"]] = "objects"
"""Where the plan's objects stand (yamlsource.Marks), kept as the plan is read for a site:
every page shows their lines. Light, for the command line to read the plan ahead with it
before it imports the site's engine."""
