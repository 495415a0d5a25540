"""A waiver suppresses at least one finding.

Waivers record a decision that a rule does not apply to an object. When the
object changes so that the rule no longer fires, the waiver is dead weight and
would silently hide a future problem; when it names no rule at all, it is a
typo. The engine applies this rule after all others.

Passing example::

    waivers:
      - {rule: MP01, reason: De tekst verbindt dit thema met geen enkele dimensie.}

Failing example::

    waivers:
      - {rule: MP01, reason: ...}   # WV01 when the object is mapped after all
"""

from __future__ import annotations

CODE = "WV01"
NAME = "waiver-unused"
GROUPS = ("core",)
SEVERITY = "warning"
