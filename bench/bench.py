"""Benchmarks of nvptool as whole processes: prints each figure beside its target.

    python bench/bench.py [--quick] [--runs N] [--no-others]

Sizes 500, 5k and 100k objects come from bench/synthetic.py (seed 1, cached in
the temporary directory); the same items are then given to Doorstop and
StrictDoc (bench/others.py, in a virtual environment of the benchmark alone).
Plans with 1k and 10k measures and four reported years of follow-up come from
bench/synthetic_followup.py.

The machine may be shared: every comparison is a ratio of runs taken in turns
(nvptool, then the other command, then nvptool again ...), so that both see
the same load, and the figure is the median of those ratios. Each run is a
fresh process; its memory is the peak resident size from wait4. The "floor" of
a check is the same files parsed by PyYAML's C loader alone, which nothing can
beat. Every build measured as "full" starts from an empty output directory;
nvptool processes may write their bytecode, as an installed nvptool has it.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from serve_latency import measure as serve_latency
from serve_latency import report as serve_report
from synthetic import generate

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
NVPTOOL = [PYTHON, "-m", "nvptool"]
CACHE = Path(tempfile.gettempdir()) / "nvptool-bench"
GENERATOR = hashlib.sha256((ROOT / "bench" / "synthetic.py").read_bytes()).hexdigest()[:8]
"""Cached plans are made again when the generator changes (new fields, new rules)."""
FLOOR = (
    "import sys, yaml\n"
    "from pathlib import Path\n"
    "for path in sorted(Path(sys.argv[1]).rglob('*.yaml')):\n"
    "    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)\n"
)
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
"""Without it a source tree recompiles nvptool on every run; an installed one never does."""


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mib: float
    cpu: float = 0.0
    """User and system seconds of the process and the processes it waited for."""


def run(command: list[str], cwd: Path = ROOT, env: dict[str, str] = ENV) -> Run:
    """One process: wall time and peak resident memory (from wait4's rusage)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed with exit code {code}")
    return Run(elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


Before = Callable[[], None]


def nothing() -> None:
    pass


def summary(runs: list[Run]) -> Run:
    return Run(
        statistics.median(r.seconds for r in runs),
        max(r.peak_mib for r in runs),
        statistics.median(r.cpu for r in runs),
    )


def median(command: list[str], runs: int, before: Before = nothing, cwd: Path = ROOT) -> Run:
    results = []
    for _ in range(runs):
        before()
        results.append(run(command, cwd))
    return summary(results)


@dataclass(frozen=True)
class Pair:
    ratio: float
    """The median of the ratios mine/theirs of runs taken in turns."""
    mine: Run
    theirs: Run


def paired(
    mine: list[str],
    theirs: list[str],
    runs: int,
    cwd: Path = ROOT,
    before: Before = nothing,
) -> Pair:
    """Runs taken in turns, so that both commands see the same machine load."""
    ratios, ours, others = [], [], []
    for _ in range(runs):
        before()
        a = run(mine)
        b = run(theirs, cwd)
        ratios.append(a.seconds / b.seconds)
        ours.append(a)
        others.append(b)
    return Pair(statistics.median(ratios), summary(ours), summary(others))


def synthetic(objects: int) -> Path:
    target = CACHE / f"plan-{objects}-{GENERATOR}"
    if not (target / "nvptool.yaml").is_file():
        shutil.rmtree(target, ignore_errors=True)
        generate(target, objects, seed=1)
    return target


def git(repo: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@localhost",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@localhost",
    }
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def revisions(objects: int) -> Path:
    """A repository whose last commit edits one phenomenon in a hundred."""
    repo = CACHE / f"repo-{objects}-{GENERATOR}"
    if (repo / ".git").is_dir():
        return repo
    shutil.rmtree(repo, ignore_errors=True)
    shutil.copytree(synthetic(objects), repo / "plan")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first")
    for index, path in enumerate(sorted((repo / "plan").rglob("phenomena/*.yaml"))):
        if index % 100 == 0:
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace("In 2020 waren er", "In 2021 waren er", 1), "utf-8")
    git(repo, "commit", "-qam", "second")
    return repo


def verdict(met: bool, goal: str) -> str:
    return f"{goal}: {'met' if met else 'NOT MET'}"


def line(name: str, result: Run, note: str = "") -> None:
    print(f"{name:<44} {result.seconds:7.2f} s {result.peak_mib:7.0f} MiB   {note}")


def yaml_bytes(directory: Path) -> int:
    return sum(path.stat().st_size for path in directory.rglob("*.yaml"))


def check_line(name: str, directory: Path, runs: int, limit: float | None) -> None:
    """check against the floor (runs in turns), and its memory against the YAML bytes."""
    pair = paired([*NVPTOOL, "check", str(directory)], [PYTHON, "-c", FLOOR, str(directory)], runs)
    memory = pair.mine.peak_mib * 1024 * 1024 / yaml_bytes(directory)
    goal = "" if limit is None else verdict(pair.ratio <= limit, f"target <= {limit}x")
    cpu = pair.mine.cpu / pair.theirs.cpu if pair.theirs.cpu else float("nan")
    note = f"floor {pair.theirs.seconds:5.2f} s, {pair.ratio:.2f}x floor {goal} (CPU {cpu:.2f}x)"
    if yaml_bytes(directory) > 10_000_000:  # Below, the interpreter outweighs the plan.
        note += f"; memory {memory:.1f}x YAML " + verdict(memory <= 10, "target <= 10x")
    line(f"check: {name}", pair.mine, note)


FIRST_BUILD = {**ENV, "NVPTOOL_NO_BUILD_CACHE": "1"}
"""A build that compiles every template and converts every page, as the first build on a
machine (or in a fresh CI job) does."""


def build_lines(plan: Path, runs: int, work: Path) -> None:
    """A full build (also as the first on a machine), a rebuild of the same plan and a rebuild
    after a one-file edit, in turns."""
    out = work / "site"
    edited = work / "plan"
    shutil.copytree(plan, edited)
    victim = edited / "cycles" / "nvp-2022-2025" / "phenomena" / "05-overlast.yaml"
    original = victim.read_text(encoding="utf-8")
    command = [*NVPTOOL, "build", str(edited), "--out", str(out)]
    full, first, again, changed = [], [], [], []
    for turn in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        first.append(run(command, env=FIRST_BUILD))
        shutil.rmtree(out, ignore_errors=True)
        full.append(run(command))
        again.append(run(command))
        # A different word each time: every run sees a real change.
        victim.write_text(original.replace("Overlast", f"Overlast{turn}", 1), "utf-8")
        changed.append(run(command))
    built = summary(full)
    line("build: the real plan, nl and fr", built, verdict(built.seconds <= 1.5, "target <= 1.5 s"))
    for name, series in (
        ("full build, nothing kept from earlier builds", first),
        ("rebuild, nothing changed", again),
        ("rebuild after a one-file edit", changed),
    ):
        ratio = statistics.median(b.seconds / a.seconds for a, b in zip(full, series, strict=True))
        line(name, summary(series), f"{ratio:.2f} of a full build")


def compare_tools(sizes: tuple[int, ...], runs: int) -> None:
    """nvptool against Doorstop and StrictDoc on the same items, runs taken in turns."""
    from others import commands, environment, items

    bin_dir = environment(CACHE)
    if isinstance(bin_dir, str):
        print(f"\nDoorstop and StrictDoc: skipped, {bin_dir}")
        return
    print("\nThe same items in Doorstop and StrictDoc (ratio: nvptool's time / theirs)")
    for size in sizes:
        plan = synthetic(size)
        with tempfile.TemporaryDirectory() as work:
            others = commands(bin_dir, Path(work), plan)
            count = len(items(plan))
            outputs = (Path(work) / "site", Path(work) / "sd-html")

            def clean(outputs: tuple[Path, ...] = outputs) -> None:
                for output in outputs:  # No output kept between runs; each tool keeps its cache
                    # in the temporary directory (StrictDoc its parsed documents, nvptool its
                    # compiled templates and converted pages), as on a writer's machine.
                    shutil.rmtree(output, ignore_errors=True)

            for name, (command, cwd) in others.items():
                html = "html" in name
                ours = [*NVPTOOL, "build", str(plan), "--out", str(outputs[0])]
                if not html:
                    ours = [*NVPTOOL, "check", str(plan)]
                # One run of each first, not part of the figures: Doorstop reformats its
                # files, StrictDoc and nvptool keep what they keep for the next run.
                clean()
                run(command, cwd)
                run(ours)
                pair = paired(ours, command, runs, cwd, before=clean if html else nothing)
                target = verdict(pair.ratio <= 0.1, "target <= 0.1 (10x faster)") if html else ""
                print(
                    f"{count:>6,} items  nvptool {'build' if html else 'check'} "
                    f"{pair.mine.seconds:6.2f} s  vs  {name:<30} {pair.theirs.seconds:7.2f} s"
                    f"   ratio {pair.ratio:.3f}   {target}"
                )


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            names = [row.split(":", 1)[1].strip() for row in cpuinfo if "model name" in row]
        model = names[0] if names else model
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (
        f"{os.cpu_count()} cores ({model}, {platform.machine()}), "
        f"Python {platform.python_version()}, load average {load}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="Skip the 100k objects.")
    parser.add_argument("--no-others", action="store_true", help="Skip Doorstop and StrictDoc.")
    args = parser.parse_args()
    runs = args.runs
    sizes = (500, 5_000) if args.quick else (500, 5_000, 100_000)
    print(f"nvptool benchmarks on {machine()}; medians of {runs} runs taken in turns\n")
    plan = ROOT / "plan"
    run([*NVPTOOL, "check", str(plan)])  # Writes nvptool's bytecode once, as pip would.
    check_line("the real plan", plan, runs, 2)
    for size in sizes:
        limit = 1.3 if size >= 5_000 else None
        check_line(f"{size:,} objects", synthetic(size), 3 if size >= 100_000 else runs, limit)
    with tempfile.TemporaryDirectory() as work:
        build_lines(plan, runs, Path(work))
    for size in sizes:
        repo = revisions(size)
        result = median(
            [*NVPTOOL, "diff", "HEAD~1", "HEAD", "--plan", str(repo / "plan")],
            1 if size >= 100_000 else runs,
            cwd=repo,
        )
        line(f"diff: two revisions, {size:,} objects", result, "target < 10 s at 100k")
    followup(runs)
    if not args.no_others:
        compare_tools((500, 5_000), runs)  # As many pairs as every other figure.
    # The live preview (nvptool serve): from a save to the new page served.
    print("\n" + serve_report(serve_latency(plan, edits=10)))
    print(f"\nat the end: {machine()}")


def followup(runs: int) -> None:
    """check of plans with measures and four reported years of follow-up, against the floor."""
    from synthetic_followup import generate_followup

    made = hashlib.sha256((ROOT / "bench" / "synthetic_followup.py").read_bytes()).hexdigest()
    for measures in (1_000, 10_000):
        target = CACHE / f"followup-{measures}-{GENERATOR}-{made[:8]}"
        if not (target / "nvptool.yaml").is_file():
            shutil.rmtree(target, ignore_errors=True)
            generate_followup(target, measures, seed=1)
        check_line(f"{measures:,} measures, 4 years", target, runs, 1.3)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
