"""The preview's edit-to-page latency: from saving a plan file to its new page being served.

    python bench/serve_latency.py [--edits N]

`nvptool serve` runs on a copy of the real plan, as a writer runs it, and a
listener follows one phenomenon's page as an open browser tab does (it asks
for the page again when the server says it changed). Each edit changes one
word of that phenomenon's file; the time runs from the write to the moment the
server has handed out the page with the new word. Edits come a few seconds
apart, as a writer's saves do.
"""

from __future__ import annotations

import argparse
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILE = Path("cycles/nvp-2022-2025/phenomena/03-drugs.yaml")
PAGE = "nl/phenomena/drugs.html"
WORD = "cocaïne;"
TARGET_SECONDS = 0.5
PAUSE_SECONDS = 3.0
"""Between two saves: the server finishes the pages nobody looks at first."""


def measure(plan: Path = ROOT / "plan", edits: int = 10) -> list[float]:
    """Seconds from each write to the new page served, one per edit."""
    with tempfile.TemporaryDirectory() as work:
        copy = Path(work) / "plan"
        shutil.copytree(plan, copy)
        process = subprocess.Popen(
            [sys.executable, "-m", "nvptool", "serve", str(copy), "--port", "0"],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
        )
        try:
            url = _address(process)
            return _edits(copy / FILE, url, edits)
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=60)


def _address(process: subprocess.Popen[str]) -> str:
    stream = process.stderr
    assert stream is not None
    for line in stream:
        if found := re.search(r"serving .* at (http://\S+/) ", line):
            # Read on, so that the server never waits for a full pipe.
            threading.Thread(target=stream.read, daemon=True).start()
            return found.group(1)
    raise RuntimeError("nvptool serve printed no address")


def _edits(path: Path, url: str, edits: int) -> list[float]:
    events: queue.Queue[bytes] = queue.Queue()
    stream = urllib.request.urlopen(f"{url}__nvptool/events?page=/{PAGE}", timeout=600)
    threading.Thread(target=lambda: [events.put(line) for line in stream], daemon=True).start()
    original = path.read_text(encoding="utf-8")
    times = []
    for number in range(edits):
        time.sleep(PAUSE_SECONDS)
        word = f"LATENTIE{number};"
        text = original.replace(WORD, word, 1)
        while not events.empty():
            events.get()
        start = time.perf_counter()
        path.write_text(text, encoding="utf-8")
        while f"/{PAGE}".encode() not in events.get(timeout=60):
            pass
        while word not in _get(url + PAGE):  # The event came for an earlier save.
            events.get(timeout=60)
        times.append(time.perf_counter() - start)
    return times


def _get(address: str) -> str:
    with urllib.request.urlopen(address, timeout=60) as response:
        return str(response.read().decode("utf-8"))


def report(times: list[float]) -> str:
    median = statistics.median(times)
    verdict = "met" if median <= TARGET_SECONDS else "NOT met"
    return (
        f"serve: save to new page, median of {len(times)} edits {median:.3f} s "
        f"(min {min(times):.3f}, max {max(times):.3f}); target <= {TARGET_SECONDS} s: {verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=10)
    args = parser.parse_args()
    print(report(measure(edits=args.edits)))


if __name__ == "__main__":
    main()
