"""Where this nvptool was installed from, as pip recorded it.

nvptool is not on a package index: an office installs a tagged release from
the git repository where it keeps nvptool (`pip install 'nvptool @
git+https://…/nvptool@v0.2.0'`). pip records that address in the
distribution's direct_url.json (PEP 610), so `nvptool init` can pin a new plan
repository to the same source without the project naming a host it does not
own: an address nobody controls would let whoever claims it run code in the
office's CI.
"""

from __future__ import annotations

import json
from importlib import metadata


def installed_source() -> str | None:
    """The git repository this nvptool was installed from, or None (a local copy)."""
    try:
        recorded = metadata.distribution("nvptool").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    if not recorded:
        return None
    try:
        direct = json.loads(recorded)
    except ValueError:
        return None
    url = direct.get("url") if isinstance(direct, dict) else None
    if not isinstance(url, str) or "vcs_info" not in direct or url.startswith("file:"):
        return None
    return url
