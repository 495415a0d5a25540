"""`nvptool report`: read and check the plan, then write its evaluation for a year.

Like the build, the report refuses a plan with errors: an evaluation made from
data that does not hold together would state what nobody reported.
"""

from __future__ import annotations

from pathlib import Path

from nvptool import templates_dir
from nvptool.evaluation.formats import FORMATS
from nvptool.evaluation.model import EvaluationError, Provenance, evaluation


class ReportError(Exception):
    """No report was written; the message says why and what to do."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def make_report(
    plan_dir: Path, year: int, lang: str | None, fmt: str, cycle_id: str | None = None
) -> bytes:
    """The evaluation for a year of the cycle that holds it (or of the cycle named), in a
    format of FORMATS. A plan with a new cycle in draft still evaluates the running one."""
    from nvptool.check import effective_settings, run_checks
    from nvptool.findings import Severity
    from nvptool.followup.data import cycle_node
    from nvptool.followup.yearfile import FollowUpError, cycle_for
    from nvptool.interface import InterfaceError
    from nvptool.load.plan import load_plan
    from nvptool.report.base import plural
    from nvptool.site.build import provenance
    from nvptool.site.data import latest_cycle
    from nvptool.site.language import load_language
    from nvptool.site.pdf import PdfError

    loaded = load_plan(plan_dir)
    checked = run_checks(loaded, effective_settings(loaded.plan.config))
    errors = checked.count(Severity.error)
    if errors:
        counted = plural(errors, "error")
        raise ReportError(f"the plan has {counted}; run 'nvptool check' to see them")
    plan = loaded.plan
    if latest_cycle(plan) is None:
        raise ReportError(f"{plan_dir} holds no plan cycle", 2)
    try:
        cycle = cycle_node(plan, cycle_for(plan, year, cycle_id))
    except FollowUpError as error:
        raise ReportError(str(error), 2) from None
    assert cycle is not None  # cycle_for names a cycle of the plan.
    config = plan.config
    code = lang or config.source_language
    templates = templates_dir()
    if code not in config.languages:
        known = ", ".join(config.languages)
        raise ReportError(f"--lang {code}: the plan's languages are {known}", 2)
    try:
        found = evaluation(plan, cycle, year, _provenance(provenance(plan_dir, plan)))
    except EvaluationError as error:
        raise ReportError(f"--year {year}: {error}", 2) from None
    try:
        language = load_language(templates, code, config.source_language)
    except InterfaceError as error:
        said = f"--lang {code}: the interface texts of {code} cannot be used:\n{error}"
        raise ReportError(said, 2) from None
    try:
        return FORMATS[fmt].write(found, language, templates)
    except PdfError as error:
        raise ReportError(str(error)) from None


def _provenance(site: object) -> Provenance:
    return Provenance(getattr(site, "revision", None), getattr(site, "date", None))
