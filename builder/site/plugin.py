"""The MkDocs adapter: hands the builder's pages and data files to MkDocs as generated files.

The builder core knows nothing of MkDocs; this thin hook is the only place the two meet. Nothing
is written into docs/: `mkdocs serve` watches docs/ and would rebuild forever.
"""

from __future__ import annotations

import gc
import logging
import posixpath
import threading
from pathlib import Path

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from builder.load.reader import save_parse_cache
from builder.pipeline import build_briefing, gc_paused
from builder.problems import BriefingError
from builder.settings import read_settings
from builder.site.page_store import PageStore

log = logging.getLogger("mkdocs.hooks.briefing")
_SHARED_PARTIALS = Path(__file__).resolve().parents[1] / "pages" / "templates" / "theme"

_state: dict = {}


def on_startup(command, dirty):
    # `briefing serve` (mkdocs serve --dirty): pages go through files on disk, so a rebuild after an
    # edit skips every page whose Markdown did not change (builder/site/page_store.py).
    from builder.pages.render import remember_pages

    _state["serving"] = command == "serve"
    _state.pop("built", None)  # a new server: its first build is not a rebuild (on_config)
    remember_pages(command == "serve")  # reuse unchanged pages between serve's rebuilds
    if command == "serve" and dirty:
        _state["store"] = PageStore()


def wait_for_search_index() -> None:
    """Block until the background search index is written (tests and bench/ call this)."""
    _background_index.wait()


def on_shutdown():
    from builder.pages.render import remember_pages

    _background_index.wait()
    remember_pages(False)
    _state.pop("serving", None)
    if _state.pop("frozen", False):
        gc.unfreeze()
    store = _state.pop("store", None)
    if store is not None:
        store.remove()


def on_config(config):
    if _state.get("serving") and _state.get("built") is not None and not _state.get("frozen"):
        # The first rebuild of `briefing serve`: what the first build left alive (the builder's
        # caches, MkDocs' own state) lives as long as the server. Collect the first build's garbage
        # once, then freeze the rest out of the collector's sight, so that later rebuilds' full
        # collections do not walk that whole heap again (~0.3 s a rebuild at 2,000 events).
        gc.collect()
        gc.freeze()
        _state["frozen"] = True
    settings = read_settings(config.config_file_path)
    try:
        with gc_paused():
            # Workers, and the page plan made while one validates, in one-off builds only (serve
            # runs threads: no fork there).
            one_off = not _state.get("serving")
            built = build_briefing(settings.sources, settings.title, settings.project, aside=one_off,
                                   meanwhile=_plan_for(settings) if one_off else None)
            if not _state.get("serving"):
                # A one-off build: what the builder made lives until the build ends and holds no
                # cycles. Frozen out of the collector's sight before collection resumes, neither
                # the first collection after the pause (~0.5 s at 10,000 events: everything the
                # builder made is young) nor MkDocs' full collections while it builds the pages
                # walk it; unfrozen when the build ends (on_post_build, on_build_error).
                gc.freeze()
                _state["build_frozen"] = True
    except BriefingError as error:
        raise PluginError("the briefing's sources have problems:\n" + error.report()) from None
    _state.update(settings=settings, built=built)
    _state["worker_cpu_s"] = {**({"load": built.loaded.parse_worker_cpu_s} if built.loaded.parse_worker_cpu_s
                                  else {}), **built.worker_cpu}
    log.info("briefing: %s", ", ".join(f"{v} {k}" for k, v in built.counts.items()))
    return config


def _plan_for(settings):
    from builder.pages import render  # (at call time: the bench times render.plan_pages)

    return lambda briefing: render.plan_pages(briefing, settings)


def _unfreeze_build() -> None:
    if _state.pop("build_frozen", False):
        gc.unfreeze()


def on_env(env, config, files):
    worker = _state.pop("ahead", None)
    if worker is not None:  # every page is read: the data files are due (copied next)
        try:
            worker.data()
        finally:
            worker.close()
        workers = _state.setdefault("worker_cpu_s", {})
        for stage, seconds in worker.worker_cpu.items():
            workers[stage] = workers.get(stage, 0.0) + seconds
        _state["ahead_report"] = {"waited_s": round(worker.waited, 3), "worker_cpu_s": worker.worker_cpu,
                                  "fallback": worker.fallback}
        log.info("briefing: pages rendered ahead in a worker process; waited %.1f s for it%s", worker.waited,
                 f" ({worker.fallback}: rendered here)" if worker.fallback else "")
    # Theme partials that record pages share (builder/pages/templates/theme/), between the project's
    # overrides and the theme; they wrap the theme's own, reached as "theme/…".
    custom = config.theme.custom_dir
    theme_dirs = [d for d in config.theme.dirs if d != custom]
    env.loader = jinja2.ChoiceLoader([
        *([jinja2.FileSystemLoader(custom)] if custom else []),
        jinja2.FileSystemLoader(str(_SHARED_PARTIALS)),
        jinja2.FileSystemLoader(theme_dirs),
        jinja2.PrefixLoader({"theme": jinja2.FileSystemLoader(theme_dirs)}),
    ])
    env.globals["same_on_record_pages"] = _SameOnRecordPages(_state.pop("nav_urls", set()))
    if _state.get("serving"):
        # Each rebuild gets a fresh theme environment, which would compile every Material template
        # again (~0.8 s a rebuild); keep the compiled code between rebuilds, checked against the
        # template's source.
        env.bytecode_cache = _state.setdefault("template_code", _TemplateCode())
    return env


class _SameOnRecordPages:
    """Theme fragments that every record page in one folder shows alike, rendered once per folder.

    Record pages (events, actors, places…) are not in the nav, so no nav item or tab is active on
    them, and a link's relative URL depends only on the page's folder, unless a nav page lies below
    the page's own URL (then the page keeps its own render). The navigation and tabs of ~12,000
    record pages come from a few renders; pages in the nav render theirs as usual.
    """

    def __init__(self, nav_urls: set[str]):
        self._nav_urls = nav_urls
        # URLs that a nav page lies below ("sources/" when "sources/published-2025-01/" is in the nav)
        self._above_nav = {url[: i + 1] for url in nav_urls for i, c in enumerate(url) if c == "/"}
        self._made: dict[tuple[str, str], str] = {}

    def __call__(self, name: str, page, make) -> str:
        url = getattr(page, "url", None)
        if url is None or url in self._nav_urls:
            return make()
        folder = url if url in self._above_nav else posixpath.dirname(url.rstrip("/"))
        made = self._made.get((name, folder))
        if made is None:
            made = self._made[(name, folder)] = make()
        return made


class _TemplateCode(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the process, each with the checksum of its source."""

    def __init__(self):
        self._code: dict[str, tuple[str, object]] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        kept = self._code.get(bucket.key)
        if kept is not None and kept[0] == bucket.checksum:
            bucket.code = kept[1]

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = (bucket.checksum, bucket.code)


def on_files(files: Files, config) -> Files:
    from builder.pages.render import plan_pages
    from builder.site import ahead

    settings, built = _state["settings"], _state["built"]
    plan = built.meanwhile  # a one-off build planned the pages while a worker validated
    if plan is None:
        with gc_paused():
            plan = plan_pages(built.briefing, settings)
    # A hand-written page in docs/ wins over a generated one.
    paths = [path for path in plan.paths if files.get_file_from_path(path) is None]
    with_data_page = files.get_file_from_path("data.md") is None
    generated = paths + ["data.md"] if with_data_page else paths  # the Data page last: it waits for exports
    _state["generated"] = set(generated)

    store = _state.get("store")
    if not _state.get("serving") and ahead.wanted(len(generated)):  # (serve runs threads: no fork)
        # A one-off build of a large briefing: a worker process renders the pages while MkDocs
        # reads the ones before them, then the data files, due when every page is read (on_env).
        worker = _state["ahead"] = ahead.PagesAhead(plan, paths, built.briefing, settings, built.loaded)
        for path in generated:
            files.append(_MadeByWorker(config, path, worker, InclusionLevel.NOT_IN_NAV))
        for path in ahead.DATA_FILES:
            files.append(_MadeByWorker(config, path, worker, InclusionLevel.UNDEFINED))
        return files

    save_parse_cache(built.loaded)  # (when the build left it to this stage: a no-op otherwise)
    with gc_paused():
        rendered = plan.render_all()
        site_files, exports, rendered["data.md"] = ahead.data_files(built.briefing, settings)
    pages = {path: rendered[path] for path in generated}

    # Record pages are reached from their indexes, never listed in the nav (DESIGN.md, Scale);
    # NOT_IN_NAV says so, which also keeps MkDocs from listing thousands of "pages not in nav".
    if store is None:
        for path, markdown in pages.items():
            files.append(File.generated(config, path, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV))
    else:
        changed = store.update(pages)
        log.info("briefing: %d of %d generated pages changed", len(changed), len(pages))
        for path in pages:
            files.append(File(path, str(store.folder), config.site_dir, config.use_directory_urls,
                              inclusion=InclusionLevel.NOT_IN_NAV))
    data = {**site_files, **{f"data/{path}": content for path, content in exports.items()}}
    for path, content in data.items():
        files.append(File.generated(config, path, content=content))
    return files


class _MadeByWorker(File):
    """A generated page or data file that the worker makes (builder/site/ahead.py): MkDocs reads a
    page when it gets to it, and copies a data file after every page is read."""

    def __init__(self, config, path: str, worker, inclusion: InclusionLevel):
        super().__init__(path, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls,
                         inclusion=inclusion)
        self.generated_by = "builder/site/plugin.py"
        self._worker = worker

    def _made(self) -> str | bytes:
        if self._content is None:
            self._content = self._worker.content(self.src_uri)
        return self._content

    @property
    def content_string(self) -> str:
        self._made()
        return File.content_string.fget(self)

    @content_string.setter
    def content_string(self, value: str) -> None:
        File.content_string.fset(self, value)

    @property
    def content_bytes(self) -> bytes:
        self._made()
        return File.content_bytes.fget(self)

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        File.content_bytes.fset(self, value)

    def copy_file(self, dirty: bool = False) -> None:
        self._made()
        super().copy_file(dirty)


def on_nav(nav, config, files):
    _state["nav_urls"] = {page.url for page in nav.pages}
    return nav


def on_build_error(error):
    _unfreeze_build()
    worker = _state.pop("ahead", None)
    if worker is not None:
        worker.close()
    if _state.get("built") is not None:  # what the load parsed is good for the next build still
        save_parse_cache(_state["built"].loaded)


def on_page_markdown(markdown: str, page, config, files) -> str:
    # Glossary terms and acronyms become tooltips on every page, hand-written ones included; each
    # page gets only the definitions of terms it contains (all of them on every page cost ~4× the
    # page's own Markdown conversion).
    from builder.pages.render import abbreviations_for, set_aside_raw_html

    if page.file.src_uri in _state.get("generated", ()):
        # The generated pages' long lists and tables are raw HTML: put back after conversion
        # (on_page_content), so Python-Markdown does not parse them tag by tag.
        markdown, blocks = set_aside_raw_html(markdown)
        _state.setdefault("raw_html", {})[page.file.src_uri] = blocks
    definitions = abbreviations_for(_state["built"].briefing, markdown)
    return markdown + "\n\n" + definitions if definitions else markdown


def on_page_content(html: str, page, config, files) -> str:
    from builder.pages.render import restore_raw_html

    blocks = _state.get("raw_html", {}).pop(page.file.src_uri, None)
    return restore_raw_html(html, blocks) if blocks else html


def on_post_build(config) -> None:
    _unfreeze_build()
    if _state.get("serving"):
        # While serving, the page shows at once; the search index (a full Pagefind run, ~35 s at
        # 10,000 events) catches up in the background.
        _background_index.request(Path(config.site_dir))
        return
    from builder.site.search_index import index_site

    stats = index_site(Path(config.site_dir))
    log.info("search index: %s", stats)


class _BackgroundIndex:
    """One Pagefind run at a time; a request made while one runs starts one more after it."""

    def __init__(self):
        self._lock = threading.Lock()
        self._pending: Path | None = None
        self._thread: threading.Thread | None = None

    def request(self, site_dir: Path) -> None:
        with self._lock:
            self._pending = site_dir
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="search-index", daemon=True)
                self._thread.start()

    def wait(self) -> None:
        thread = self._thread
        if thread is not None:
            thread.join()

    def _run(self) -> None:
        from builder.site.search_index import index_site

        while True:
            with self._lock:
                site_dir, self._pending = self._pending, None
                if site_dir is None:
                    self._thread = None
                    return
            try:
                stats = index_site(site_dir)
                log.info("search index updated: %d pages in %.1f s", stats["pages"], stats["seconds"])
            except Exception as error:  # noqa: BLE001 - serving goes on; the old index stays
                log.warning("search index not updated: %s", error)


_background_index = _BackgroundIndex()
