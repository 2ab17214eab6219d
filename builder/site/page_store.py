"""Generated pages kept as files while `briefing serve` runs, so an edit rebuilds only what changed.

MkDocs' dirty rebuild (`mkdocs serve --dirty`, what `briefing serve` uses) skips a page when its
HTML is newer than its source file. Pages handed over as in-memory content always count as
changed, so every edit re-rendered all pages (bench/RESULTS.md has the cost). Here each generated page
is written to a folder of its own and rewritten only when its Markdown differs from what that
file already holds: an unchanged page keeps its old modification time and MkDocs skips it.

The slim navigation (sections and indexes, never one entry per record) is what makes dirty
rebuilds safe for this site: a page's HTML depends on its own Markdown and the nav, and the nav
changes only when a section page does.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


class PageStore:
    """A folder of generated Markdown pages, each rewritten only when its text changes."""

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder else Path(tempfile.mkdtemp(prefix="briefing-pages-"))
        self._written: dict[str, str] = {}  # path → the text its file holds

    def update(self, pages: dict[str, str]) -> list[str]:
        """Write the pages that changed, delete the ones that are gone; returns the changed paths."""
        changed = []
        for path, text in pages.items():
            if self._written.get(path) == text:
                continue
            target = self.folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            self._written[path] = text
            changed.append(path)
        for path in [p for p in self._written if p not in pages]:
            del self._written[path]
            try:
                os.remove(self.folder / path)
            except FileNotFoundError:
                pass
        return changed

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self._written.clear()
