"""The `briefing` MkDocs plugin: hands the builder's pages and data files to MkDocs.

The builder core knows nothing of MkDocs; this plugin is the only place the two meet. Nothing is
written into docs/ (`mkdocs serve` watches it and would rebuild forever): pages enter as generated
files in on_files. All state lives on the plugin instance, which MkDocs keeps for a whole
`mkdocs serve` session (it defines on_startup).
"""

from __future__ import annotations

import logging
import posixpath
import threading
from pathlib import Path

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from builder.pages.plan import PageCollision
from builder.pipeline import build_site
from builder.problems import BriefingError, RecordFailure, printable
from builder.settings import BriefingOptions, make_settings
from builder.site.bundled import add_markdown_extensions, add_pages, add_theme
from builder.site.page_store import PageStore

log = logging.getLogger("mkdocs.plugins.briefing")
_SHARED_PARTIALS = Path(__file__).resolve().parents[1] / "pages" / "templates" / "theme"


class BriefingPlugin(BasePlugin[BriefingOptions]):
    def __init__(self):
        self.serving = False
        self.store: PageStore | None = None  # `briefing serve`: pages go through files on disk
        self.settings = None
        self.site = None  # the last build's SiteOutput (pages, data files, briefing)
        self.generated: set[str] = set()
        self.raw_html: dict[str, list[str]] = {}
        self.nav_urls: set[str] = set()
        self.template_code = _TemplateCode()
        self.search = _BackgroundIndex()
        self.rebuilder = None  # `briefing serve`: reuses what an edit did not change

    # --- MkDocs events, in the order MkDocs calls them ---------------------------------------

    def load_config(self, options, config_file_path=None):
        # MkDocs only warns about an option it does not know; a misspelt setting is an error here.
        errors, warnings = super().load_config(options, config_file_path)
        return [*errors, *warnings], []

    def on_startup(self, *, command, dirty):
        # `briefing serve` (mkdocs serve --dirty): pages go through files on disk, so a rebuild
        # after an edit makes MkDocs skip every page whose Markdown did not change.
        from builder.site.incremental import Rebuilder

        self.serving = command == "serve"
        self.rebuilder = Rebuilder() if self.serving else None
        if self.serving and dirty:
            self.store = PageStore()

    def on_shutdown(self):
        self.search.wait()
        if self.store is not None:
            self.store.remove()
            self.store = None

    def on_config(self, config):
        add_theme(config)  # the templates, scripts, stylesheets and map outlines the pages need
        add_markdown_extensions(config)
        self.settings = make_settings(Path(config.config_file_path).resolve().parent, config, self.config)
        try:
            if self.rebuilder is not None:
                self.site = self.rebuilder.build(self.settings)
            else:
                self.site = build_site(self.settings)
        except BriefingError as error:
            # One log line a problem (as `briefing validate` prints them), then what happened.
            for problem in error.problems:
                log.error(problem.format())
            raise PluginError(error.report().rpartition("\n")[2]) from None
        except (RecordFailure, PageCollision) as error:
            # A render or export failure on one record: its message (the record and its file), no
            # traceback; `briefing serve` goes on serving.
            raise PluginError(printable(str(error))) from None
        log.info("briefing: %s", ", ".join(f"{v} {k}" for k, v in self.site.counts.items()))
        return config

    def on_files(self, files: Files, config) -> Files:
        # Each step adds one family of generated files; a hand-written page in docs/ wins.
        add_pages(files, config, self.settings.path)  # pages every briefing has ("About this briefing")
        self._add_pages(files, config)
        self._add_data_files(files, config)
        return files

    def on_nav(self, nav, config, files):
        self.nav_urls = {page.url for page in nav.pages}
        return nav

    def on_env(self, env, config, files):
        # Theme partials that record pages share (builder/pages/templates/theme/), between the
        # project's overrides and the theme; they wrap the theme's own, reached as "theme/…".
        custom = config.theme.custom_dir
        theme_dirs = [d for d in config.theme.dirs if d != custom]
        env.loader = jinja2.ChoiceLoader([
            *([jinja2.FileSystemLoader(custom)] if custom else []),
            jinja2.FileSystemLoader(str(_SHARED_PARTIALS)),
            jinja2.FileSystemLoader(theme_dirs),
            jinja2.PrefixLoader({"theme": jinja2.FileSystemLoader(theme_dirs)}),
        ])
        env.globals["same_on_record_pages"] = _SameOnRecordPages(self.nav_urls)
        if self.serving:
            # Each rebuild gets a fresh theme environment: keep the compiled templates between
            # rebuilds, checked against each template's source.
            env.bytecode_cache = self.template_code
        return env

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        from builder.pages.render import abbreviations_for, set_aside_raw_html

        if page.file.src_uri in self.generated:
            # Generated pages carry their glossary definitions (builder/pages/plan.py). Their long
            # lists and tables are raw HTML: set aside, put back after conversion
            # (on_page_content), so Python-Markdown does not parse them tag by tag.
            markdown, self.raw_html[page.file.src_uri] = set_aside_raw_html(markdown)
            return markdown
        # Glossary terms and acronyms become tooltips on hand-written pages too.
        definitions = abbreviations_for(self.site.names, markdown)
        return markdown + "\n\n" + definitions if definitions else markdown

    def on_page_content(self, html: str, page, config, files) -> str:
        from builder.pages.render import focusable_abbreviations, restore_raw_html

        blocks = self.raw_html.pop(page.file.src_uri, None)
        return focusable_abbreviations(restore_raw_html(html, blocks) if blocks else html)

    def on_post_build(self, *, config) -> None:
        if self.serving:
            # While serving, the page shows at once; the search index catches up in the background.
            self.search.request(Path(config.site_dir))
            return
        from builder.site.search_index import index_site

        log.info("search index: %s", index_site(Path(config.site_dir)))

    def wait_for_search_index(self) -> None:
        """Block until the background search index is written (tests and bench/ call this)."""
        self.search.wait()

    # --- _add_*: generated files handed to MkDocs --------------------------------------------

    def _add_pages(self, files: Files, config) -> None:
        # Record pages are reached from their indexes, never listed in the nav (DESIGN.md, Scale);
        # NOT_IN_NAV says so, which also keeps MkDocs from listing thousands of "pages not in nav".
        at = self.settings.path  # the briefing's folder in the site ('' or 'briefing/')
        pages = {at + path: text for path, text in self.site.pages.items() if files.get_file_from_path(at + path) is None}
        self.generated = set(pages)
        if self.store is None:
            for path, markdown in pages.items():
                files.append(File.generated(config, path, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV))
            return
        changed = self.store.update(pages)
        log.info("briefing: %d of %d generated pages changed", len(changed), len(pages))
        for path in pages:
            files.append(File.generated(config, path, abs_src_path=str(self.store.folder / path),
                                        inclusion=InclusionLevel.NOT_IN_NAV))

    def _add_data_files(self, files: Files, config) -> None:
        for path, content in self.site.data.items():
            files.append(File.generated(config, self.settings.path + path, content=content))


class _SameOnRecordPages:
    """Theme fragments that every record page in one folder shows alike, rendered once per folder.

    Record pages (events, actors, places…) are not in the nav, so no nav item or tab is active on
    them, and a link's relative URL depends only on the page's folder, unless a nav page lies below
    the page's own URL (then the page keeps its own render).
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
