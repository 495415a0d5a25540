"""A measure's owner is an organisation of the glossary.

``owner`` names who reports on a measure: the id of a glossary term of type
``organisation`` (a directorate, a service, a partner), so that the site can name
it in both languages and ``nvptool follow-up export --owner`` can hand each one its
own spreadsheet. An unknown id gets a "did you mean"; an abbreviation, programme
or plain term is no one to report.

Passing example::

    # reference/glossary.yaml holds {id: dgj, type: organisation, …}
    statuses:
      - {measure: drugs-m1, status: done, owner: dgj}

Failing example::

    statuses:
      - {measure: drugs-m1, status: done, owner: dgjj}   # FU07: did you mean 'dgj'?
"""

from __future__ import annotations

from collections.abc import Iterator

from nvptool.findings import Problem
from nvptool.followup.data import organisations
from nvptool.load.schema_errors import did_you_mean
from nvptool.plan import REFERENCE, Plan
from nvptool.rules.base import problem

CODE = "FU07"
NAME = "owner-organisation"
GROUPS = ("follow-up", "references")
SEVERITY = "error"


def check(plan: Plan) -> Iterator[Problem]:
    known = organisations(plan)
    terms = {n.id: n for n in plan.of_kind("term") if n.scope == REFERENCE}
    choices = sorted(known)
    for node in plan.of_kind("measure-status"):
        owner = node.obj.owner
        if owner is None or owner in known:
            continue
        if owner in terms:
            kind = terms[owner].obj.type.value
            yield problem(
                node,
                f"the owner '{owner}' is a glossary {kind}, not an organisation",
                "owner",
                hint="name the organisation that reports on the measure, or give the "
                f"glossary term '{owner}' the type organisation if it is one",
                related=(terms[owner].place(),),
            )
            continue
        guess = did_you_mean(owner, choices)
        hint = (
            f"did you mean '{guess}'?"
            if guess
            else "use the id of an organisation in reference/glossary.yaml, or add it there"
        )
        yield problem(node, f"no glossary organisation has the id '{owner}'", "owner", hint=hint)
