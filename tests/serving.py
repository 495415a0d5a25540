"""For the tests of nvptool serve: the command run as a writer runs it, on a copy of the plan."""

from __future__ import annotations

import contextlib
import hashlib
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from conftest import ROOT

STARTUP_SECONDS = 180
DRUGS = "cycles/nvp-2022-2025/phenomena/03-drugs.yaml"


@dataclass
class Running:
    process: subprocess.Popen[str]
    url: str
    lines: queue.Queue[str]
    temp: Path

    def said(self, pattern: str, seconds: float = 60) -> str:
        """The next line of standard error that matches the pattern (skipping the others)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                continue
            if re.search(pattern, line):
                return line
        raise AssertionError(f"nvptool serve never said /{pattern}/")

    def stderr_until_exit(self) -> str:
        self.process.wait(timeout=60)
        time.sleep(0.2)
        found = []
        while not self.lines.empty():
            found.append(self.lines.get())
        return "".join(found)


@contextlib.contextmanager
def serving(tmp_path: Path) -> Iterator[Running]:
    """nvptool serve on a copy of the real plan (tmp_path/plan), until the block ends."""
    plan = tmp_path / "plan"
    shutil.copytree(ROOT / "plan", plan)
    temp = tmp_path / "tmp"
    temp.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "nvptool", "serve", str(plan), "--port", "0"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "TMPDIR": str(temp)},
    )
    lines: queue.Queue[str] = queue.Queue()
    assert process.stderr is not None
    stream = process.stderr
    threading.Thread(target=lambda: [lines.put(line) for line in stream], daemon=True).start()
    url = ""
    deadline = time.monotonic() + STARTUP_SECONDS
    while not url and time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            assert process.poll() is None, "nvptool serve stopped"
            continue
        if found := re.search(r"serving .* at (http://\S+/) ", line):
            url = found.group(1)
    assert url, "nvptool serve printed no address"
    try:
        yield Running(process, url, lines, temp)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:
        return str(response.read().decode("utf-8"))


def edit(plan: Path, old: str, new: str, file: str = DRUGS) -> None:
    path = plan / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def tree(folder: Path) -> dict[str, str]:
    """Every path below a folder, with a hash of each file's bytes ("dir" for a folder)."""
    return {
        path.relative_to(folder).as_posix(): (
            hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        )
        for path in sorted(folder.rglob("*"))
    }
