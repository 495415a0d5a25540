"""Measure how much of the published source text the plan's Dutch text holds.

The source is the text extracted from the PDF, with its artefacts. It is cut
into sentences; both sides are normalised to letters and digits only (so case,
spacing, punctuation and hyphenation do not matter), and a sentence counts as
present when its normal form occurs in the normal form of the plan.

Run as a script to see the coverage and the missing sentences:

    python tests/fidelity.py [PLAN_DIR] [--lines START-END]
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "sources" / "nvp-2022-2025.nl.txt"

PAGE_FURNITURE = re.compile(
    r"^\s*(?:—\s+Nationaal Veiligheidsplan 2022-2025\s+—|–\s+\d+\s+–|\d|Voorwoord|[—>])\s*$"
)
FOOTNOTE_START = re.compile(r"^(\d{1,2})\s+\S")
FOOTNOTE_REF = re.compile(r"\[\^fn-(\d+)\]")
BULLET = re.compile(r"^\s*(?:•|o)\s+")
"""List bullets of the PDF (• and the sub-bullet o) are list markup, not words."""
SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n\s*\n")
STRUCTURAL_LABEL = re.compile(
    r"^(?:CONTEXT|ALGEMENE DOELSTELLING|STRATEGISCHE DOELSTELLING \d+\s*:?)$"
)
LEADING_LABEL = re.compile(r"^(?:CONTEXT|ALGEMENE DOELSTELLING)\s+")
"""Headings the plan data stores as structure (a theme's context, an objective's
number) and the site prints from its interface texts; they are not prose."""


@dataclass(frozen=True)
class SourceSentence:
    line: int
    text: str
    note: bool = False


def source_blocks(lines: list[str]) -> Iterator[tuple[int, str, bool]]:
    """Yield (first line, text) of the running text and of each footnote, apart.

    A footnote block starts after a "—" or ">" line and ends at the next line
    that starts with a space, which is how the extraction marks a new page.
    """
    body: list[tuple[int, str]] = []
    note: list[tuple[int, str]] = []
    in_notes = False
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if stripped in {"—", ">"}:
            in_notes = True
            if note:
                yield note[0][0], " ".join(t for _, t in note), True
                note = []
            continue
        if in_notes and raw.startswith(" ") and not FOOTNOTE_START.match(stripped):
            in_notes = False
        if in_notes and FOOTNOTE_START.match(stripped) and note:
            yield note[0][0], " ".join(t for _, t in note), True
            note = []
        if PAGE_FURNITURE.match(raw):
            if not in_notes:
                body.append((number, ""))  # A page or chapter break ends a paragraph.
            continue
        if in_notes:
            note.append((number, FOOTNOTE_START.sub(lambda m: m.group(0)[-1], stripped, 1)))
        else:
            body.append((number, BULLET.sub("", raw.rstrip())))
    if note:
        yield note[0][0], " ".join(t for _, t in note), True
    # The running text keeps its line structure so that paragraphs split sentences.
    for line, text in _paragraphs(body):
        yield line, text, False


def _paragraphs(body: list[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    current: list[tuple[int, str]] = []
    for number, text in body:
        if not text.strip():
            if current:
                yield current[0][0], " ".join(t for _, t in current)
                current = []
            continue
        current.append((number, text))
    if current:
        yield current[0][0], " ".join(t for _, t in current)


def source_sentences(path: Path = SOURCE) -> list[SourceSentence]:
    lines = path.read_text(encoding="utf-8").splitlines()
    sentences = []
    for line, block, note in source_blocks(lines):
        for piece in SENTENCE_END.split(block):
            piece = LEADING_LABEL.sub("", piece.strip())
            if len(normalise(piece)) >= 12 and not STRUCTURAL_LABEL.match(piece):
                sentences.append(SourceSentence(line, piece, note))
    return sorted(sentences, key=lambda s: s.line)


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if ch.isalnum())


READING_GROUPS = (("body", "measures", "closing", "sections"), ("lead", "text", "details"))
"""Fields the plan prints in this order, whatever their order in the file: an objective's
or section's body, its measures (each one's lead, text, details), its closing text, then
its subsections."""


def reading_order(mapping: dict[object, object]) -> list[object]:
    """The keys of a mapping in the order the plan prints them."""
    keys: list[object] = []
    for key in mapping:
        group = next((g for g in READING_GROUPS if key in g), None)
        if group is None:
            keys.append(key)
        elif key not in keys:
            keys.extend(k for k in group if k in mapping)
    return keys


def dutch_strings(node: object, source_language: str = "nl") -> Iterator[str]:
    """Every source-language string of a YAML document, in reading order."""
    if isinstance(node, dict):
        for key in reading_order(node):
            value = node[key]
            if key == source_language and isinstance(value, str):
                yield value
            elif key == "number" and isinstance(value, str):
                yield value  # Section numbers are printed with their headings.
            else:
                yield from dutch_strings(value, source_language)
    elif isinstance(node, list):
        for item in node:
            yield from dutch_strings(item, source_language)


READING_ORDER = ("chapters/0-", "chapters/1-", "chapters/2-", "themes/", "phenomena/", "chapters/")


def _reading_key(path: Path) -> tuple[int, str]:
    name = path.as_posix()
    rank = next((i for i, part in enumerate(READING_ORDER) if part in name), len(READING_ORDER))
    return rank, name


def plan_text(plan_dir: Path, footnotes: bool = True) -> str:
    """The source-language text of the plan, files in the order the plan is read."""
    parts = []
    for path in sorted(plan_dir.rglob("*.yaml"), key=_reading_key):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not footnotes and isinstance(data, dict):
            data = {key: value for key, value in data.items() if key != "footnotes"}
        for text in dutch_strings(data):
            # A footnote reference stands where the source glued the footnote number.
            parts.append(FOOTNOTE_REF.sub(r"\1", text))
    return normalise(" ".join(parts))


def missing_sentences(
    plan_dir: Path, lines: range | None = None, source: Path = SOURCE
) -> tuple[list[SourceSentence], int]:
    haystack = plan_text(plan_dir)
    sentences = [s for s in source_sentences(source) if lines is None or s.line in lines]
    missing = [s for s in sentences if not _present(normalise(s.text), haystack)]
    return missing, len(sentences)


def out_of_order(plan_dir: Path, source: Path = SOURCE) -> list[SourceSentence]:
    """Running-text sentences found earlier in the plan than the sentence before them.

    A sentence moved to another section or file shows up here even though the
    coverage measure still finds it.
    """
    haystack = plan_text(plan_dir, footnotes=False)
    previous = -1
    moved = []
    for sentence in source_sentences(source):
        needle = normalise(sentence.text)
        if sentence.note or haystack.count(needle) != 1:
            continue  # Footnotes stand apart; a repeated sentence has no one place.
        position = haystack.find(needle)
        if position < previous:
            moved.append(sentence)
        previous = position
    return moved


def _present(needle: str, haystack: str) -> bool:
    if needle in haystack:
        return True
    # A sentence split by a page break keeps a stray page number or footnote
    # number at its start; a glued footnote marker may end it.
    return needle.lstrip("0123456789") in haystack or needle.rstrip("0123456789") in haystack


def main(argv: list[str]) -> int:
    plan_dir = ROOT / "plan"
    lines = None
    args = list(argv)
    if "--lines" in args:
        start, end = args.pop(args.index("--lines") + 1).split("-")
        args.remove("--lines")
        lines = range(int(start), int(end) + 1)
    if args:
        plan_dir = Path(args[0])
    missing, total = missing_sentences(plan_dir, lines)
    for sentence in missing:
        print(f"source line {sentence.line}: {sentence.text}")
    coverage = 100.0 * (total - len(missing)) / total if total else 100.0
    print(f"coverage: {coverage:.2f}% of {total} source sentences ({len(missing)} missing)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
