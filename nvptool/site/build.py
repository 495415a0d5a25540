"""`nvptool build`: read, check, render every language, then write, then swap.

Like mkdocs itself, the build reads and checks everything before anything is
written, and the previous site stays in place until the new one is complete.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2

from nvptool import templates_dir
from nvptool.check import CheckResult, effective_settings, run_checks
from nvptool.config import Severity
from nvptool.load.plan import load_plan
from nvptool.plan import Node, Plan
from nvptool.site import mkdocs_hooks
from nvptool.site import pages as p
from nvptool.site.pictures import chart_bars, structure
from nvptool.site.render import (
    PageRenderer,
    environment,
    escape_value,
    load_ui,
    render_page,
    ui_path,
)
from nvptool.site.safety import MARKDOWN_EXTENSIONS

MARKER = ".nvptool-site"
"""Marks a directory as a site nvptool built, so that a rebuild may replace it."""

REPRODUCIBLE_EPOCH = "946684800"  # 2000-01-01: no build date leaks into the output.

Progress = Callable[[str], None]


class BuildError(Exception):
    """The site was not built; the previous one, if any, is intact."""


@dataclass(frozen=True)
class BuildResult:
    check: CheckResult
    languages: tuple[str, ...]
    pages: int


SITE_EXTRA = "nvptool[site]"
"""The extra that brings the site stack (mkdocs-material); check, diff and export need none."""


def _require_site_stack() -> None:
    import importlib.util

    from nvptool import __version__
    from nvptool.provenance import installed_source

    if importlib.util.find_spec("mkdocs") is None or importlib.util.find_spec("material") is None:
        source = installed_source() or "<the git repository of nvptool>"
        raise BuildError(
            "building the site needs mkdocs-material, which this installation lacks; install "
            f"the site extra: pip install '{SITE_EXTRA} @ git+{source}@v{__version__}'"
        )


def build_site(
    plan_dir: Path,
    out: Path,
    *,
    strict: bool = False,
    templates: Path | None = None,
    progress: Progress = lambda _: None,
) -> BuildResult:
    _require_site_stack()
    templates = templates or templates_dir()
    out = out.absolute()  # mkdocs reads paths relative to its own configuration file.
    _check_target(out)
    progress(f"reading {plan_dir}")
    loaded = load_plan(plan_dir)
    checked = run_checks(loaded, effective_settings(loaded.plan.config))
    _refuse_if_failing(checked, strict)
    cycle = p.latest_cycle(loaded.plan)
    if cycle is None:
        raise BuildError(f"{plan_dir} holds no plan cycle")
    languages = loaded.plan.config.languages
    _refuse_languages_without_interface(languages, templates)
    site = p.site_data(loaded.plan, cycle)
    env = environment(templates)
    rendered = {}
    for lang in languages:
        progress(f"rendering {len(site.pages)} pages in {lang}")
        rendered[lang] = render_language(site, lang, env, templates)
    progress(f"writing the site to {out}")
    with _staging(out) as staging:
        for lang in languages:
            progress(f"building the {lang} site")
            _mkdocs(site, lang, rendered[lang], env, templates, staging)
        (staging / "index.html").write_text(_root_index(loaded.plan, env), encoding="utf-8")
        (staging / MARKER).write_text("built by nvptool\n", encoding="utf-8")
    return BuildResult(checked, tuple(languages), len(site.pages) * len(languages))


def render_language(
    site: p.SiteData, lang: str, env: jinja2.Environment, templates: Path
) -> dict[str, str]:
    """Every page and picture of one language, as text by path."""
    source = site.plan.config.source_language
    ui = load_ui(templates, lang)
    files = {}
    for page in site.pages:
        files[page.path] = render_page(env, PageRenderer(site, page, lang, source, ui, templates))
    home = PageRenderer(site, site.pages[0], lang, source, ui, templates)
    for key, points in site.figure_series.items():
        files[f"assets/charts/{key}.svg"] = env.get_template("chart.svg.j2").render(
            title=home.text(points[0].obj.label),
            unit=home.text(points[0].obj.unit),
            bars=chart_bars(points, home.number),
        )
    files["assets/structure.svg"] = _structure_svg(site, home, env)
    for asset in ("nvp.css", "iframe-worker-shim.js"):
        files[f"assets/{asset}"] = (templates / "assets" / asset).read_text(encoding="utf-8")
    return files


def _structure_svg(site: p.SiteData, r: PageRenderer, env: jinja2.Environment) -> str:
    nodes = [*site.framework("nvs-interest"), *site.topics, *site.framework("kiv-dimension")]
    labels = {}
    hrefs = {}
    for node in nodes:
        number = getattr(node.obj, "number", "")
        labels[node.key] = f"{number} {r.text(node.obj.title)}".strip()
        # The picture is served from assets/, next to the pages' directories.
        path, anchor = site.targets[node.key]
        hrefs[node.key] = f"../{path.removesuffix('.md')}.html" + (f"#{anchor}" if anchor else "")
    headings = {"nvs": "NVS", "plan": r.text(site.cycle.obj.short_title), "kiv": "KIV"}
    return env.get_template("structure.svg.j2").render(
        s=structure(site, labels, hrefs), title=r.ui["structure"], headings=headings
    )


def _check_target(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise BuildError(f"{out} exists and is not a directory")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise BuildError(
            f"{out} holds files that nvptool did not build; choose an empty or new directory"
        )


def _refuse_languages_without_interface(languages: tuple[str, ...], templates: Path) -> None:
    missing = [lang for lang in languages if not ui_path(templates, lang).is_file()]
    if missing:
        folder = ui_path(templates, missing[0]).parent.resolve()
        names = ", ".join(ui_path(templates, lang).name for lang in missing)
        raise BuildError(
            f"nvptool.yaml publishes {', '.join(missing)}, but {folder} has no {names} "
            "with the interface texts (menus, headings, notices): add a copy of nl.yaml, "
            "translated"
        )


def _refuse_if_failing(checked: CheckResult, strict: bool) -> None:
    errors = checked.count(Severity.error)
    warnings = checked.count(Severity.warning)
    if errors or (strict and warnings):
        raise BuildError(
            f"the plan has {errors} errors and {warnings} warnings; "
            "run 'nvptool check' to see them" + ("" if errors else " (--strict refuses warnings)")
        )


@contextlib.contextmanager
def _staging(out: Path) -> Iterator[Path]:
    """A directory beside out that replaces it only when everything in it is written."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    previous = out.with_name(f".{out.name}.old-{staging.name.rsplit('-', 1)[-1]}")
    if out.exists():
        out.rename(previous)
    staging.rename(out)
    shutil.rmtree(previous, ignore_errors=True)
    os.chmod(out, 0o755)


def _nav(site: p.SiteData, r: PageRenderer) -> list[dict[str, object]]:
    def topic(node: Node) -> dict[str, object]:
        return {"title": r.topic_label(node), "path": p.topic_path(node)}

    # The theme shows menu titles as HTML: every one is escaped, as on the pages.
    nav: list[dict[str, object]] = [{"title": escape_value(r.ui["home"]), "path": "index.md"}]
    topics: list[dict[str, object]] = [
        {"title": escape_value(r.ui["themes"]), "children": [topic(t) for t in site.themes]},
        {"title": escape_value(r.ui["phenomena"]), "children": [topic(f) for f in site.phenomena]},
    ]
    topics = [group for group in topics if group["children"]]
    for chapter in site.chapters:
        nav.append(topic(chapter))
        if chapter.obj.number == "2":
            nav.extend(topics)  # The themes and phenomena are sections 2.2 and 2.3.
            topics = []
    nav.extend(topics)
    if any(page.path == "changes.md" for page in site.pages):
        nav.append({"title": escape_value(r.ui["changes"]), "path": "changes.md"})
    for name, key in (
        ("guide.md", "guide"),
        ("rules.md", "rules"),
        ("kiv.md", "kiv_matrix"),
        ("nvs.md", "nvs_matrix"),
        ("legal.md", "legal_register"),
        ("glossary.md", "glossary"),
        ("figures.md", "figures"),
        ("print.md", "print"),
    ):
        nav.append({"title": escape_value(r.ui[key]), "path": name})
    return nav


def _mkdocs(
    site: p.SiteData,
    lang: str,
    files: dict[str, str],
    env: jinja2.Environment,
    templates: Path,
    staging: Path,
) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    source = site.plan.config.source_language
    r = PageRenderer(site, site.pages[0], lang, source, load_ui(templates, lang))
    with tempfile.TemporaryDirectory(prefix="nvptool-docs-") as work:
        docs = Path(work, "docs")
        for path, text in sorted(files.items()):
            target = docs / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        alternates = [
            {"lang": code, "name": escape_value(load_ui(templates, code)["language_name"])}
            for code in site.plan.config.languages
        ]
        config_text = env.get_template("mkdocs.yml.j2").render(
            site_name=r.plain(site.cycle.obj.short_title or site.cycle.obj.title),
            docs_dir=str(docs),
            site_dir=str(staging / lang),
            overrides=str(templates / "overrides"),
            markdown_extensions=list(MARKDOWN_EXTENSIONS),
            hooks=str(Path(mkdocs_hooks.__file__)),
            lang=lang,
            search_lang=lang,
            alternates=alternates,
            nav=_nav(site, r),
        )
        config_file = Path(work, "mkdocs.yml")
        config_file.write_text(config_text, encoding="utf-8")
        with _quiet_mkdocs() as messages, _reproducible():
            try:
                build(load_config(config_file=str(config_file)))
            except (MkDocsException, SystemExit) as error:
                details = "\n".join(messages) or str(error)
                raise BuildError(f"the {lang} site did not build:\n{details}") from None


@contextlib.contextmanager
def _quiet_mkdocs() -> Iterator[list[str]]:
    """Collect mkdocs' log messages instead of printing them."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                messages.append(record.getMessage())

    logger = logging.getLogger("mkdocs")
    handler = Collect()
    saved = logger.handlers[:], logger.propagate
    logger.handlers = [handler]
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.handlers, logger.propagate = saved


@contextlib.contextmanager
def _reproducible() -> Iterator[None]:
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = REPRODUCIBLE_EPOCH
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def _root_index(plan: Plan, env: jinja2.Environment) -> str:
    languages = plan.config.languages
    return env.get_template("root.html.j2").render(
        source=plan.config.source_language, languages=languages
    )
