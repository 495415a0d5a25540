"""Start the next plan cycle as a copy of the current one.

    nvptool cycle new nvp-2026-2029 --from nvp-2022-2025

copies plan/cycles/<from>/ to plan/cycles/<new>/ and, in the copy, makes the
cycle a draft that follows <from>, moves its period on, leaves out what belongs
to the old plan only (its events, signatories and extension), and records for
every theme, phenomenon and measure that it succeeds the one it was copied from. Its
follow-up starts empty: a year file for each year of the new period, nothing reported
yet, and the indicators without the old cycle's targets. Texts
and translations are copied as they are, so a writer edits from the old plan;
only official translations become reviewed ones, as the new plan is not published.
The new directory appears only when it is complete.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from nvptool.followup.data import EMPTY_YEAR, FOLLOW_UP_DIR
from nvptool.load.plan import CYCLES_DIR
from nvptool.model.base import ID_PATTERN, MAX_ID_LENGTH
from nvptool.model.text import fingerprint
from nvptool.plan import Plan
from nvptool.roundtrip import dumps, read_plan_file, replace_file, yaml_rt

DROPPED = ("events", "signatories", "extended_until")


class CycleError(Exception):
    """A new cycle that cannot be made as the command line asks (exit code 2): nothing was
    written."""


Cycles = dict[str, tuple[int, int, str | None]]
"""The plan's cycles: id -> first year, last year, predecessor."""


def plan_cycles(plan: Plan) -> Cycles:
    return {
        node.id: (node.obj.period.start, node.obj.period.end, node.obj.predecessor)
        for node in plan.of_kind("cycle")
    }


YEARS = re.compile(r"-?(\d{4})-(\d{4})$")
"""The years a cycle's id ends with: nvp-2026-2029."""


def new_period(new_id: str, start: int, end: int) -> tuple[int, int]:
    """The years the id ends with (nvp-2026-2029), or the next period as long as the old."""
    found = YEARS.search(new_id)
    if found:
        return int(found[1]), int(found[2])
    return end + 1, end + 1 + (end - start)


def _refuse_period(new_id: str, from_id: str, cycles: Cycles) -> None:
    """A new cycle covers years of its own, after the one it follows, which no other follows."""
    start, end, _ = cycles[from_id]
    first, last = new_period(new_id, start, end)
    if last < first:
        raise CycleError(f"'{new_id}': its period ends ({last}) before it starts ({first})")
    if first <= end:
        stem = YEARS.sub("", new_id) or "plan"
        after = "-".join(map(str, new_period(stem, start, end)))  # The years that follow.
        raise CycleError(
            f"'{new_id}' would start in {first}, within or before {from_id} ({start}-{end}), "
            f"which it follows; name it after its own years, e.g. {stem}-{after}"
        )
    for other, (other_start, other_end, predecessor) in sorted(cycles.items()):
        if predecessor == from_id:
            raise CycleError(
                f"{from_id} is followed already by {other}; start the new cycle from {other}"
            )
        if first <= other_end and other_start <= last:
            raise CycleError(
                f"'{new_id}' ({first}-{last}) overlaps {other} ({other_start}-{other_end}); "
                "a year belongs to one cycle"
            )


def new_cycle(
    plan_dir: Path,
    new_id: str,
    from_id: str,
    source_language: str,
    cycles: Cycles,
    reasons: Mapping[str, str],
) -> Path:
    """The new cycle's directory, made from --from's; cycles: the plan's (plan_cycles).

    reasons: by language, the reason each carried-over theme and phenomenon gives for its
    successor link, with {cycle} for --from (the interface texts' carried_over)."""
    cycles_dir = plan_dir / CYCLES_DIR
    for word, what in ((new_id, "the new cycle's id"), (from_id, "--from")):
        if len(word) > MAX_ID_LENGTH or not re.fullmatch(ID_PATTERN, word):  # As in files.
            raise CycleError(
                f"{what} {word!r} is not an id: lower-case letters and digits in words "
                "joined by hyphens, e.g. nvp-2026-2029"
            )
    old_dir, new_dir = cycles_dir / from_id, cycles_dir / new_id
    if old_dir.is_symlink() or not (old_dir / "cycle.yaml").is_file() or from_id not in cycles:
        raise CycleError(f"there is no cycle '{from_id}' in {cycles_dir}")
    if new_dir.exists():
        raise CycleError(f"{new_dir} exists already")
    _refuse_period(new_id, from_id, cycles)
    staging = Path(tempfile.mkdtemp(prefix=f".{new_id}.", dir=cycles_dir))
    try:
        shutil.copytree(old_dir, staging, symlinks=True, dirs_exist_ok=True)
        _drop_reported_years(staging)
        for path in sorted(staging.rglob("*.yaml")):
            if path.is_symlink():
                continue  # Copied as a link; the loader reports where it leads.
            _rewrite(path, new_id, from_id, source_language, reasons)
        _new_years(staging, new_id)
        staging.rename(new_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return new_dir


def _rewrite(
    path: Path, new_id: str, from_id: str, source: str, reasons: Mapping[str, str]
) -> None:
    yaml = yaml_rt()
    text, newline = read_plan_file(path)
    data = yaml.load(text)
    kind = data.get("kind") if isinstance(data, dict) else None
    if kind == "cycle":
        _cycle(data, new_id, from_id, source)
    elif kind in {"theme", "phenomenon"}:
        data["succeeds"] = _succession(data["id"], from_id, source, reasons)
        _measures_succeed(data)
    elif kind == "indicators":
        for indicator in data.get("indicators") or ():
            indicator.pop("targets", None)  # The old cycle's aims; the new plan sets its own.
    _unpublish(data)
    replace_file(path, dumps(data), newline)


def _measures_succeed(value: Any) -> None:
    """Every measure of a theme or phenomenon continues the measure it was copied from."""
    if isinstance(value, dict):
        for measure in value.get("measures") or ():
            if isinstance(measure, dict) and isinstance(measure.get("id"), str):
                succeeds = CommentedSeq([measure["id"]])
                succeeds.fa.set_flow_style()
                measure["succeeds"] = succeeds
        for key, item in value.items():
            if key != "measures":
                _measures_succeed(item)
    elif isinstance(value, list):
        for item in value:
            _measures_succeed(item)


def _drop_reported_years(staging: Path) -> None:
    """The old cycle's reports stay with it: its year files are not copied."""
    directory = staging / FOLLOW_UP_DIR
    if directory.is_symlink() or not directory.is_dir():
        return
    for path in sorted(directory.glob("*.yaml")):
        if path.is_file() and not path.is_symlink():
            data = yaml_rt().load(read_plan_file(path)[0])
            if isinstance(data, dict) and data.get("kind") == "follow-up":
                path.unlink()


def _new_years(staging: Path, new_id: str) -> None:
    """An empty report for each year of the new period, where the old cycle had any."""
    directory = staging / FOLLOW_UP_DIR
    if directory.is_symlink() or not directory.is_dir():
        return
    period = yaml_rt().load(read_plan_file(staging / "cycle.yaml")[0])["period"]
    for year in range(int(period["start"]), int(period["end"]) + 1):
        path = directory / f"{year}.yaml"
        if not path.exists() and not path.is_symlink():
            replace_file(path, EMPTY_YEAR.format(cycle=new_id, year=year))


def _unpublish(value: Any) -> None:
    """Official translations become reviewed ones: the new plan is not published yet.

    The words were checked against this very Dutch, which is what reviewed says;
    official is for the wording of a published plan.
    """
    if isinstance(value, dict):
        if value.get("state") == "official" and isinstance(value.get("text"), str):
            value["state"] = "reviewed"
            value.pop("seen_at", None)  # Where the published wording was seen: not this.
        for item in value.values():
            _unpublish(item)
    elif isinstance(value, list):
        for item in value:
            _unpublish(item)


def _cycle(data: Any, new_id: str, from_id: str, source: str) -> None:
    old_start, old_end = int(data["period"]["start"]), int(data["period"]["end"])
    start, end = new_period(new_id, old_start, old_end)
    data["id"] = new_id
    data["period"]["start"], data["period"]["end"] = start, end
    data["status"] = "draft"
    data["predecessor"] = from_id
    for key in DROPPED:
        data.pop(key, None)
    if data.get("short_title"):
        _move_years(data["short_title"], f"{old_start}-{old_end}", f"{start}-{end}", source)


def _move_years(text: Any, old: str, new: str, source: str) -> None:
    """Put the new period in a title, in every language, keeping translations current."""
    for lang, value in list(text.items()):
        if isinstance(value, str):
            text[lang] = value.replace(old, new)
        elif isinstance(value, dict) and isinstance(value.get("text"), str):
            changed = value["text"].replace(old, new)
            if changed != value["text"]:
                value["text"] = changed
                if value.get("state") == "official":
                    value["state"] = "machine"  # No longer the published wording.
            if value.get("source") and isinstance(text.get(source), str):
                value["source"] = fingerprint(text[source])


def _succession(
    object_id: str, from_id: str, source: str, reasons: Mapping[str, str]
) -> CommentedMap:
    """The successor link; its reason in every language, the translations made by the tool
    (from its interface texts) and so marked as machine-made until a person reviews them."""
    succession = CommentedMap()
    predecessors = CommentedSeq([object_id])
    predecessors.fa.set_flow_style()
    succession["predecessors"] = predecessors
    succession["basis"] = "editorial"
    reason = CommentedMap()
    words = {lang: text.replace("{cycle}", from_id) for lang, text in reasons.items()}
    reason[source] = words[source]
    for lang, text in words.items():
        if lang != source:
            reason[lang] = {"text": text, "state": "machine", "source": fingerprint(words[source])}
    succession["reason"] = reason
    return succession
