"""The same items for Doorstop and StrictDoc, to compare nvptool with them on equal input.

Every object of a synthetic nvptool plan (anything with an id: phenomena,
sections, figures, footnotes, reference entries) becomes one requirement with
the same id, title and text, in each tool's own format. The two tools live in a
virtual environment of the benchmark alone (never a dependency of nvptool),
created on first use; without network or when they cannot be installed, the
comparison is skipped with a message saying why.
"""

from __future__ import annotations

import subprocess
import sys
import venv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

TOOLS = ("doorstop", "strictdoc")


@dataclass(frozen=True)
class Item:
    uid: str
    title: str
    text: str


def environment(cache: Path) -> Path | str:
    """The bin directory of a virtual environment holding both tools, or why there is none."""
    home = cache / "others-venv"
    bin_dir = home / "bin"
    if all((bin_dir / tool).is_file() for tool in TOOLS):
        return bin_dir
    try:
        venv.EnvBuilder(with_pip=True, clear=True).create(home)
        done = subprocess.run(
            [str(bin_dir / "pip"), "install", "--quiet", *TOOLS],
            capture_output=True,
            text=True,
            timeout=900,
        )
    except (OSError, subprocess.SubprocessError) as error:
        return f"could not create the benchmark environment: {error}"
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return f"could not install {' and '.join(TOOLS)}: {last}"
    return bin_dir


def items(plan: Path) -> list[Item]:
    """Every object of the plan with an id, as a requirement: id, title, text."""
    found: list[Item] = []
    for path in sorted(plan.rglob("*.yaml")):
        data = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
        found.extend(_objects(data))
    return found


def _objects(value: Any) -> Iterator[Item]:
    if isinstance(value, list):
        for child in value:
            yield from _objects(child)
    elif isinstance(value, dict):
        if isinstance(value.get("id"), str):
            title = _dutch(value.get("title") or value.get("label") or value.get("term"))
            text = _dutch(value.get("body") or value.get("text") or value.get("quote"))
            yield Item(value["id"], title or value["id"], text or title or value["id"])
        for key, child in value.items():
            if key not in ("title", "body", "text", "label", "term"):
                yield from _objects(child)


def _dutch(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("nl")
    return " ".join(str(value).split()) if value else ""


def write_doorstop(target: Path, found: list[Item]) -> Path:
    """One Doorstop document of one item file each, in its own git repository."""
    document = target / "reqs"
    document.mkdir(parents=True, exist_ok=True)
    settings = {"settings": {"digits": 6, "prefix": "REQ", "sep": ""}}
    (document / ".doorstop.yml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    for number, item in enumerate(found, start=1):
        data = {
            "active": True,
            "derived": False,
            "header": item.title,
            "level": f"1.{number}",
            "links": [],
            "normative": True,
            "ref": "",
            "reviewed": None,
            "text": item.text,
        }
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=True)
        (document / f"REQ{number:06d}.yml").write_text(text, encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(target)], check=True)
    return target


def write_strictdoc(target: Path, found: list[Item]) -> Path:
    """One StrictDoc document holding every item as a requirement."""
    target.mkdir(parents=True, exist_ok=True)
    parts = ["[DOCUMENT]\nTITLE: Benchmark\n"]
    for item in found:
        statement = item.text.replace("<<<", "< < <")
        parts.append(
            f"\n[REQUIREMENT]\nUID: {item.uid.upper()}\nTITLE: {item.title}\n"
            f"STATEMENT: >>>\n{statement}\n<<<\n"
        )
    (target / "bench.sdoc").write_text("".join(parts), encoding="utf-8")
    return target


def commands(bin_dir: Path, work: Path, plan: Path) -> dict[str, tuple[list[str], Path]]:
    """The commands compared, each with the directory it runs in."""
    found = items(plan)
    doorstop = write_doorstop(work / "doorstop", found)
    strictdoc = write_strictdoc(work / "strictdoc", found)
    return {
        "doorstop validation": ([str(bin_dir / "doorstop"), "--quiet"], doorstop),
        "doorstop read-only validation": (
            [str(bin_dir / "doorstop"), "--quiet", "--no-reformat"],
            doorstop,
        ),
        "strictdoc json export": (
            [
                str(bin_dir / "strictdoc"),
                "export",
                "--formats",
                "json",
                "--output-dir",
                str(work / "sd-json"),
                str(strictdoc),
            ],
            work,
        ),
        "strictdoc html export": (
            [
                str(bin_dir / "strictdoc"),
                "export",
                "--formats",
                "html",
                "--output-dir",
                str(work / "sd-html"),
                str(strictdoc),
            ],
            work,
        ),
    }


if __name__ == "__main__":
    print(f"{len(items(Path(sys.argv[1])))} items")
