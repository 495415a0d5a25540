"""What a rule is: a module with a code, a name, groups, a severity and a check.

The rule's module docstring is its user documentation: the first line is its
summary, the rest explains it with a passing and a failing example.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType

from nvptool.config import Severity
from nvptool.findings import Location, Problem
from nvptool.plan import Node, Plan

Check = Callable[[Plan], Iterator[Problem]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    groups: tuple[str, ...]
    severity: Severity
    doc: str
    check: Check | None
    """None for rules the engine applies itself (such as unused waivers)."""
    whole_plan: bool = True
    """Whether the rule needs every file: it does not run while some files cannot be read."""

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0]

    def matches(self, selector: str) -> bool:
        """Whether a code, name or group in the configuration names this rule."""
        return selector in {self.code, self.name, *self.groups}

    @classmethod
    def from_module(cls, module: ModuleType) -> Rule:
        return cls(
            code=module.CODE,
            name=module.NAME,
            groups=tuple(module.GROUPS),
            severity=Severity(module.SEVERITY),
            doc=module.__doc__ or "",
            check=getattr(module, "check", None),
            whole_plan=getattr(module, "WHOLE_PLAN", True),
        )


def problem(
    node: Node,
    message: str,
    *field: str | int,
    hint: str | None = None,
    related: tuple[Location, ...] = (),
) -> Problem:
    """A problem about a node, located at one of its fields (or its id)."""
    return Problem(
        message,
        node.location(*field),
        hint,
        object_id=node.key,
        related=related,
    )
