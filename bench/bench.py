"""Benchmarks of nvptool as whole processes: prints each figure beside its target.

    python bench/bench.py [--quick] [--runs N] [--no-others]

Sizes 500, 5k and 100k objects come from bench/synthetic.py (seed 1, cached in
the temporary directory); the same items are then given to Doorstop and
StrictDoc (bench/others.py, in a virtual environment of the benchmark alone).
Plans with 1k and 10k measures and four reported years of follow-up come from
bench/synthetic_followup.py.
Every figure is the median of several runs of a fresh process, with the peak
resident memory of that process; the "floor" is the same files parsed by
PyYAML's C loader alone, which nothing can beat. Ratios against the other tools
are medians of runs taken in turns, so that both see the same machine load.
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
from dataclasses import dataclass
from pathlib import Path

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


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mib: float


def run(command: list[str], cwd: Path = ROOT) -> Run:
    """One process: wall time and peak resident memory (from wait4's rusage)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed with exit code {code}")
    return Run(elapsed, usage.ru_maxrss / 1024)


def median(command: list[str], runs: int, cwd: Path = ROOT, before: object = None) -> Run:
    results = []
    for _ in range(runs):
        if callable(before):
            before()
        results.append(run(command, cwd))
    return Run(statistics.median(r.seconds for r in results), max(r.peak_mib for r in results))


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


def line(name: str, result: Run, target: str = "", floor: Run | None = None) -> None:
    shown_floor = f"{floor.seconds:7.2f} s" if floor else " " * 9
    print(
        f"{name:<40} {result.seconds:7.2f} s {result.peak_mib:8.0f} MiB   "
        f"floor {shown_floor}   {target}"
    )


def yaml_bytes(directory: Path) -> int:
    return sum(path.stat().st_size for path in directory.rglob("*.yaml"))


def floor_line(name: str, directory: Path, runs: int, limit: float) -> None:
    """check against the floor, and its memory against the YAML bytes."""
    floor = median([PYTHON, "-c", FLOOR, str(directory)], runs)
    result = median([*NVPTOOL, "check", str(directory)], runs)
    ratio = result.seconds / floor.seconds
    memory = result.peak_mib * 1024 * 1024 / yaml_bytes(directory)
    # Below some 10 MB of YAML the interpreter's own memory outweighs the plan's.
    goal = " (target <= 10x)" if yaml_bytes(directory) > 10_000_000 else ""
    line(
        f"check: {name}",
        result,
        f"{ratio:.2f}x floor (target <= {limit}x), memory {memory:.1f}x YAML{goal}",
        floor,
    )


def paired(first: list[str], second: list[str], runs: int, cwd: Path) -> tuple[float, Run, Run]:
    """Median ratio first/second over runs taken in turns, so both see the same machine load."""
    ratios, mine, theirs = [], [], []
    for _ in range(runs):
        a = run(first)
        b = run(second, cwd)
        ratios.append(a.seconds / b.seconds)
        mine.append(a)
        theirs.append(b)
    return (
        statistics.median(ratios),
        Run(statistics.median(r.seconds for r in mine), max(r.peak_mib for r in mine)),
        Run(statistics.median(r.seconds for r in theirs), max(r.peak_mib for r in theirs)),
    )


def compare_tools(sizes: tuple[int, ...], runs: int) -> None:
    """nvptool against Doorstop and StrictDoc on the same items."""
    from others import commands, environment, items

    bin_dir = environment(CACHE)
    if isinstance(bin_dir, str):
        print(f"\nDoorstop and StrictDoc: skipped, {bin_dir}")
        return
    print("\nThe same items in Doorstop and StrictDoc (ratios: nvptool's time / theirs)")
    for size in sizes:
        plan = synthetic(size)
        with tempfile.TemporaryDirectory() as work:
            others = commands(bin_dir, Path(work), plan)
            count = len(items(plan))
            for name, (command, cwd) in others.items():
                run(command, cwd)  # Doorstop reformats its files once: not part of the figure.
                ours = (
                    [*NVPTOOL, "build", str(plan), "--out", str(Path(work) / "site")]
                    if "html" in name
                    else [*NVPTOOL, "check", str(plan)]
                )
                ratio, mine, theirs = paired(ours, command, runs, cwd)
                target = "target <= 0.1 (10x faster)" if "html" in name else ""
                verb = "build" if "html" in name else "check"
                print(
                    f"{count:>6,} items  nvptool {verb} {mine.seconds:6.2f} s  vs  {name:<30} "
                    f"{theirs.seconds:7.2f} s   ratio {ratio:.3f}   {target}"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="Skip the 100k objects.")
    parser.add_argument("--no-others", action="store_true", help="Skip Doorstop and StrictDoc.")
    args = parser.parse_args()
    runs = args.runs
    sizes = (500, 5_000) if args.quick else (500, 5_000, 100_000)
    print(
        f"nvptool benchmarks on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; median of {runs} runs\n"
    )
    plan = ROOT / "plan"
    floor_line("the real plan", plan, runs, 2)
    for size in sizes:
        floor_line(f"{size:,} objects", synthetic(size), 1 if size >= 100_000 else runs, 1.3)
    checked = median([*NVPTOOL, "check", str(plan)], runs)
    with tempfile.TemporaryDirectory() as work:
        out = Path(work) / "site"
        full = median([*NVPTOOL, "build", str(plan), "--out", str(out)], runs)
        line("build: the real plan, nl and fr", full, "target < 1.5 s")
        edited = Path(work) / "plan"
        shutil.copytree(plan, edited)
        victim = edited / "cycles" / "nvp-2022-2025" / "phenomena" / "05-overlast.yaml"
        original = victim.read_text(encoding="utf-8")

        def edit() -> None:
            victim.write_text(original.replace("Overlast", "Overlast ", 1), encoding="utf-8")

        again = median([*NVPTOOL, "build", str(edited), "--out", str(out)], runs, before=edit)
        line(
            "rebuild after a one-file edit",
            again,
            f"{again.seconds / full.seconds:.2f} of a full build (target < 0.1)",
        )
        # A build reads and checks the whole plan before it writes anything, so no
        # rebuild can be cheaper than a check of the same plan.
        print(f"{'':<40} a check alone is {checked.seconds / full.seconds:.2f} of a full build")
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
        compare_tools((500, 5_000), runs)


def followup(runs: int) -> None:
    """check of plans with measures and four reported years of follow-up, against the floor."""
    from synthetic_followup import generate_followup

    made = hashlib.sha256((ROOT / "bench" / "synthetic_followup.py").read_bytes()).hexdigest()
    for measures in (1_000, 10_000):
        target = CACHE / f"followup-{measures}-{GENERATOR}-{made[:8]}"
        if not (target / "nvptool.yaml").is_file():
            shutil.rmtree(target, ignore_errors=True)
            generate_followup(target, measures, seed=1)
        floor_line(f"{measures:,} measures, 4 years", target, runs, 1.3)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
