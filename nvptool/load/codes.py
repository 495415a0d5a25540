"""The codes of problems found while reading files, before any rule runs.

They cannot be ignored or waived: a file that cannot be read has no content to check.
"""

from __future__ import annotations

LOADER_CODES: dict[str, tuple[str, str]] = {
    "LD01": ("yaml-syntax", "The file is not valid YAML."),
    "LD02": ("duplicate-key", "A key appears twice in one mapping; YAML would keep only the last."),
    "LD03": ("unsafe-tag", "A YAML tag such as !!python/object; plan files hold only plain data."),
    "LD04": ("too-large-structure", "Aliases that expand without bound, or nesting too deep."),
    "LD05": ("unreadable-file", "The file is binary, not UTF-8, or cannot be read."),
    "LD06": ("empty-file", "The file holds no YAML document."),
    "LD07": ("file-too-large", "The file is larger than a plan file may be."),
    "LD08": ("link-outside-plan", "A symbolic link points outside the plan directory."),
    "LD09": (
        "misplaced-file",
        "Content files belong in cycles/<cycle-id>/ (a theme in themes/, …), reference "
        "data outside it.",
    ),
    "LD10": ("byte-order-mark", "The file starts with a byte-order mark; save it without one."),
    "LD11": (
        "linked-directory",
        "A directory of the plan is a symbolic link; its files are not read.",
    ),
    "LD12": (
        "not-a-plan-file-name",
        "A file named like a plan file (.YAML, .yaml.txt) that is not read as one.",
    ),
    "SC01": ("unknown-key", "A key that the file kind does not have (often a typo)."),
    "SC02": ("missing-key", "A required key is missing."),
    "SC03": ("invalid-value", "A value of the wrong type or form."),
    "SC04": ("unknown-kind", "The file's kind: is missing or unknown."),
}
"""code -> (name, summary)"""
