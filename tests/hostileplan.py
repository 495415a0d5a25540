"""A plan that publishes every trick of tests/hostile/markdown.yaml, and hostile values.

Shared by the site's safety tests and the browser tests.
"""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path
from typing import Any

import yaml
from conftest import MINI, TESTS, make_plan
from gitrepo import git

CORPUS: list[dict[str, Any]] = yaml.safe_load(
    (TESTS / "hostile" / "markdown.yaml").read_text("utf-8")
)["cases"]
CHAPTER = "cycles/demo/chapters/2.yaml"
BODY_FIRST_LINE = 6
"""The file line of a chapter body's first line, as `chapter` writes it."""


def chapter(body: str, sections: str = "") -> str:
    return (
        'kind: chapter\nid: hoofdstuk-2\nnumber: "2"\nbody:\n  nl: |\n'
        + textwrap.indent(body, "    ", lambda line: True)
        + ("\n" if not body.endswith("\n") else "")
        + sections
    )


# A plan that publishes every hostile text, and hostile values in every field
# the site shows that is not a text: identifiers, numbers, names, addresses.
PAYLOAD = "<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) *y*"
HOSTILE_VALUES = {
    "reference/legal.yaml": [
        ("    type: law\n", f"    type: law\n    number: {PAYLOAD!r}\n"),
        ('numac: "1998021488"', f"numac: {PAYLOAD!r}"),
        (
            "eli: http://www.ejustice.just.fgov.be/eli/wet/1998/12/07/1998021488/justel",
            "eli: 'javascript:alert(4)'",
        ),
        ("seen_at: Belgisch Staatsblad", f"seen_at: {PAYLOAD!r}"),
    ],
    "cycles/demo/chapters/1.yaml": [("pinpoint: art. 37", f"pinpoint: {PAYLOAD!r}")],
    "cycles/demo/phenomena/1.yaml": [
        (
            "        quote: In 2019 stierven 646 personen\n",
            "        quote: In 2019 stierven 646 personen\n"
            f"    targets:\n      - id: doel-1\n        label: {{nl: {PAYLOAD!r}}}\n"
            f"        quote: {PAYLOAD!r}\n",
        )
    ],
    "cycles/demo/cycle.yaml": [
        (
            "events:",
            f"signatories:\n  - name: {PAYLOAD + ' {: onclick=alert(5) }'!r}\n"
            f"    role: {{nl: {PAYLOAD!r}}}\nevents:",
        )
    ],
}


def hostile_files() -> dict[str, str]:
    files = {}
    for name, edits in HOSTILE_VALUES.items():
        text = (MINI / name).read_text("utf-8")
        for old, new in edits:
            assert old in text, (name, old)
            text = text.replace(old, new, 1)
        files[name] = text
    sections = "sections:\n"
    for number, case in enumerate(CORPUS, start=1):
        words = textwrap.indent(case["text"], "        ", lambda line: True)
        title = json.dumps(case["text"].splitlines()[0])
        sections += (
            f"  - id: geval-{number}\n    title:\n      nl: {title}\n"
            f"    body:\n      nl: |\n{words}\n      fr:\n        state: machine\n"
            f"        text: |\n{textwrap.indent(words, '  ', lambda line: True)}\n"
        )
    files[CHAPTER] = chapter(PAYLOAD, sections)
    # A hostile pull request may switch the rules off; the site must hold without them.
    files["nvptool.yaml"] = (MINI / "nvptool.yaml").read_text("utf-8") + (
        "rules:\n  ignore: [TX03, quote-in-text, identifier-format, pinpoint-format]\n"
    )
    return files


def hostile_edit(root: Path) -> Path:
    """The hostile plan as a pull request's edit of the harmless one, committed at HEAD:
    a site built with --since HEAD shows every hostile text on its page of changes,
    and a phenomenon's title edited word by word (its page's title too)."""
    plan = make_plan(root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "harmless")
    make_plan(root / "edited", hostile_files())
    shutil.copytree(root / "edited" / "plan", plan, dirs_exist_ok=True)
    phenomenon = plan / "cycles/demo/phenomena/1.yaml"
    text = phenomenon.read_text("utf-8")
    words = "Verkeersveiligheid </title><script>alert(6)</script> " + PAYLOAD
    title = f"  nl: {(words + ' {: onclick=alert(5) }')!r}\n"
    phenomenon.write_text(text.replace("  nl: Verkeersveiligheid\n", title, 1), "utf-8")
    return plan
