"""Rebuilds for `briefing serve`: the same output as pipeline.build_site, reusing what an edit
did not change."""

from __future__ import annotations

from builder.load.reader import load_sources
from builder.pipeline import SiteOutput, check_and_link, site_output


class Rebuilder:
    """Builds the site's generated content; a later build reuses the earlier ones' work."""

    def __init__(self):
        self._files: dict = {}  # what each source file gave, by its content (load_sources' reuse)

    def build(self, settings) -> SiteOutput:
        from builder.pages.render import remember_pages

        remember_pages(True)
        loaded = load_sources(settings.sources, settings.project, reuse=self._files)
        self._files = loaded.by_file
        return site_output(check_and_link(loaded, settings.title), settings)
