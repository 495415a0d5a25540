"""The preview's state: the plan, its pages in every language and their sites, kept warm.

An edit reads the plan again and checks it. With errors, the pages stay as they
were (the last good version) and the errors are shown over them. Without, the
pages whose inputs changed (`deps.py`) are marked; the pages open in a browser
are made again at once, the others when asked for or by the pass that follows
(`catch_up`). A page is made as a full build makes it: its context, its
template, then mkdocs (`engine.py`); only a page whose Markdown changed goes
through mkdocs again, and only a change of the navigation draws the others.
"""

from __future__ import annotations

import gc
import shutil
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import jinja2
from msgspec import Struct, field

from nvptool.check import effective_settings, run_checks
from nvptool.findings import Severity
from nvptool.interface import InterfaceError
from nvptool.load.plan import LoadResult
from nvptool.plan import Node, Plan, no_such_cycle
from nvptool.serve.deps import Inputs, affected, page_inputs
from nvptool.serve.engine import EngineError, LanguageSite
from nvptool.serve.reload import CONFIG, PlanReader
from nvptool.site import data as d
from nvptool.site import pages as p
from nvptool.site import reuse
from nvptool.site.build import (
    ASSETS,
    mkdocs_config,
    not_found_in_its_folder,
    provenance,
    render_language,
    root_page,
    without_interface,
)
from nvptool.site.language import Language, load_language
from nvptool.site.render import environment, escape_value, render_page

ALL = "*"
"""In an update's pages: every page."""
ANCHORS = "#"
"""Where the preview keeps what the check of links to anchors said of a page: under this
and the page's path (the links of a page made again are checked again once every page is)."""


class Shown(Struct, frozen=True):
    """A problem as the overlay shows it: where, and what is wrong."""

    where: str
    code: str
    message: str
    hint: str | None = None
    warning: bool = False
    """A warning of mkdocs: the page is made and shows the edit, as a build would refuse
    to (strict); any other problem keeps the pages as they were."""


class Update(Struct, frozen=True):
    """What an edit changed: the pages to reload (by URL, or ALL) and whether the errors did."""

    pages: frozenset[str] = frozenset()
    problems: bool = False


class LanguagePages(Struct):
    """One language's pages: what each is made from, its Markdown, and its mkdocs site."""

    lang: Language
    pages: dict[str, p.Page]
    maker: dict[str, int]
    """Each page's entry in the page table."""
    inputs: dict[str, Inputs]
    markdown: dict[str, str]
    site: LanguageSite
    configure: Callable[[d.SiteData, tuple[p.Page, ...]], str]
    """The language's mkdocs configuration for the site's data and pages."""
    config: str
    """The configuration its site was made with (its menu's titles as they are now)."""
    dirty: set[str] = field(default_factory=set)
    """Pages whose inputs changed since their Markdown was made."""


def url(code: str, src: str) -> str:
    """Where the server hands out a page (x.md: x.html) or a picture of a language's site."""
    return f"/{code}/{src.removesuffix('.md')}.html" if src.endswith(".md") else f"/{code}/{src}"


class Preview:
    """The plan directory's site, in a working directory, kept up to date with the plan."""

    def __init__(
        self, plan_dir: Path, work: Path, templates: Path, cycle_id: str | None = None
    ) -> None:
        self.plan_dir = plan_dir
        self.cycle_id = cycle_id
        """The cycle shown (serve --cycle), else the newest, a draft too."""
        self.work = work
        self.templates = templates
        self.env: jinja2.Environment = environment(templates)
        self.lock = threading.RLock()
        self.problems: tuple[Shown, ...] = ()
        self.errors = 0
        """How many errors the plan has (the overlay shows MAX_SHOWN of them)."""
        self.missing_cycle: str | None = None
        """What to say of a --cycle the plan, read without errors, does not have."""
        self.warned: dict[tuple[str, str], tuple[Shown, ...]] = {}
        """What mkdocs warned about a page when it was last made (a build refuses that)."""
        self.reader = PlanReader(plan_dir)
        self.pending: set[Path] = set()
        """Files changed since the plan last had no errors."""
        self.languages: dict[str, LanguagePages] = {}
        self.plan: Plan | None = None
        self.site: d.SiteData | None = None
        self.shown_root = work / "no site yet"
        self._counting = threading.Lock()
        self.asked = 0
        """Pages asked for by a browser and not yet handed out."""
        self.generation = 0
        """How many times the whole site was made (at the start, after a new file...)."""
        self.tell: Callable[[Update], None] = lambda update: None
        """Where pages made while a browser asked for one are told (the open tabs)."""
        self.closed = False
        """Nothing is made any more: the working directory is being removed."""
        self.start()

    def close(self) -> None:
        """Make nothing more, once what is being made is done: the working directory is
        about to be removed. A browser's request may still be in a server thread, making a
        page or the search index; every page, picture and site is made under the lock and
        only for a language of self.languages, which is left empty."""
        with self.lock:
            self.closed = True
            self.languages = {}

    # The whole site, at the start and after an edit that changes its shape.

    def start(self) -> Update:
        """The whole site made again from the plan (kept as it was while the plan has errors)."""
        with self.lock:
            if self.closed:
                return Update()
            loaded = self._load()
            unspoken = (
                None
                if loaded is None
                else without_interface(loaded.plan.config.languages, self.templates)
            )
            if loaded is not None and unspoken is not None:  # Said as a build says it.
                self.problems = (Shown("nvptool.yaml", "", unspoken),)
            elif loaded is not None:
                try:
                    self._make_all(loaded)
                except EngineError as error:  # mkdocs refused the site, as a build would.
                    self.problems = (Shown("mkdocs", "", str(error)),)
                except InterfaceError as error:  # A language's interface texts are not usable.
                    self.problems = tuple(
                        Shown(str(problem.location), "", problem.message, problem.hint)
                        for problem in error.problems
                    )
                else:
                    self.warned.clear()
                    self.pending.clear()
            return Update(frozenset({ALL}), problems=True)

    def _load(self, changed: Iterable[str] | None = None) -> LoadResult | None:
        """The plan read (all of it, or the changed files again) and checked; None (and the
        problems kept) when it has errors."""
        loaded = self.reader.full() if changed is None else self.reader.again(changed)
        checked = run_checks(loaded, effective_settings(loaded.plan.config))
        errors = [f for f in checked.findings if f.severity == Severity.error]
        self.problems = tuple(
            Shown(str(f.location), f.code, f.message, f.hint) for f in errors[:MAX_SHOWN]
        )
        if len(errors) > MAX_SHOWN:  # Said, so that a count of 20 is not taken for all.
            more = f"{len(errors) - MAX_SHOWN} more errors: 'nvptool check' lists every one"
            self.problems += (Shown("", "", more),)
        self.errors = len(errors)
        self.missing_cycle = None
        if not errors and self._cycle(loaded.plan) is None:
            said = "the plan holds no cycle"
            if self.cycle_id is not None:
                said = self.missing_cycle = no_such_cycle(loaded.plan, self.cycle_id)
            self.problems = (Shown(str(self.plan_dir), "", said),)
        return None if self.problems else loaded

    def _make_all(self, loaded: LoadResult) -> None:
        plan = loaded.plan
        cycle = self._cycle(plan)
        assert cycle is not None
        site = d.site_data(plan, cycle, provenance(self.plan_dir, plan))
        self.generation += 1
        root = self.work / f"g{self.generation}"
        codes = plan.config.languages
        langs = {c: load_language(self.templates, c, plan.config.source_language) for c in codes}
        alternates: list[dict[str, object]] = [
            {"lang": c, "name": langs[c].ui["language_name"]} for c in codes
        ]
        made = {code: self._language(site, lang, alternates, root) for code, lang in langs.items()}
        for name, kind in (("index.html", "index"), ("404.html", "not_found")):
            page = root_page(kind, site, [langs[code] for code in codes], self.env)
            (root / "site" / name).write_text(page, encoding="utf-8")
        old = self.root if self.languages else None
        self.plan, self.site, self.languages = plan, site, made
        self.shown_root = root / "site"
        if old is not None:
            shutil.rmtree(old.parent, ignore_errors=True)

    def _language(
        self, site: d.SiteData, lang: Language, alternates: list[dict[str, object]], root: Path
    ) -> LanguagePages:
        """One language's pages, and its site built by mkdocs in root/work and root/site."""
        pages, maker = _table(site, lang)
        markdown = render_language(site, lang, tuple(pages.values()), self.env)
        work, out = root / "work" / lang.code, root / "site" / lang.code

        def configure(site: d.SiteData, shown: tuple[p.Page, ...]) -> str:
            env, templates = self.env, self.templates
            return mkdocs_config(site, lang, shown, alternates, env, templates, work / "docs", out)

        config = configure(site, tuple(pages.values()))
        assets = {
            f"assets/{name}": (self.templates / "assets" / name).read_text(encoding="utf-8")
            for name in ASSETS
        }
        work.mkdir(parents=True)
        converter = reuse.engine_digest(self.templates)
        engine = LanguageSite(work, out, config, {**markdown, **assets}, converter)
        inputs = {path: page_inputs(site, page) for path, page in pages.items()}
        return LanguagePages(lang, pages, maker, inputs, markdown, engine, configure, config)

    @property
    def root(self) -> Path:
        """The folder of the site being served (its pictures, scripts, search index)."""
        return self.shown_root

    # An edit.

    def touched(self, changed: Iterable[Path]) -> set[str]:
        """The plan's files (relative paths) that changes of these paths may have changed."""
        with self.lock:
            return self.reader.touched(Path(path).resolve() for path in changed)

    def apply(self, changed: Iterable[Path], viewed: Iterable[tuple[str, str]] = ()) -> Update:
        """The plan after an edit of the given files; the pages open in a browser made at once."""
        with self.lock:
            if self.closed:
                return Update()
            before = self.shown()
            # Edits made while the plan had errors count too, once it has none.
            self.pending |= {Path(path).resolve() for path in changed}
            edited = self.reader.touched(self.pending)
            if self.plan is None or self._reshaped(edited):
                return self.start()
            if not edited:  # A folder without plan files came or went.
                self.pending.clear()
                return Update()
            loaded = self._load(edited)
            if loaded is None:
                return Update(problems=self.shown() != before)
            if _shown_settings(loaded.plan) != _shown_settings(self.plan):
                return self.start()  # They reach every page through mkdocs' configuration.
            site = self._site(loaded.plan)
            files = frozenset(self.reader.display(rel) for rel in edited)
            if site is None or (site.cycle.file.path in files and self._reconfigured(site)):
                return self.start()
            retitled = _named(self.plan, files) != _named(loaded.plan, files)
            self.pending.clear()
            self.plan, self.site = loaded.plan, site
            for pages in self.languages.values():
                pages.dirty.update(
                    path for path, inputs in pages.inputs.items() if affected(inputs, files)
                )
            reload = self._retitled() if retitled else set()
            for code, src in viewed:
                reload |= self.refresh(code, src)
                if code in self.languages and self.languages[code].site.has(src):
                    self.languages[code].site.page_html(src)  # Drawn before it is asked for.
            return Update(frozenset(reload), problems=self.shown() != before)

    def _retitled(self) -> set[str]:
        """The pages whose titles an edit changed, made again now: a page's title is in the
        menu of every page, which the open tabs show (they waited for every page)."""
        assert self.site is not None
        changed: set[str] = set()
        for code in list(self.languages):
            pages = self.languages[code]
            for entry in sorted({pages.maker[src] for src in pages.dirty}):
                made = {page.path: page for page in p.PAGE_TABLE[entry](self.site, pages.lang)}
                if any(
                    page.title != pages.pages[path].title
                    for path, page in made.items()
                    if path in pages.pages
                ):
                    changed |= self._remake(pages, entry, made)
                if pages is not self.languages.get(code):  # A page came or went: made anew.
                    return changed
        return changed

    def shown(self) -> tuple[Shown, ...]:
        """The errors the pages show: the plan's, then what mkdocs said of a page."""
        return self.problems + tuple(m for found in self.warned.values() for m in found)

    def count(self) -> int:
        """How many errors there are, shown or not (mkdocs' warnings aside)."""
        listed = sum(1 for problem in self.shown() if problem.where and not problem.warning)
        return listed + max(0, self.errors - MAX_SHOWN)

    def warnings(self) -> int:
        """How many warnings mkdocs gave of the pages as they are shown."""
        return sum(1 for problem in self.shown() if problem.warning)

    def _reshaped(self, edited: set[str]) -> bool:
        """Whether the edit changes the site's shape: a file added or removed. The settings
        and the cycle do when what the site shows of them changes (_shown_settings,
        _reconfigured), which only reading them tells."""
        return any(
            not (self.plan_dir / rel).is_file() or not (self.reader.known(rel) or rel == CONFIG)
            for rel in edited
        )

    def _reconfigured(self, site: d.SiteData) -> bool:
        """Whether a language's mkdocs configuration changes with the site's new data: it
        reaches every page. Of the plan's files only the cycle's reaches it (its title is
        the site's name); the settings are _shown_settings. Its menu's titles do not count
        here: they change in place (_remake)."""
        return any(
            pages.configure(site, tuple(pages.pages.values())) != pages.config
            for pages in self.languages.values()
        )

    def _cycle(self, plan: Plan) -> Node | None:
        """The cycle the preview shows: the one --cycle names, else the newest (a draft
        too: what its writers write)."""
        if self.cycle_id is not None:
            return d.published_cycle(plan, self.cycle_id)
        return d.latest_cycle(plan)

    def _site(self, plan: Plan) -> d.SiteData | None:
        """The site's data of the new plan; None when its cycle is another one."""
        assert self.site is not None
        cycle = self._cycle(plan)
        if cycle is None or cycle.key != self.site.cycle.key:
            return None
        return d.site_data(plan, cycle, self.site.provenance)

    # One page, made again when its inputs changed.

    def refresh(self, code: str, src: str) -> set[str]:
        """Make a page again if it is dirty; the URLs of the pages that changed."""
        with self.lock:
            pages = self.languages.get(code)
            if pages is None or src not in pages.dirty:
                return set()
            return self._remake(pages, pages.maker[src])

    def _remake(
        self, pages: LanguagePages, entry: int, made: dict[str, p.Page] | None = None
    ) -> set[str]:
        """The pages of one entry of the page table (made already, or made now) made again;
        the URLs that changed."""
        assert self.site is not None
        code = pages.lang.code
        if made is None:
            made = {page.path: page for page in p.PAGE_TABLE[entry](self.site, pages.lang)}
        before = [path for path, index in pages.maker.items() if index == entry]
        if list(made) != before:  # A page came or went: the navigation changes shape.
            self.start()
            return {ALL}
        titles = {
            path: str(escape_value(page.title))
            for path, page in made.items()
            if page.title != pages.pages[path].title
        }
        pages.pages.update(made)
        all_pages = tuple(pages.pages.values())
        sources = {}
        for path, page in made.items():
            pages.inputs[path] = page_inputs(self.site, page)
            if path not in pages.dirty:
                continue
            pages.dirty.discard(path)
            text = render_page(self.env, self.site, page, pages.lang, all_pages)
            if text != pages.markdown[path]:
                sources[path] = pages.markdown[path] = text
        if titles:  # Before the pages are made: the hook reads a page's title from the navigation.
            pages.site.retitle(titles)
            pages.config = pages.configure(self.site, all_pages)
            sources.update({path: pages.markdown[path] for path in titles})
        for path in sources:  # What was said of the page before, its links too, is past.
            self.warned.pop((code, path), None)
            self.warned.pop((code, ANCHORS + path), None)
        refused = False  # mkdocs stopped on a page: that page is not made (not a warning).
        try:
            said = pages.site.update(sources)
        except EngineError as error:
            said, refused = {next(iter(sources), ""): [str(error)]}, True
        for path, messages in said.items():
            if messages:
                self.warned[(code, path)] = _engine_said(code, messages, warning=not refused)
        if not pages.dirty:  # Checked as a build checks them, once every page is made again.
            for key in [key for key in self.warned if key[0] == code and key[1][:1] == ANCHORS]:
                del self.warned[key]
            for path, messages in pages.site.anchor_problems().items():
                self.warned[(code, ANCHORS + path)] = _engine_said(code, messages)
        if titles:
            return {ALL}
        return {url(code, path) for path in sources}

    def catch_up(self, stop: Callable[[], bool] = lambda: False) -> set[str]:
        """The pictures drawn again, and told at once (a tab that shows a chart reloads: it
        waited for every page), then every dirty page made again; the URLs of those pages."""
        for code, pages in list(self.languages.items()):
            drawn = self._pictures(code, pages)
            if ALL in drawn:
                return drawn
            self._tell(drawn)
        changed: set[str] = set()
        for code, pages in list(self.languages.items()):
            for src in list(pages.maker):
                if stop():
                    return changed
                self._after_asked()  # A page asked for by a browser goes first.
                changed |= self.refresh(code, src)
        with self.lock:
            # Reading a plan keeps what it read out of the cyclic collector (load.plan); in a
            # server that runs for hours, what earlier readings left is collected here.
            gc.unfreeze()
            gc.collect()
            gc.freeze()
        return changed

    def _pictures(self, code: str, pages: LanguagePages) -> set[str]:
        """A language's pictures as the plan has them now; the URLs of those that changed."""
        with self.lock:
            if self.site is None or pages is not self.languages.get(code):
                return set()
            pictures = render_language(self.site, pages.lang, (), self.env)
            stale = {k: v for k, v in pictures.items() if pages.markdown.get(k) != v}
            if not all(pages.site.has_file(k) for k in stale):  # A new chart.
                self.start()
                return {ALL}
            gone = [k for k in pages.markdown if k not in pages.pages and k not in pictures]
            for picture in gone:
                del pages.markdown[picture]
            pages.site.remove(gone)
            pages.markdown.update(stale)
            pages.site.update(stale)
            return {url(code, k) for k in [*stale, *gone]}

    # What the server hands out.

    def page(self, code: str, src: str) -> bytes | None:
        """A page of the site as a full build writes it; None when the site has no such page."""
        with self._counting:
            self.asked += 1
        try:
            return self._page(code, src)
        finally:
            with self._counting:
                self.asked -= 1

    def _page(self, code: str, src: str) -> bytes | None:
        with self.lock:
            pages = self.languages.get(code)
            if pages is None or not pages.site.has(src):
                return None
            self._tell(self.refresh(code, src))
            pages = self.languages.get(code)  # Made anew if a page came or went meanwhile.
            if pages is None or not pages.site.has(src):
                return None
            return pages.site.page_html(src)

    def not_found(self, code: str) -> bytes | None:
        """The language's page for an unknown address, as a full build writes it."""
        with self.lock:
            pages = self.languages.get(code)
            if pages is None:
                return None
            page = pages.site.draw_not_found()
            not_found_in_its_folder(page.parent, code, tuple(self.languages))
            return page.read_bytes() if page.is_file() else None

    def search(self, code: str) -> None:
        """The language's search index, brought up to date before it is handed out: a page
        at a time, a page asked for by a browser going first (every open tab asks for the
        index as it loads: made at once, it kept the other tabs waiting for a second)."""
        pages = self.languages.get(code)
        changed: set[str] = set()
        for src in list(pages.dirty) if pages is not None else ():
            self._after_asked()
            changed |= self.refresh(code, src)
            if ALL in changed:  # A page came or went: the site was made anew.
                break
        self._tell(changed)
        drawing = self.languages.get(code)
        for src in drawing.site.undrawn_pages() if drawing is not None else ():
            self._after_asked()
            with self.lock:
                if drawing is not None and drawing is self.languages.get(code):
                    drawing.site.page_html(src)  # Drawn, and so indexed.
        with self.lock:
            pages = self.languages.get(code)
            if pages is not None:
                pages.site.refresh_search()

    def _after_asked(self) -> None:
        """Once the pages asked for by a browser are handed out."""
        while self.asked:
            time.sleep(0.005)

    def _tell(self, changed: set[str]) -> None:
        """Pages made while a browser asked for one: the open tabs hear of them as of an
        edit's (a page that came or went makes the site anew, which every tab shows)."""
        if changed:  # Every page, when the site was made anew after some pages were made.
            self.tell(Update(frozenset({ALL} if ALL in changed else changed)))

    def renders(self) -> dict[str, list[str]]:
        """The pages that went through mkdocs again since the site was made, per language."""
        return {code: list(pages.site.made) for code, pages in self.languages.items()}


def _shown_settings(plan: Plan | None) -> tuple[object, ...]:
    """What of the settings the site shows: its languages and the address of its pages'
    edit links (not the rules, which a writer turns on and off while the preview runs)."""
    if plan is None:
        return ()
    config = plan.config
    return (config.source_language, config.languages, config.edit_url, config.site_url)


def _named(plan: Plan | None, files: frozenset[str]) -> dict[str, tuple[object, ...]]:
    """What names the objects of these files in the menus: their numbers and titles."""
    if plan is None:
        return {}
    return {
        node.key: tuple(
            getattr(node.obj, name, None) for name in ("number", "title", "short_title")
        )
        for node in plan.nodes
        if node.file.path in files
    }


MAX_SHOWN = 20
"""The overlay lists this many errors at most; `nvptool check` lists them all."""


def _table(site: d.SiteData, lang: Language) -> tuple[dict[str, p.Page], dict[str, int]]:
    """Every page of a language, and the entry of the page table that made it."""
    pages: dict[str, p.Page] = {}
    maker: dict[str, int] = {}
    for index, make in enumerate(p.PAGE_TABLE):
        for page in make(site, lang):
            pages[page.path] = page
            maker[page.path] = index
    return pages, maker


def _engine_said(code: str, messages: list[str], warning: bool = True) -> tuple[Shown, ...]:
    """What mkdocs said of a language's pages, as the overlay shows it: warnings of pages
    made, unless it refused to make one."""
    return tuple(Shown(f"{code}: mkdocs", "", message, warning=warning) for message in messages)
