"""The check engine: loader problems, then the selected rules, then waivers.

Rules report problems; the engine attaches codes and severities, applies the
configuration's selection and the waivers written in the plan, and reports
waivers that suppress nothing.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import cast

from msgspec import Struct
from msgspec.structs import replace

from nvptool.config import Config, RuleSettings
from nvptool.findings import Finding, Location, Problem, Severity, located
from nvptool.load.codes import LOADER_CODES
from nvptool.load.plan import LoadResult, no_cyclic_gc
from nvptool.load.schema_errors import did_you_mean
from nvptool.load.yamlsource import Place, YamlPath
from nvptool.model.content import Waiver
from nvptool.parallel import shared_out
from nvptool.plan import Plan
from nvptool.rules import RULES, selectors
from nvptool.rules.base import Rule, TextReader, read_texts
from nvptool.texts import TextRef, text_refs

UNUSED_WAIVER = "WV01"
INVALID_VALUE = "SC03"


class CheckResult(Struct, frozen=True):
    findings: tuple[Finding, ...]
    skipped: tuple[str, ...]
    """Codes of rules that did not run because some files could not be read."""

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity == severity)

    def strictly(self) -> CheckResult:
        """The findings as `--strict` judges them: every warning fails the check, so each is
        an error, and every format says so (JUnit's failures, SARIF's levels, the counts)."""
        return CheckResult(
            tuple(
                replace(f, severity=Severity.error) if f.severity == Severity.warning else f
                for f in self.findings
            ),
            self.skipped,
        )


def effective_settings(
    config: Config,
    profile: str | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> RuleSettings:
    """The configuration's rule settings, a profile on top, the command line on top of that."""
    settings = config.rules
    layers = [config.profiles[profile]] if profile else []
    layers.append(RuleSettings(select=tuple(select), ignore=tuple(ignore)))
    for layer in layers:
        settings = RuleSettings(
            select=layer.select or settings.select,
            ignore=(*settings.ignore, *layer.ignore),
            severity={**settings.severity, **layer.severity},
        )
    return settings


def is_selected(rule: Rule, settings: RuleSettings) -> bool:
    if settings.select and not any(rule.matches(s) for s in settings.select):
        return False
    return not any(rule.matches(s) for s in settings.ignore)


def severity_of(rule: Rule, settings: RuleSettings) -> Severity:
    for selector, severity in settings.severity.items():
        if rule.matches(selector):
            return severity
    return rule.severity


def run_checks(
    loaded: LoadResult, settings: RuleSettings, rules: Sequence[Rule] = RULES, jobs: int = 1
) -> CheckResult:
    """The findings of the selected rules; with two jobs or more, the rules run in as many
    processes, the same findings as in one (nvptool.parallel)."""
    with no_cyclic_gc():
        return _run_checks(loaded, settings, rules, jobs)


def unknown_selector(
    word: str, where: Location | Place, rules: Sequence[Rule] = RULES
) -> Problem | None:
    """The problem with a selector that names no rule, or None when it names some."""
    known = selectors(tuple(rules))
    if word in known:
        return None
    guess = did_you_mean(word, sorted(known))
    hint = f"did you mean '{guess}'?" if guess else "run 'nvptool rules' to see every code and name"
    return Problem(f"no rule is called '{word}'", where, hint)


def _config_selectors(loaded: LoadResult, rules: Sequence[Rule]) -> Iterator[Problem]:
    """Selectors in nvptool.yaml that name no rule: a typo in select would run nothing."""
    config, source = loaded.plan.config, loaded.config_source
    if source is None:
        return
    layers: list[tuple[YamlPath, RuleSettings]] = [(("rules",), config.rules)]
    layers += [(("profiles", name), layer) for name, layer in config.profiles.items()]
    for prefix, layer in layers:
        named = [
            *((Place((*prefix, "select", i), source), w) for i, w in enumerate(layer.select)),
            *((Place((*prefix, "ignore", i), source), w) for i, w in enumerate(layer.ignore)),
            *((Place((*prefix, "severity", w), source, of_key=True), w) for w in layer.severity),
        ]
        for where, word in named:  # Located only if reported: that reads the file again.
            problem = unknown_selector(word, where, rules)
            if problem is not None:
                yield problem


def _config_languages(loaded: LoadResult) -> Iterator[Problem]:
    """A language of nvptool.yaml that no text is in, where the texts are in one it does not
    list: a typo (fe for fr), told at its place, not at each of a thousand texts."""
    plan, source = loaded.plan, loaded.config_source
    if source is None:
        return
    for lang, meant in plan.mistyped_languages.items():
        count = plan.text_languages[meant]
        yield Problem(
            f"no text is in '{lang}', and {count} texts are in '{meant}', which nvptool.yaml "
            "does not list",
            Place(("languages", plan.config.languages.index(lang)), source),
            f"did you mean '{meant}'?",
        )


def _run_checks(
    loaded: LoadResult, settings: RuleSettings, rules: Sequence[Rule], jobs: int
) -> CheckResult:
    findings = [_loader_finding(code, problem) for code, problem in loaded.problems]
    findings += [_loader_finding(INVALID_VALUE, p) for p in _config_selectors(loaded, rules)]
    findings += [_loader_finding(INVALID_VALUE, p) for p in _config_languages(loaded)]
    active = [rule for rule in rules if is_selected(rule, settings)]
    complete = not loaded.problems
    skipped = tuple(r.code for r in active if not complete and r.whole_plan)
    runnable = [r for r in active if r.check is not None and r.code not in skipped]
    raised = _raised(loaded.plan, runnable, jobs)
    waivers = _waivers(loaded.plan)
    findings += [_loader_finding(INVALID_VALUE, p) for p in _waiver_selectors(waivers)]
    used: set[Place] = set()
    told: list[tuple[Rule, Problem]] = []
    for rule, problem in raised:
        waiver = _waiver_for(rule, problem, waivers, loaded.plan)
        if waiver is None:
            told.append((rule, problem))
        else:
            used.add(waiver)
    unused_rule = next((r for r in active if r.code == UNUSED_WAIVER), None)
    if unused_rule is not None and complete:
        told += [(unused_rule, p) for p in _unused_waivers(waivers, used, active)]
    where = _located_by_file([problem for _, problem in told])
    findings += [_finding(rule, severity_of(rule, settings), p, where) for rule, p in told]
    return CheckResult(tuple(sorted(findings, key=lambda f: f.sort_key)), skipped)


def _located_by_file(problems: list[Problem]) -> dict[Place, Location]:
    """Where the problems' places stand, found file after file.

    Finding a place composes its file again, and only the last few MiB of files
    composed are kept (compose.recompose); the rules report one after the other,
    each from the plan's first file, so located in that order a large plan's
    files with problems were composed again by every rule.
    """
    places = {w for p in problems for w in (p.location, *p.related) if isinstance(w, Place)}
    return {place: place.locate() for place in sorted(places, key=lambda place: place.file)}


def _raised(plan: Plan, runnable: list[Rule], jobs: int) -> list[tuple[Rule, Problem]]:
    """Each rule's problems, the rules that read texts first, each in the catalogue's order.

    The rules that read texts share one reading of every text; with more than one
    job, the reading is cut into pieces (_reading_pieces). Those pieces and the
    other rules, one by one, go to whichever process is free.
    """
    reading = [rule for rule in runnable if rule.reader is not None]
    checking = [rule for rule in runnable if rule.reader is None]
    readers = [rule.reader(plan) for rule in reading if rule.reader]
    pieces = _reading_pieces(readers, list(text_refs(plan)), jobs)
    works: list[Callable[[], object]] = [
        partial(read_texts, [readers[n] for n in chosen], texts) for chosen, texts in pieces
    ]
    works += [partial(_checked, plan, rule) for rule in checking]
    done = cast(list[list[list[Problem]]], shared_out(works, jobs))
    found: list[list[Problem]] = [[] for _ in readers]
    for (chosen, _), problems in zip(pieces, done, strict=False):  # done: the rules follow.
        for n, each in zip(chosen, problems, strict=True):
            found[n].extend(each)
    found += [problems[0] for problems in done[len(pieces) :]]
    ruled = zip([*reading, *checking], found, strict=True)
    return [(rule, problem) for rule, problems in ruled for problem in problems]


Piece = tuple[list[int], list[TextRef]]
"""The readers (by their place in the list) of a piece of work, and the texts they read."""


def _reading_pieces(readers: list[TextReader], refs: list[TextRef], jobs: int) -> list[Piece]:
    """The reading of the texts as pieces of work for `jobs` processes.

    With one job, every reader reads every text in one piece. With more, the texts
    are cut in consecutive parts, four a job, each read by every reader that reads
    a text at a time (the plan's longest texts come first); the readers that read
    every text before they tell all are dealt alternately into two shares a job,
    each share reading every text. No reader's cost is known before it runs: small
    pieces keep the processes equally busy, where shares of whole rules left one
    process the terminology rule's 25 ms of the real plan at the end.
    """
    everyone = list(range(len(readers)))
    if jobs < 2:
        return [(everyone, refs)]
    apart = [n for n in everyone if not readers[n].whole]
    whole = [n for n in everyone if readers[n].whole]
    parts, shares = 4 * jobs, 2 * jobs
    cuts = [k * len(refs) // parts for k in range(parts + 1)]
    pieces = [(apart, refs[a:b]) for a, b in itertools.pairwise(cuts) if apart and a < b]
    return pieces + [(whole[k::shares], refs) for k in range(shares) if whole[k::shares]]


def _checked(plan: Plan, rule: Rule) -> list[list[Problem]]:
    return [list(rule.check(plan))] if rule.check else [[]]


def _loader_finding(code: str, problem: Problem) -> Finding:
    name = LOADER_CODES[code][0]
    where = located(problem.location)
    return Finding(code, name, Severity.error, problem.message, where, problem.hint)


def _finding(
    rule: Rule, severity: Severity, problem: Problem, where: Mapping[Place, Location]
) -> Finding:
    def at(place: Location | Place) -> Location:
        return place if isinstance(place, Location) else where[place]

    return Finding(
        rule.code,
        rule.name,
        severity,
        problem.message,
        at(problem.location),
        problem.hint,
        problem.object_id,
        tuple(at(place) for place in problem.related),
    )


WaiverIndex = dict[str, list[tuple[Waiver, Place]]]


def _waivers(plan: Plan) -> WaiverIndex:
    index: WaiverIndex = {}
    for node in plan.nodes:
        for position, waiver in enumerate(getattr(node.obj, "waivers", ())):
            place = node.value_place("waivers", position)
            index.setdefault(node.key, []).append((waiver, place))
    return index


def _waiver_selectors(waivers: WaiverIndex) -> Iterator[Problem]:
    """Waivers that name no rule, at their rule: a typo waives nothing, as in nvptool.yaml."""
    for entries in waivers.values():
        for waiver, place in entries:
            where = Place((*place.path, "rule"), place.source)
            problem = unknown_selector(waiver.rule, where)
            if problem is not None:
                yield problem


def _waiver_for(rule: Rule, problem: Problem, waivers: WaiverIndex, plan: Plan) -> Place | None:
    """The waiver on the object or one of its ancestors that covers this problem."""
    key = problem.object_id
    while key is not None:
        for waiver, place in waivers.get(key, ()):
            if rule.matches(waiver.rule):
                return place
        node = plan.index.get(key)
        key = node.parent_key if node is not None else None
    return None


def _unused_waivers(
    waivers: WaiverIndex, used: set[Place], active: Iterable[Rule]
) -> list[Problem]:
    active = list(active)
    problems = []
    for object_key, entries in waivers.items():
        for waiver, place in entries:
            if place in used:
                continue
            if not any(rule.matches(waiver.rule) for rule in active):
                continue  # Switched off, or no rule at all (an error of its own).
            message = f"the waiver of '{waiver.rule}' suppresses nothing"
            problems.append(Problem(message, place, "remove the waiver", object_id=object_key))
    return problems


def errors_added(loaded: LoadResult, plan_dir: Path, edited: Mapping[Path, str]) -> list[Finding]:
    """The errors that the plan in plan_dir (as loaded) would have with these files' new
    texts and does not have now: what a command that writes plan files refuses to write.

    Errors are compared by rule, file and message, not by line: an edit moves lines.
    """
    from nvptool.load.plan import load_source
    from nvptool.load.sources import DirectorySource, EditedSource

    root = plan_dir.resolve()
    texts = {path.resolve().relative_to(root).as_posix(): t for path, t in edited.items()}
    before = _errors(loaded)
    after = _errors(
        load_source(
            EditedSource(DirectorySource(plan_dir), {r: t.encode() for r, t in texts.items()})
        )
    )
    counted = Counter(_identity(finding) for finding in before)
    added = []
    for finding in after:
        if counted[_identity(finding)] > 0:
            counted[_identity(finding)] -= 1
        else:
            added.append(finding)
    return added


def _errors(loaded: LoadResult) -> list[Finding]:
    checked = run_checks(loaded, effective_settings(loaded.plan.config))
    return [finding for finding in checked.findings if finding.severity == Severity.error]


def _identity(finding: Finding) -> tuple[str, str, str]:
    return finding.code, finding.location.file, finding.message
