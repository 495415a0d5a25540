"""Every theme and phenomenon serves at least one NVS vital interest.

The NVP also translates the Nationale Veiligheidsstrategie; each theme and
phenomenon should say which of its six vital interests it protects. Cycles
whose ``frameworks`` name no NVS (plans older than the NVS of 2021) are not
checked.

Passing example::

    mappings:
      - target: fysieke-veiligheid
        basis: editorial
        reason: {nl: ...}

Failing example::

    mappings:                       # MP03: no mapping targets an NVS interest
      - target: digitale-veiligheid
        basis: editorial
        reason: {nl: ...}
"""

from __future__ import annotations

from collections.abc import Iterator

from nvptool.findings import Problem
from nvptool.plan import Plan
from nvptool.rules.kiv_mapped import unmapped

CODE = "MP03"
NAME = "nvs-mapped"
GROUPS = ("mapping",)
SEVERITY = "warning"


def check(plan: Plan) -> Iterator[Problem]:
    yield from unmapped(plan, "nvs-interest", "nvs", "NVS vital interest")
