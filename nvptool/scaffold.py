"""nvptool init: the files of a new plan repository, as values.

Everything is pinned to the nvptool that writes it: the pre-commit hooks, the
GitHub workflow and the GitLab CI install this version from its git tag, and the
JSON Schemas in schema/ are this version's (the nvptool-schema hook keeps them so).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import jinja2
from msgspec import Struct

from nvptool import __version__, templates_dir
from nvptool.model.text import fingerprint
from nvptool.schema import schema_documents

TEXTS = {
    "title": ("Veiligheidsplan {start}-{end}", "Plan de sécurité {start}-{end}"),
    "chapter": ("Inleiding", "Introduction"),
    "body": ("Schrijf hier de inleiding van het plan.", "Écrivez ici l'introduction du plan."),
    "theme": ("Voorbeeldthema", "Thème d'exemple"),
    "context": ("Schrijf hier de context van het thema.", "Écrivez ici le contexte du thème."),
    "objective": ("Een strategische doelstelling", "Un objectif stratégique"),
    "objective_body": (
        "Schrijf hier de doelstelling. Hiertoe zal onder meer:",
        "Écrivez ici l'objectif. À cette fin, il s'agira notamment :",
    ),
    "measure": ("een eerste maatregel worden genomen.", "de prendre une première mesure."),
}
"""The skeleton's texts: Dutch, and French marked as machine-made until reviewed."""

FILES = {
    "README.md": "README.md.j2",
    ".gitignore": "gitignore.j2",
    ".pre-commit-config.yaml": "pre-commit-config.yaml.j2",
    ".github/workflows/plan.yml": "github-workflow.yml.j2",
    ".gitlab-ci.yml": "gitlab-ci.yml.j2",
    ".vscode/settings.json": "vscode-settings.json.j2",
    ".vscode/extensions.json": "vscode-extensions.json.j2",
    "plan/nvptool.yaml": "nvptool.yaml.j2",
    "plan/cycles/{cycle}/cycle.yaml": "cycle.yaml.j2",
    "plan/cycles/{cycle}/chapters/1-inleiding.yaml": "chapter.yaml.j2",
    "plan/cycles/{cycle}/themes/1-voorbeeldthema.yaml": "theme.yaml.j2",
}
"""Each file of a new plan repository and its template in templates/init/."""


class Options(Struct, frozen=True):
    cycle: str = "plan-2026-2029"
    source: str | None = None
    """The git repository plan repositories install nvptool from; None leaves it to CI's
    settings (NVPTOOL_SOURCE) and writes no file that cannot work without it."""
    version: str = __version__

    @property
    def period(self) -> tuple[int, int]:
        """The years at the end of the cycle's id, or four years from this one."""
        found = re.search(r"(\d{4})-(\d{4})$", self.cycle)
        if found:
            return int(found[1]), int(found[2])
        start = date.today().year
        return start, start + 3


def refusal(options: Options) -> str | None:
    """Why these options cannot make a plan that passes check, if they cannot."""
    from nvptool.model.base import ID_PATTERN, MAX_ID_LENGTH

    if len(options.cycle) > MAX_ID_LENGTH or not re.fullmatch(ID_PATTERN, options.cycle):
        return (
            f"--cycle {options.cycle!r}: a cycle id is lower-case words and digits joined "
            "by hyphens, e.g. zvp-2026-2031"
        )
    start, end = options.period
    if end < start:
        return f"--cycle {options.cycle!r}: the period ends ({end}) before it starts ({start})"
    if options.source is not None and not REPOSITORY.fullmatch(options.source):
        return (
            f"--source {options.source!r}: give the address of nvptool's git repository as "
            "pip and pre-commit take it, e.g. https://git.example.org/tools/nvptool or "
            "ssh://git@git.example.org/tools/nvptool (letters, digits and . _ ~ : / @ + % - only)"
        )
    if options.source is not None and urlparse(options.source).password is not None:
        return (
            "--source: the address holds a password, which init would write into the "
            "repository's files; give it without: CI and pre-commit reach a private repository "
            "with credentials of their own"
        )
    return None


def usable_source(source: str | None) -> str | None:
    """An address that init can write, or None (init then leaves out what needs it)."""
    if source is None or not REPOSITORY.fullmatch(source) or urlparse(source).password:
        return None
    return source


REPOSITORY = re.compile(
    r"(?:(?:https?|ssh|git|file)://[A-Za-z0-9._~:/@+%-]+|/[A-Za-z0-9._~/@+%-]+)"
)
"""A git repository's address (or, for pre-commit, its folder on this machine) as pip
(git+…), pre-commit and the CI files take it. It is
written into YAML, shell and Markdown, so only characters none of them reads as syntax
(no space, quote, brace, '#', '&' or line break) are taken."""


def github_action(source: str | None) -> str | None:
    """owner/name of nvptool's GitHub Action, when nvptool's repository is on GitHub."""
    if source is None:
        return None
    url = urlparse(source)
    if url.scheme != "https" or url.hostname != "github.com":
        return None
    return url.path.strip("/").removesuffix(".git")


NEEDS_SOURCE = {".pre-commit-config.yaml"}
"""Files that name nvptool's repository and cannot be written without it."""
NEEDS_ACTION = {".github/workflows/plan.yml"}
"""Files that use nvptool's GitHub Action, which exists only for a repository on GitHub."""


def _texts(start: int, end: int) -> dict[str, dict[str, str]]:
    texts = {}
    for name, (nl, fr) in TEXTS.items():
        nl, fr = nl.format(start=start, end=end), fr.format(start=start, end=end)
        texts[name] = {"nl": nl, "fr": fr, "source": fingerprint(nl)}
    return texts


def _yaml_scalar(value: object) -> str:
    """A value written so YAML reads it back as it is (JSON strings are YAML)."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


def environment(templates: Path | None = None) -> jinja2.Environment:
    # [[ ]]: the workflow templates are full of GitHub's own ${{ }}.
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader((templates or templates_dir()) / "init"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        variable_start_string="[[",
        variable_end_string="]]",
        autoescape=False,
    )


def render(template: str, options: Options) -> str:
    start, end = options.period
    context = {
        "version": options.version,
        "source": options.source,
        "action": github_action(options.source),
        "cycle": options.cycle,
        "start": start,
        "end": end,
        "texts": _texts(start, end),
    }
    env = environment()
    if template.endswith(".yaml.j2") and template not in {"pre-commit-config.yaml.j2"}:
        env.finalize = _yaml_scalar  # Plan files: every value quoted as YAML needs.
    return env.get_template(template).render(context)


def skipped(options: Options) -> set[str]:
    """The files init leaves out for these options: each needs a source they do not give."""
    left_out = set()
    if options.source is None:
        left_out |= NEEDS_SOURCE
    if github_action(options.source) is None:
        left_out |= NEEDS_ACTION
    return left_out


def scaffold(options: Options) -> dict[str, str]:
    """Relative path -> text of every file of a new plan repository."""
    files = {
        path.format(cycle=options.cycle): render(template, options)
        for path, template in FILES.items()
        if path not in skipped(options)
    }
    for name, text in schema_documents().items():
        files[f"schema/{name}"] = text
    return files
