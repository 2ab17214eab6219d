"""The builder's part of a one-event edit in `briefing serve`, by stage, driving Rebuilder directly.

    python -m bench.serve_edit --corpus /tmp/corpus [--edits 3]

CORPUS is a project made by bench/generate.py (its sources/ folder). One process: a first build (the
cold builder time), then EDITS times: one event's summary edited, and a rebuild. CPU seconds per stage
are printed for the first build and each edit, and the median over the edits. Nothing asserts a time.
"""

from __future__ import annotations

import argparse
import importlib
import json
import statistics
import time
from pathlib import Path

STAGES = [  # (module, function or Class.method, stage)
    ("builder.site.incremental", "load_sources", "load"), ("builder.pipeline", "validate", "validate"),
    ("builder.pipeline", "link", "link"), ("builder.pages.plan", "plan_pages", "render"), ("builder.pages.plan", "site_pages", "render"),
    ("builder.pages.plan", "Renderer.render", "render"), ("builder.pages.explore", "map_files", "map"),
    ("builder.data.export", "export_files", "export"), ("builder.data.export", "data_page", "export"),
    ("builder.data.export", "all_event_parts", "export"),
    ("builder.site.incremental", "Fingerprints.of", "fingerprint"),
    ("builder.site.incremental", "Rebuilder.build", "total"),
]


class Timers:
    """CPU seconds spent in each stage's functions (outermost calls only)."""

    def __init__(self):
        self.spent: dict[str, float] = {}
        self.depth: dict[str, int] = {}
        for module, name, stage in STAGES:
            self.wrap(module, name, stage)

    def wrap(self, module: str, name: str, stage: str) -> None:
        owner = importlib.import_module(module)
        if "." in name:
            cls, name = name.split(".")
            owner = getattr(owner, cls)
        if not hasattr(owner, name):
            return
        original = getattr(owner, name)

        def timed(*args, **kwargs):
            self.depth[stage] = self.depth.get(stage, 0) + 1
            start = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                self.depth[stage] -= 1
                if not self.depth[stage]:
                    self.spent[stage] = self.spent.get(stage, 0.0) + time.process_time() - start

        setattr(owner, name, timed)

    def take(self) -> dict[str, float]:
        spent, self.spent = self.spent, {}
        return {stage: round(seconds, 3) for stage, seconds in sorted(spent.items())}


def edit_summary(event_file: Path, n: int) -> None:
    text = event_file.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("summary:"):
            at = i + 1 if line.rstrip().endswith(("|", ">", "|-", ">-")) else i
            lines[at] = lines[at].rstrip("\n") + f" Edited {n}.\n"
            break
    else:
        lines.append(f"notes: edited {n}\n")
    event_file.write_text("".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args()
    timers = Timers()
    from builder.settings import read_settings
    from builder.site.incremental import Rebuilder

    settings = read_settings(args.corpus / "mkdocs.yml")
    rebuilder = Rebuilder()
    rebuilder.build(settings)
    results = {"first build": timers.take(), "edits": []}
    events = sorted((args.corpus / "sources" / "events").iterdir())
    event = events[len(events) // 8]
    for n in range(args.edits):
        edit_summary(event, n)
        rebuilder.build(settings)
        results["edits"].append(timers.take())
    stages = sorted({stage for edit in results["edits"] for stage in edit})
    results["median"] = {s: round(statistics.median(e.get(s, 0.0) for e in results["edits"]), 3) for s in stages}
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
