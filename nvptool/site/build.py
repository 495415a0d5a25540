"""`nvptool build`: read, check, render every language, then write, then swap.

Like mkdocs itself, the build reads and checks everything before anything is
written, and the previous site stays in place until the new one is complete.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import logging
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup
from msgspec import Struct

from nvptool import templates_dir
from nvptool.check import CheckResult, effective_settings, run_checks
from nvptool.findings import Severity, printable
from nvptool.interface import InterfaceError, interface_path
from nvptool.load.plan import LoadResult, load_plan
from nvptool.load.readahead import ReadAhead
from nvptool.parallel import Workers, default_jobs, workers
from nvptool.plan import Plan, no_such_cycle
from nvptool.report.base import plural
from nvptool.site import SITE_MARKS, collation, reuse
from nvptool.site import data as d
from nvptool.site import pages as p
from nvptool.site.contexts import shows_structure
from nvptool.site.language import Language, load_language
from nvptool.site.pictures import chart, structure
from nvptool.site.prefetch import Prefetch
from nvptool.site.progress import indicator_charts
from nvptool.site.publish import MARKER, PublishError, check_target, protected_paths, staging
from nvptool.site.render import Words, environment, render_page
from nvptool.site.safety import MARKDOWN_EXTENSIONS
from nvptool.site.search import fold_search_index
from nvptool.urls import WEB_ADDRESS_WORDS, is_web_address

REPRODUCIBLE_EPOCH = "946684800"
"""2000-01-01: no build date leaks into the output of a plan outside git (the sitemap's
dates are the plan's last commit's, when there is one)."""

Progress = Callable[[str], None]


class BuildError(Exception):
    """The site was not built; the previous one, if any, is intact."""


class UsageError(BuildError):
    """A mistake on the command line (exit 2), not a problem of the plan (exit 1)."""


class SinceError(UsageError):
    """The revision of --since cannot be read."""


class BuildResult(Struct, frozen=True):
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
    pdf: bool = False,
    templates: Path | None = None,
    progress: Progress = lambda _: None,
    since: str | None = None,
    jobs: int | None = None,
    cycle_id: str | None = None,
    site_url: str | None = None,
    ahead: ReadAhead | None = None,
    prefetched: Prefetch | None = None,
) -> BuildResult:
    """The site of the plan into out; `jobs` languages built at once (default: one a core).

    The site shows cycle_id, else the cycle in force (data.published_cycle); it is
    published at site_url, else at the configuration's, else at a domain's root; its files
    as `ahead` read and parsed them, when given (load.readahead, with SITE_MARKS); what
    every build makes the same as `prefetched` made it, when given (site.prefetch)."""
    _require_site_stack()
    if site_url is not None and not is_web_address(site_url):
        raise UsageError(f"--site-url {site_url!r}: {WEB_ADDRESS_WORDS}")
    templates = templates or templates_dir()
    try:  # Resolved: mkdocs reads paths relative to its own configuration file.
        out = check_target(out, protected_paths(plan_dir, templates))
    except PublishError as error:
        raise UsageError(str(error)) from None
    progress(f"reading {plan_dir}")
    loaded = load_plan(plan_dir, ahead, marks=SITE_MARKS)
    given = _Given(plan_dir, out, templates, progress, since, cycle_id, site_url, prefetched)
    prepare = functools.partial(_sources, loaded, given)
    checked, sources = _checked_beside(loaded, strict, prepare, min(jobs or 2, default_jobs(2)))
    site, langs, env, languages = sources.site, sources.langs, sources.env, sources.languages
    progress(f"writing the site to {out}")
    try:
        with staging(out) as area, workers(jobs or default_jobs(len(languages))) as pool:
            new = area / "site"
            for code in languages:
                progress(f"building the {code} site")
                _mkdocs(sources, langs[code], area, pool)
            built = pool.wait()  # Every language's site is complete before the rest is written.
            record = {
                code: (b.inputs, b.site) for code, b in zip(languages, _builds(built), strict=True)
            }
            if pdf:
                progress("printing the PDFs")
                _pdfs(new, site.cycle.id, languages)
            for name, kind in (("index.html", "index"), ("404.html", "not_found")):
                page = root_page(kind, site, [langs[code] for code in languages], env)
                (new / name).write_text(page, encoding="utf-8")
            (new / reuse.RECORD).write_text(reuse.record_text(record), encoding="utf-8")
            (new / MARKER).write_text("built by nvptool\n", encoding="utf-8")
    except PublishError as error:
        raise BuildError(str(error)) from None
    count = sum(b.pages for b in _builds(built))
    return BuildResult(checked, tuple(languages), count)


class _Given(Struct, frozen=True):
    """What build_site was asked, as its preparation reads it."""

    plan_dir: Path
    out: Path
    templates: Path
    progress: Progress
    since: str | None
    cycle_id: str | None
    site_url: str | None
    prefetched: Prefetch | None


def _checked_beside(
    loaded: LoadResult, strict: bool, prepare: Callable[[], _Sources], jobs: int
) -> tuple[CheckResult, _Sources]:
    """The plan's check, in a process of its own (with two jobs) while `prepare` reads what
    every page needs, which writes nothing; then what was prepared, once the check lets the
    plan be built. A failing check is told first, whatever the preparation met, as when the
    check ran before it (as it does with one job, or where no process can fork).
    """
    settings = effective_settings(loaded.plan.config)
    with workers(jobs) as pool:
        pool.run(functools.partial(run_checks, loaded, settings))
        try:
            prepared = prepare()
        except Exception:
            _refuse_if_failing(_check_result(pool.wait()), strict)
            raise
        checked = _check_result(pool.wait())
    _refuse_if_failing(checked, strict)
    return checked, prepared


def _check_result(results: list[object]) -> CheckResult:
    return cast(CheckResult, results[0])  # The pool's one piece of work: run_checks.


def _sources(loaded: LoadResult, given: _Given) -> _Sources:
    """What every language's site is made from, read and held against the plan."""
    templates, progress = given.templates, given.progress
    cycle = d.published_cycle(loaded.plan, given.cycle_id)
    if cycle is None and given.cycle_id is not None:
        raise UsageError(no_such_cycle(loaded.plan, given.cycle_id))
    if cycle is None:
        raise BuildError(f"{given.plan_dir} holds no plan cycle")
    languages = loaded.plan.config.languages
    unspoken = without_interface(languages, templates)
    if unspoken is not None:
        raise BuildError(unspoken)
    since = given.since
    earlier = _since(given.plan_dir, since, progress) if since is not None else None
    published = given.site_url or loaded.plan.config.site_url
    made = provenance(given.plan_dir, loaded.plan, published)
    site = d.site_data(loaded.plan, cycle, made, earlier)
    env = environment(templates)
    assets = {
        f"assets/{name}": (templates / "assets" / name).read_text(encoding="utf-8")
        for name in ASSETS
    }
    source = loaded.plan.config.source_language
    langs = _languages(templates, languages, source)
    alternates = [{"lang": code, "name": langs[code].ui["language_name"]} for code in languages]
    prefetched = given.prefetched.take() if given.prefetched is not None else None
    if prefetched is not None and prefetched.templates == templates:
        engine = prefetched.engine
        collation.use_table(prefetched.collation)  # Before the languages' processes fork.
    else:
        engine = reuse.engine_digest(templates)
    return _Sources(
        site, languages, langs, alternates, env, templates, assets, progress, engine, given.out
    )


def _since(plan_dir: Path, revision: str, progress: Progress) -> d.Since:
    """The plan at the revision of --since, read before anything is written."""
    from nvptool.diff.sides import SideError, revision_plan

    progress(f"reading {plan_dir} at {revision}")
    try:
        plan, commit = revision_plan(plan_dir, revision)
    except SideError as error:
        raise SinceError(f"--since {revision}: {error}") from None
    return d.Since(revision, commit, plan)


def _pdfs(staging: Path, cycle_id: str, languages: tuple[str, ...]) -> None:
    """Each language's print page as a PDF in its site: <site>/<lang>/<cycle>-<lang>.pdf."""
    from nvptool.site.pdf import PdfError, pdf_name, print_pdfs

    pages = {lang: staging / lang / "print.html" for lang in languages}
    targets = {lang: staging / lang / pdf_name(cycle_id, lang) for lang in languages}
    try:
        print_pdfs(pages, targets)
    except PdfError as error:
        raise BuildError(str(error)) from None


HOOKS = Path(__file__).with_name("mkdocs_hooks.py")
"""The site's mkdocs hooks (site.mkdocs_hooks), which mkdocs loads from their file: not
imported here, as they import mkdocs, which a build without the site extra lacks."""
ASSETS = ("nvp.css", "nvp.js", "iframe-worker-shim.js")
"""Files of templates/assets/ that every language's site serves."""


def provenance(plan_dir: Path, plan: Plan, site_url: str | None = None) -> d.Provenance:
    """The revision and date of the plan's last commit, when the plan is in a git repository;
    the address the site is published at (the preview's is its own: none)."""
    import subprocess

    try:
        found = subprocess.run(
            ["git", "log", "-1", "--format=%h %cs", "--", "."],
            cwd=plan_dir,
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
    except OSError:
        found = None
    words = found.stdout.split() if found is not None and found.returncode == 0 else []
    revision, date = (words[0], words[1]) if len(words) == 2 else (None, None)
    folder = None if site_url is None else site_url.rstrip("/") + "/"
    return d.Provenance(revision, date, plan.config.edit_url, folder)


def render_language(
    site: d.SiteData, lang: Language, pages: tuple[p.Page, ...], env: jinja2.Environment
) -> dict[str, str]:
    """Every page and picture of one language, as text by path."""
    files = {page.path: render_page(env, site, page, lang, pages) for page in pages}
    words = Words(site, "index.md", lang)
    for key, points in site.figure_series.items():
        unit = lang.words(points[0].obj.unit)
        title = lang.words(points[0].obj.label)
        heading = f"{title} ({unit})" if unit and unit != "%" else title
        files[f"assets/charts/{key}.svg"] = env.get_template("chart.svg.j2").render(
            colon=lang.ui["colon"],
            title=title,
            unit=unit,
            chart=chart(heading, points, functools.partial(lang.quantity, unit=unit, short=True)),
        )
    for indicator, drawn in indicator_charts(site, lang):
        files[indicator.chart] = env.get_template("chart.svg.j2").render(
            colon=lang.ui["colon"],
            title=lang.words(indicator.node.obj.label),
            unit=lang.words(indicator.node.obj.unit),
            chart=drawn,
        )
    if shows_structure(site):
        files["assets/structure.svg"] = _structure_svg(site, words, env)
    return files


def _structure_svg(site: d.SiteData, r: Words, env: jinja2.Environment) -> str:
    nodes = [*site.framework("nvs-interest"), *site.topics, *site.framework("kiv-dimension")]
    labels = {}
    hrefs = {}
    for node in nodes:
        number = getattr(node.obj, "number", "")
        labels[node.key] = f"{number} {r.lang.words(node.obj.title)}".strip()
        # The picture is served from assets/, next to the pages' directories.
        path, anchor = site.targets[node.key]
        hrefs[node.key] = f"../{path.removesuffix('.md')}.html" + (f"#{anchor}" if anchor else "")
    headings = {
        "nvs": r.ui["nvs_short"],
        "plan": r.ui["served_topics"],
        "kiv": r.ui["kiv_short"],
    }
    return env.get_template("structure.svg.j2").render(
        s=structure(site, labels, hrefs),
        title=r.ui["structure"],
        headings=headings,
        legend={"stated": r.ui["stated"], "editorial": r.ui["editorial"]},
    )


def without_interface(languages: tuple[str, ...], templates: Path) -> str | None:
    """What to say of languages the site cannot speak: it has no interface texts for them
    (menus, headings, notices); None when it has texts for every one."""
    missing = [lang for lang in languages if not interface_path(templates, lang).is_file()]
    if not missing:
        return None
    folder = interface_path(templates, missing[0]).parent.resolve()
    names = ", ".join(interface_path(templates, lang).name for lang in missing)
    return (
        f"nvptool.yaml publishes {', '.join(missing)}, but {folder} has no {names} "
        "with the interface texts (menus, headings, notices): add a copy of nl.yaml, "
        "translated"
    )


def _languages(templates: Path, languages: tuple[str, ...], source: str) -> dict[str, Language]:
    """Every published language, its interface texts checked before anything is rendered."""
    try:
        return {code: load_language(templates, code, source) for code in languages}
    except InterfaceError as error:
        count = plural(len(error.problems), "problem")
        raise BuildError(f"the interface texts have {count}:\n{error}") from None


def _refuse_if_failing(checked: CheckResult, strict: bool) -> None:
    errors = checked.count(Severity.error)
    warnings = checked.count(Severity.warning)
    if errors or (strict and warnings):
        raise BuildError(
            f"the plan has {plural(errors, 'error')} and {plural(warnings, 'warning')}; "
            "run 'nvptool check' to see them" + ("" if errors else " (--strict refuses warnings)")
        )


class _Sources(Struct, frozen=True):
    """What every language's site is made from."""

    site: d.SiteData
    languages: tuple[str, ...]
    langs: dict[str, Language]
    alternates: list[dict[str, object]]
    env: jinja2.Environment
    templates: Path
    assets: dict[str, str]
    progress: Progress
    engine: str
    """The digest of what builds every site (reuse.engine_digest)."""
    out: Path
    """The published site, whose languages may be kept when nothing of theirs changed."""


class _Built(Struct, frozen=True):
    """One language's site: its pages, the digests of its inputs and of its files."""

    pages: int
    inputs: str
    site: str


def _builds(results: list[object]) -> list[_Built]:
    return [result for result in results if isinstance(result, _Built)]


def _mkdocs(sources: _Sources, lang: Language, area: Path, pool: Workers) -> None:
    """One language's site into area/site/<lang>, from mkdocs sources in area/work/<lang>,
    rendered and built by a worker of the pool; its result is the number of pages."""
    import material  # noqa: F401
    import mkdocs.commands.build  # noqa: F401 - imported once, before a worker forks.

    pool.run(functools.partial(_language_site, sources, lang, area))


def _language_site(sources: _Sources, lang: Language, area: Path) -> _Built:
    site, env, templates = sources.site, sources.env, sources.templates
    pages = p.site_pages(site, lang)
    sources.progress(f"rendering {len(pages)} pages in {lang.code}")
    files = {**render_language(site, lang, pages, env), **sources.assets}
    work = area / "work" / lang.code
    docs = Path(work, "docs")
    site_dir = area / "site" / lang.code
    config_text = mkdocs_config(
        site, lang, pages, sources.alternates, env, templates, docs, site_dir
    )
    inputs = reuse.inputs_digest(
        sources.engine, files, reuse.without_folder(config_text, str(area))
    )
    before = reuse.previous_record(sources.out).get(lang.code)
    if before and before[0] == inputs and reuse.keep(sources.out / lang.code, site_dir, before[1]):
        sources.progress(f"the {lang.code} site is unchanged: kept")
        return _Built(len(pages), inputs, before[1])
    docs.mkdir(parents=True)  # Empty: the pages reach mkdocs in memory (site.generated).
    config_file = Path(work, "mkdocs.yml")
    config_file.write_text(config_text, encoding="utf-8")
    failed = _engine(config_file, files, sources, cached=True)
    if failed is not None and failed[1]:  # A page taken from the cache: as a clean build.
        failed = _engine(config_file, files, sources, cached=False)
    if failed is not None:
        raise BuildError(f"the {lang.code} site did not build:\n{failed[0]}")
    fold_search_index(site_dir)
    if sources.site.provenance.site_url is None:  # Else the engine wrote its addresses.
        not_found_in_its_folder(
            site_dir, lang.code, tuple(str(a["lang"]) for a in sources.alternates)
        )
    digest = reuse.tree_digest(site_dir)
    if digest is None:  # pragma: no cover - the engine writes only files and folders.
        raise BuildError(f"the {lang.code} site holds a link or a special file")
    return _Built(len(pages), inputs, digest)


def _engine(
    config_file: Path, files: dict[str, str], sources: _Sources, *, cached: bool
) -> tuple[str, int] | None:
    """mkdocs builds one language's site (strict: a warning is an error), with the pages
    converted and drawn by earlier builds or without; None, or what it said and how many
    pages it took from the caches."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from nvptool.site import drawn_cache, generated, page_cache

    kept: list[page_cache.PageCache | drawn_cache.DrawnPages | None] = []
    with _quiet_mkdocs() as messages, _reproducible(sources.site.provenance.date):
        try:
            config = load_config(config_file=str(config_file))
            generated.add_to(config, files)
            if cached:
                kept = [
                    page_cache.add_to(config, sources.engine),
                    drawn_cache.add_to(config, sources.engine),
                ]
            build(config)
        except (MkDocsException, SystemExit) as error:
            said = "\n".join(map(printable, messages)) or printable(str(error))
            return said, sum(cache.restored for cache in kept if cache is not None)
    for cache in kept:
        if cache is not None:
            cache.save()
    return None


def not_found_in_its_folder(site: Path, code: str, languages: tuple[str, ...]) -> None:
    """The page a web server shows for an unknown address (404.html) gets its links, styles,
    scripts and search from its language's folder of the published site (/nl/assets/…).

    mkdocs writes them from the server's root when the site's address is not known (no
    site_url), as for a site alone at its domain's root; each language's site is a folder
    of the published one. The links to the other languages ("/../fr/") lead to their home
    pages.
    """
    page = site / "404.html"
    if not page.is_file():
        return
    others = "|".join(re.escape(f"{lang}/") for lang in languages)
    text = re.sub(f'"/(?!/|{others})', f'"/{code}/', page.read_text(encoding="utf-8"))
    page.write_text(text, encoding="utf-8")


def write_docs(docs: Path, files: dict[str, str]) -> None:
    """The mkdocs sources of one language: every page and picture, by path."""
    for path, text in sorted(files.items()):
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def mkdocs_config(
    site: d.SiteData,
    lang: Language,
    pages: tuple[p.Page, ...],
    alternates: list[dict[str, object]],
    env: jinja2.Environment,
    templates: Path,
    docs: Path,
    site_dir: Path,
) -> str:
    """The mkdocs configuration of one language's site (the build's and the preview's)."""
    return env.get_template("mkdocs.yml.j2").render(
        site_name=lang.plain(site.cycle.obj.short_title or site.cycle.obj.title),
        docs_dir=str(docs),
        site_dir=str(site_dir),
        overrides=str(templates / "overrides"),
        markdown_extensions=_extensions(lang),
        hooks=str(HOOKS),
        lang=lang.code,
        ui=lang.ui,
        provenance=site.provenance,
        built_date=lang.date(site.provenance.date),
        alternates=alternates,
        nav=p.navigation(pages),
        not_in_nav=[page.path for page in pages if not page.menu],
    )


def _extensions(lang: Language) -> list[str | dict[str, Any]]:
    """The site's Markdown extensions; the headings' permanent links titled in the language."""
    found: list[str | dict[str, Any]] = []
    for entry in MARKDOWN_EXTENSIONS:
        if isinstance(entry, dict) and "toc" in entry:
            entry = {"toc": {**entry["toc"], "permalink_title": str(lang.ui["permalink"])}}
        found.append(entry)
    return found


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
def _reproducible(day: str | None = None) -> Iterator[None]:
    """The engine's build date (the sitemap's): the day given (YYYY-MM-DD), else a fixed one."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    epoch = REPRODUCIBLE_EPOCH
    if day is not None:
        moment = datetime.datetime.fromisoformat(day).replace(tzinfo=datetime.UTC)
        epoch = str(int(moment.timestamp()))
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def root_page(kind: str, site: d.SiteData, langs: list[Language], env: jinja2.Environment) -> str:
    """The site's root home ("index": to the reader's language) or the page a host shows for
    an unknown address anywhere ("not_found"): in every language, as the address may be any
    language's. Its links lead from any depth: into the site's folder when its address is
    known, else from the domain's root."""
    folder = urlsplit(site.provenance.site_url or "/").path if kind == "not_found" else ""
    sites = [
        {
            "code": lang.code,
            "name": Markup(lang.plain(site.cycle.obj.short_title or site.cycle.obj.title)),
            "language": lang.ui["language_name"],
            "title": lang.ui["not_found_title"],
        }
        for lang in langs
    ]
    return env.get_template("root.html.j2").render(
        kind=kind,
        source=langs[0].source,
        codes=[lang.code for lang in langs],
        sites=sites,
        base=folder,
    )
