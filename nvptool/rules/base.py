"""What a rule is: a module with a code, a name, groups, a severity and a check.

The rule's module docstring is its user documentation: the first line is its
summary, the rest explains it with a passing and a failing example.

A rule that reads the plan's texts has a `Reader` instead of a `check`: the
engine reads every text once and gives it to the readers of all the rules it
runs, rather than each rule going over every text again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from types import ModuleType

from msgspec import Struct

from nvptool.findings import Location, Problem, Severity
from nvptool.load.yamlsource import Place
from nvptool.plan import Node, Plan
from nvptool.texts import TextRef, text_refs

Check = Callable[[Plan], Iterator[Problem]]


class TextReader:
    """A rule's reading of the plan's texts, one text at a time, in plan order.

    `read` tells the problems of the text it is given, whatever the texts before
    it: the engine may give a part of the texts to each of several processes, each
    with its own copy of the reader. A reader that tells something only once it
    has read every text (its `end`) is given every text, in one process.
    """

    def __init__(self, plan: Plan) -> None:
        self.plan = plan

    def read(self, ref: TextRef) -> Iterable[Problem]:
        """The problems of one text."""
        raise NotImplementedError

    def end(self) -> Iterable[Problem]:
        """The problems that show only once every text is read."""
        return ()

    @property
    def whole(self) -> bool:
        """Whether it reads every text before it tells all (it has an `end` of its own)."""
        return type(self).end is not TextReader.end


def read_texts(readers: Sequence[TextReader], refs: Iterable[TextRef]) -> list[list[Problem]]:
    """The texts read once by all the readers, in their order: the problems of each reader."""
    found: list[list[Problem]] = [[] for _ in readers]
    pairs = list(zip(readers, found, strict=True))
    for ref in refs:
        for reader, problems in pairs:
            problems.extend(reader.read(ref))
    for reader, problems in pairs:
        problems.extend(reader.end())
    return found


def _reading_alone(reader: type[TextReader]) -> Check:
    """The check of a rule with a reader, run on its own (one rule selected, or a test)."""

    def check(plan: Plan) -> Iterator[Problem]:
        yield from read_texts([reader(plan)], text_refs(plan))[0]

    return check


class Rule(Struct, frozen=True):
    code: str
    name: str
    groups: tuple[str, ...]
    severity: Severity
    doc: str
    check: Check | None
    """None for rules the engine applies itself (such as unused waivers)."""
    whole_plan: bool = True
    """Whether the rule needs every file: it does not run while some files cannot be read."""
    reader: type[TextReader] | None = None
    """How the rule reads texts, when it does: the engine then reads them for it."""

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0]

    def matches(self, selector: str) -> bool:
        """Whether a code, name or group in the configuration names this rule."""
        return selector in {self.code, self.name, *self.groups}

    @classmethod
    def from_module(cls, module: ModuleType) -> Rule:
        reader = getattr(module, "Reader", None)
        return cls(
            code=module.CODE,
            name=module.NAME,
            groups=tuple(module.GROUPS),
            severity=Severity(module.SEVERITY),
            doc=module.__doc__ or "",
            check=_reading_alone(reader) if reader else getattr(module, "check", None),
            whole_plan=getattr(module, "WHOLE_PLAN", True),
            reader=reader,
        )


def problem(
    node: Node,
    message: str,
    *field: str | int,
    hint: str | None = None,
    related: tuple[Location | Place, ...] = (),
) -> Problem:
    """A problem about a node, at one of its fields (or its id): located if it is reported."""
    return Problem(
        message,
        node.place(*field),
        hint,
        object_id=node.key,
        related=related,
    )
